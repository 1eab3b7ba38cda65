"""Files that an attacker, or a careless clerk, uploads; made in the test, in memory.

Word and Excel files are zips of XML parts: each maker saves a genuine file
with python-docx or openpyxl, then replaces or pads one part.
"""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
from docx import Document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    """The same package with the named parts' bytes replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
    return out.getvalue()


def blank_docx() -> bytes:
    out = io.BytesIO()
    Document().save(out)
    return out.getvalue()


def docx_with_body(body: str) -> bytes:
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>')
    return rezip(blank_docx(), {"word/document.xml": xml.encode()})


def docx_of_empty_paragraphs(count: int) -> bytes:
    """A few kilobytes that python-docx turns into ``count`` paragraph objects."""
    return docx_with_body("<w:p/>" * count)


def docx_with_broken_xml() -> bytes:
    """Saved by a crashed editor: document.xml stops in the middle of a run, on its third line."""
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}"><w:body>\n'
           "<w:p><w:r><w:t>KẾ HOẠCH</w:t></w:r></w:p>\n<w:p><w:r><w:t>Tổ chức Hội nghị")
    return rezip(blank_docx(), {"word/document.xml": xml.encode()})


def padded_part(data: bytes, part: str, megabytes: int) -> bytes:
    """A zip bomb: ``part`` followed by ``megabytes`` of blanks (whitespace after the root is legal XML) that
    deflate to almost nothing, written in pieces so that the test itself never holds them."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename != part:
                target.writestr(info.filename, content)
                continue
            with target.open(part, "w", force_zip64=True) as stream:
                stream.write(content)
                chunk = b" " * (1 << 20)
                for _ in range(megabytes):
                    stream.write(chunk)
    return out.getvalue()


def xlsx(rows: list[list[str]], dimension: str | None = None, last_row: int | None = None) -> bytes:
    """A workbook of one sheet. ``dimension`` replaces the size the sheet claims to have (e.g. "A1:ALL60000"),
    and ``last_row`` adds an empty row that far down (as a sheet formatted to its end has)."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        sheet = package.read("xl/worksheets/sheet1.xml").decode()
    if dimension is not None:
        sheet, found = re.subn(r'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"', sheet)
        assert found == 1
    if last_row is not None:
        sheet = sheet.replace("</sheetData>", f'<row r="{last_row}"/></sheetData>')
    return rezip(data, {"xl/worksheets/sheet1.xml": sheet.encode()})
