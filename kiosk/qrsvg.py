"""A QR code as inline SVG markup, for links shown on screens (the badges' encoder, drawn as a path)."""

from __future__ import annotations

from markupsafe import Markup

from kiosk.badges import qr


def qr_svg(data: str) -> Markup:
    code = qr.encode(data)
    path = "".join(f"M{column},{row}h{length}v1h-{length}z" for row, column, length in code.runs)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {code.modules} {code.modules}" '
        f'shape-rendering="crispEdges" role="img"><rect width="100%" height="100%" fill="#fff"/>'
        f'<path d="{path}" fill="#000"/></svg>'
    )
