"""From a plan file to paragraphs: Word (.docx, through python-docx), Markdown, plain text.

Each reader keeps what the parser needs and nothing else: the text of every
paragraph in reading order (the header and signature tables of a Word plan
included), whether it starts in bold, and the numbers and bullets Word draws
itself for numbered and bulleted paragraphs.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath
from typing import Any

from kiosk.plans.parser import PlanError
from kiosk.plans.structure import Paragraph
from kiosk.text import decode_text, nfc

SUFFIXES = (".docx", ".md", ".txt")
_ZIP, _OLE, _PDF = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"%PDF"


def read_plan(filename: str, data: bytes) -> list[Paragraph]:
    suffix = PurePath(filename).suffix.lower()
    if data.startswith(_ZIP):
        return read_docx(data)
    if data.startswith(_OLE) or suffix == ".doc":
        raise PlanError("Tệp Word 97-2003 (.doc): hãy mở bằng Word và lưu thành .docx.")
    if data.startswith(_PDF) or suffix == ".pdf":
        raise PlanError("Tệp PDF không đọc được: hãy dùng tệp Word (.docx) hoặc văn bản (.md, .txt).")
    try:
        text = decode_text(data)
    except UnicodeDecodeError as error:
        raise PlanError("Không đọc được tệp: không phải văn bản UTF-8, UTF-16 hay Windows-1258.") from error
    if "\x00" in text:
        raise PlanError(f"Không đọc được tệp: chỉ nhận {', '.join(SUFFIXES)}.")
    return read_markdown(text) if suffix in (".md", ".markdown") else read_text(text)


def read_text(text: str) -> list[Paragraph]:
    return [Paragraph(line) for line in (nfc(raw.replace("\t", " ")) for raw in text.splitlines()) if line]


_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MD_STARTS_BOLD = re.compile(r"^(?:[-+*]\s+|\d{1,2}[.)]\s*|[a-zđ][.)]\s*)?(?:\*\*|__)")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_MD_ITALIC = re.compile(r"(?<![\w*])[*_](\S(?:[^*_]*\S)?)[*_](?![\w*])")
_MD_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}")


def read_markdown(text: str) -> list[Paragraph]:
    """Markdown as written by people and by converters (pandoc): headings, **bold**, lists, tables, escapes.

    A bold span may cross a hard line break ("**KT. CHỦ TỊCH␠␠⏎PHÓ CHỦ TỊCH**");
    every line it covers is bold.
    """
    paragraphs = []
    in_bold = False
    for raw in text.splitlines():
        line = raw.strip().lstrip(">").strip()
        if not line:
            in_bold = False
            continue
        if _MD_TABLE_RULE.match(line):
            continue
        cells = [cell.strip() for cell in line.strip("|").split("|")] if line.startswith("|") else [line]
        for cell in cells:
            heading = bool(_MD_HEADING.match(cell))
            cell = _MD_HEADING.sub("", cell).rstrip("#").strip()
            if cell.startswith("* "):
                cell = "- " + cell[2:]
            bold = heading or in_bold or bool(_MD_STARTS_BOLD.match(cell))
            if (cell.count("**") + cell.count("__")) % 2:
                in_bold = not in_bold
            cell = _MD_ITALIC.sub(r"\1", cell.replace("**", "").replace("__", ""))
            cell = nfc(_MD_ESCAPE.sub(r"\1", cell).replace("<br>", " "))
            if cell:
                paragraphs.append(Paragraph(cell, bold))
    return paragraphs


# --- Word ----------------------------------------------------------------------------

_LETTERS = "abcdđeghiklmnopqrstuvxy"


def read_docx(data: bytes) -> list[Paragraph]:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph as DocxParagraph

    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise PlanError("Không đọc được tệp Word (.docx): tệp hỏng hoặc không phải .docx.") from error
    numbering = _Numbering(document)
    paragraphs: list[Paragraph] = []

    def add(paragraph: Any) -> None:
        prefix = numbering.prefix(paragraph)
        bold = _starts_bold(paragraph)
        for line in paragraph.text.replace("\t", " ").split("\n"):
            line = nfc(line)
            if line:
                paragraphs.append(Paragraph(nfc(f"{prefix}{line}"), bold))
                prefix = ""

    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            add(DocxParagraph(element, document))
        elif tag == "tbl":
            seen = set()
            for row in Table(element, document).rows:
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell is listed once per column it spans
                        continue
                    seen.add(id(cell._tc))
                    for paragraph in cell.paragraphs:
                        add(paragraph)
    return paragraphs


def _starts_bold(paragraph: Any) -> bool:
    """Bold where the text starts: the run's own setting, else its paragraph style's (headings are bold)."""
    run = next((r for r in paragraph.runs if r.text.strip()), None)
    if run is not None and run.bold is not None:
        return bool(run.bold)
    style = paragraph.style
    while style is not None:
        if style.font.bold is not None:
            return bool(style.font.bold)
        if style.name.startswith(("Heading", "Title")):
            return True
        style = style.base_style
    return False


class _Numbering:
    """The "1.", "a)", "-" that Word draws before numbered and bulleted paragraphs."""

    def __init__(self, document: Any) -> None:
        from docx.oxml.ns import qn

        self.qn = qn
        self.formats: dict[tuple[str, int], str] = {}
        self.counters: dict[tuple[str, int], int] = {}
        try:
            root = document.part.numbering_part.element
        except NotImplementedError:  # a document without any numbering
            return
        abstract = {}
        for definition in root.findall(qn("w:abstractNum")):
            levels = {}
            for level in definition.findall(qn("w:lvl")):
                fmt = level.find(qn("w:numFmt"))
                levels[int(level.get(qn("w:ilvl")))] = fmt.get(qn("w:val")) if fmt is not None else "decimal"
            abstract[definition.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            levels = abstract.get(num.find(qn("w:abstractNumId")).get(qn("w:val")), {})
            for ilvl, fmt in levels.items():
                self.formats[(num.get(qn("w:numId")), ilvl)] = fmt

    def _num_pr(self, paragraph: Any) -> tuple[str, int] | None:
        sources = [paragraph._p.pPr]
        style = paragraph.style
        while style is not None:
            sources.append(style.element.pPr)
            style = style.base_style
        for pPr in sources:
            num_pr = pPr.find(self.qn("w:numPr")) if pPr is not None else None
            if num_pr is None:
                continue
            num_id = num_pr.find(self.qn("w:numId"))
            level = num_pr.find(self.qn("w:ilvl"))
            if num_id is None or num_id.get(self.qn("w:val")) == "0":
                return None
            return num_id.get(self.qn("w:val")), int(level.get(self.qn("w:val"))) if level is not None else 0
        return None

    def prefix(self, paragraph: Any) -> str:
        found = self._num_pr(paragraph)
        if found is None:
            return ""
        num_id, level = found
        fmt = self.formats.get(found, "decimal")
        if fmt == "bullet" or fmt == "none":
            return "- " if level == 0 else "+ "
        count = self.counters.get(found, 0) + 1
        self.counters[found] = count
        for key in [k for k in self.counters if k[0] == num_id and k[1] > level]:
            del self.counters[key]  # a deeper list starts again under the next item
        if fmt in ("upperRoman", "lowerRoman"):
            return f"{_roman(count)}. "
        if fmt in ("lowerLetter", "upperLetter"):
            return f"{_LETTERS[(count - 1) % len(_LETTERS)]}) "
        return f"{count}. "


def _roman(number: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out, number = out + letters, number - value
    return out
