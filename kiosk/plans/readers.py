"""From a plan file to paragraphs: Word (.docx, through python-docx), Markdown, plain text.

Each reader keeps what the parser needs and nothing else: the text of every
paragraph in reading order (the header and signature tables of a Word plan
included), whether it starts in bold, and the numbers and bullets Word draws
itself for numbered and bulleted paragraphs.

A plan is a few pages; a file that is not is refused, naming the file and the
limit, before the costly part: a text longer than MAX_TEXT_CHARACTERS or with
more than MAX_PARAGRAPHS lines; a .docx whose parts would unzip past their
limits (a zip bomb), whose XML is broken (named by part and line), or which
holds more than MAX_PARAGRAPHS paragraphs (python-docx makes objects for each:
50,000 empty ones took a minute). Those checks stream through the zip and
cost little; the rest is bounded by kiosk.sandbox (see kiosk.plans.import_plan).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import PurePath
from typing import Any

from lxml import etree

from kiosk.errors import N_
from kiosk.plans.parser import PlanError
from kiosk.plans.structure import Paragraph
from kiosk.text import decode_text, nfc

SUFFIXES = (".docx", ".md", ".txt")
MAX_PARAGRAPHS = 10_000  # a 30-page plan has about a thousand
MAX_TEXT_CHARACTERS = 1_000_000  # some 300 pages
MAX_UNZIPPED_MB = 64  # every part of a .docx, pictures included
MAX_PART_MB = 16  # one XML part (the text of a long plan is a few hundred kB)
MAX_GRID_SPAN = 63  # the widest table Word makes
_ZIP, _OLE, _PDF = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"%PDF"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MB = 1024 * 1024


def read_plan(filename: str, data: bytes) -> list[Paragraph]:
    suffix = PurePath(filename).suffix.lower()
    if data.startswith(_ZIP):
        return read_docx(data, filename)
    if data.startswith(_OLE) or suffix == ".doc":
        raise PlanError("word_97", N_("Tệp Word 97-2003 (.doc): hãy mở bằng Word và lưu thành .docx."))
    if data.startswith(_PDF) or suffix == ".pdf":
        raise PlanError("pdf", N_("Tệp PDF không đọc được: hãy dùng tệp Word (.docx) hoặc văn bản (.md, .txt)."))
    try:
        text = decode_text(data)
    except UnicodeDecodeError as error:
        raise PlanError("not_text", N_("Không đọc được tệp: không phải văn bản UTF-8, UTF-16 hay Windows-1258.")) \
            from error
    if "\x00" in text:
        raise PlanError("not_a_plan_file", N_("Không đọc được tệp: chỉ nhận %(suffixes)s."),
                        suffixes=", ".join(SUFFIXES))
    if len(text) > MAX_TEXT_CHARACTERS:
        raise PlanError("plan_too_long", N_("Tệp “%(file)s” dài hơn %(limit)s ký tự, quá dài cho một kế hoạch: "
                                            "hãy kiểm tra lại tệp."),
                        file=filename, limit=thousands(MAX_TEXT_CHARACTERS))
    paragraphs = read_markdown(text) if suffix in (".md", ".markdown") else read_text(text)
    if len(paragraphs) > MAX_PARAGRAPHS:
        raise _too_many_paragraphs(filename)
    return paragraphs


def thousands(number: int) -> str:
    """10.000, as Vietnamese writes it."""
    return f"{number:,}".replace(",", ".")


def _too_many_paragraphs(filename: str) -> PlanError:
    return PlanError("too_many_paragraphs", N_("Tệp “%(file)s” có hơn %(limit)s đoạn văn; một kế hoạch chỉ có vài "
                                               "trăm. Hãy kiểm tra tệp (có thể chứa hàng nghìn dòng trống) rồi "
                                               "nạp lại."), file=filename, limit=thousands(MAX_PARAGRAPHS))


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


def _unreadable_docx() -> PlanError:
    return PlanError("docx_unreadable", N_("Không đọc được tệp Word (.docx): tệp hỏng hoặc không phải .docx."))


def check_docx(data: bytes, filename: str) -> None:
    """Refuse, before python-docx builds anything, a package too big unzipped, with broken XML, tables wider
    than Word makes, or more paragraphs than a plan; streams through each XML part once."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        parts = package.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as error:
        raise _unreadable_docx() from error
    unzipped = sum(part.file_size for part in parts)
    if unzipped > MAX_UNZIPPED_MB * _MB:
        raise PlanError("docx_too_big", N_("Tệp Word “%(file)s” giải nén ra %(size)s MB, quá giới hạn %(limit)d MB: "
                                           "tệp hỏng hoặc cố ý làm nặng. Hãy mở bằng Word, lưu lại rồi nạp lại."),
                        file=filename, size=thousands(unzipped // _MB), limit=MAX_UNZIPPED_MB)
    paragraphs = 0
    for part in parts:
        if not part.filename.endswith((".xml", ".rels")):
            continue
        if part.file_size > MAX_PART_MB * _MB:
            raise PlanError("docx_part_too_big", N_("Tệp Word “%(file)s”: phần %(part)s giải nén ra %(size)s MB, "
                                                    "quá giới hạn %(limit)d MB: tệp hỏng hoặc cố ý làm nặng. Hãy mở "
                                                    "bằng Word, lưu lại rồi nạp lại."),
                            file=filename, part=part.filename, size=thousands(part.file_size // _MB),
                            limit=MAX_PART_MB)
        try:
            with package.open(part) as stream:
                for _event, element in etree.iterparse(stream, events=("end",), resolve_entities=False,
                                                       no_network=True, load_dtd=False, huge_tree=False):
                    if element.tag == f"{_W}p":
                        paragraphs += 1
                        if paragraphs > MAX_PARAGRAPHS:
                            raise _too_many_paragraphs(filename)
                    elif element.tag == f"{_W}gridSpan":
                        span = element.get(f"{_W}val", "1")
                        if not span.isdigit() or int(span) > MAX_GRID_SPAN:
                            raise PlanError("docx_wide_table", N_("Tệp Word “%(file)s”: một ô bảng trải rộng %(span)s "
                                                                  "cột, Word chỉ làm tối đa %(limit)d: tệp hỏng. Hãy "
                                                                  "mở bằng Word, lưu lại rồi nạp lại."),
                                            file=filename, span=span[:20], limit=MAX_GRID_SPAN)
                    element.clear()  # what was counted is no longer needed
                    while element.getprevious() is not None:
                        del element.getparent()[0]
        except etree.XMLSyntaxError as error:
            line, column = error.position if error.position else (error.lineno, 0)
            raise PlanError("docx_broken_xml", N_("Tệp Word “%(file)s” bị hỏng: phần %(part)s, dòng %(line)d, cột "
                                                  "%(column)d không phải XML đúng. Hãy mở bằng Word (Word đề nghị "
                                                  "sửa), lưu lại rồi nạp lại."),
                            file=filename, part=part.filename, line=line, column=column) from error
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError) as error:
            raise PlanError("docx_broken_part", N_("Tệp Word “%(file)s” bị hỏng: không giải nén được phần %(part)s. "
                                                   "Hãy mở bằng Word, lưu lại rồi nạp lại."),
                            file=filename, part=part.filename) from error


def read_docx(data: bytes, filename: str) -> list[Paragraph]:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph as DocxParagraph

    check_docx(data, filename)
    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as error:
        raise _unreadable_docx() from error
    styles = _Styles()
    numbering = _Numbering(document, styles)
    paragraphs: list[Paragraph] = []

    def add(paragraph: Any) -> None:
        prefix = numbering.prefix(paragraph)
        bold = _starts_bold(paragraph, styles)
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


class _Styles:
    """Each paragraph's style, looked up once per style id: python-docx looks through every style for the
    default one at each ``paragraph.style`` (a millisecond a paragraph, a minute for a hostile file)."""

    def __init__(self) -> None:
        self.by_id: dict[str | None, Any] = {}

    def of(self, paragraph: Any) -> Any:
        key = paragraph._p.style
        if key not in self.by_id:
            self.by_id[key] = paragraph.style
        return self.by_id[key]


def _starts_bold(paragraph: Any, styles: _Styles) -> bool:
    """Bold where the text starts: the run's own setting, else its paragraph style's (headings are bold)."""
    run = next((r for r in paragraph.runs if r.text.strip()), None)
    if run is not None and run.bold is not None:
        return bool(run.bold)
    style = styles.of(paragraph)
    while style is not None:
        if style.font.bold is not None:
            return bool(style.font.bold)
        if style.name.startswith(("Heading", "Title")):
            return True
        style = style.base_style
    return False


class _Numbering:
    """The "1.", "a)", "-" that Word draws before numbered and bulleted paragraphs."""

    def __init__(self, document: Any, styles: _Styles) -> None:
        from docx.oxml.ns import qn

        self.qn = qn
        self.styles = styles
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
        style = self.styles.of(paragraph)
        while style is not None:
            sources.append(style.element.pPr)
            style = style.base_style
        for p_pr in sources:
            num_pr = p_pr.find(self.qn("w:numPr")) if p_pr is not None else None
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
