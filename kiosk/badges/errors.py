"""Errors raised while preparing badges: refusals (kiosk.errors.Refusal) with translatable messages.

Every one is raised before any output is written, so a caller can catch
BadgeError, show its message and know that nothing was produced.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.errors import N_, Refusal, Translate, Words


class BadgeError(Refusal):
    """Bad badge data, layout or font: nothing was written."""

    status = 422

    def __init__(self, message: str, /, *, code: str = "badge_error", **params: Any) -> None:
        super().__init__(code, message, **params)


class LayoutError(BadgeError):
    """A layout file is unreadable or has a missing or invalid field."""

    status = 500

    def __init__(self, source: str, field: str | None, problem: str, /, **params: Any) -> None:
        super().__init__(problem, code="bad_layout", **params)
        self.source, self.field = source, field

    def render(self, translate: Translate = str) -> str:
        where = {"source": self.source, "field": self.field, "problem": super().render(translate)}
        if self.field:
            return translate(N_("Bố cục thẻ %(source)s: trường “%(field)s” %(problem)s")) % where
        return translate(N_("Bố cục thẻ %(source)s: %(problem)s")) % where


class FontError(BadgeError):
    """A configured font file cannot be used (missing, not TrueType, not embeddable)."""

    status = 500


class MissingGlyphError(BadgeError):
    """The font has no glyph for a character some badge needs."""

    def __init__(self, char: str, font_path: Path, badge: Words) -> None:
        super().__init__(N_("Phông chữ %(font)s (%(path)s) không có ký tự “%(char)s” (U+%(codepoint)04X) cần cho "
                            "%(badge)s. Hãy chọn phông chữ có đủ tiếng Việt."),
                         code="missing_glyph", font=font_path.name, path=str(font_path), char=char,
                         codepoint=ord(char), badge=badge)
        self.char, self.font_path, self.badge = char, font_path, badge


class BadgeFitError(BadgeError):
    """Some text does not fit on the badge even at its smallest allowed size."""
