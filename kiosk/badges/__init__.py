"""QR badges: signed tokens, print-ready PDF sheets and PNG e-badges (no Flask, no database)."""

from kiosk.badges.errors import BadgeError, BadgeFitError, FontError, LayoutError, MissingGlyphError
from kiosk.badges.fonts import FontSet
from kiosk.badges.layouts import Layout, layout_names, layouts_dir, load_layout, load_layouts
from kiosk.badges.model import Badge
from kiosk.badges.render_pdf import render_pdf
from kiosk.badges.render_png import render_png

__all__ = [
    "Badge",
    "BadgeError",
    "BadgeFitError",
    "FontError",
    "FontSet",
    "Layout",
    "LayoutError",
    "MissingGlyphError",
    "layout_names",
    "layouts_dir",
    "load_layout",
    "load_layouts",
    "render_pdf",
    "render_png",
]
