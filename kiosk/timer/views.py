"""The chair's console, the clock's JSON API, and the timing report download.

Every command is committed before its new state is pushed to every screen
(Socket.IO event ``timer`` on ``/live``); presenter messages are pushed as ``message``.
"""

from __future__ import annotations

import time
from typing import Any

from flask import Blueprint, jsonify, render_template
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from kiosk.auth.roles import current_roles, role_required
from kiosk.db import db
from kiosk.errors import ApiError
from kiosk.events.views import agenda_item_json
from kiosk.live.socket import broadcast
from kiosk.timer.machine import MAX_ADJUST_SECONDS, TransitionError
from kiosk.timer.service import (
    COMMANDS,
    MAX_MESSAGE_LENGTH,
    clear_message,
    message_json,
    programme_timing,
    run_command,
    send_message,
    timer_state,
)
from kiosk.web import json_object, report_download, request_json, require_event

bp = Blueprint("timer", __name__)

# The machine's refusal codes, for people at the rostrum.
TRANSITION_MESSAGES = {
    "no_current_item": lazy_gettext("Chương trình không có nội dung nào được bấm giờ."),
    "item_ended": lazy_gettext("Nội dung này đã kết thúc hoặc đã bỏ qua; hãy chuyển sang nội dung tiếp theo."),
    "already_started": lazy_gettext("Nội dung này đã bắt đầu."),
    "not_running": lazy_gettext("Đồng hồ đang không chạy."),
    "not_paused": lazy_gettext("Đồng hồ không ở trạng thái tạm dừng."),
    "not_started": lazy_gettext("Nội dung này chưa bắt đầu; hãy bỏ qua thay vì kết thúc."),
    "bad_seconds": lazy_gettext("Không thể bớt nhiều hơn thời gian đã dành cho nội dung này (trường “seconds”)."),
    "no_next_item": lazy_gettext("Không còn nội dung nào phía sau."),
    "no_previous_item": lazy_gettext("Đây là nội dung đầu tiên."),
    "unknown_item": lazy_gettext("Không có nội dung được bấm giờ với mã này (trường “item_id”)."),
    "not_skippable": lazy_gettext("Chỉ bỏ qua được nội dung sắp tới, hoặc nội dung hiện tại khi chưa bắt đầu."),
    "bad_order": lazy_gettext("Thứ tự mới (trường “order”) phải gồm đúng các nội dung sắp tới, mỗi nội dung một lần."),
}


@bp.get("/chair")
@role_required("chair")
def chair() -> ResponseReturnValue:
    event = require_event()
    return render_template("chair.html", event=event, timer=timer_state(db.session(), event, time.time()))


@bp.get("/api/v1/timer")
def timer_view() -> ResponseReturnValue:
    return jsonify(timer_state(db.session(), require_event(), time.time()))


@bp.get("/api/v1/agenda")
def agenda_view() -> ResponseReturnValue:
    """Every line of the programme in published order; timed items with their status and times."""
    event = require_event()
    timing = programme_timing(db.session(), event, time.time())
    clocks = {row.item.id: row for row in timing.items}
    items = []
    for item in event.agenda:
        entry: dict[str, Any] = agenda_item_json(item)
        row = clocks.get(item.id)
        if row is not None:
            entry.update(status=row.status, planned_start=row.planned_start, added_seconds=row.added_seconds,
                         actual_start=row.actual_start, actual_end=row.actual_end, elapsed_seconds=row.elapsed,
                         overtime_seconds=row.overtime)
        items.append(entry)
    return jsonify({
        "server_time": timing.now, "current_id": timing.current_id, "order": [row.item.id for row in timing.items],
        "planned_start": timing.planned_start, "planned_end": timing.planned_end,
        "projected_end": timing.projected_end, "delay_seconds": timing.delay_seconds, "items": items,
    })


@bp.post("/api/v1/timer/<command>")
@role_required("chair")
def command_view(command: str) -> ResponseReturnValue:
    if command not in COMMANDS:
        raise ApiError(404, "unknown_command", _("Không có lệnh “%(command)s”; dùng một trong: %(commands)s.",
                                                 command=command[:40], commands=", ".join(COMMANDS)))
    arguments = _command_arguments(command)
    event = require_event()
    session = db.session()
    try:
        run_command(session, event, command, now=time.time(), role=_acting_role(), **arguments)
    except TransitionError as error:
        session.rollback()
        message = TRANSITION_MESSAGES.get(error.code, _("Không thực hiện được lệnh này lúc này."))
        raise ApiError(409, error.code, str(message)) from error
    session.commit()
    state = timer_state(session, event, time.time())
    broadcast("timer", state)
    return jsonify(state)


def _command_arguments(command: str) -> dict[str, Any]:
    """The body's arguments for add, skip and reorder; a 400 naming the field when missing or malformed."""
    body = request_json()
    if not isinstance(body, dict):
        body = {}
    if command == "add":
        seconds = body.get("seconds")
        if not _is_int(seconds) or seconds == 0 or abs(seconds) > MAX_ADJUST_SECONDS:
            raise ApiError(400, "bad_seconds", _("Trường “seconds” phải là số nguyên giây khác 0, từ -%(max)d "
                                                 "đến %(max)d (số âm để bớt thời gian).", max=MAX_ADJUST_SECONDS))
        return {"seconds": seconds}
    if command == "skip":
        item_id = body.get("item_id")
        if not _is_int(item_id):
            raise ApiError(400, "bad_item_id", _("Trường “item_id” phải là mã số (số nguyên) của một nội dung."))
        return {"item_id": item_id}
    if command == "reorder":
        order = body.get("order")
        if not isinstance(order, list) or not all(_is_int(item_id) for item_id in order):
            raise ApiError(400, "bad_order", _("Trường “order” phải là danh sách mã số (số nguyên) "
                                               "của các nội dung sắp tới."))
        return {"order": order}
    return {}


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _acting_role() -> str:
    return "admin" if "admin" in current_roles() else "chair"


@bp.post("/api/v1/messages")
@role_required("chair")
def message_send() -> ResponseReturnValue:
    """Show a message on the stage; empty or absent text clears it."""
    text = json_object().get("text")
    if text is not None and not isinstance(text, str):
        raise ApiError(400, "bad_text", _("Trường “text” phải là chuỗi văn bản."))
    if text is not None and len(text.strip()) > MAX_MESSAGE_LENGTH:
        raise ApiError(400, "bad_text", _("Trường “text” dài quá %(n)d ký tự.", n=MAX_MESSAGE_LENGTH))
    event = require_event()
    session = db.session()
    if text and text.strip():
        message = message_json(send_message(session, event, text))
    else:
        clear_message(session, event)
        message = None
    session.commit()
    return _push_message(message)


@bp.delete("/api/v1/messages")
@role_required("chair")
def message_clear() -> ResponseReturnValue:
    session = db.session()
    clear_message(session, require_event())
    session.commit()
    return _push_message(None)


def _push_message(message: dict[str, Any] | None) -> ResponseReturnValue:
    body = {"message": message}
    broadcast("message", body)
    return jsonify(body)


@bp.get("/admin/reports/timing.<fmt>")
@role_required("admin")
def timing_report_download(fmt: str) -> ResponseReturnValue:
    """The timing report for the minutes (PDF, CSV or XLSX), as of now."""
    from kiosk.timer.report import timing_report

    return report_download("bao-cao-thoi-gian", fmt,
                           lambda chosen: timing_report(db.session(), require_event(), chosen, time.time()))
