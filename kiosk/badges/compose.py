"""Where everything goes on one badge: shared by the PDF and PNG renderers.

A badge is composed into drawing items in points, measured from the badge's
top-left corner with y growing downwards. Composing fits every text (shrinking,
then wrapping), checks that it all fits and that the fonts have every glyph, so
a renderer that gets a ComposedBadge only paints.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, NoReturn

from kiosk.badges import qr
from kiosk.badges.errors import BadgeFitError
from kiosk.badges.fonts import FontSet
from kiosk.badges.layouts import Layout, TextStyle
from kiosk.badges.model import Badge

PT_PER_MM = 72 / 25.4
LINE_HEIGHT = 1.25
"""A line's height in ems."""
ASCENT = 1.0
"""Line top to baseline in ems: room for stacked Vietnamese marks on capitals (Ễ, Ẫ)."""
SECTION_GAP_MM = 1.5
QR_GAP_MM = 2.5
"""Between the text column and the QR code's quiet zone."""
WRITE_IN_HEIGHT_MM = 8.0
"""Room above the line on a seat badge for writing a name by hand."""
BAND_RADIUS_MM = 1.5
BAND_TEXT_INSET_MM = 3.0

RGB = tuple[float, float, float]
Align = Literal["left", "centre", "right"]
BLACK: RGB = (0.0, 0.0, 0.0)
WHITE: RGB = (1.0, 1.0, 1.0)
MUTED: RGB = (0.25, 0.25, 0.25)

WRITE_IN_LABEL = "Họ và tên:"
SEAT_AREA_LABEL = "Chỗ ngồi:"


@dataclass(frozen=True)
class TextRun:
    x: float
    """Left edge, centre or right edge, by ``align``."""
    baseline: float
    text: str
    size: float
    bold: bool
    colour: RGB
    align: Align


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float
    colour: RGB
    radius: float


@dataclass(frozen=True)
class Rule:
    x1: float
    x2: float
    y: float
    thickness: float
    colour: RGB


@dataclass(frozen=True)
class QrPlacement:
    x: float
    y: float
    size: float
    """Side including the quiet zone."""
    code: qr.QrCode


Item = TextRun | Box | Rule | QrPlacement


@dataclass(frozen=True)
class ComposedBadge:
    badge: Badge
    width: float
    height: float
    items: tuple[Item, ...]


@dataclass(frozen=True)
class _Block:
    """Fitted lines of one text, all at one size."""

    lines: tuple[str, ...]
    size: float
    style: TextStyle

    @property
    def height(self) -> float:
        return len(self.lines) * LINE_HEIGHT * self.size

    def runs(self, x: float, top: float, align: Align, colour: RGB = BLACK) -> list[TextRun]:
        return [
            TextRun(x, top + (ASCENT + i * LINE_HEIGHT) * self.size, line, self.size, self.style.bold, colour, align)
            for i, line in enumerate(self.lines)
        ]


@dataclass(frozen=True)
class _WriteIn:
    """"Họ và tên:" and a line to write a seat badge holder's name on."""

    style: TextStyle

    @property
    def height(self) -> float:
        return max(WRITE_IN_HEIGHT_MM * PT_PER_MM, LINE_HEIGHT * self.style.size_pt)


def compose(badge: Badge, layout: Layout, fonts: FontSet) -> ComposedBadge:
    """Lay out one badge; raise BadgeFitError or MissingGlyphError if it cannot be printed."""
    return _Composer(badge, layout, fonts).compose()


def text_colour_on(background: RGB) -> RGB:
    """Black or white, whichever contrasts more with ``background`` (WCAG 2 contrast ratio)."""
    luminance = _relative_luminance(background)
    return BLACK if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else WHITE


class _Composer:
    def __init__(self, badge: Badge, layout: Layout, fonts: FontSet) -> None:
        self.badge, self.layout, self.fonts = badge, layout, fonts
        spec = layout.badge
        self.styles = spec.text
        self.width = spec.width_mm * PT_PER_MM
        self.height = spec.height_mm * PT_PER_MM
        self.padding = spec.padding_mm * PT_PER_MM
        self.inner_width = self.width - 2 * self.padding
        self.qr_size = spec.qr_size_mm * PT_PER_MM
        self.items: list[Item] = []

    def compose(self) -> ComposedBadge:
        badge, spec = self.badge, self.layout.badge
        gap = SECTION_GAP_MM * PT_PER_MM
        centred = spec.qr_position == "bottom"
        align: Align = "centre" if centred else "left"
        text_x = self.width / 2 if centred else self.padding

        top = self.padding
        for role, text, colour in (("organiser", badge.organiser, MUTED), ("event", badge.event_short, BLACK)):
            block = self.fit(role, text, self.inner_width)
            self.items += block.runs(text_x, top, align, colour)
            top += block.height
        content_top = top + gap
        band_top = self.height - self.padding - spec.band_height_mm * PT_PER_MM
        content_bottom = band_top - gap
        self.add_band(band_top)

        code = qr.encode(badge.token)
        if spec.qr_size_mm / code.modules < qr.MIN_MODULE_MM:
            self.fail(f"mã QR có {code.modules} ô mỗi cạnh, quá dày cho cỡ {spec.qr_size_mm:g} mm")
        number = self.fit("number", badge.number, self.qr_size)
        qr_block_height = self.qr_size + number.height

        if centred:
            column_width = self.inner_width
        else:
            column_width = self.inner_width - self.qr_size - QR_GAP_MM * PT_PER_MM
        column = self.column_blocks(column_width)
        column_height = sum(entry.height for entry in column)

        if centred:
            free = content_bottom - content_top - column_height - qr_block_height
            if free < 0:
                self.fail("chữ và mã QR cao hơn chỗ trống trên thẻ")
            column_top = content_top + free / 3
            qr_x = (self.width - self.qr_size) / 2
            qr_top = column_top + column_height + free / 3
        else:
            if max(column_height, qr_block_height) > content_bottom - content_top:
                self.fail("chữ hoặc mã QR cao hơn chỗ trống trên thẻ")
            column_top = content_top + max(0.0, (qr_block_height - column_height) / 2)
            qr_x = self.width - self.padding - self.qr_size
            qr_top = content_top

        for entry in column:
            if isinstance(entry, _Block):
                self.items += entry.runs(text_x, column_top, align)
            else:
                self.add_write_in(entry, self.padding, column_width, column_top)
            column_top += entry.height
        self.items.append(QrPlacement(qr_x, qr_top, self.qr_size, code))
        self.items += number.runs(qr_x + self.qr_size / 2, qr_top + self.qr_size, "centre")

        for item in self.items:
            if isinstance(item, TextRun):
                self.fonts.check_glyphs(item.text, item.bold, badge.description)
        return ComposedBadge(badge, self.width, self.height, tuple(self.items))

    def column_blocks(self, width: float) -> list[_Block | _WriteIn]:
        """The delegate's lines, top to bottom."""
        badge = self.badge
        column: list[_Block | _WriteIn] = [self.fit("name", badge.title, width)]
        if badge.is_seat:
            column.append(_WriteIn(self.styles["detail"]))
        for text in (badge.position, badge.unit):
            if text:
                column.append(self.fit("detail", text, width))
        if badge.seat_area:
            column.append(self.fit("detail", f"{SEAT_AREA_LABEL} {badge.seat_area}", width))
        return column

    def add_write_in(self, write_in: _WriteIn, left: float, width: float, top: float) -> None:
        """The label sits at the bottom of the block, leaving room above the line for handwriting."""
        style = write_in.style
        baseline = top + write_in.height - (LINE_HEIGHT - ASCENT) * style.size_pt
        self.items.append(TextRun(left, baseline, WRITE_IN_LABEL, style.size_pt, style.bold, BLACK, "left"))
        line_start = left + self.fonts.width(WRITE_IN_LABEL, style.bold, style.size_pt) + style.size_pt / 3
        self.items.append(Rule(line_start, left + width, baseline + 1, 0.6, MUTED))

    def add_band(self, top: float) -> None:
        """The group's colour band with its name on it, so colour is never the only cue."""
        badge = self.badge
        band_height = self.height - self.padding - top
        self.items.append(
            Box(self.padding, top, self.inner_width, band_height, badge.group_rgb, BAND_RADIUS_MM * PT_PER_MM)
        )
        text_width = self.inner_width - 2 * BAND_TEXT_INSET_MM * PT_PER_MM
        block = self.fit("group", badge.group_name, text_width, max_height=band_height)
        colour = text_colour_on(badge.group_rgb)
        self.items += block.runs(self.width / 2, top + (band_height - block.height) / 2, "centre", colour)

    def fit(self, role: str, text: str, width: float, max_height: float | None = None) -> _Block:
        """Largest size ≤ the style's that fits ``width``: one line down to min_pt, then two lines.

        Widths scale linearly with size, so each candidate's size is computed, not searched.
        """
        style = self.styles[role]
        words = text.split()
        for line_count in range(1, style.max_lines + 1):
            best: _Block | None = None
            for lines in _splits(words, line_count):
                widest = max(self.fonts.width(line, style.bold, 1) for line in lines)
                size = min(style.size_pt, width / widest)
                if max_height is not None:
                    size = min(size, max_height / (line_count * LINE_HEIGHT))
                size = math.floor(size * 10) / 10
                if size >= style.min_pt and (best is None or size > best.size):
                    best = _Block(tuple(lines), size, style)
            if best is not None:
                return best
        self.fail(
            f"“{text}” không vừa {width / PT_PER_MM:.0f} mm ngay cả ở cỡ chữ "
            f"{style.min_pt:g} pt trên {style.max_lines} dòng"
        )

    def fail(self, problem: str) -> NoReturn:
        raise BadgeFitError(f"{self.badge.description}, bố cục {self.layout.name}: {problem}.")


def _splits(words: list[str], line_count: int) -> list[list[str]]:
    """Every way to set the words on one or two lines."""
    if line_count == 1:
        return [[" ".join(words)]]
    return [[" ".join(words[:i]), " ".join(words[i:])] for i in range(1, len(words))]


def _relative_luminance(colour: RGB) -> float:
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in colour]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
