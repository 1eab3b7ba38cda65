"""Delegates registered at the desk (walk-ins)."""

from __future__ import annotations

from flask import Blueprint, jsonify, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from kiosk.attendees import service
from kiosk.attendees.models import Attendee
from kiosk.auth.roles import role_required
from kiosk.checkin.desk import desk_row
from kiosk.db import column_limit
from kiosk.errors import ApiError
from kiosk.events.models import AttendeeGroup
from kiosk.extensions import db
from kiosk.web import json_object, require_event, text_field

bp = Blueprint("attendees", __name__)


@bp.post("/api/v1/attendees")
@role_required("reception")
def register_walk_in() -> ResponseReturnValue:
    """A delegate missing from the list: add them to a group and hand out a badge."""
    event = require_event()
    body = json_object()
    code = (text_field(body, "group", column_limit(AttendeeGroup.code), required=True) or "").upper()
    group = next((g for g in event.groups if g.code == code), None)
    if group is None:
        raise ApiError(400, "unknown_group", _("Không có nhóm “%(code)s”.", code=code), field="group")
    full_name = text_field(body, "full_name", column_limit(Attendee.full_name), required=True) or ""
    if not full_name:
        raise ApiError(400, "missing_field", _("Cần nhập họ và tên."), field="full_name")
    attendee = service.register_walk_in(db.session(), event, group, full_name=full_name,
                                        position=text_field(body, "position", column_limit(Attendee.position)) or "",
                                        unit=text_field(body, "unit", column_limit(Attendee.unit)) or "",
                                        namesake=body.get("same_name") is True)
    badge = {"png": url_for("badges.single_png", attendee_id=attendee.id),
             "pdf": url_for("badges.single_pdf", attendee_id=attendee.id)}
    return jsonify({"attendee": desk_row(attendee), "badge": badge}), 201
