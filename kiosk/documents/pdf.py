"""An administrative document (kiosk.documents.model) as a PDF, with reportlab. No Flask.

Set in kiosk.documents.fonts' serif (embedded; no text in Helvetica, not even
the page's initial font), with the file's title, subject and author. The same
layout as the Word file: the page, margins, sizes and the header's table come
from kiosk.documents.model. Italic paragraphs are the regular face slanted
(the serif's italic lacks Vietnamese letters); their text stays text.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus import Paragraph as PdfParagraph

from kiosk.badges.fonts import FontSet
from kiosk.documents.fonts import document_fonts
from kiosk.documents.model import (
    FIRST_LINE_INDENT_MM,
    HEADER_SIZE,
    HEADER_WIDTHS_MM,
    LINE_SPACING,
    MARGINS_MM,
    MOTTO,
    MOTTO_SIZE,
    NATION,
    NATION_SIZE,
    PARAGRAPH_SPACING,
    Align,
    Document,
    DottedLines,
    Grid,
    Header,
    Para,
    Signature,
    printable,
    scaled_widths,
)

ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}
SLANT = 0.2  # tan 11°: how far an italic line leans
SIGNING_ROOM_MM = 25.0
DOTS = "…………………………"


def escape(text: str) -> str:
    """Paragraph text is a small XML dialect: "HĐND&UBND" must keep its ampersand; no control characters."""
    return printable(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Slanted(Flowable):
    """A paragraph drawn leaning right, as italics, in an upright face."""

    def __init__(self, inner: PdfParagraph) -> None:
        super().__init__()
        self.inner = inner

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = self.inner.wrap(available_width, available_height)
        return self.width, self.height

    def getSpaceBefore(self) -> float:  # noqa: N802 (reportlab's name)
        return float(self.inner.getSpaceBefore())

    def getSpaceAfter(self) -> float:  # noqa: N802
        return float(self.inner.getSpaceAfter())

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.transform(1, 0, SLANT, 1, -SLANT * self.height / 2, 0)
        self.inner.drawOn(canvas, 0, 0)
        canvas.restoreState()


class Rule(Flowable):
    """A short solid line, centred: under the issuing body, the motto, the subject."""

    def __init__(self, length: float, space_before: float = 4.0, space_after: float = 3.0) -> None:
        super().__init__()
        self.length, self.space_before, self.space_after = length, space_before, space_after

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.available = available_width
        return available_width, self.space_before + self.space_after

    def draw(self) -> None:
        start = (self.available - self.length) / 2
        self.canv.setLineWidth(0.6)
        self.canv.line(start, self.space_after, start + self.length, self.space_after)


class Dots(Flowable):
    """Lines of dots to the right margin to write on, the first after its lead text."""

    def __init__(self, block: DottedLines, font: str, size: float) -> None:
        super().__init__()
        self.block, self.font, self.size = block, font, size
        self.leading = size * LINE_SPACING * 1.2

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = self.block.count * self.leading + PARAGRAPH_SPACING
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFont(self.font, self.size)
        for index in range(self.block.count):
            baseline = self.height - (index + 1) * self.leading + self.size * 0.25
            start = FIRST_LINE_INDENT_MM * mm if self.block.indent and index == 0 else 0.0
            if index == 0 and self.block.lead:
                lead = printable(self.block.lead)
                canvas.drawString(start, baseline, lead)
                start += canvas.stringWidth(lead, self.font, self.size) + 2
            canvas.saveState()
            canvas.setLineWidth(0.9)
            canvas.setLineCap(1)
            canvas.setDash([0.01, 3.2])
            canvas.line(start + 1, baseline + 0.5, self.width, baseline + 0.5)
            canvas.restoreState()


class _Styles:
    def __init__(self, fonts: FontSet, body: float) -> None:
        self.fonts = fonts
        self.regular, self.bold = fonts.pdf_name(bold=False), fonts.pdf_name(bold=True)
        self.body = body

    def style(self, size: float, *, bold: bool = False, align: Align = "center", indent: bool = False,
              space_before: float = 0.0, space_after: float = 0.0, leading: float = 1.2,
              keep_with_next: bool = False) -> ParagraphStyle:
        return ParagraphStyle(
            f"s{size}{bold}{align}{indent}{space_before}{space_after}{leading}{keep_with_next}",
            fontName=self.bold if bold else self.regular, fontSize=size, leading=size * leading,
            alignment=ALIGN[align], firstLineIndent=FIRST_LINE_INDENT_MM * mm if indent else 0,
            spaceBefore=space_before, spaceAfter=space_after, textColor=colors.black,
            keepWithNext=int(keep_with_next),
        )

    def markup(self, text: str, bold: bool) -> str:
        return f'<font face="{self.bold}">{escape(text)}</font>' if bold else escape(text)

    def line(self, text: str, size: float, *, bold: bool = False, italic: bool = False, align: Align = "center",
             space_before: float = 0.0) -> Flowable:
        paragraph = PdfParagraph(escape(text), self.style(size, bold=bold, align=align, space_before=space_before))
        return Slanted(paragraph) if italic else paragraph

    def paragraph(self, block: Para) -> Flowable:
        style = self.style(block.size or self.body, align=block.align, indent=block.indent,
                           space_before=block.space_before, space_after=PARAGRAPH_SPACING,
                           leading=LINE_SPACING * 1.2, keep_with_next=block.keep_with_next)
        paragraph = PdfParagraph("".join(self.markup(span.text, span.bold) for span in block.spans), style)
        return Slanted(paragraph) if block.spans and all(span.italic for span in block.spans) else paragraph


def render_pdf(document: Document) -> bytes:
    """The document as the bytes of a PDF, its fonts embedded."""
    styles = _Styles(document_fonts(), document.body_size)
    story: list[Flowable] = []
    if document.draft:
        story += [styles.line(document.draft, document.body_size, bold=True, align="right"), Spacer(1, 6)]
    if document.header is not None:
        story.append(_header(styles, document.header, document.text_width_mm))
    story += _title(styles, document)
    for block in document.blocks:
        if isinstance(block, Para):
            story.append(styles.paragraph(block))
        elif isinstance(block, DottedLines):
            story.append(Dots(block, styles.regular, document.body_size))
        else:
            story += [_grid(styles, block, document.text_width_mm), Spacer(1, PARAGRAPH_SPACING)]
    if document.signatures:
        # Never the signatures alone on a page: they go over with the body's last block.
        last = [story.pop()] if document.blocks and not isinstance(document.blocks[-1], Grid) else []
        story.append(KeepTogether([*last, _signatures(styles, document.signatures, document.text_width_mm)]))
    width, height = document.page_mm
    out = io.BytesIO()

    def number_page(canvas: Canvas, template: Any) -> None:
        """From the second page, its number at the top in the middle."""
        canvas.saveState()
        canvas.setFont(styles.regular, document.body_size - 1)
        canvas.drawCentredString(width * mm / 2, (height - 12) * mm, str(template.page))
        canvas.restoreState()

    SimpleDocTemplate(
        out, pagesize=(width * mm, height * mm), leftMargin=MARGINS_MM["left"] * mm,
        rightMargin=MARGINS_MM["right"] * mm, topMargin=MARGINS_MM["top"] * mm,
        bottomMargin=MARGINS_MM["bottom"] * mm, title=printable(document.file_title),
        subject=printable(document.file_subject), author=printable(document.author), creator="kiosk", lang="vi-VN",
        initialFontName=styles.regular,  # else each page starts in Helvetica, which is not embedded
    ).build(story, onLaterPages=number_page)
    return out.getvalue()


def _header(styles: _Styles, header: Header, text_width_mm: float) -> Table:
    widths = scaled_widths(HEADER_WIDTHS_MM, text_width_mm) if text_width_mm > sum(HEADER_WIDTHS_MM) \
        else HEADER_WIDTHS_MM
    fonts = styles.fonts
    left: list[Flowable] = [styles.line(line, HEADER_SIZE) for line in header.parent]
    left += [styles.line(line, HEADER_SIZE, bold=True) for line in header.body]
    widest = max((fonts.width(line, True, HEADER_SIZE) for line in header.body), default=0.0)
    left.append(Rule(widest * 0.4))
    right: list[Flowable] = [styles.line(NATION, NATION_SIZE, bold=True), styles.line(MOTTO, MOTTO_SIZE, bold=True),
                             Rule(fonts.width(MOTTO, True, MOTTO_SIZE))]
    number = [styles.line(header.number, HEADER_SIZE, space_before=4)] if header.number else []
    place = [styles.line(header.place_date, HEADER_SIZE + 1, italic=True, space_before=4)] \
        if header.place_date else []
    table = Table([[left, right], [number, place]], colWidths=[width * mm for width in widths])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("FONTNAME", (0, 0), (-1, -1), styles.regular),  # a table sets it, text or not
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _title(styles: _Styles, document: Document) -> list[Flowable]:
    size = document.body_size
    story: list[Flowable] = [styles.line(document.name, size, bold=True, space_before=18 if document.header else 0)]
    if document.subject:
        story.append(styles.line(document.subject, size, bold=True))
        width = min(styles.fonts.width(document.subject, True, size), document.text_width_mm * mm)
        story.append(Rule(width / 3))
    story += [styles.line(line, size - 1) for line in document.lead]
    story.append(Spacer(1, 8))
    return story


def _grid(styles: _Styles, grid: Grid, text_width_mm: float) -> Table:
    size = grid.size

    def cell(text: str, column: int, bold: bool = False, align: Align | None = None) -> PdfParagraph:
        style = styles.style(size, bold=bold, align=align or grid.alignment(column), leading=1.15)
        return PdfParagraph(escape(text), style)

    data: list[list[Any]] = []
    if grid.columns:
        data.append([cell(text, column, True, "center") for column, text in enumerate(grid.columns)])
    for index, row in enumerate(grid.rows):
        if index in grid.section_rows:
            data.append([cell(row[0], 0, True, "left"), *([""] * (len(grid.widths_mm) - 1))])
        else:
            data.append([cell(text, column) for column, text in enumerate(row)])
    if grid.totals:
        data.append([cell(text, column, True) for column, text in enumerate(grid.totals)])
    table = Table(data, colWidths=[width * mm for width in scaled_widths(grid.widths_mm, text_width_mm)],
                  repeatRows=1 if grid.columns else 0)
    style: list[tuple[Any, ...]] = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), styles.regular)]
    if grid.borders:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
        if grid.columns:
            style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8ecf1")))
    else:
        style += [("LEFTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]
    offset = 1 if grid.columns else 0
    for index in grid.section_rows:
        style.append(("SPAN", (0, index + offset), (-1, index + offset)))
    table.setStyle(TableStyle(style))
    return table


def _signatures(styles: _Styles, signatures: tuple[Signature, ...], text_width_mm: float) -> Table:
    size = styles.body
    cells = []
    for signature in signatures:
        block: list[Flowable] = [styles.line(line, size, bold=True) for line in signature.role]
        block += [Spacer(1, SIGNING_ROOM_MM * mm), styles.line(signature.name or DOTS, size, bold=bool(signature.name))]
        cells.append(block)
    width = text_width_mm / len(signatures)
    table = Table([cells], colWidths=[width * mm] * len(signatures))
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 12),
                               ("FONTNAME", (0, 0), (-1, -1), styles.regular)]))
    return table
