"""Where everything goes on one badge: shared by the PDF and PNG renderers.

A badge is composed into drawing items in points, measured from the badge's
top-left corner with y growing downwards. From the top: the organiser and the
event; then the delegate's column, headed "ĐẠI BIỂU", with the name largest,
position, unit and seat area; the QR code beside or below the column; the
group's colour band at the bottom.

Every text is fitted by ``wrap.fit`` (shrink, wrap at phrase boundaries, end in
"…"), then the column as a whole: when it is too tall for its room its lines
first shrink together towards their smallest sizes, then lose lines, seat area
first and the name last, each ending in "…". A layout that loads has room for
that (layouts.py checks), so no text's length stops a badge; composing still
checks that the fonts have every glyph. A renderer that gets a ComposedBadge
only paints.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal, NoReturn

from kiosk.badges import qr, wrap
from kiosk.badges.errors import BadgeError, BadgeFitError
from kiosk.badges.fonts import FontSet
from kiosk.badges.layouts import (
    LINE_HEIGHT,
    PT_PER_MM,
    QR_GAP_MM,
    RGB,
    SECTION_GAP_MM,
    WRITE_IN_HEIGHT_MM,
    Layout,
    TextStyle,
)
from kiosk.badges.model import Badge
from kiosk.errors import N_

ASCENT = 1.0
"""Line top to baseline in ems: room for stacked Vietnamese marks on capitals (Ễ, Ẫ)."""
BAND_RADIUS_MM = 1.5
BAND_TEXT_INSET_MM = 3.0
FIT_CACHE_SIZE = 4096
"""Fitted texts kept: a sheet repeats its organiser, event, group and many units."""

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

    role: str
    text: str
    lines: tuple[str, ...]
    size: float
    style: TextStyle

    @property
    def height(self) -> float:
        return len(self.lines) * LINE_HEIGHT * self.size

    @property
    def slack(self) -> float:
        """Height given back by shrinking to the style's smallest size."""
        return len(self.lines) * LINE_HEIGHT * (self.size - self.style.min_pt)

    def at(self, size: float) -> _Block:
        """The same lines at ``size``, which must not be larger than the fitted one."""
        return replace(self, size=size)

    def runs(self, x: float, top: float, align: Align, colour: RGB | None = None) -> list[TextRun]:
        return [
            TextRun(
                x, top + (ASCENT + i * LINE_HEIGHT) * self.size, line, self.size, self.style.bold,
                colour or self.style.colour, align,
            )
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
    """Lay out one badge; raise MissingGlyphError if the fonts lack one of its characters.

    No text is too long: a layout that loads fits any (see the module's docstring).
    """
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
        for role, text in (("organiser", badge.organiser), ("event", badge.event_short)):
            block = self.fit(role, text, self.inner_width)
            self.items += block.runs(text_x, top, align)
            top += block.height
        content_top = top + gap
        band_top = self.height - self.padding - spec.band_height_mm * PT_PER_MM
        content_bottom = band_top - gap
        self.add_band(band_top)

        code = qr.encode(badge.token)
        if spec.qr_size_mm / code.modules < qr.MIN_MODULE_MM:
            self.fail(BadgeError(N_("mã QR có %(modules)d ô mỗi cạnh, quá dày cho cỡ %(size)g mm"),
                                 modules=code.modules, size=spec.qr_size_mm))
        number = self.fit("number", badge.number, self.qr_size)
        qr_block_height = self.qr_size + number.height

        if centred:
            column_width = self.inner_width
            room = content_bottom - content_top - qr_block_height
        else:
            column_width = self.inner_width - self.qr_size - QR_GAP_MM * PT_PER_MM
            room = content_bottom - content_top
        column = self.column_blocks(column_width, room)
        column_height = sum(entry.height for entry in column)

        if centred:
            free = content_bottom - content_top - column_height - qr_block_height
            column_top = content_top + free / 3
            qr_x = (self.width - self.qr_size) / 2
            qr_top = column_top + column_height + free / 3
        else:
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

    def column_blocks(self, width: float, room: float) -> list[_Block | _WriteIn]:
        """The delegate's lines, top to bottom, fitted together into ``room`` points of height.

        Position, unit and seat area share one size. A column too tall shrinks
        all its lines by the same share of what each may shrink, and if that is
        not enough, sets them all at their smallest sizes and takes lines away,
        ending each cut text in "…": seat area, unit, position, then the name
        (and the heading, should a layout give it more than one line).
        """
        badge = self.badge
        column: list[_Block | _WriteIn] = []
        headed = bool(badge.heading) and not badge.title.casefold().startswith(badge.heading.casefold())
        if headed:  # not twice on "Đại biểu thôn 3"
            column.append(self.fit("heading", badge.heading, width))
        name = len(column)
        cuttable = [*range(name + 1)]  # heading and name: cut last
        column.append(self.fit("name", badge.title, width))
        if badge.is_seat:
            column.append(_WriteIn(self.styles["detail"]))
        details = []
        for text in (badge.position, badge.unit, f"{SEAT_AREA_LABEL} {badge.seat_area}" if badge.seat_area else ""):
            if text:
                details.append(len(column))
                column.append(self.fit("detail", text, width))
        if details:
            size = min(_block(column[index]).size for index in details)
            for index in details:
                column[index] = _block(column[index]).at(size)
        cuttable += details

        excess = _height(column) - room
        if excess > 1e-6:
            slack = sum(entry.slack for entry in column if isinstance(entry, _Block))
            share = min(1.0, excess / slack) if slack else 1.0
            column = [entry.at(_shrunk(entry, share)) if isinstance(entry, _Block) else entry for entry in column]
        for index in reversed(cuttable):
            while _height(column) > room + 1e-6 and len(lines := _block(column[index]).lines) > 1:
                block = _block(column[index])
                shorter = self.fit(block.role, block.text, width, max_lines=len(lines) - 1)
                column[index] = shorter.at(block.style.min_pt)
        if _height(column) > room + 1e-6:
            self.fail(BadgeError(N_("chữ cao hơn chỗ trống trên thẻ")))  # a layout that loads leaves room: not reached
        if headed:  # the name stays the largest line
            heading = _block(column[0])
            column[0] = heading.at(min(heading.size, _block(column[name]).size))
        return column

    def add_write_in(self, write_in: _WriteIn, left: float, width: float, top: float) -> None:
        """The label sits at the bottom of the block, leaving room above the line for handwriting."""
        style = write_in.style
        baseline = top + write_in.height - (LINE_HEIGHT - ASCENT) * style.size_pt
        self.items.append(TextRun(left, baseline, WRITE_IN_LABEL, style.size_pt, style.bold, style.colour, "left"))
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

    def fit(
        self, role: str, text: str, width: float, *, max_lines: int | None = None, max_height: float | None = None
    ) -> _Block:
        """``text`` in the style of ``role`` within ``width`` (see wrap.fit): never fails."""
        style = self.styles[role]
        if style.uppercase:
            text = unicodedata.normalize("NFC", text.upper())
        fitted = _fit(self.fonts, style, text, width, max_lines or style.max_lines, max_height)
        return _Block(role, text, fitted.lines, fitted.size, style)

    def fail(self, problem: BadgeError) -> NoReturn:
        raise BadgeFitError(N_("%(badge)s, bố cục %(layout)s: %(problem)s."), badge=self.badge.description,
                            layout=self.layout.name, problem=problem)


@lru_cache(maxsize=FIT_CACHE_SIZE)
def _fit(
    fonts: FontSet, style: TextStyle, text: str, width: float, max_lines: int, max_height: float | None
) -> wrap.Fitted:
    ellipsis = wrap.ELLIPSIS if fonts.has_glyphs(wrap.ELLIPSIS, style.bold) else "..."
    return wrap.fit(
        text, width=width, size=style.size_pt, min_size=style.min_pt, max_lines=max_lines,
        measure=lambda part: fonts.width(part, style.bold, 1), line_height=LINE_HEIGHT,
        max_height=max_height, ellipsis=ellipsis,
    )


def _block(entry: _Block | _WriteIn) -> _Block:
    assert isinstance(entry, _Block)
    return entry


def _height(column: list[_Block | _WriteIn]) -> float:
    return sum(entry.height for entry in column)


def _shrunk(block: _Block, share: float) -> float:
    """``share`` of the way from the block's size to its smallest, rounded down to 0.1 pt."""
    size = block.size - share * (block.size - block.style.min_pt)
    return max(block.style.min_pt, math.floor(size * 10 + 1e-6) / 10)


def _relative_luminance(colour: RGB) -> float:
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in colour]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
