"""Print-ready badge PDFs: sheets with cut marks, or one badge a page."""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from kiosk.badges import qr
from kiosk.badges.compose import Box, ComposedBadge, QrPlacement, Rule, TextRun, compose
from kiosk.badges.errors import BadgeError
from kiosk.badges.fonts import FontSet
from kiosk.badges.layouts import PT_PER_MM, Layout
from kiosk.badges.model import Badge
from kiosk.errors import N_

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

CUT_MARK_WIDTH_PT = 0.3
DOCUMENT_KIND = "Thẻ đại biểu"
"""Begins the PDF's title (then the event) and subject (then the groups)."""


def render_pdf(
    badges: Sequence[Badge],
    layout: Layout,
    out: BinaryIO | str | os.PathLike[str],
    *,
    fonts: FontSet | None = None,
    progress: Callable[[int], None] | None = None,
    qr_workers: int = 1,
) -> None:
    """Write all ``badges`` as one PDF laid out by ``layout``.

    Every badge is composed and checked (glyphs) before a byte is written;
    a path is written atomically. The document's title names the event, its
    subject the groups, its author the organiser; the fonts are embedded. ``progress`` is called after each badge is
    drawn with the number drawn so far.
    """
    from reportlab.pdfgen.canvas import Canvas  # here: the server imports this module at start, seldom draws

    if not badges:
        raise BadgeError(N_("Không có thẻ nào để in."), code="no_badges")
    fonts = fonts or FontSet.default()
    qr.encode_many((badge.token for badge in badges), qr_workers)
    composed = [compose(badge, layout, fonts) for badge in badges]

    buffer = io.BytesIO()
    page = layout.page
    page_height = page.height_mm * PT_PER_MM
    canvas = Canvas(
        buffer,
        pagesize=(page.width_mm * PT_PER_MM, page_height),
        initialFontName=fonts.pdf_name(bold=False),
        pageCompression=1,
        lang="vi-VN",
    )
    canvas.setTitle(f"{DOCUMENT_KIND} — {badges[0].event_short}")
    canvas.setSubject(f"{DOCUMENT_KIND} — {'; '.join(dict.fromkeys(badge.group_name for badge in badges))}")
    canvas.setAuthor(badges[0].organiser)
    canvas.setCreator("kiosk")
    slots = layout.slots()
    for index, badge in enumerate(composed):
        slot = index % page.badges_per_page
        if slot == 0:
            if index:
                canvas.showPage()
            _draw_cut_marks(canvas, layout, page_height)
        left_mm, top_mm = slots[slot]
        _draw_badge(canvas, badge, fonts, left_mm * PT_PER_MM, page_height - top_mm * PT_PER_MM)
        if progress:
            progress(index + 1)
    canvas.save()
    _write(buffer.getvalue(), out)


def _draw_badge(canvas: Canvas, badge: ComposedBadge, fonts: FontSet, left: float, top: float) -> None:
    """Draw at (left, top) in PDF space, turning the badge's downward y around."""
    for item in badge.items:
        match item:
            case TextRun():
                canvas.setFillColorRGB(*item.colour)
                canvas.setFont(fonts.pdf_name(item.bold), item.size)
                x, y = left + item.x, top - item.baseline
                if item.align == "centre":
                    canvas.drawCentredString(x, y, item.text)
                elif item.align == "right":
                    canvas.drawRightString(x, y, item.text)
                else:
                    canvas.drawString(x, y, item.text)
            case Box():
                canvas.setFillColorRGB(*item.colour)
                canvas.roundRect(
                    left + item.x, top - item.y - item.height, item.width, item.height,
                    item.radius, stroke=0, fill=1,
                )
            case Rule():
                canvas.setStrokeColorRGB(*item.colour)
                canvas.setLineWidth(item.thickness)
                canvas.line(left + item.x1, top - item.y, left + item.x2, top - item.y)
            case QrPlacement():
                _draw_qr(canvas, item, left, top)


def _draw_qr(canvas: Canvas, placement: QrPlacement, left: float, top: float) -> None:
    """One filled path with a rectangle per horizontal run of dark modules.

    Written as raw operators in module units (a ``cm`` matrix scales them and
    flips y), so each rectangle is four small integers: ~5× faster than
    reportlab's path API, which formats every coordinate as a float.
    """
    from reportlab.lib.rl_accel import fp_str

    module = placement.size / placement.code.modules
    matrix = fp_str(module, 0, 0, -module, left + placement.x, top - placement.y)
    operators = [f"q 0 g {matrix} cm"]
    operators += [f"{column} {row} {length} 1 re" for row, column, length in placement.code.runs]
    operators.append("f Q")
    canvas.addLiteral("\n".join(operators))


def _draw_cut_marks(canvas: Canvas, layout: Layout, page_height: float) -> None:
    lines = layout.cut_lines()
    if not lines:
        return
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setLineWidth(CUT_MARK_WIDTH_PT)
    canvas.lines(
        [
            (line.x1 * PT_PER_MM, page_height - line.y1 * PT_PER_MM,
             line.x2 * PT_PER_MM, page_height - line.y2 * PT_PER_MM)
            for line in lines
        ]
    )


def _write(data: bytes, out: BinaryIO | str | os.PathLike[str]) -> None:
    if not isinstance(out, str | os.PathLike):
        out.write(data)
        return
    out = Path(out)
    handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        # mkstemp makes it 600, and so it stays: a sheet's QR codes check its delegates in (issue: every file 600)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
