"""Fonts: a font without Vietnamese is refused before anything is written."""

import io
from pathlib import Path

import pytest
import reportlab
from reportlab.pdfbase.ttfonts import TTFont

from kiosk.badges import FontError, FontSet, MissingGlyphError, load_layout, render_pdf, render_png

VERA = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"


def test_vera_lacks_vietnamese_letters():
    """The premise: reportlab's bundled Vera has đ but not ơ, ư or the tone-marked vowels."""
    cmap = TTFont("vera-probe", str(VERA)).face.charToGlyph
    assert ord("đ") in cmap
    assert not {ord(char) for char in "ơưạẩ"} & cmap.keys()


def test_missing_glyph_names_char_and_font_and_writes_no_file(tmp_path, badges):
    out = tmp_path / "badges.pdf"
    with pytest.raises(MissingGlyphError) as caught:
        render_pdf(badges, load_layout("a4-90x55"), out, fonts=FontSet.from_files(VERA))
    error = caught.value
    assert ord(error.char) not in TTFont("vera-probe", str(VERA)).face.charToGlyph
    message = str(error)
    assert f"“{error.char}”" in message and f"U+{ord(error.char):04X}" in message
    assert "Vera.ttf" in message and "PCM-001" in message
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_missing_glyph_writes_nothing_to_a_stream(badges):
    out = io.BytesIO()
    with pytest.raises(MissingGlyphError):
        render_pdf(badges, load_layout("card-a6"), out, fonts=FontSet.from_files(VERA))
    assert out.getvalue() == b""


def test_missing_glyph_in_the_bold_face_only_is_caught(badges):
    regular = FontSet.default().regular
    with pytest.raises(MissingGlyphError, match=r"Vera\.ttf"):
        render_png(badges[0], fonts=FontSet.from_files(regular, VERA))


def test_roboto_works_as_well(badges, pdf_text):
    import font_roboto

    folder = Path(font_roboto.font_directory)
    fonts = FontSet.from_files(folder / "Roboto-Regular.ttf", folder / "Roboto-Bold.ttf")
    out = io.BytesIO()
    render_pdf(badges[:1], load_layout("card-90x55"), out, fonts=fonts)
    assert "Nguyễn Thị Hồng Nhung" in pdf_text(out.getvalue())


@pytest.mark.parametrize("path", [Path("/nonexistent/font.ttf"), FontSet.default().regular.with_suffix(".otf")])
def test_unusable_font_file_is_a_clear_error(badges, path):
    with pytest.raises(FontError, match=path.name):
        render_png(badges[0], fonts=FontSet.from_files(path))
