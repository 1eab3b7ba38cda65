"""What every blueprint shares: JSON errors for the API, the page context, the front page."""

from __future__ import annotations

import time
from typing import Any

from flask import Flask, g, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import get_locale, gettext as _
from werkzeug.exceptions import HTTPException

from kiosk.auth.roles import current_roles
from kiosk.db import db
from kiosk.errors import ApiError
from kiosk.events.models import Event
from kiosk.events.service import current_event
from kiosk.text import format_clock


def api_error_response(status: int, code: str, message: str, **extra: Any) -> ResponseReturnValue:
    return jsonify({"error": {"code": code, "message": message, **extra}}), status


def json_object() -> dict[str, Any]:
    """The request's JSON body, which must be an object; anything else is a 400 naming the problem."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "bad_json", _("Nội dung yêu cầu phải là một đối tượng JSON."))
    return body


def require_event() -> Event:
    """The installation's event; a 503 with advice when ``kiosk init`` was never run."""
    event = g.get("event")
    if event is None:
        event = current_event(db.session())
        if event is None:
            raise ApiError(503, "no_event", _("Chưa có sự kiện nào. Hãy chạy: kiosk init --demo"))
        g.event = event
    return event


def format_event_date(date: str) -> str:
    """"2026-06" → "tháng 06/2026"; "2026-06-18" → "18/06/2026" (dd/mm/yyyy)."""
    parts = date.split("-")
    if len(parts) == 2:
        return _("tháng %(month)s/%(year)s", month=parts[1], year=parts[0])
    return f"{parts[2]}/{parts[1]}/{parts[0]}"


def format_minutes(seconds: int) -> str:
    return _("%(n)d phút", n=round(seconds / 60))


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def register_common(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def handle_api_error(error: ApiError) -> ResponseReturnValue:
        if _wants_json():
            return api_error_response(error.status, error.code, error.message, **error.extra)
        return render_template("error.html", message=error.message), error.status

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException) -> ResponseReturnValue:
        if _wants_json():
            return api_error_response(error.code or 500, (error.name or "error").lower().replace(" ", "_"),
                                      error.description or "")
        return error

    app.add_template_filter(format_event_date, "event_date")
    app.add_template_filter(format_minutes, "minutes")
    app.add_template_filter(format_clock, "clock")
    app.add_template_filter(zip, "zip")

    @app.context_processor
    def page_context() -> dict[str, Any]:
        return {
            "event": current_event(db.session()),
            "roles": current_roles(),
            "lang": str(get_locale()),
        }

    @app.get("/")
    def index() -> ResponseReturnValue:
        return render_template("index.html")

    @app.get("/api/v1/time")
    def server_time() -> ResponseReturnValue:
        """The server's clock, for clients measuring their offset."""
        return jsonify({"server_time": time.time()})
