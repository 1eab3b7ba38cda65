"""The organiser's plan upload: preview what kiosk read of a Kế hoạch, then apply it in place of the event.

Applying replaces the event whole, in one transaction, or not at all
(kiosk.installation.replace_event); the boundary commits, audits and tells
every screen and desk.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from kiosk.admin.views import imports_page
from kiosk.auth.roles import role_required
from kiosk.backup.format import parse_event_or_backup
from kiosk.events.eventfile import EventFileError
from kiosk.extensions import db
from kiosk.installation import event_counts, replace_event
from kiosk.plans import SUFFIXES as PLAN_SUFFIXES
from kiosk.plans import PlanError, import_plan
from kiosk.web import MAX_UPLOAD, refusal_message, require_event, uploaded_file

bp = Blueprint("plans_admin", __name__)
ROLE = "admin"


@bp.post("/admin/import/plan")
@role_required(ROLE)
def plan_preview() -> ResponseReturnValue:
    upload = uploaded_file("plan")
    if upload is None:
        return imports_page(400, plan_error=_("Hãy chọn tệp kế hoạch (%(types)s).", types=", ".join(PLAN_SUFFIXES)))
    filename, data = upload
    if len(data) > MAX_UPLOAD:
        return imports_page(400, plan_error=_("Tệp lớn quá 10 MB."))
    try:
        plan = import_plan(filename, data)
    except PlanError as error:
        return imports_page(400, plan_error=f"{filename}: {refusal_message(error)}")
    return imports_page(plan=plan.spec, missing=plan.missing, notes=plan.notes, filename=filename,
                        event_file=plan.event_file(filename))


@bp.post("/admin/import/plan/apply")
@role_required(ROLE)
def plan_apply() -> ResponseReturnValue:
    """Load the reviewed event file in place of the event: all of it, in one transaction, or nothing."""
    event = require_event()
    text = request.form.get("event_file", "")
    filename = request.form.get("filename", "")
    again = {"event_file": text, "filename": filename, "missing": request.form.getlist("missing"),
             "notes": request.form.getlist("notes")}
    # A plan (.md, .docx) was turned into the event file shown for review: a line number counts in that text.
    source = filename if filename.lower().endswith(".toml") else _("tệp sự kiện soạn từ %(file)s",
                                                                     file=filename or "?")
    try:
        spec, backup = parse_event_or_backup(text, source)
    except EventFileError as error:
        return imports_page(400, apply_error=refusal_message(error), **again)
    if backup is not None:
        return imports_page(400, apply_error=_("Đây là bản sao lưu: khôi phục bằng lệnh "
                                               "kiosk init --event TỆP --force."), **again)
    counts = event_counts(db.session(), event)
    if (counts["checkins"] or counts["commands"]) and request.form.get("confirm") != "1":
        return imports_page(409, plan=spec, apply_error=_("Đã có người điểm danh hoặc đồng hồ đã chạy: hãy đánh "
                                                          "dấu ô xác nhận thay thế."), **again)
    new = replace_event(db.session(), spec, source=filename)
    flash(_("Đã nạp kế hoạch: %(title)s.", title=new.title), "ok")
    return redirect(url_for("admin.overview"))
