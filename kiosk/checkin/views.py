"""The reception desk at the hall entrance."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from kiosk.auth.roles import role_required
from kiosk.checkin.service import attendance_by_group
from kiosk.db import db
from kiosk.web import require_event

bp = Blueprint("checkin", __name__)


@bp.get("/checkin")
@role_required("reception")
def desk() -> ResponseReturnValue:
    event = require_event()
    return render_template("checkin.html", event=event, attendance=attendance_by_group(db.session(), event))
