"""An administrative document (kiosk.documents.model) as a Word file, with python-docx. No Flask.

Every run names Times New Roman for each of Word's four scripts (ASCII, high
ANSI, East Asian, complex), and so do the document's defaults and the Normal
style, with the theme's fonts taken out: Word then never sets a Vietnamese
letter in another face (it picks the face by script, and ơ, ư, đ are not ASCII).
The page size and margins are set explicitly, not left to the template.
Lines under the issuing body, the motto and the subject are paragraph borders
between indents, as long as the text they mark (Times's widths, estimated from
the PDF's standard Times metrics on the letters without their marks).
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from copy import deepcopy

import docx
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from reportlab.pdfbase.pdfmetrics import stringWidth

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

FONT = "Times New Roman"
LANGUAGE = "vi-VN"
BLACK = RGBColor(0, 0, 0)
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
         "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
CELL_MARGINS_MM = 3.8  # Word's default cell margins, left and right together
SIGNING_ROOM_LINES = 4
DOTS = "…………………………"

Container = WordDocument | _Cell


def render_docx(document: Document) -> bytes:
    """The document as the bytes of a .docx file."""
    word = docx.Document()
    _defaults(word, document.body_size)
    _page(word, document)
    if document.draft:
        mark = _line(word.add_paragraph(), document.draft, document.body_size, bold=True, align="right")
        mark.paragraph_format.space_after = Pt(6)
    if document.header is not None:
        _header(word, document.header, document.text_width_mm)
    _title(word, document)
    for block in document.blocks:
        if isinstance(block, Para):
            _paragraph(word.add_paragraph(), block, document.body_size)
        elif isinstance(block, DottedLines):
            _dotted(word, block, document.body_size, document.text_width_mm)
        else:
            _grid(word, block, document.text_width_mm)
    if document.signatures:
        # Never the signatures alone on a page: the body's last paragraph keeps with them, their row whole.
        word.paragraphs[-1].paragraph_format.keep_with_next = True
        _signatures(word, document.signatures, document.body_size, document.text_width_mm)
    _properties(word, document)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


# --- fonts ---------------------------------------------------------------------------------------------


def name_fonts(properties: BaseOxmlElement) -> None:
    """Times New Roman for every script in a ``w:rPr``, the theme's fonts taken out."""
    fonts = properties.get_or_add_rFonts()
    for key in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(key), None)
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(key), FONT)


def _language(properties: BaseOxmlElement) -> None:
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    for key in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(key), LANGUAGE)


def _defaults(word: WordDocument, size: float) -> None:
    defaults = word.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        run_defaults = defaults.find(qn("w:rPrDefault"))
        if run_defaults is not None and run_defaults.find(qn("w:rPr")) is not None:
            name_fonts(run_defaults.find(qn("w:rPr")))
    normal = word.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(size)
    normal.font.color.rgb = BLACK
    properties = normal.element.get_or_add_rPr()
    name_fonts(properties)
    _language(properties)


# The properties of a run and of a paragraph, set once through python-docx for each kind (see _run and _format),
# then copied: setting them one by one makes python-docx look for each element's place among its siblings, and
# that was most of the time a report's .docx took (a table of 120 delegates has a thousand runs).
_RUN_PROPERTIES: dict[tuple[float, bool, bool], BaseOxmlElement] = {}
_PARAGRAPH_PROPERTIES: dict[tuple[Align, bool, float, float, float], BaseOxmlElement] = {}


def _run(paragraph: Paragraph, text: str, size: float, *, bold: bool = False, italic: bool = False) -> None:
    run = paragraph.add_run(printable(text))
    key = (size, bold, italic)
    made = _RUN_PROPERTIES.get(key)
    if made is not None:
        run.element.insert(0, deepcopy(made))  # a new run has no properties: they come first, as python-docx puts them
        return
    run.font.name, run.font.size, run.font.bold, run.font.italic = FONT, Pt(size), bold, italic
    run.font.color.rgb = BLACK
    name_fonts(run.element.get_or_add_rPr())
    _RUN_PROPERTIES[key] = deepcopy(run.element.get_or_add_rPr())


def _mark_size(paragraph: Paragraph, size: float) -> None:
    """The paragraph mark's font and size (what an empty paragraph is as high as)."""
    properties = paragraph._p.get_or_add_pPr()
    mark = properties.find(qn("w:rPr"))
    if mark is None:
        mark = OxmlElement("w:rPr")
        properties.append(mark)
    name_fonts(mark)
    for tag in ("w:sz", "w:szCs"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), str(round(size * 2)))
        mark.append(element)


def estimated_width_mm(text: str, size: float, *, bold: bool) -> float:
    """How wide ``text`` is in Times at ``size`` points: the standard Times metrics, marks left off the letters."""
    bare = "".join(ch for ch in unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
                   if unicodedata.category(ch) != "Mn")
    bare = bare.encode("latin-1", "replace").decode("latin-1")
    return float(stringWidth(bare, "Times-Bold" if bold else "Times-Roman", size)) * 25.4 / 72


# --- paragraphs ----------------------------------------------------------------------------------------


def _format(paragraph: Paragraph, *, align: Align = "left", indent: bool = False, space_before: float = 0.0,
            space_after: float = 0.0, spacing: float = 1.0) -> None:
    key = (align, indent, space_before, space_after, spacing)
    fresh = paragraph._p.pPr is None and len(paragraph._p) == 0  # nothing set yet, nothing for it to go before
    made = _PARAGRAPH_PROPERTIES.get(key) if fresh else None
    if made is not None:
        paragraph._p.insert(0, deepcopy(made))
        return
    form = paragraph.paragraph_format
    paragraph.alignment = ALIGN[align]
    form.first_line_indent = Mm(FIRST_LINE_INDENT_MM) if indent else None
    form.space_before, form.space_after = Pt(space_before), Pt(space_after)
    form.line_spacing = spacing
    if fresh:
        _PARAGRAPH_PROPERTIES[key] = deepcopy(paragraph._p.get_or_add_pPr())


def _line(paragraph: Paragraph, text: str, size: float, *, bold: bool = False, italic: bool = False,
          align: Align = "center", space_before: float = 0.0) -> Paragraph:
    _format(paragraph, align=align, space_before=space_before)
    _run(paragraph, text, size, bold=bold, italic=italic)
    return paragraph


def _paragraph(paragraph: Paragraph, block: Para, body_size: float) -> None:
    _format(paragraph, align=block.align, indent=block.indent, space_before=block.space_before,
            space_after=PARAGRAPH_SPACING, spacing=LINE_SPACING)
    paragraph.paragraph_format.keep_with_next = block.keep_with_next
    for span in block.spans:
        _run(paragraph, span.text, block.size or body_size, bold=span.bold, italic=span.italic)


def _new(container: Container, first: list[bool]) -> Paragraph:
    """A cell's first paragraph (a new cell has one, empty), then new ones."""
    if isinstance(container, _Cell) and first[0]:
        first[0] = False
        paragraph: Paragraph = container.paragraphs[0]
        return paragraph
    added: Paragraph = container.add_paragraph()
    return added


def _rule(paragraph: Paragraph, length_mm: float, room_mm: float) -> None:
    """A short solid line, centred in ``room_mm``: the bottom border of an empty paragraph between indents."""
    side = max(0.0, (room_mm - length_mm) / 2)
    _format(paragraph, align="center", space_before=2)
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = Mm(side)
    paragraph.paragraph_format.line_spacing = Pt(2)
    _mark_size(paragraph, 2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _dotted(word: WordDocument, block: DottedLines, size: float, width_mm: float) -> None:
    """Lines of dots to the right margin: a right tab stop with a dot leader."""
    for index in range(block.count):
        paragraph = word.add_paragraph()
        _format(paragraph, align="left", indent=block.indent and index == 0, space_after=PARAGRAPH_SPACING,
                spacing=LINE_SPACING)
        paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(width_mm), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        _run(paragraph, (block.lead if index == 0 else "") + "\t", size)


# --- the header and the title -------------------------------------------------------------------------


def _borderless(table: Table) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def _widths(table: Table, widths_mm: tuple[float, ...]) -> None:
    """Column widths for Word (each cell) and LibreOffice (the grid)."""
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths_mm, strict=True):
        column.w = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)


def _header(word: WordDocument, header: Header, text_width_mm: float) -> None:
    widths = scaled_widths(HEADER_WIDTHS_MM, text_width_mm) if text_width_mm > sum(HEADER_WIDTHS_MM) \
        else HEADER_WIDTHS_MM
    table = word.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borderless(table)
    _widths(table, widths)
    left, right = table.cell(0, 0), table.cell(0, 1)
    first = [True]
    for line in header.parent:
        _line(_new(left, first), line, HEADER_SIZE)
    for line in header.body:
        _line(_new(left, first), line, HEADER_SIZE, bold=True)
    widest = max((estimated_width_mm(line, HEADER_SIZE, bold=True) for line in header.body), default=0.0)
    _rule(_new(left, first), widest * 0.4, widths[0] - CELL_MARGINS_MM)
    first = [True]
    _line(_new(right, first), NATION, NATION_SIZE, bold=True)
    _line(_new(right, first), MOTTO, MOTTO_SIZE, bold=True)
    _rule(_new(right, first), estimated_width_mm(MOTTO, MOTTO_SIZE, bold=True), widths[1] - CELL_MARGINS_MM)
    if header.number:
        _line(table.cell(1, 0).paragraphs[0], header.number, HEADER_SIZE, space_before=6)
    if header.place_date:
        _line(table.cell(1, 1).paragraphs[0], header.place_date, HEADER_SIZE + 1, italic=True, space_before=6)


def _title(word: WordDocument, document: Document) -> None:
    size = document.body_size
    _line(word.add_paragraph(), document.name, size, bold=True, space_before=18 if document.header else 0)
    if document.subject:
        _line(word.add_paragraph(), document.subject, size, bold=True)
        width = min(estimated_width_mm(document.subject, size, bold=True), document.text_width_mm)
        _rule(word.add_paragraph(), width / 3, document.text_width_mm)
    for line in document.lead:
        _line(word.add_paragraph(), line, size - 1)
    word.add_paragraph().paragraph_format.space_after = Pt(0)


# --- tables --------------------------------------------------------------------------------------------


def _cell_margins(table: Table, *, top_mm: float, bottom_mm: float) -> None:
    """Room above and below each cell's text (Word's default is none)."""
    margins = OxmlElement("w:tblCellMar")
    for edge, millimetres in (("top", top_mm), ("bottom", bottom_mm)):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(round(millimetres * 1440 / 25.4)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)


def _repeat_header(table: Table) -> None:
    properties = table.rows[0]._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def _shade(cell: _Cell) -> None:
    shading = OxmlElement("w:shd")
    for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", "E8ECF1")):
        shading.set(qn(key), value)
    cell._tc.get_or_add_tcPr().append(shading)


def _cell(cell: _Cell, text: str, size: float, *, bold: bool = False, align: Align = "left") -> None:
    paragraph = cell.paragraphs[0]
    _format(paragraph, align=align)
    _run(paragraph, text, size, bold=bold)


def _grid(word: WordDocument, grid: Grid, text_width_mm: float) -> None:
    rows = [*grid.rows, *([grid.totals] if grid.totals else [])]
    headed = bool(grid.columns)
    table = word.add_table(rows=len(rows) + headed, cols=len(grid.widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if grid.borders:
        table.style = word.styles["Table Grid"]
        _cell_margins(table, top_mm=0.8, bottom_mm=0.8)
    else:
        _borderless(table)
    _widths(table, scaled_widths(grid.widths_mm, text_width_mm))
    if headed:
        for cell, text in zip(table.rows[0].cells, grid.columns, strict=True):
            _cell(cell, text, grid.size, bold=True, align="center")
            if grid.borders:
                _shade(cell)
        _repeat_header(table)
    for index, values in enumerate(rows):
        cells = table.rows[index + headed].cells
        total = grid.totals is not None and index == len(grid.rows)
        if index in grid.section_rows:
            merged = cells[0].merge(cells[-1])
            _cell(merged, values[0], grid.size, bold=True)
            continue
        for column, (cell, text) in enumerate(zip(cells, values, strict=True)):
            _cell(cell, text, grid.size, bold=total, align=grid.alignment(column))
    word.add_paragraph().paragraph_format.space_after = Pt(0)


def _signatures(word: WordDocument, signatures: tuple[Signature, ...], size: float, text_width_mm: float) -> None:
    table = word.add_table(rows=1, cols=len(signatures))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borderless(table)
    _widths(table, scaled_widths(tuple(1.0 for _ in signatures), text_width_mm))
    row = table.rows[0]._tr.get_or_add_trPr()
    row.append(OxmlElement("w:cantSplit"))
    for cell, signature in zip(table.rows[0].cells, signatures, strict=True):
        first = [True]
        for line in signature.role:
            _line(_new(cell, first), line, size, bold=True, space_before=6 if line == signature.role[0] else 0)
        for _ in range(SIGNING_ROOM_LINES):
            _line(_new(cell, first), "", size)
        _line(_new(cell, first), signature.name or DOTS, size, bold=bool(signature.name))


# --- the page and the file -----------------------------------------------------------------------------


def _page(word: WordDocument, document: Document) -> None:
    section = word.sections[0]
    width, height = document.page_mm
    section.orientation = WD_ORIENT.LANDSCAPE if document.landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    # Pages are numbered from the second, at the top in the middle.
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    _format(paragraph, align="center")
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        run = paragraph.add_run()
        run.font.name, run.font.size = FONT, Pt(document.body_size)
        name_fonts(run.element.get_or_add_rPr())
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
        else:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)


def _properties(word: WordDocument, document: Document) -> None:
    properties = word.core_properties
    properties.title = printable(document.file_title)
    properties.subject = printable(document.file_subject)
    properties.author = properties.last_modified_by = printable(document.author)
    properties.language = LANGUAGE
    properties.comments = "kiosk"
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    properties.created = properties.modified = now
    properties.revision = 1
