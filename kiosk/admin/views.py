"""The organiser's office: the event, its groups, its delegates."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from kiosk.auth.roles import role_required
from kiosk.badges.layouts import layout_names
from kiosk.badges.service import group_attendees
from kiosk.checkin.service import attendance_by_group
from kiosk.db import db
from kiosk.web import require_event

bp = Blueprint("admin", __name__)


@bp.get("/admin")
@role_required("admin")
def overview() -> ResponseReturnValue:
    event = require_event()
    session = db.session()
    return render_template("admin.html", event=event, attendance=attendance_by_group(session, event),
                           attendees=group_attendees(session, event), layouts=layout_names())
