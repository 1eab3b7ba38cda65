"""Who is signed in, as which roles, kept in the signed session cookie."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import render_template, request, session
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from kiosk.errors import ApiError

F = TypeVar("F", bound=Callable[..., Any])
ROLE_NAMES = {"admin": lazy_gettext("Quản trị"), "reception": lazy_gettext("Đón tiếp"), "chair": lazy_gettext("Chủ trì")}


def current_roles() -> frozenset[str]:
    return frozenset(session.get("roles", ()))


def role_required(role: str) -> Callable[[F], F]:
    """Pages answer with the PIN form, API endpoints with a JSON 401/403."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            roles = current_roles()
            if role in roles:
                return view(*args, **kwargs)
            if request.path.startswith("/api/"):
                if roles:
                    raise ApiError(403, "forbidden", _("Vai trò hiện tại không được phép làm việc này."),
                                   required_role=role)
                raise ApiError(401, "login_required", _("Cần đăng nhập bằng mã PIN."), required_role=role)
            return render_template("login.html", role=role, role_name=ROLE_NAMES[role]), 401

        return wrapped  # type: ignore[return-value]

    return decorate
