"""The badge fonts: one TrueType file per weight, shared by the PDF and PNG renderers.

Reportlab's built-in Helvetica has none of ơ, ư, đ, ạ…, so badges use a TTF
with full Vietnamese coverage — Source Sans Pro by default, Roboto if that
package is missing, or files the organiser configures. Fonts are parsed and
registered with reportlab once per process; reportlab embeds a subset of each in
every PDF.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.badges.errors import FontError, MissingGlyphError
from kiosk.errors import N_, Words

if TYPE_CHECKING:
    from PIL import ImageFont
    from reportlab.pdfbase.ttfonts import TTFont

# Pillow and reportlab are imported where a font is first loaded (below), not here: kiosk.badges is imported by
# every start of the server and each command (kiosk.badges.token checks scans), most of which draw no badge.


@dataclass(frozen=True)
class FontSet:
    """The regular and bold faces badges are set in."""

    regular: Path
    bold: Path

    @classmethod
    def default(cls) -> FontSet:
        """Source Sans Pro (Regular + Bold), else Roboto."""
        try:
            import font_source_sans_pro

            folder = Path(font_source_sans_pro.font_directory)
            return cls(folder / "SourceSansPro-Regular.ttf", folder / "SourceSansPro-Bold.ttf")
        except ImportError:
            import font_roboto

            folder = Path(font_roboto.font_directory)
            return cls(folder / "Roboto-Regular.ttf", folder / "Roboto-Bold.ttf")

    @classmethod
    def from_files(cls, regular: Path, bold: Path | None = None) -> FontSet:
        """Configured fonts; without a bold file, bold text uses the regular one."""
        return cls(regular, bold or regular)

    def path(self, bold: bool) -> Path:
        return self.bold if bold else self.regular

    def pdf_name(self, bold: bool) -> str:
        """The reportlab font name, registering the file on first use."""
        return _registered(self.path(bold)).fontName

    def width(self, text: str, bold: bool, size: float) -> float:
        """Advance width of ``text`` in points at ``size`` points."""
        return _registered(self.path(bold)).stringWidth(text, size)

    def check_glyphs(self, text: str, bold: bool, badge: Words) -> None:
        """Raise MissingGlyphError for the first character of ``text`` the font lacks."""
        font = _registered(self.path(bold))
        for char in text:
            if ord(char) not in font.face.charToGlyph:
                raise MissingGlyphError(char, self.path(bold), badge)

    def has_glyphs(self, text: str, bold: bool) -> bool:
        chart = _registered(self.path(bold)).face.charToGlyph
        return all(ord(char) in chart for char in text)

    def pil_font(self, bold: bool, size_px: float) -> ImageFont.FreeTypeFont:
        self.pdf_name(bold)  # same validation (exists, TrueType) as for the PDF
        return _pil_font(self.path(bold), size_px)


@cache
def _registered(path: Path) -> TTFont:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    if not path.is_file():
        raise FontError(N_("Không tìm thấy tệp phông chữ %(path)s."), path=str(path))
    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:8]
    try:
        font = TTFont(f"Kiosk-{path.stem}-{digest}", str(path))
    except TTFError as error:
        raise FontError(N_("Không dùng được phông chữ %(path)s: %(error)s. Cần tệp TrueType (.ttf) cho phép nhúng."),
                        path=str(path), error=str(error)) from error
    pdfmetrics.registerFont(font)
    return font


@lru_cache(maxsize=256)
def _pil_font(path: Path, size_px: float) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    return ImageFont.truetype(str(path), size_px)
