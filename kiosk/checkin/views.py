"""The reception desk at the hall entrance, and the check-in API it shares with scripts."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict
from typing import Any

from flask import Blueprint, current_app, jsonify, render_template
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from kiosk.attendees.models import Attendee
from kiosk.auth.roles import role_required
from kiosk.badges.token import REASON_MESSAGES_EN, REASON_MESSAGES_VI
from kiosk.checkin import service
from kiosk.checkin.models import CheckIn
from kiosk.checkin.report import attendance_report
from kiosk.db import db, utcnow
from kiosk.errors import ApiError
from kiosk.events.models import Event
from kiosk.live.socket import broadcast, broadcast_soon
from kiosk.security import limiter
from kiosk.text import nfc
from kiosk.web import is_db_id, json_object, report_download, require_event

bp = Blueprint("checkin", __name__)

MAX_DESK, MAX_CLIENT_ID, MAX_TOKEN, MAX_NAME = 60, 80, 200, 200


@bp.get("/checkin")
@role_required("reception")
def desk() -> ResponseReturnValue:
    event = require_event()
    return render_template("checkin.html", event=event,
                           attendance=service.attendance_by_group(db.session(), event))


@bp.get("/desk-sw.js")
def desk_service_worker() -> ResponseReturnValue:
    """Served from the root so that its scope covers /checkin."""
    response = current_app.send_static_file("js/desk-sw.js")
    response.headers["Cache-Control"] = "no-cache"
    return response


def attendee_json(attendee: Attendee, arrival: CheckIn | None = None) -> dict[str, Any]:
    """What a desk shows of a delegate (and no more: it is also the offline copy)."""
    group = attendee.group
    return {
        "id": attendee.id, "number": attendee.number, "name": attendee.display_name,
        "full_name": attendee.full_name, "seat_label": attendee.seat_label,
        "position": attendee.position, "unit": attendee.unit, "badge_version": attendee.badge_version,
        "revoked": attendee.revoked, "seat": group.seats,
        "group": {"code": group.code, "name": group.name, "colour": group.colour, "seat_area": group.seat_area},
        "checked_in_at": arrival.scanned_at.isoformat() if arrival else None,
        "checked_in_desk": arrival.desk if arrival else None,
    }


def attendance_json(event: Event) -> dict[str, Any]:
    groups = service.attendance_by_group(db.session(), event)
    return {
        "groups": [asdict(group) | {"checked_in": group.arrived} for group in groups],
        "total": {
            "expected": sum(g.expected for g in groups),
            "registered": sum(g.registered for g in groups),
            "checked_in": sum(g.arrived for g in groups),
        },
    }


def text_field(body: dict[str, Any], name: str, limit: int, *, required: bool = False,
               normalise: bool = False) -> str | None:
    """A string field of at most ``limit`` characters; ``normalise``: NFC and trimmed first, as it is stored
    (NFC may lengthen a string, and a column of ``limit`` characters must hold it)."""
    value = body.get(name)
    if value is None:
        if required:
            raise ApiError(400, "missing_field", _("Thiếu trường “%(field)s”.", field=name), field=name)
        return None
    if normalise and isinstance(value, str):
        value = nfc(value)
    if not isinstance(value, str) or len(value) > limit:
        raise ApiError(400, "bad_field", _("Trường “%(field)s” phải là chuỗi, tối đa %(limit)d ký tự.",
                                           field=name, limit=limit), field=name)
    return value


def _scan_request(body: dict[str, Any]) -> service.ScanRequest:
    token = text_field(body, "token", MAX_TOKEN)
    attendee_id = body.get("attendee_id")
    if (token is None) == (attendee_id is None):
        raise ApiError(400, "token_or_attendee", _("Gửi đúng một trong hai trường “token” hoặc “attendee_id”."))
    if attendee_id is not None and not is_db_id(attendee_id):
        raise ApiError(400, "bad_field", _("Trường “attendee_id” phải là số nguyên dương."), field="attendee_id")
    scanned_at = body.get("scanned_at")
    if scanned_at is not None:
        if isinstance(scanned_at, bool) or not isinstance(scanned_at, (int, float)) or not math.isfinite(scanned_at) \
                or not 0 < scanned_at < 1e11:
            raise ApiError(400, "bad_field", _("Trường “scanned_at” phải là thời điểm (giây kể từ 1970)."),
                           field="scanned_at")
        scanned_at = dt.datetime.fromtimestamp(scanned_at, dt.timezone.utc)
    return service.ScanRequest(
        desk=text_field(body, "desk", MAX_DESK) or "",
        token=token,
        attendee_id=attendee_id,
        client_id=text_field(body, "client_id", MAX_CLIENT_ID) or None,
        scanned_at=scanned_at,
        holder_name=text_field(body, "holder_name", MAX_NAME, normalise=True),
    )


def _announce(event: Event, attendee: Attendee, arrival: CheckIn | None) -> None:
    """Tell every desk who arrived now, and every screen the new counts soon."""
    broadcast("arrival", attendee_json(attendee, arrival), desks_only=True)
    event_id = event.id

    def counts() -> dict[str, Any] | None:
        current = db.session.get(Event, event_id)
        return attendance_json(current) if current is not None else None

    broadcast_soon("attendance", counts)


@bp.post("/api/v1/checkins")
@limiter.limit(lambda: current_app.config["CHECKIN_RATE_LIMIT"],
               error_message=lambda: _("Quá nhiều lượt quét từ một máy; chờ một giây rồi quét lại."))
@role_required("reception")
def create_checkin() -> ResponseReturnValue:
    event = require_event()
    request = _scan_request(json_object())
    result = service.check_in(db.session(), event, current_app.config["BADGE_SECRET"], request)
    answer: dict[str, Any] = {"status": result.status, "replayed": result.replayed}
    if result.reason:
        answer["reason"] = result.reason
        answer["message"] = reason_message(result.reason)
    if result.attendee is not None:
        answer["attendee"] = attendee_json(result.attendee, result.first)
    if result.first is not None:
        answer["first_checked_in_at"] = result.first.scanned_at.isoformat()
        answer["first_desk"] = result.first.desk
    if result.row is not None:
        answer["checkin_id"] = result.row.id
    if result.row is not None and not result.replayed:
        _announce(event, result.attendee, result.first)  # type: ignore[arg-type]
    return jsonify(answer)


def reason_message(reason: str) -> str:
    """Why a scan was refused, in the page's language."""
    token_messages = REASON_MESSAGES_EN if str(get_locale()) == "en" else REASON_MESSAGES_VI
    if reason in token_messages:
        return token_messages[reason]  # type: ignore[index]
    messages = {
        service.REASON_REMOVED: _("Đại biểu đã bị xoá khỏi danh sách; thẻ không còn hiệu lực."),
        service.REASON_UNKNOWN_ATTENDEE: _("Không có đại biểu này trong danh sách hội nghị."),
    }
    return messages.get(reason, reason)


@bp.patch("/api/v1/checkins/<int:checkin_id>")
@role_required("reception")
def name_seat_holder(checkin_id: int) -> ResponseReturnValue:
    """Record who held a seat badge ("Đại biểu thôn 3"), asked at the desk after the scan."""
    event = require_event()
    holder = text_field(json_object(), "holder_name", MAX_NAME, required=True, normalise=True)
    session = db.session()
    row = session.get(CheckIn, checkin_id)
    if row is None or row.attendee.event_id != event.id or row.action != "in":
        raise ApiError(404, "unknown_checkin", _("Không có lượt điểm danh số %(id)d.", id=checkin_id))
    row.holder_name = holder or None
    session.commit()
    return jsonify({"checkin_id": row.id, "holder_name": row.holder_name})


@bp.post("/api/v1/checkins/undo")
@role_required("reception")
def undo_checkin() -> ResponseReturnValue:
    """Undo an arrival (the given delegate's, or this desk's last), with a reason."""
    event = require_event()
    body = json_object()
    desk_name = text_field(body, "desk", MAX_DESK) or ""
    reason = text_field(body, "reason", 300, required=True, normalise=True) or ""
    if not reason:
        raise ApiError(400, "missing_field", _("Cần ghi lý do huỷ điểm danh."), field="reason")
    attendee_id = body.get("attendee_id")
    session = db.session()
    if attendee_id is None:
        last = service.last_arrival_at_desk(session, event, desk_name)
        if last is None:
            raise ApiError(404, "nothing_to_undo", _("Bàn này chưa điểm danh ai để huỷ."))
        attendee_id = last.attendee_id
    elif not is_db_id(attendee_id):
        raise ApiError(400, "bad_field", _("Trường “attendee_id” phải là số nguyên dương."), field="attendee_id")
    row = service.undo_arrival(session, event, attendee_id, desk=desk_name, reason=reason)
    if row is None:
        raise ApiError(409, "not_checked_in", _("Đại biểu này chưa được điểm danh."))
    _announce(event, row.attendee, None)
    return jsonify({"status": "undone", "attendee": attendee_json(row.attendee)})


@bp.get("/admin/reports/attendance.<fmt>")
@role_required("admin")
def attendance_download(fmt: str) -> ResponseReturnValue:
    return report_download("bao-cao-diem-danh", fmt,
                           lambda chosen: attendance_report(db.session(), require_event(), chosen, utcnow()))


@bp.get("/api/v1/attendance")
def attendance() -> ResponseReturnValue:
    """Counts per group and in total (public: no names)."""
    return jsonify(attendance_json(require_event()))


def roster_json(event: Event) -> dict[str, Any]:
    session = db.session()
    arrived = service.arrivals(session, event)
    attendees = session.scalars(select(Attendee).where(Attendee.event_id == event.id).order_by(Attendee.id))
    return {"event_id": event.id, "attendees": [attendee_json(a, arrived.get(a.id)) for a in attendees]}


@bp.get("/api/v1/desk/roster")
@role_required("reception")
def desk_roster() -> ResponseReturnValue:
    """The desk's offline copy: what a desk shows of each delegate, with arrivals."""
    return jsonify(roster_json(require_event()))


@bp.get("/api/v1/attendees")
@role_required("admin")
def attendees() -> ResponseReturnValue:
    return jsonify(roster_json(require_event()))
