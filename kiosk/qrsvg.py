"""A QR code as inline SVG markup, for links shown on screens."""

from __future__ import annotations

import qrcode
from markupsafe import Markup
from qrcode.image.svg import SvgPathImage


def qr_svg(data: str) -> Markup:
    image = qrcode.make(data, image_factory=SvgPathImage, error_correction=qrcode.constants.ERROR_CORRECT_M,
                        border=4)
    svg = image.to_string(encoding="unicode")
    return Markup(svg[svg.index("<svg"):])  # drop the XML declaration: it sits inside HTML
