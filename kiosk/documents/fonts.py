"""The PDF face of an administrative document: a serif with every Vietnamese glyph, embedded.

Times New Roman is Microsoft's and cannot be shipped; the .docx names it (Word
has it, LibreOffice sets a metric twin). The PDF must carry its font, so it
uses Source Serif Pro from its PyPI package (font-source-serif-pro): its
regular and bold faces hold every Vietnamese letter, tone marks included. Its
italic faces do not (no ơ, ư, ạ…), so italic text is set in the regular face
slanted (kiosk.documents.pdf). Without the package, the badges' Source Sans Pro
(kiosk.badges.fonts) is used: every glyph still there, only not a serif.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from kiosk.badges.fonts import FontSet

VIETNAMESE = "ăâđêôơưĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵĐỨỢỆ"


@cache
def document_fonts() -> FontSet:
    """Source Serif Pro (regular, bold) when installed and whole for Vietnamese, else the badges' font."""
    try:
        import font_source_serif_pro
    except ImportError:
        return FontSet.default()
    folder = Path(font_source_serif_pro.font_directory)
    serif = FontSet(folder / "SourceSerifPro-Regular.ttf", folder / "SourceSerifPro-Bold.ttf")
    if serif.regular.is_file() and serif.bold.is_file() and all(
            serif.has_glyphs(VIETNAMESE + VIETNAMESE.upper(), bold) for bold in (False, True)):
        return serif
    return FontSet.default()
