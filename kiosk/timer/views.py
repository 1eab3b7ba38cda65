"""The chair's console, the clock's JSON API, and the timing report download.

The boundary commits each command before it is answered and pushed to every
screen (Socket.IO ``timer`` on ``/live``); presenter messages go out as ``message``.

A clock command (and an applied fit) may carry a key, as ``client_id`` in the
body or an ``Idempotency-Key`` header: the first request with a key is applied
and the key stored with it; a retry with the same key changes nothing and is
answered with the clock *as that command left it* (the state at its revision,
counted down to now, with ``"replayed": true``), or for a fit the lengths it
stored. A key already used for another command is a 409 ``client_id_reused``.
"""

from __future__ import annotations

import time
from typing import Any, TypeGuard

from flask import Blueprint, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from kiosk.auth.roles import acting_role, role_required
from kiosk.errors import ApiError
from kiosk.events.eventfile import MAX_MESSAGE_LENGTH
from kiosk.events.models import Event
from kiosk.events.views import agenda_item_json
from kiosk.extensions import db
from kiosk.text import format_hhmm
from kiosk.timer.machine import MAX_ADJUST_SECONDS
from kiosk.timer.service import (
    COMMANDS,
    MAX_CLIENT_ID_LENGTH,
    CannotFit,
    Fitted,
    clear_message,
    fit_programme,
    message_json,
    programme_timing,
    run_command,
    send_message,
    timer_state,
)
from kiosk.web import flag_field, json_object, refusal_message, report_download, request_json, require_event, text_field

bp = Blueprint("timer", __name__)

@bp.get("/chair")
@role_required("chair")
def chair() -> ResponseReturnValue:
    event = require_event()
    return render_template("chair.html", event=event, timer=timer_state(db.session(), event, time.time()),
                           max_message_length=MAX_MESSAGE_LENGTH)


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
                         allotted_seconds=row.allotted_seconds, actual_start=row.actual_start,
                         actual_end=row.actual_end, elapsed_seconds=row.elapsed, overtime_seconds=row.overtime)
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
    body = request_json()
    if not isinstance(body, dict):
        body = {}
    arguments = _command_arguments(command, body)
    client_id = _client_id(body)
    event = require_event()
    session = db.session()
    ran = run_command(session, event, command, now=time.time(), role=acting_role(), client_id=client_id,
                      **arguments)
    if ran.replayed:
        return jsonify({**timer_state(session, event, time.time(), through=ran.transition.id), "replayed": True})
    return jsonify(timer_state(session, event, time.time()))


@bp.post("/api/v1/timer/fit")
@role_required("chair")
def fit_view() -> ResponseReturnValue:
    """New lengths for the items not started so that the programme ends at ``end``; proposed or applied."""
    body = json_object()
    end = body.get("end")
    if not isinstance(end, str) or not end.strip():
        raise ApiError(400, "bad_end", _("Trường “end” phải là giờ dạng HH:MM (24 giờ), ví dụ 11:30, hoặc "
                                         "“planned” (kết thúc theo kế hoạch)."), field="end")
    dry_run = flag_field(body, "dry_run", code="bad_dry_run")
    client_id = _client_id(body)
    event = require_event()
    session = db.session()
    try:
        fitted = fit_programme(session, event, end.strip(), now=time.time(), role=acting_role(), dry_run=dry_run,
                               client_id=client_id)
    except CannotFit as error:
        raise ApiError(409, error.code, refusal_message(error), field="end", earliest_end=error.earliest_end,
                       earliest_end_text=error.earliest) from error
    answer = _fit_json(event, fitted)
    if fitted.applied:
        answer["timer"] = timer_state(session, event, time.time())
    return jsonify(answer)


def _fit_json(event: Event, fitted: Fitted) -> dict[str, Any]:
    fit = fitted.fit
    answer: dict[str, Any] = {
        "feasible": fit.feasible, "applied": fitted.applied, "end": fit.end,
        "end_text": format_hhmm(fit.end, event.timezone), "time_left_seconds": fit.time_left,
        "earliest_end": fit.earliest_end, "floor_seconds": fit.floor_seconds,
        "items": [{"id": a.item_id, "planned_seconds": a.planned_seconds, "allotted_before": a.allotted_before,
                   "allotted_seconds": a.allotted_seconds} for a in fit.allotments],
    }
    if fitted.replayed:
        answer["replayed"] = True
    return answer


def _client_id(body: dict[str, Any]) -> str | None:
    """The command's key from the body's ``client_id`` or the ``Idempotency-Key`` header; a 400 naming it."""
    keys = {"client_id": body.get("client_id"), "Idempotency-Key": request.headers.get("Idempotency-Key")}
    for name, value in keys.items():
        if value is not None and not _is_key(value):
            raise ApiError(400, "bad_client_id", _("“%(field)s” phải là chuỗi từ 1 đến %(n)d ký tự, không có ký "
                                                   "tự điều khiển; mỗi lần bấm một mã mới.",
                                                   field=name, n=MAX_CLIENT_ID_LENGTH), field=name)
    given = {value.strip() for value in keys.values() if isinstance(value, str)}
    if len(given) > 1:
        raise ApiError(400, "bad_client_id", _("“client_id” và “Idempotency-Key” khác nhau; chỉ cần gửi một "
                                               "trong hai."), field="client_id")
    return given.pop() if given else None


def _is_key(value: object) -> bool:
    return (isinstance(value, str) and 0 < len(value.strip()) <= MAX_CLIENT_ID_LENGTH
            and all(" " <= char != "\x7f" for char in value))


def _command_arguments(command: str, body: dict[str, Any]) -> dict[str, Any]:
    """The body's arguments for add, skip and reorder; a 400 naming the field when missing or malformed."""
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


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


@bp.post("/api/v1/messages")
@role_required("chair")
def message_send() -> ResponseReturnValue:
    """Show a message on the stage; empty or absent text clears it."""
    text = text_field(json_object(), "text", MAX_MESSAGE_LENGTH, label=_("Tin nhắn"))  # one line, as every text
    event = require_event()
    session = db.session()
    if text and text.strip():
        return jsonify({"message": message_json(send_message(session, event, text))})
    clear_message(session, event)
    return jsonify({"message": None})


@bp.delete("/api/v1/messages")
@role_required("chair")
def message_clear() -> ResponseReturnValue:
    clear_message(db.session(), require_event())
    return jsonify({"message": None})


@bp.get("/admin/reports/timing.<fmt>")
@role_required("admin")
def timing_report_download(fmt: str) -> ResponseReturnValue:
    """The timing report for the minutes (PDF, CSV or XLSX), as of now."""
    from kiosk.timer.report import timing_report

    return report_download("bao-cao-thoi-gian", fmt,
                           lambda chosen: timing_report(db.session(), require_event(), chosen, time.time()))
