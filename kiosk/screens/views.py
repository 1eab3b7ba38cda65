"""The public screens: the hall projector, delegates' phones, the presenter's monitor."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for
from flask.typing import ResponseReturnValue

from kiosk.qrsvg import qr_svg
from kiosk.web import require_event

bp = Blueprint("screens", __name__)


@bp.get("/screen")
def hall_screen() -> ResponseReturnValue:
    event = require_event()
    agenda_qr = qr_svg(url_for("screens.agenda", _external=True))
    return render_template("screen.html", event=event, agenda_qr=agenda_qr)


@bp.get("/agenda")
def agenda() -> ResponseReturnValue:
    return render_template("agenda.html", event=require_event())


@bp.get("/stage")
def stage() -> ResponseReturnValue:
    return render_template("stage.html", event=require_event())
