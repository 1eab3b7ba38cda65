"""The public screens: the hall projector, delegates' phones, the presenter's monitor.

Each page is rendered with the clock's state at that moment (kiosk.timer.service)
and then follows the pushes on /live (static/js/timer.js). Also /favicon.ico, for
browsers that ask for it whatever the page links.
"""

from __future__ import annotations

import time

from flask import Blueprint, current_app, render_template, send_from_directory, url_for
from flask.typing import ResponseReturnValue

from kiosk.addresses import public_base_url
from kiosk.extensions import db
from kiosk.qrsvg import qr_svg
from kiosk.timer.service import timer_state
from kiosk.web import require_event

bp = Blueprint("screens", __name__)


def _render(template: str, **context: object) -> str:
    event = require_event()
    return render_template(template, event=event, timer=timer_state(db.session(), event, time.time()), **context)


@bp.get("/screen")
def hall_screen() -> ResponseReturnValue:
    """The agenda's QR code carries the address phones can open (kiosk.addresses), never the request's Host;
    none when the kiosk listens on loopback only (``agenda_qr=None``)."""
    base = public_base_url(current_app.config)
    return _render("screen.html", agenda_qr=qr_svg(base + url_for("screens.agenda")) if base else None)


@bp.get("/agenda")
def agenda() -> ResponseReturnValue:
    return _render("agenda.html")


@bp.get("/stage")
def stage() -> ResponseReturnValue:
    return _render("stage.html")


@bp.get("/favicon.ico")
def favicon() -> ResponseReturnValue:
    """The kiosk's icon (static/favicon.svg, which every page links) where browsers look for it unasked."""
    assert current_app.static_folder is not None
    return send_from_directory(current_app.static_folder, "favicon.svg", mimetype="image/svg+xml")
