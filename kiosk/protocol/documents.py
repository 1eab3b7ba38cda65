"""The introductions as documents for the running script (kịch bản điều hành): a .docx and a PDF. No Flask.

The .docx follows the layout of Nghị định 30/2020/NĐ-CP (Phụ lục I): A4
portrait, margins 20 mm top and bottom, 30 mm left, 15 mm right; Times New
Roman, black, 14 pt body justified; at the top a borderless two-column table,
the issuing body in bold capitals on the left, the national name and motto on
the right with a short line under it, then the place and date in italics; the
document's name centred in bold capitals with its subject under it. The PDF
carries the same words in the badges' Unicode font (embedded), with its title,
subject and author set. Both say when they were made: the list is who had
arrived then.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from kiosk.badges.fonts import FontSet
from kiosk.events.models import Event
from kiosk.protocol.introductions import Introduction

DOCUMENT_NAME = "GIỚI THIỆU ĐẠI BIỂU"
FONT = "Times New Roman"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
NOBODY = "Chưa có đại biểu nào điểm danh."
# Where an issuing body's own name starts: "Ủy ban nhân dân | xã Cẩm Giang".
_LOCALITY = re.compile(r"\s(?=(?:xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tỉnh)\s)", re.IGNORECASE)


def body_lines(organiser: str) -> list[str]:
    """The issuing body in capitals as its header is set: "ỦY BAN NHÂN DÂN", "XÃ CẨM GIANG"."""
    match = list(_LOCALITY.finditer(organiser))
    if not match:
        return [organiser.upper()]
    cut = match[-1].start()
    return [organiser[:cut].upper(), organiser[cut + 1:].upper()]


def place_and_date(event: Event) -> str:
    """"Cẩm Giang, ngày 18 tháng 6 năm 2026" (a month-only date leaves the day for the pen)."""
    parts = re.split(_LOCALITY, event.organiser)
    locality = re.sub(r"^(?:xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tỉnh)\s+", "", parts[-1],
                      flags=re.IGNORECASE) if len(parts) > 1 else event.place
    numbers = [int(n) for n in event.date.split("-")]
    year, month = numbers[0], numbers[1]
    month_text = f"{month:02d}" if month < 3 else str(month)  # NĐ 30: tháng 01, 02 keep their 0
    day = f"{numbers[2]:02d}" if len(numbers) > 2 else "….."
    return f"{locality}, ngày {day} tháng {month_text} năm {year}"


def made_at(event: Event, introduction: Introduction, now: dt.datetime) -> str:
    """The line saying whom the list counts, and when."""
    local = now.astimezone(ZoneInfo(event.timezone))
    people = sum(len(group.read) for group in introduction.groups)
    return f"Theo điểm danh lúc {local:%H:%M} ngày {local:%d/%m/%Y}: {people} đại biểu đã đến."


def lines(introduction: Introduction) -> list[str]:
    """The paragraphs read: the opening, a line per group, the closing (only a note when nobody came)."""
    if not introduction.groups:
        return [NOBODY]
    return [introduction.opening, *(group.text for group in introduction.groups), introduction.closing]


# --- .docx ------------------------------------------------------------------------------------------------


def _font(run_or_style: object, size: float, *, bold: bool = False, italic: bool = False) -> None:
    font = run_or_style.font  # type: ignore[attr-defined]
    font.name, font.size, font.bold, font.italic = FONT, Pt(size), bold, italic
    font.color.rgb = RGBColor(0, 0, 0)
    element = run_or_style.element  # type: ignore[attr-defined]
    properties = element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for key in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):  # Word picks the face by script: name it for all
        fonts.set(qn(key), FONT)


def _line(paragraph: DocxParagraph, text: str, size: float, *, bold: bool = False, italic: bool = False,
          align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER) -> DocxParagraph:
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    _font(paragraph.add_run(text), size, bold=bold, italic=italic)
    return paragraph


def _underline_short(paragraph: DocxParagraph, indent_mm: float) -> None:
    """The short line under the motto: a bottom border between the paragraph's indents."""
    paragraph.paragraph_format.left_indent = Mm(indent_mm)
    paragraph.paragraph_format.right_indent = Mm(indent_mm)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _cell_lines(cell: _Cell, rows: list[tuple[str, float, bool, bool]]) -> list[DocxParagraph]:
    paragraphs = []
    for index, (text, size, bold, italic) in enumerate(rows):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraphs.append(_line(paragraph, text, size, bold=bold, italic=italic))
    return paragraphs


def introductions_docx(event: Event, introduction: Introduction, now: dt.datetime) -> bytes:
    """The introductions for the running script, as a Word document."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    _font(document.styles["Normal"], 14)

    header = document.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    header.autofit = False
    widths = (Mm(65), Mm(100))
    for cell, width in zip(header.rows[0].cells, widths, strict=True):
        cell.width = width
    body = body_lines(event.organiser)
    _cell_lines(header.rows[0].cells[0], [(line, 13, index == len(body) - 1, False) for index, line in enumerate(body)])
    right = _cell_lines(header.rows[0].cells[1], [(NATION, 12.5, True, False), (MOTTO, 14, True, False)])
    _underline_short(right[-1], 16)
    _line(document.add_paragraph(), place_and_date(event), 14, italic=True,
          align=WD_ALIGN_PARAGRAPH.RIGHT).paragraph_format.space_before = Pt(6)

    name = _line(document.add_paragraph(), DOCUMENT_NAME, 14, bold=True)
    name.paragraph_format.space_before = Pt(18)
    _line(document.add_paragraph(), event.title, 14, bold=True).paragraph_format.space_after = Pt(12)

    for text in lines(introduction):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Mm(10)
        paragraph.paragraph_format.space_after = Pt(6)
        paragraph.paragraph_format.line_spacing = 1.15
        _font(paragraph.add_run(text), 14)
    _line(document.add_paragraph(), made_at(event, introduction, now), 12, italic=True,
          align=WD_ALIGN_PARAGRAPH.LEFT).paragraph_format.space_before = Pt(12)

    properties = document.core_properties
    properties.title = f"{DOCUMENT_NAME.capitalize()} — {event.title}"
    properties.subject = event.title
    properties.author = event.organiser
    properties.language = "vi-VN"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- PDF -------------------------------------------------------------------------------------------------


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def introductions_pdf(event: Event, introduction: Introduction, now: dt.datetime) -> bytes:
    """The introductions as a PDF to print, its Vietnamese font embedded."""
    fonts = FontSet.default()
    regular, bold = fonts.pdf_name(bold=False), fonts.pdf_name(bold=True)
    small = ParagraphStyle("small", fontName=regular, fontSize=10, leading=13, alignment=1)
    heading = ParagraphStyle("heading", fontName=bold, fontSize=16, leading=20, alignment=1, spaceBefore=10)
    subject = ParagraphStyle("subject", fontName=bold, fontSize=12, leading=16, alignment=1, spaceAfter=12)
    body = ParagraphStyle("body", fontName=regular, fontSize=14, leading=20, alignment=4, firstLineIndent=10 * mm,
                          spaceAfter=6)
    note = ParagraphStyle("note", fontName=regular, fontSize=10, leading=13, spaceBefore=12)
    story: list[object] = [Paragraph(_escape(" ".join(body_lines(event.organiser))), small),
                           Paragraph(_escape(place_and_date(event)), small),
                           Paragraph(DOCUMENT_NAME, heading), Paragraph(_escape(event.title), subject)]
    story += [Paragraph(_escape(text), body) for text in lines(introduction)]
    story += [Spacer(1, 4 * mm), Paragraph(_escape(made_at(event, introduction, now)), note)]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=25 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                      bottomMargin=20 * mm, title=f"{DOCUMENT_NAME.capitalize()} — {event.title}",
                      subject=event.title, author=event.organiser, creator="kiosk", lang="vi-VN",
                      initialFontName=regular).build(story)  # else each page starts in Helvetica, not embedded
    return out.getvalue()
