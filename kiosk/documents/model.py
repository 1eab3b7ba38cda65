"""What an administrative document says, as plain data: the renderers (word.py, pdf.py) decide nothing else.

Sizes are in points and widths in millimetres; a table's widths are scaled to
the text's width on the page. Text is taken as it is (the writer NFC-normalises
what it takes from people); the renderers escape what their format needs and
leave out what neither can hold (:func:`printable`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

Align = Literal["left", "center", "right", "justify"]

# Control characters (but tab and line feed) and the two non-characters: Word's XML cannot hold them
# (python-docx refuses the file) and a PDF has no glyph for them. A name typed at a desk may carry one.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


def printable(text: str) -> str:
    """``text`` without the characters a document cannot hold."""
    return _UNPRINTABLE.sub("", text)

# Nghị định 30/2020/NĐ-CP, Phụ lục I.
PAGE_MM = (210.0, 297.0)  # A4
MARGINS_MM = {"top": 20.0, "bottom": 20.0, "left": 30.0, "right": 15.0}
NATION_SIZE = 12.5  # 12–13 pt
MOTTO_SIZE = 13.5  # 13–14 pt
HEADER_SIZE = 13.0  # the issuing body, the number, the place and date
BODY_SIZE = 14.0  # 13–14 pt
FIRST_LINE_INDENT_MM = 10.0  # 1–1.27 cm
PARAGRAPH_SPACING = 6.0  # at least 6 pt
LINE_SPACING = 1.15  # single to 1.5 lines
HEADER_WIDTHS_MM = (65.0, 100.0)  # the issuing body's column, the nation's: 165 mm, a portrait page's text


@dataclass(frozen=True)
class Span:
    """A piece of a paragraph's text in one style."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Para:
    """A paragraph: body text (justified, first line indented) unless said otherwise."""

    spans: tuple[Span, ...]
    align: Align = "justify"
    indent: bool = True
    size: float | None = None  # None: the document's body size
    space_before: float = 0.0
    keep_with_next: bool = False  # a heading: never the last line of a page

    @classmethod
    def of(cls, text: str, *, bold: bool = False, italic: bool = False, **options: object) -> Para:
        return cls((Span(text, bold=bold, italic=italic),), **options)  # type: ignore[arg-type]

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True)
class DottedLines:
    """Lines of dots to write on by hand, the first one after ``lead`` ("Lý do: …………")."""

    count: int = 1
    lead: str = ""
    indent: bool = True  # the first line starts where a paragraph's first line does


@dataclass(frozen=True)
class Grid:
    """A table: a header row, rows, an optional totals row (bold), rows that open a section (bold, one cell
    across the whole width, the text in their first cell)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths_mm: tuple[float, ...]  # relative: scaled to the text's width
    align: tuple[Align, ...] = ()  # per column; left when not given
    totals: tuple[str, ...] | None = None
    section_rows: frozenset[int] = frozenset()
    size: float = 12.0
    borders: bool = True  # False: a layout table (label and value) without lines or header shading

    def alignment(self, column: int) -> Align:
        return self.align[column] if column < len(self.align) else "left"


Block = Para | DottedLines | Grid


@dataclass(frozen=True)
class Signature:
    """One signature block: the role in bold capitals (one or more lines, "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
    room to sign, the name in bold (a dotted line when nobody is named yet)."""

    role: tuple[str, ...]
    name: str = ""


@dataclass(frozen=True)
class Header:
    """The top of the first page.

    ``body``: the issuing body's lines, in capitals, bold ("ỦY BAN NHÂN DÂN", "XÃ CẨM GIANG");
    ``parent``: the body it belongs to, above it, not bold (none for a commune's People's Committee);
    ``number``: "Số: ……/BB-UBND" (empty: none); ``place_date``: "Cẩm Giang, ngày … tháng … năm 2026".
    """

    body: tuple[str, ...]
    parent: tuple[str, ...] = ()
    number: str = ""
    place_date: str = ""


@dataclass(frozen=True)
class Document:
    """One administrative document.

    ``name``: the kind of document, centred in bold capitals ("BIÊN BẢN");
    ``subject``: what it is about, bold under it; ``lead``: lines centred under
    the subject (not bold), e.g. what a report covers; ``draft``: a mark at the
    very top ("DỰ THẢO"), empty for a finished document. ``title``, ``author``
    and ``description`` are the file's properties (the subject of the file is
    ``subject`` unless ``description`` says otherwise).
    """

    name: str
    header: Header | None = None
    subject: str = ""
    lead: tuple[str, ...] = ()
    blocks: tuple[Block, ...] = ()
    signatures: tuple[Signature, ...] = ()
    draft: str = ""
    title: str = ""
    author: str = ""
    description: str = ""
    landscape: bool = False
    body_size: float = BODY_SIZE

    @property
    def page_mm(self) -> tuple[float, float]:
        width, height = PAGE_MM
        return (height, width) if self.landscape else (width, height)

    @property
    def text_width_mm(self) -> float:
        return self.page_mm[0] - MARGINS_MM["left"] - MARGINS_MM["right"]

    @property
    def file_title(self) -> str:
        return self.title or f"{self.name.capitalize()} — {self.subject}".rstrip(" —")

    @property
    def file_subject(self) -> str:
        return self.description or self.subject


def scaled_widths(widths_mm: tuple[float, ...], total_mm: float) -> tuple[float, ...]:
    """``widths_mm`` in proportion, adding up to ``total_mm``."""
    whole = sum(widths_mm) or 1.0
    return tuple(width * total_mm / whole for width in widths_mm)
