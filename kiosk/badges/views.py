"""Badge downloads: a group's PDF sheet, one delegate's PDF or PNG e-badge."""

from __future__ import annotations

import io

from flask import Blueprint, current_app, request, send_file
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from kiosk.attendees.models import Attendee
from kiosk.auth.roles import role_required
from kiosk.badges.layouts import Layout, layout_names, load_layout
from kiosk.badges.render_png import render_png
from kiosk.badges.service import badge_for, group_attendees, write_group_pdf
from kiosk.errors import ApiError
from kiosk.events.models import Event
from kiosk.extensions import db
from kiosk.web import require_event

bp = Blueprint("badges", __name__)

SHEET_LAYOUT, SINGLE_LAYOUT = "a4-90x55", "card-90x55"


def _layout(default: str) -> Layout:
    name = request.args.get("layout", default)
    if name not in layout_names():
        raise ApiError(400, "unknown_layout", _("Không có khổ thẻ “%(name)s”; chọn một trong: %(names)s.",
                                                name=name[:40], names=", ".join(layout_names())))
    return load_layout(name)  # a LayoutError is a refusal (500): the layout file needs fixing


def _pdf(event: Event, attendees: list[Attendee], layout: Layout, filename: str) -> ResponseReturnValue:
    buffer = io.BytesIO()
    write_group_pdf(event, attendees, current_app.config["BADGE_SECRET"], layout, buffer)  # BadgeError: a 422
    buffer.seek(0)
    return send_file(buffer, mimetype="application/pdf", download_name=filename)


def _attendee(event: Event, attendee_id: int) -> Attendee:
    attendee = db.session.get(Attendee, attendee_id)
    if attendee is None or attendee.event_id != event.id:
        raise ApiError(404, "unknown_attendee", _("Không có đại biểu số %(id)d.", id=attendee_id))
    if attendee.revoked:
        raise ApiError(410, "revoked", _("Đại biểu đã bị xóa khỏi danh sách; không in thẻ."))
    return attendee


@bp.get("/admin/badges/<code>.pdf")
@role_required("admin")
def group_sheet(code: str) -> ResponseReturnValue:
    event = require_event()
    group = next((g for g in event.groups if g.code == code.upper()), None)
    if group is None:
        raise ApiError(404, "unknown_group", _("Không có nhóm “%(code)s”.", code=code[:20]))
    attendees = group_attendees(db.session(), event, group)
    if not attendees:
        raise ApiError(404, "empty_group", _("Nhóm “%(name)s” chưa có đại biểu nào.", name=group.name))
    return _pdf(event, attendees, _layout(SHEET_LAYOUT), f"the-{group.code}.pdf")


@bp.get("/api/v1/attendees/<int:attendee_id>/badge.pdf")
@role_required("reception")
def single_pdf(attendee_id: int) -> ResponseReturnValue:
    event = require_event()
    attendee = _attendee(event, attendee_id)
    return _pdf(event, [attendee], _layout(SINGLE_LAYOUT), f"the-{attendee.number}.pdf")


@bp.get("/api/v1/attendees/<int:attendee_id>/badge.png")
@role_required("reception")
def single_png(attendee_id: int) -> ResponseReturnValue:
    event = require_event()
    attendee = _attendee(event, attendee_id)
    png = render_png(badge_for(event, attendee, current_app.config["BADGE_SECRET"]))  # BadgeError: a 422
    return send_file(io.BytesIO(png), mimetype="image/png", download_name=f"the-{attendee.number}.png")
