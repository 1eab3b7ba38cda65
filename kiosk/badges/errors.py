"""Errors raised while preparing badges; all are ValueErrors with a Vietnamese message.

Every one is raised before any output is written, so a caller can catch
BadgeError, show its message and know that nothing was produced.
"""

from __future__ import annotations

from pathlib import Path


class BadgeError(ValueError):
    """Bad badge data, layout or font: nothing was written."""


class LayoutError(BadgeError):
    """A layout file is unreadable or has a missing or invalid field."""

    def __init__(self, source: str, field: str | None, problem: str) -> None:
        self.source = source
        self.field = field
        where = f"trường “{field}” " if field else ""
        super().__init__(f"Bố cục thẻ {source}: {where}{problem}")


class FontError(BadgeError):
    """A configured font file cannot be used (missing, not TrueType, not embeddable)."""


class MissingGlyphError(BadgeError):
    """The font has no glyph for a character some badge needs."""

    def __init__(self, char: str, font_path: Path, badge: str) -> None:
        self.char = char
        self.font_path = font_path
        self.badge = badge
        super().__init__(
            f"Phông chữ {font_path.name} ({font_path}) không có ký tự “{char}” "
            f"(U+{ord(char):04X}) cần cho {badge}. Hãy chọn phông chữ có đủ tiếng Việt."
        )


class BadgeFitError(BadgeError):
    """Some text does not fit on the badge even at its smallest allowed size."""
