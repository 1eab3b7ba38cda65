"""Delegates registered at the desk (walk-ins)."""

from __future__ import annotations

from flask import Blueprint, jsonify, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from kiosk.attendees.service import add_attendee
from kiosk.auth.roles import role_required
from kiosk.checkin.views import attendee_json, text_field
from kiosk.db import db
from kiosk.errors import ApiError
from kiosk.web import json_object, require_event

bp = Blueprint("attendees", __name__)


@bp.post("/api/v1/attendees")
@role_required("reception")
def register_walk_in() -> ResponseReturnValue:
    """A delegate missing from the list: add them to a group and hand out a badge."""
    event = require_event()
    body = json_object()
    code = (text_field(body, "group", 16, required=True) or "").upper()
    group = next((g for g in event.groups if g.code == code), None)
    if group is None:
        raise ApiError(400, "unknown_group", _("Không có nhóm “%(code)s”.", code=code), field="group")
    full_name = text_field(body, "full_name", 200, required=True, normalise=True) or ""
    if not full_name:
        raise ApiError(400, "missing_field", _("Cần nhập họ và tên."), field="full_name")
    session = db.session()
    attendee = add_attendee(session, event, group, full_name=full_name,
                            position=text_field(body, "position", 200, normalise=True) or "",
                            unit=text_field(body, "unit", 300, normalise=True) or "")
    session.commit()
    badge = {"png": url_for("badges.single_png", attendee_id=attendee.id),
             "pdf": url_for("badges.single_pdf", attendee_id=attendee.id)}
    return jsonify({"attendee": attendee_json(attendee), "badge": badge}), 201
