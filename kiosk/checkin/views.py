"""The reception desk at the hall entrance, and the check-in API it shares with scripts."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

from flask import Blueprint, current_app, jsonify, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_babel import gettext as _

from kiosk.auth.roles import role_required
from kiosk.checkin import offline, service
from kiosk.checkin.desk import attendance_json, desk_row, desk_rows
from kiosk.checkin.models import CheckIn
from kiosk.checkin.report import attendance_report
from kiosk.db import column_limit, utcnow
from kiosk.errors import ApiError
from kiosk.events.models import Event
from kiosk.events.service import current_event
from kiosk.extensions import db
from kiosk.security import scans_limited
from kiosk.web import flag_field, is_db_id, json_object, report_download, require_event, require_event_id, text_field

bp = Blueprint("checkin", __name__)

MAX_TOKEN = 200  # a token is at most 43 characters; a scanner may add noise around it


@bp.get("/checkin")
@role_required("reception")
def desk() -> ResponseReturnValue:
    return desk_page(require_event())


def desk_page(event: Event) -> str:
    return render_template("checkin.html", event=event, attendance=service.attendance_by_group(db.session(), event))


def desk_assets() -> list[offline.Asset]:
    """Every file the desk page loads (kiosk.checkin.offline), read from the page as it renders now."""
    import font_source_sans_pro

    event = current_event(db.session())
    if event is None:
        return []
    resolve = offline.resolver({"/static/": Path(current_app.static_folder or "static"),
                                "/fonts/": Path(font_source_sans_pro.font_directory)})
    return offline.page_assets(desk_page(event), resolve, url_for("checkin.desk"))


@bp.get("/desk-sw.js")
def desk_service_worker() -> ResponseReturnValue:
    """Served from the root so that its scope covers /checkin, with what it stores put in front of it.

    ``self.DESK`` names the cache (a hash of every asset and of the worker itself, so a deploy that changes
    anything installs a new worker with fresh files) and lists the page and its assets.
    """
    worker = Path(current_app.static_folder or "static", "js", "desk-sw.js").read_text(encoding="utf-8")
    assets = desk_assets()
    manifest = {"cache": offline.cache_name(assets, worker),
                "assets": [url_for("checkin.desk"), *(asset.url for asset in assets)]}
    response = current_app.response_class(f"self.DESK = {json.dumps(manifest)};\n{worker}",
                                          mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


def _scan_request(body: dict[str, Any]) -> service.ScanRequest:
    token = text_field(body, "token", MAX_TOKEN, one_line=False)
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
        scanned_at = dt.datetime.fromtimestamp(scanned_at, dt.UTC)
    return service.ScanRequest(
        desk=_desk(body),
        token=token,
        attendee_id=attendee_id,
        client_id=text_field(body, "client_id", column_limit(CheckIn.client_id)) or None,
        scanned_at=scanned_at,
        holder_name=text_field(body, "holder_name", column_limit(CheckIn.holder_name)),
        stand_in=_stand_in(body),
    )


def _stand_in(body: dict[str, Any]) -> service.StandIn | None:
    """``"stand_in": {"name": "…", "position": "…"}``: who came in the delegate's place (name required)."""
    value = body.get("stand_in")
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ApiError(400, "bad_field", _("Trường “stand_in” phải là đối tượng {“name”, “position”}."),
                       field="stand_in")
    fields = {f"stand_in.{key}": item for key, item in value.items()}  # errors name "stand_in.name"
    name = text_field(fields, "stand_in.name", column_limit(CheckIn.stand_in_name), required=True) or ""
    if not name:
        raise ApiError(400, "missing_field", _("Cần nhập họ và tên người dự thay."), field="stand_in.name")
    position = text_field(fields, "stand_in.position", column_limit(CheckIn.stand_in_position)) or ""
    return service.StandIn(name=name, position=position)


def _desk(body: dict[str, Any]) -> str:
    return text_field(body, "desk", column_limit(CheckIn.desk)) or ""


@bp.post("/api/v1/checkins")
@scans_limited
@role_required("reception")
def create_checkin() -> ResponseReturnValue:
    event_id = require_event_id()
    request = _scan_request(json_object())
    result = service.check_in(db.session(), event_id, current_app.config["BADGE_SECRET"], request)
    answer: dict[str, Any] = {"status": result.status, "replayed": result.replayed}
    if result.reason:
        answer["reason"] = result.reason
        answer["message"] = reason_message(result.reason)
    if result.attendee is not None:
        answer["attendee"] = desk_row(result.attendee, result.first)
    if result.first is not None:
        answer["first_checked_in_at"] = result.first.scanned_at.isoformat()
        answer["first_desk"] = result.first.desk
    if result.row_id is not None:
        answer["checkin_id"] = result.row_id
    return jsonify(answer)


def reason_message(reason: str) -> str:
    """Why a scan was refused, in the page's language."""
    return gettext(service.SCAN_REFUSALS[reason]) if reason in service.SCAN_REFUSALS else reason


@bp.patch("/api/v1/checkins/<int:checkin_id>")
@role_required("reception")
def name_seat_holder(checkin_id: int) -> ResponseReturnValue:
    """Record who held a seat badge ("Đại biểu thôn 3"), asked at the desk after the scan."""
    holder = text_field(json_object(), "holder_name", column_limit(CheckIn.holder_name), required=True) or ""
    row = service.name_holder(db.session(), require_event(), checkin_id, holder)
    return jsonify({"checkin_id": row.id, "holder_name": row.holder_name})


@bp.post("/api/v1/checkins/undo")
@role_required("reception")
def undo_checkin() -> ResponseReturnValue:
    """Undo an arrival (the given delegate's, or this desk's last), with a reason."""
    event = require_event()
    body = json_object()
    desk_name = _desk(body)
    reason = text_field(body, "reason", column_limit(CheckIn.reason), required=True) or ""
    if not reason:
        raise ApiError(400, "missing_field", _("Cần ghi lý do hủy điểm danh."), field="reason")
    attendee_id = body.get("attendee_id")
    session = db.session()
    if attendee_id is None:
        last = service.last_arrival_at_desk(session, event, desk_name)
        if last is None:
            raise ApiError(404, "nothing_to_undo", _("Bàn này chưa điểm danh ai để hủy."))
        attendee_id = last.attendee_id
    elif not is_db_id(attendee_id):
        raise ApiError(400, "bad_field", _("Trường “attendee_id” phải là số nguyên dương."), field="attendee_id")
    undone = service.undo_arrival(session, event, attendee_id, desk=desk_name, reason=reason,
                                  withdraw_walk_in=flag_field(body, "withdraw_walk_in"))
    return jsonify({"status": "undone", "attendee": desk_row(undone.row.attendee),
                    "walk_in_withdrawn": undone.withdrawn})


@bp.get("/admin/reports/attendance.<fmt>")
@role_required("admin")
def attendance_download(fmt: str) -> ResponseReturnValue:
    return report_download("bao-cao-diem-danh", fmt,
                           lambda chosen: attendance_report(db.session(), require_event(), chosen, utcnow()))


@bp.get("/api/v1/attendance")
def attendance() -> ResponseReturnValue:
    """Counts per group and in total (public: no names)."""
    return jsonify(attendance_json(db.session(), require_event()))


def roster_json(event: Event) -> dict[str, Any]:
    return {"event_id": event.id, "attendees": desk_rows(db.session(), event)}


@bp.get("/api/v1/desk/roster")
@role_required("reception")
def desk_roster() -> ResponseReturnValue:
    """The desk's offline copy: what a desk shows of each delegate, with arrivals."""
    return jsonify(roster_json(require_event()))


@bp.get("/api/v1/attendees")
@role_required("admin")
def attendees() -> ResponseReturnValue:
    return jsonify(roster_json(require_event()))
