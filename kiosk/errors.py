"""The API's error answer, raised by any view and rendered by kiosk.web."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An answer other than success: an HTTP status, a stable code, a message for people."""

    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra
