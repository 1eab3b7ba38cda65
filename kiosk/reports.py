"""Reports for the minutes (biên bản) as PDF, CSV or XLSX, from one table of text cells.

Each domain builds a `ReportTable` (kiosk.checkin.report, kiosk.timer.report);
this module only writes it out. The PDF is set in the badges' Unicode font
(reportlab's Helvetica has no ơ, ư, đ, ạ…); the CSV carries a byte-order mark so
that Excel shows the diacritics. No Flask.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from kiosk.badges.fonts import FontSet

FORMATS = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


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


def render(table: ReportTable, fmt: str) -> bytes:
    return {"pdf": _pdf, "csv": _csv, "xlsx": _xlsx}[fmt](table)


def _csv(table: ReportTable) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.columns)
    writer.writerows(table.rows)
    if table.totals:
        writer.writerow(table.totals)
    if table.summary:
        writer.writerow([])
        writer.writerows(table.summary)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx(table: ReportTable) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = table.sheet_name
    for line in (table.title, *table.heading):
        sheet.append([line])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    for label, value in table.summary:
        sheet.append([label, value])
    if table.summary:
        sheet.append([])
    sheet.append(list(table.columns))
    header_row = sheet.max_row
    for index, row in enumerate(table.rows):
        sheet.append(row)
        if index in table.section_rows:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
    if table.totals:
        sheet.append(table.totals)
        for cell in sheet[sheet.max_row]:
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
        summary.setStyle(TableStyle([("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
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
                      bottomMargin=12 * mm, title=table.title, author=table.heading[1] if len(table.heading) > 1
                      else "", creator="kiosk").build(story)
    return out.getvalue()
