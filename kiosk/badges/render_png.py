"""E-badges: one badge as a PNG to send by Zalo or e-mail and scan from a phone screen."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from kiosk.badges.compose import Box, ComposedBadge, QrPlacement, Rule, TextRun, compose
from kiosk.badges.fonts import FontSet
from kiosk.badges.layouts import RGB, Layout, load_layout
from kiosk.badges.model import Badge

if TYPE_CHECKING:
    from PIL import ImageDraw

E_BADGE_LAYOUT = "card-a6"
"""Portrait, with a big QR code: suits a phone screen."""

_ANCHORS = {"left": "ls", "centre": "ms", "right": "rs"}


def render_png(
    badge: Badge, layout: Layout | None = None, *, dpi: int = 300, fonts: FontSet | None = None
) -> bytes:
    """Render one badge as PNG bytes, by default with the ``card-a6`` layout.

    The QR code is drawn on whole pixels, with no smoothing, so it stays sharp
    when a phone or a messaging app scales the picture.
    """
    from PIL import Image, ImageDraw  # here: the server imports this module at start, seldom draws

    fonts = fonts or FontSet.default()
    composed = compose(badge, layout or load_layout(E_BADGE_LAYOUT), fonts)
    scale = dpi / 72
    image = Image.new("RGB", (round(composed.width * scale), round(composed.height * scale)), "white")
    _draw(ImageDraw.Draw(image), composed, fonts, scale)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(dpi, dpi))
    return buffer.getvalue()


def _draw(draw: ImageDraw.ImageDraw, badge: ComposedBadge, fonts: FontSet, scale: float) -> None:
    for item in badge.items:
        match item:
            case TextRun():
                draw.text(
                    (item.x * scale, item.baseline * scale), item.text,
                    font=fonts.pil_font(item.bold, item.size * scale),
                    fill=_rgb(item.colour), anchor=_ANCHORS[item.align],
                )
            case Box():
                draw.rounded_rectangle(
                    (item.x * scale, item.y * scale, (item.x + item.width) * scale, (item.y + item.height) * scale),
                    radius=item.radius * scale, fill=_rgb(item.colour),
                )
            case Rule():
                draw.line(
                    (item.x1 * scale, item.y * scale, item.x2 * scale, item.y * scale),
                    fill=_rgb(item.colour), width=max(1, round(item.thickness * scale)),
                )
            case QrPlacement():
                _draw_qr(draw, item, scale)


def _draw_qr(draw: ImageDraw.ImageDraw, placement: QrPlacement, scale: float) -> None:
    """Whole-pixel modules, centred in the QR's place."""
    code = placement.code
    module = max(1, int(placement.size * scale / code.modules))
    offset = (placement.size * scale - module * code.modules) / 2
    x0, y0 = round(placement.x * scale + offset), round(placement.y * scale + offset)
    for row, column, length in code.runs:
        top = y0 + row * module
        draw.rectangle(
            (x0 + column * module, top, x0 + (column + length) * module - 1, top + module - 1), fill="black"
        )


def _rgb(colour: RGB) -> tuple[int, int, int]:
    red, green, blue = (round(channel * 255) for channel in colour)
    return red, green, blue
