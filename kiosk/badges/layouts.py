"""Badge layouts: page and badge geometry and type sizes, read from TOML files.

A new badge holder or paper size is a new ``badges/layouts/<name>.toml``, not new
code; a new element of the badge is a new entry in every layout. See
``a4-90x55.toml`` for every field, with comments.

A layout that loads can print every badge: it is refused unless the badge has
room for its tallest header and band and for the delegate's column with every
line at its smallest size (composing shrinks and cuts long text down to that,
never further), beside or above the QR code.
"""

from __future__ import annotations

import importlib.resources
import re
import tomllib
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal, NoReturn

from kiosk.badges.errors import LayoutError
from kiosk.badges.qr import MAX_MODULES, MIN_MODULE_MM
from kiosk.errors import N_

RGB = tuple[float, float, float]

PT_PER_MM = 72 / 25.4
LINE_HEIGHT = 1.25
"""A line's height in ems."""
SECTION_GAP_MM = 1.5
"""Below the header, and above the colour band."""
QR_GAP_MM = 2.5
"""Between the text column and the QR code's quiet zone."""
WRITE_IN_HEIGHT_MM = 8.0
"""Room above the line on a seat badge for writing a name by hand."""
DETAIL_LINES = 3
"""Position, unit and seat area."""
MAX_LINES = 3

PAGE_SIZES_MM: dict[str, tuple[float, float]] = {
    "A3": (297, 420),
    "A4": (210, 297),
    "A5": (148, 210),
    "A6": (105, 148),
    "Letter": (215.9, 279.4),
}
"""Portrait width and height of the named paper sizes."""

TEXT_ROLES = ("organiser", "event", "heading", "name", "detail", "group", "number")
"""organiser and event head the badge; heading ("ĐẠI BIỂU") tops the delegate's
column; name is the delegate (or the seat's label); detail is position, unit,
seat area; group is set on the colour band; number goes under the QR code."""

_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")

CUT_MARK_LENGTH_MM = 5.0
CUT_MARK_OFFSET_MM = 1.0
"""Gap between a badge's corner and a cut mark drawn in the margin."""
MIN_MARGIN_FOR_OUTER_MARKS_MM = 3.0
PRINTER_EDGE_MM = 5.0
"""Marks that cannot go in a margin start this far in from the sheet's edge,
where printers can print; they lie on the cut line, so the cut removes them."""
MIN_TRIM_MM = 1.5
"""A badge edge closer than this to the sheet's edge is not worth a cut."""


@dataclass(frozen=True)
class TextStyle:
    size_pt: float
    min_pt: float
    """Long text shrinks to this size before it wraps."""
    max_lines: int
    bold: bool
    uppercase: bool = False
    """Set in capitals ("ỦY BAN NHÂN DÂN XÃ CẨM GIANG"), whatever the text's case."""
    colour: RGB = (0.0, 0.0, 0.0)


@dataclass(frozen=True)
class BadgeSpec:
    width_mm: float
    height_mm: float
    padding_mm: float
    qr_position: Literal["right", "bottom"]
    """"right": text left, QR right (landscape cards); "bottom": centred text above the QR."""
    qr_size_mm: float
    """Side of the QR code including its quiet zone."""
    band_height_mm: float
    text: dict[str, TextStyle]


@dataclass(frozen=True)
class PageSpec:
    width_mm: float
    height_mm: float
    columns: int
    rows: int
    column_gap_mm: float
    row_gap_mm: float
    margin_left_mm: float
    margin_top_mm: float
    cut_marks: bool

    @property
    def badges_per_page(self) -> int:
        return self.columns * self.rows


@dataclass(frozen=True)
class CutLine:
    """A cut mark, in millimetres from the sheet's top-left corner."""

    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Layout:
    name: str
    description: str
    page: PageSpec
    badge: BadgeSpec

    def slots(self) -> list[tuple[float, float]]:
        """Top-left corner (mm) of each badge on a sheet, row by row."""
        page, badge = self.page, self.badge
        return [
            (
                page.margin_left_mm + column * (badge.width_mm + page.column_gap_mm),
                page.margin_top_mm + row * (badge.height_mm + page.row_gap_mm),
            )
            for row in range(page.rows)
            for column in range(page.columns)
        ]

    def cut_lines(self) -> list[CutLine]:
        """Cut marks at both ends of every cut the sheet needs (none when turned off)."""
        if not self.page.cut_marks:
            return []
        page, badge = self.page, self.badge
        slots = self.slots()
        xs = _cuts([x for x, _ in slots], badge.width_mm, page.width_mm)
        ys = _cuts([y for _, y in slots], badge.height_mm, page.height_mm)
        grid_right = slots[-1][0] + badge.width_mm
        grid_bottom = slots[-1][1] + badge.height_mm
        lines: list[CutLine] = []
        for start, end in _mark_spans(page.margin_top_mm, grid_bottom, page.height_mm):
            lines += [CutLine(x, start, x, end) for x in xs]
        for start, end in _mark_spans(page.margin_left_mm, grid_right, page.width_mm):
            lines += [CutLine(start, y, end, y) for y in ys]
        return lines


def layouts_dir() -> Traversable:
    """The layout folder: ``badges/layouts`` in a checkout, else the installed package data."""
    checkout = Path(__file__).resolve().parents[2] / "badges" / "layouts"
    if checkout.is_dir():
        return checkout
    return importlib.resources.files("kiosk.badge_layouts")


def layout_names(directory: Traversable | None = None) -> list[str]:
    folder = directory or layouts_dir()
    return sorted(item.name.removesuffix(".toml") for item in folder.iterdir() if item.name.endswith(".toml"))


def load_layout(name: str, directory: Traversable | None = None) -> Layout:
    """Read and validate ``<name>.toml`` from the layout folder."""
    file = (directory or layouts_dir()) / f"{name}.toml"
    source = f"{name}.toml"
    if not file.is_file():
        raise LayoutError(source, None, N_("tệp không tồn tại; có: %(names)s."),
                          names=", ".join(layout_names(directory)))
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise LayoutError(source, None, N_("tệp TOML không đọc được: %(error)s."), error=str(error)) from error
    return parse_layout(name, data, source)


def load_layouts(directory: Traversable | None = None) -> dict[str, Layout]:
    return {name: load_layout(name, directory) for name in layout_names(directory)}


def parse_layout(name: str, data: dict[str, Any], source: str) -> Layout:
    root = _Table(source, "", data)
    description = root.string("description", default=name)
    badge = _parse_badge(root.table("badge"))
    page = _parse_page(root.table("page"), badge)
    root.reject_unknown()
    return Layout(name, description, page, badge)


def _parse_badge(table: _Table) -> BadgeSpec:
    width = table.number("width_mm")
    height = table.number("height_mm")
    padding = table.number("padding_mm", allow_zero=True)
    qr_position = table.choice("qr_position", ("right", "bottom"))
    qr_size = table.number("qr_size_mm")
    band_height = table.number("band_height_mm")
    text_table = table.table("text")
    text = {role: _parse_text(text_table.table(role)) for role in TEXT_ROLES}
    text_table.reject_unknown()
    table.reject_unknown()

    smallest_qr = MIN_MODULE_MM * MAX_MODULES
    if qr_size < smallest_qr:
        table.fail("qr_size_mm", N_("= %(size)g mm quá nhỏ để quét: cần ít nhất %(smallest)g mm."), size=qr_size,
                   smallest=smallest_qr)
    inner_width, inner_height = width - 2 * padding, height - 2 * padding
    if min(inner_width, inner_height) <= 0:
        table.fail("padding_mm", N_("= %(padding)g mm không chừa chỗ cho nội dung thẻ."), padding=padding)
    if qr_size + band_height > inner_height:
        table.fail("qr_size_mm", N_("cộng “band_height_mm” cao hơn phần trong lề của thẻ."))
    if qr_size > (inner_width / 2 if qr_position == "right" else inner_width):
        table.fail("qr_size_mm", N_("rộng quá: không còn chỗ cho chữ."))
    spec = BadgeSpec(width, height, padding, qr_position, qr_size, band_height, text)  # type: ignore[arg-type]
    _check_room(table, spec)
    return spec


def _check_room(table: _Table, spec: BadgeSpec) -> None:
    """Refuse a badge too small for its longest texts, so that printing one never fails."""
    text = spec.text

    def tallest(role: str) -> float:
        return text[role].max_lines * LINE_HEIGHT * text[role].size_pt

    def shortest(role: str) -> float:
        return LINE_HEIGHT * text[role].min_pt

    if text["heading"].min_pt > text["name"].min_pt:
        table.fail("text.heading.min_pt", N_("= %(heading)g lớn hơn “text.name.min_pt” = %(name)g: tên đại biểu "
                                             "phải là dòng chữ lớn nhất."),
                   heading=text["heading"].min_pt, name=text["name"].min_pt)
    if shortest("group") > spec.band_height_mm * PT_PER_MM:
        table.fail("band_height_mm", N_("= %(height)g mm thấp hơn một dòng tên nhóm cỡ %(size)g pt."),
                   height=spec.band_height_mm, size=text["group"].min_pt)
    write_in = max(WRITE_IN_HEIGHT_MM * PT_PER_MM, LINE_HEIGHT * text["detail"].size_pt)
    column = shortest("heading") + shortest("name") + write_in + DETAIL_LINES * shortest("detail")
    qr_block = spec.qr_size_mm * PT_PER_MM + tallest("number")
    needed = max(column, qr_block) if spec.qr_position == "right" else column + qr_block
    room = (
        (spec.height_mm - 2 * spec.padding_mm - spec.band_height_mm - 2 * SECTION_GAP_MM) * PT_PER_MM
        - tallest("organiser") - tallest("event")
    )
    if needed > room + 1e-6:
        table.fail("height_mm", N_("= %(height)g mm quá thấp: thiếu %(missing).1f mm cho tên cơ quan và sự kiện dài "
                                   "nhất, cột chữ ở cỡ nhỏ nhất và mã QR."),
                   height=spec.height_mm, missing=(needed - room) / PT_PER_MM)


def _parse_text(table: _Table) -> TextStyle:
    size = table.number("size_pt")
    min_size = table.number("min_pt", default=size)
    if min_size > size:
        table.fail("min_pt", N_("= %(min)g lớn hơn “size_pt” = %(size)g."), min=min_size, size=size)
    max_lines = table.integer("max_lines", default=1)
    if max_lines > MAX_LINES:
        table.fail("max_lines", N_("chỉ được từ 1 đến %(max)d."), max=MAX_LINES)
    colour = table.string("colour", default="#000000")
    if not _COLOUR.fullmatch(colour):
        table.fail("colour", N_("phải có dạng \"#RRGGBB\", không phải %(value)r."), value=colour)
    style = TextStyle(
        size, min_size, max_lines, table.boolean("bold", default=False), table.boolean("uppercase", default=False),
        (int(colour[1:3], 16) / 255, int(colour[3:5], 16) / 255, int(colour[5:7], 16) / 255),
    )
    table.reject_unknown()
    return style


def _parse_page(table: _Table, badge: BadgeSpec) -> PageSpec:
    size = table.get("size")
    badge_shape = "landscape" if badge.width_mm > badge.height_mm else "portrait"
    if size == "badge":
        width, height = badge.width_mm, badge.height_mm
        orientation = table.choice("orientation", ("portrait", "landscape"), default=badge_shape)
        if orientation != badge_shape:
            table.fail("orientation", N_("phải là “%(shape)s” như chính thẻ khi size = \"badge\"."), shape=badge_shape)
    elif isinstance(size, str) and size in PAGE_SIZES_MM:
        width, height = PAGE_SIZES_MM[size]
        if table.choice("orientation", ("portrait", "landscape"), default="portrait") == "landscape":
            width, height = height, width
    else:
        table.fail("size", N_("phải là một trong %(sizes)s hoặc \"badge\", không phải %(value)r."),
                   sizes=", ".join(PAGE_SIZES_MM), value=size)
    columns = table.integer("columns", default=1)
    rows = table.integer("rows", default=1)
    column_gap = table.number("column_gap_mm", default=0, allow_zero=True)
    row_gap = table.number("row_gap_mm", default=0, allow_zero=True)
    grid_width = columns * badge.width_mm + (columns - 1) * column_gap
    grid_height = rows * badge.height_mm + (rows - 1) * row_gap
    if grid_width > width + 1e-6:
        table.fail("columns", N_("= %(n)d: %(n)d thẻ rộng %(badge)g mm không vừa trang rộng %(page)g mm."), n=columns,
                   badge=badge.width_mm, page=width)
    if grid_height > height + 1e-6:
        table.fail("rows", N_("= %(n)d: %(n)d thẻ cao %(badge)g mm không vừa trang cao %(page)g mm."), n=rows,
                   badge=badge.height_mm, page=height)
    margin_left = table.number("margin_left_mm", default=(width - grid_width) / 2, allow_zero=True)
    margin_top = table.number("margin_top_mm", default=(height - grid_height) / 2, allow_zero=True)
    cut_marks = table.boolean("cut_marks", default=False)
    table.reject_unknown()
    if margin_left + grid_width > width + 1e-6:
        table.fail("margin_left_mm", N_("= %(margin)g: lưới thẻ tràn mép phải trang."), margin=margin_left)
    if margin_top + grid_height > height + 1e-6:
        table.fail("margin_top_mm", N_("= %(margin)g: lưới thẻ tràn mép dưới trang."), margin=margin_top)
    return PageSpec(width, height, columns, rows, column_gap, row_gap, margin_left, margin_top, cut_marks)


def _cuts(starts: list[float], length: float, page_length: float) -> list[float]:
    """Distinct badge edges along one axis, leaving out those at the sheet's edge."""
    edges = {round(edge, 6) for start in starts for edge in (start, start + length)}
    return sorted(edge for edge in edges if MIN_TRIM_MM <= edge <= page_length - MIN_TRIM_MM)


def _mark_spans(grid_start: float, grid_end: float, page_length: float) -> list[tuple[float, float]]:
    """Where along a cut its two marks go: in the margins, or just inside printable sheet."""
    spans = []
    for margin, towards_edge, edge in (
        (grid_start, -1, 0.0),
        (page_length - grid_end, 1, page_length),
    ):
        grid_edge = edge - towards_edge * margin
        if margin >= MIN_MARGIN_FOR_OUTER_MARKS_MM:
            near = grid_edge + towards_edge * CUT_MARK_OFFSET_MM
            far = grid_edge + towards_edge * min(CUT_MARK_OFFSET_MM + CUT_MARK_LENGTH_MM, margin)
        else:
            near = edge - towards_edge * PRINTER_EDGE_MM
            far = near - towards_edge * CUT_MARK_LENGTH_MM
        spans.append((min(near, far), max(near, far)))
    return spans


class _Table:
    """One TOML table being validated; errors name the file and the dotted field."""

    def __init__(self, source: str, path: str, data: Any) -> None:
        if not isinstance(data, dict):
            raise LayoutError(source, path or None, N_("phải là một bảng (table) TOML."))
        self.source, self.path, self.data = source, path, data
        self.seen: set[str] = set()

    def field(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, problem: str, /, **params: Any) -> NoReturn:
        raise LayoutError(self.source, self.field(key), problem, **params)

    def get(self, key: str, default: Any = None) -> Any:
        self.seen.add(key)
        if key not in self.data:
            if default is None:
                self.fail(key, N_("bị thiếu."))
            return default
        return self.data[key]

    def table(self, key: str) -> _Table:
        return _Table(self.source, self.field(key), self.get(key))

    def string(self, key: str, default: str | None = None) -> str:
        value = self.get(key, default)
        if not isinstance(value, str):
            self.fail(key, N_("phải là chuỗi, không phải %(value)r."), value=value)
        return value

    def number(self, key: str, default: float | None = None, *, allow_zero: bool = False) -> float:
        value = self.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(key, N_("phải là số, không phải %(value)r."), value=value)
        if value < 0 or (value == 0 and not allow_zero):
            self.fail(key, N_("= %(value)s phải không âm.") if allow_zero else N_("= %(value)s phải lớn hơn 0."),
                      value=value)
        return float(value)

    def integer(self, key: str, default: int | None = None) -> int:
        value = self.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.fail(key, N_("phải là số nguyên dương, không phải %(value)r."), value=value)
        return value

    def boolean(self, key: str, default: bool | None = None) -> bool:
        value = self.get(key, default)
        if not isinstance(value, bool):
            self.fail(key, N_("phải là true hoặc false, không phải %(value)r."), value=value)
        return value

    def choice(self, key: str, choices: tuple[str, ...], default: str | None = None) -> str:
        value = self.get(key, default)
        if value not in choices:
            self.fail(key, N_("phải là một trong %(choices)s, không phải %(value)r."), choices=", ".join(choices),
                      value=value)
        return value

    def reject_unknown(self) -> None:
        for key in self.data.keys() - self.seen:
            self.fail(key, N_("không được hỗ trợ (gõ nhầm tên trường?)."))
