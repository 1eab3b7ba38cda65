"""What every blueprint shares: the boundary at the end of each request, refusals rendered in the page's
language (JSON for the API), the page context, the front page."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, current_app, jsonify, render_template, request, send_file
from flask.typing import ResponseReturnValue
from flask_babel import get_locale, gettext
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from kiosk import boundary
from kiosk.auth.roles import acting_role, current_roles
from kiosk.errors import N_, ApiError, Refusal
from kiosk.events.models import Event
from kiosk.events.service import current_event, current_event_id
from kiosk.extensions import DB_KEY, PUBLISHER_KEY, db
from kiosk.reports import FORMATS, TABLE_FORMATS
from kiosk.text import format_clock, is_one_line, nfc


def api_error_response(status: int, code: str, message: str, **extra: Any) -> ResponseReturnValue:
    return jsonify({"error": {"code": code, "message": message, **extra}}), status


MAX_JSON_BYTES = 64 * 1024
"""The largest JSON body the API reads (a reorder of a few hundred items is a few kB)."""
MAX_DB_ID = 2**31 - 1
"""The largest id a row can have on every supported database (PostgreSQL's ``integer``)."""


def request_json() -> Any:
    """The request's JSON body, or None when it is absent or not JSON.

    Hostile bodies get a clear 4xx instead of a server error: over 64 kB is a 413
    (read no further), nesting deep enough to exhaust the parser's recursion is
    not JSON, and text that no database can store (a NUL character, half of a
    UTF-16 surrogate pair written as ``\\ud800``) is a 400.
    """
    if (request.content_length or 0) > MAX_JSON_BYTES:
        raise ApiError(413, "too_large", _("Nội dung yêu cầu quá lớn (tối đa %(n)d kB).", n=MAX_JSON_BYTES // 1024))
    try:
        body = request.get_json(silent=True)
    except RecursionError:
        body = None
    if not _storable(body):
        raise ApiError(400, "bad_text", _("Nội dung yêu cầu có ký tự không hợp lệ (NUL hoặc mã UTF-16 lẻ)."))
    return body


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _storable(value: Any) -> bool:
    """No string anywhere in ``value`` (keys included) holds a NUL or a lone surrogate."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _UNSTORABLE.search(item):
                return False
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True


def json_object() -> dict[str, Any]:
    """The request's JSON body, which must be an object; anything else is a 400 naming the problem."""
    body = request_json()
    if not isinstance(body, dict):
        raise ApiError(400, "bad_json", _("Nội dung yêu cầu phải là một đối tượng JSON."))
    return body


def flag_field(body: dict[str, Any], name: str, *, code: str = "bad_field") -> bool:
    """A true/false field, false when absent (or JSON null); anything else is a 400 naming it."""
    value = body.get(name)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ApiError(400, code, _("Trường “%(field)s” phải là true hoặc false.", field=name), field=name)
    return value


def text_field(body: dict[str, Any], name: str, limit: int, *, required: bool = False,
               one_line: bool = True, label: str | None = None) -> str | None:
    """A string field of at most ``limit`` characters (a column's: kiosk.db.column_limit), NFC and trimmed
    first, as it is stored (NFC may lengthen a string, and the column must hold it); one line of text
    (kiosk.text.is_one_line) unless ``one_line=False`` (a badge token, which its own rule checks).

    A refusal names the field by ``name`` (the API's) in ``field``, and in its message by ``label`` when
    given: what the person typing it calls it ("Tin nhắn"), shown as it is by the chair's or the desk's page.
    """
    def refuse(code: str, message: str, **values: object) -> ApiError:
        """A 400 naming the field: by ``label`` when given, else as the API calls it (worded only on refusal)."""
        called = label or _("Trường “%(field)s”", field=name)
        return ApiError(400, code, _(message, field=called, **values), field=name)

    value = body.get(name)
    if value is None:
        if required:
            message = (_("Thiếu %(label)s.", label=label.lower()) if label
                       else _("Thiếu trường “%(field)s”.", field=name))
            raise ApiError(400, "missing_field", message, field=name)
        return None
    if isinstance(value, str):
        value = nfc(value)
    if not isinstance(value, str):
        raise refuse("bad_field", N_("%(field)s phải là văn bản, tối đa %(limit)d ký tự."), limit=limit)
    if len(value) > limit:
        raise refuse("bad_field", N_("%(field)s dài %(length)d ký tự: tối đa %(limit)d ký tự."),
                     length=len(value), limit=limit)
    if one_line and not is_one_line(value):
        raise refuse("bad_field", N_("%(field)s có ký tự điều khiển hoặc ký tự đảo chiều văn bản; "
                                     "hãy gõ lại trên một dòng."))
    return value


def is_db_id(value: object) -> bool:
    """A whole number (not a bool) that can be a row's id: 1 to 2³¹−1."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_DB_ID


def require_event() -> Event:
    """The installation's event; a 503 with advice when ``kiosk init`` was never run."""
    event = current_event(db.session())
    if event is None:
        raise _no_event()
    return event


def require_event_id() -> int:
    """The id of :func:`require_event`, without loading the event (a scan needs only the id)."""
    event_id = current_event_id(db.session())
    if event_id is None:
        raise _no_event()
    return event_id


def _no_event() -> ApiError:
    return ApiError(503, "no_event", _("Chưa có sự kiện nào. Hãy chạy: kiosk init --demo"))


def format_event_date(date: str) -> str:
    """"2026-06" → "tháng 06/2026"; "2026-06-18" → "18/06/2026" (dd/mm/yyyy)."""
    parts = date.split("-")
    if len(parts) == 2:
        return _("tháng %(month)s/%(year)s", month=parts[1], year=parts[0])
    return f"{parts[2]}/{parts[1]}/{parts[0]}"


def format_minutes(seconds: int) -> str:
    return _("%(n)d phút", n=round(seconds / 60))


def report_download(stem: str, fmt: str, build: Callable[[str], bytes],
                    formats: tuple[str, ...] = TABLE_FORMATS) -> ResponseReturnValue:
    """A report (or the minutes) as a file to save, in one of ``formats`` (kiosk.reports.FORMATS names their
    types); another format is a 404 naming the choices."""
    if fmt not in formats:
        raise ApiError(404, "unknown_format", _("Không có định dạng “%(fmt)s”; chọn một trong: %(choices)s.",
                                                fmt=fmt[:10], choices=", ".join(formats)))
    return send_file(io.BytesIO(build(fmt)), mimetype=FORMATS[fmt], as_attachment=True,
                     download_name=f"{stem}.{fmt}")


MAX_UPLOAD = 10 * 1024 * 1024
"""The largest plan or roster the organiser may upload."""


def uploaded_file(name: str) -> tuple[str, bytes] | None:
    """The form's file ``name`` as (filename, at most MAX_UPLOAD + 1 bytes), or None when none was chosen."""
    file = request.files.get(name)
    if file is None or not file.filename:
        return None
    return file.filename, file.stream.read(MAX_UPLOAD + 1)


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def register_boundary(app: Flask) -> None:
    """Every request ends at kiosk.boundary: committed, audited and announced, or rolled back."""

    def finish(succeeded: bool) -> None:
        boundary.finish_request(current_app.extensions[DB_KEY], acting_role, current_app.extensions[PUBLISHER_KEY],
                                succeeded)

    @app.after_request
    def commit_or_roll_back(response: Response) -> Response:
        finish(response.status_code < 400)
        return response

    @app.teardown_request
    def roll_back_after_an_exception(exception: BaseException | None) -> None:
        finish(False)  # a no-op when after_request already finished the request


def roll_back() -> None:
    """Forget this request's changes now, to show a refusal on the page it came from; nothing is committed."""
    db.session.rollback()


HTTP_ERROR_MESSAGES = {
    400: N_("Yêu cầu không hợp lệ."),
    401: N_("Cần đăng nhập."),
    403: N_("Không được phép."),
    404: N_("Không có trang hoặc mục này."),
    405: N_("Địa chỉ này không nhận kiểu yêu cầu này."),
    413: N_("Nội dung gửi lên quá lớn."),
    415: N_("Kiểu nội dung gửi lên không được nhận."),
    500: N_("Máy chủ gặp lỗi khi xử lý yêu cầu. Hãy gửi lại; nếu lỗi còn, báo người quản trị (chi tiết trong nhật ký "
            "của máy chủ)."),
}
"""What an HTTP error says when nothing more particular was said: werkzeug's own words are English only."""


def http_error_message(error: HTTPException) -> str:
    """An HTTP error's message in the page's language: werkzeug's stock text replaced, anything a view wrote kept."""
    stock = error.description is None or error.description == type(error).description
    status = error.code or 500
    if stock and (status in HTTP_ERROR_MESSAGES or status >= 500):
        return gettext(HTTP_ERROR_MESSAGES.get(status, HTTP_ERROR_MESSAGES[500]))
    return error.description or ""


def refusal_message(error: Refusal) -> str:
    """A refusal in the page's language."""
    return error.render(gettext)


def register_common(app: Flask) -> None:
    @app.errorhandler(Refusal)
    def handle_refusal(error: Refusal) -> ResponseReturnValue:
        message = refusal_message(error)
        if _wants_json():
            extra = error.extra if isinstance(error, ApiError) else ({"field": error.field} if error.field else {})
            return api_error_response(error.status, error.code, message, **extra)
        return render_template("error.html", message=message), error.status

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException) -> ResponseReturnValue:
        status = error.code or 500
        if status < 400:
            return error  # a redirect the router asked for (a missing trailing slash)
        message = http_error_message(error)
        if _wants_json():
            return api_error_response(status, (error.name or "error").lower().replace(" ", "_"), message)
        return render_template("error.html", message=message), status

    app.add_template_filter(format_event_date, "event_date")
    app.add_template_filter(format_minutes, "minutes")
    app.add_template_filter(format_clock, "clock")
    app.add_template_filter(zip, "zip")
    app.add_template_filter(lambda error: error.problem(gettext), "problem")  # a roster error, in the page's language

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
