"""The organiser's office: the event, its groups, delegates, programme, imports and the audit trail.

Thin views over plain-Python domain code (kiosk.events.editing, kiosk.attendees,
kiosk.plans, kiosk.backup): a form is read and checked field by field (a
problem shows the page again, changes nothing, and names the field), the
change is made, written to the audit trail in the same transaction, and the
page redirects back with a message.
"""

from __future__ import annotations

import datetime as dt
import io
import time
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from sqlalchemy import func, select

from kiosk.admin.forms import Form, display_date
from kiosk.attendees.models import Attendee
from kiosk.attendees.roster_import import SUFFIXES as ROSTER_SUFFIXES
from kiosk.attendees.roster_import import import_roster
from kiosk.attendees.service import add_attendee, update_attendee
from kiosk.auth.audit import apply_changes, latest, record
from kiosk.auth.roles import ROLE_NAMES, role_required
from kiosk.backup import export_event
from kiosk.badges.layouts import layout_names
from kiosk.badges.service import group_attendees, reissue
from kiosk.checkin.models import CheckIn
from kiosk.checkin.service import attendance_by_group
from kiosk.db import db, utcnow
from kiosk.events import editing
from kiosk.events.editing import EditError
from kiosk.events.eventfile import AGENDA_KINDS, EventFileError, parse_event_text
from kiosk.events.models import AgendaItem, AttendeeGroup, Event
from kiosk.events.service import replace_event
from kiosk.live.socket import broadcast
from kiosk.plans import SUFFIXES as PLAN_SUFFIXES
from kiosk.plans import PlanError, import_plan
from kiosk.text import fold
from kiosk.timer.models import TimerTransition
from kiosk.timer.service import load_programme, timer_state
from kiosk.web import require_event

bp = Blueprint("admin", __name__)
ROLE = "admin"
MAX_UPLOAD = 10 * 1024 * 1024

LABELS = {
    "title": lazy_gettext("Tên hội nghị"), "short_title": lazy_gettext("Tên ngắn (trên thẻ, màn hình)"),
    "place": lazy_gettext("Địa điểm"), "date": lazy_gettext("Ngày"), "start_time": lazy_gettext("Giờ bắt đầu"),
    "presentation_minutes": lazy_gettext("Thời lượng mỗi tham luận (phút)"),
    "amber_seconds": lazy_gettext("Ngưỡng vàng (giây còn lại)"), "red_seconds": lazy_gettext("Ngưỡng đỏ (giây còn lại)"),
    "name": lazy_gettext("Tên nhóm"), "colour": lazy_gettext("Màu thẻ"), "expected": lazy_gettext("Số dự kiến"),
    "seat_area": lazy_gettext("Khu vực ngồi"), "seats": lazy_gettext("Ghế đại diện (người ngồi biết khi đến)"),
    "group": lazy_gettext("Nhóm"), "full_name": lazy_gettext("Họ và tên"), "seat_label": lazy_gettext("Tên ghế"),
    "position": lazy_gettext("Chức vụ"), "unit": lazy_gettext("Đơn vị"),
    "kind": lazy_gettext("Loại"), "item_title": lazy_gettext("Tên mục"), "presenter": lazy_gettext("Người trình bày"),
    "minutes": lazy_gettext("Số phút"), "parent_id": lazy_gettext("Thuộc phần"),
    "planned_seconds": lazy_gettext("Số phút"),
}
KIND_LABELS = {
    "opening": lazy_gettext("Khai mạc"), "report": lazy_gettext("Báo cáo"),
    "section": lazy_gettext("Phần có mục con"), "presentation": lazy_gettext("Tham luận"),
    "direction": lazy_gettext("Chỉ đạo, kết luận"), "break": lazy_gettext("Giải lao"), "other": lazy_gettext("Khác"),
}
EDIT_MESSAGES = {
    "red_above_amber": lazy_gettext("ngưỡng đỏ phải nhỏ hơn hoặc bằng ngưỡng vàng."),
    "clock_conflict": lazy_gettext("Đồng hồ của chủ trì đã ghi lệnh theo chương trình hiện tại; thay đổi này "
                                   "sẽ làm sai đồng hồ nên không được thực hiện."),
    "item_started": lazy_gettext("Đồng hồ của chủ trì đã chạy mục này: không xoá, không dời chỗ, không đổi "
                                 "số phút được (chủ trì dùng nút thêm/bớt phút)."),
    "parent_not_section": lazy_gettext("chỉ xếp được vào một mục loại “Phần có mục con”."),
    "has_items": lazy_gettext("mục này có các mục con nên phải giữ loại “Phần có mục con”."),
    "nested_section": lazy_gettext("mục con không thể là một phần có các mục con."),
    "cannot_move": lazy_gettext("Mục này đã ở đầu hoặc cuối."),
    "bad_kind": lazy_gettext("hãy chọn một giá trị trong danh sách."),
}
# What the audit trail calls the fields it lists before and after a change.
AUDIT_FIELDS = {
    **LABELS, "title": lazy_gettext("Tên"), "planned_seconds": lazy_gettext("Thời lượng (giây)"),
    "presentation_seconds": lazy_gettext("Thời lượng tham luận (giây)"), "number": lazy_gettext("Số thẻ"),
    "badge_version": lazy_gettext("Lần cấp thẻ"), "revoked": lazy_gettext("Đã thu hồi"),
    "items": lazy_gettext("Các mục"), "presentations_following": lazy_gettext("Tham luận theo thời lượng mới"),
    "delegates": lazy_gettext("Đại biểu"), "checkins": lazy_gettext("Lượt điểm danh"),
    "commands": lazy_gettext("Lệnh đồng hồ"), "groups": lazy_gettext("Nhóm"), "agenda": lazy_gettext("Mục chương trình"),
}
ACTION_LABELS = {
    "event.update": lazy_gettext("Sửa thông tin hội nghị"), "event.replace": lazy_gettext("Nạp kế hoạch mới"),
    "group.update": lazy_gettext("Sửa nhóm"), "delegate.add": lazy_gettext("Thêm đại biểu"),
    "delegate.update": lazy_gettext("Sửa đại biểu"), "delegate.revoke": lazy_gettext("Thu hồi thẻ"),
    "delegate.restore": lazy_gettext("Khôi phục đại biểu"), "delegate.reissue": lazy_gettext("Cấp lại thẻ"),
    "agenda.add": lazy_gettext("Thêm mục chương trình"), "agenda.update": lazy_gettext("Sửa mục chương trình"),
    "agenda.remove": lazy_gettext("Xoá mục chương trình"), "agenda.move": lazy_gettext("Đổi thứ tự chương trình"),
    "roster.import": lazy_gettext("Nạp danh sách đại biểu"),
}
NAV = (
    ("admin.overview", lazy_gettext("Tổng quan")), ("admin.event_form", lazy_gettext("Hội nghị")),
    ("admin.groups", lazy_gettext("Nhóm")), ("admin.delegates", lazy_gettext("Đại biểu")),
    ("admin.agenda", lazy_gettext("Chương trình")), ("admin.imports", lazy_gettext("Nạp tệp")),
    ("admin.audit", lazy_gettext("Nhật ký")),
)


@bp.context_processor
def admin_context() -> dict[str, Any]:
    return {"admin_nav": NAV, "labels": LABELS, "kind_labels": KIND_LABELS, "action_labels": ACTION_LABELS,
            "role_names": {**ROLE_NAMES, "cli": lazy_gettext("Dòng lệnh")}, "group_options": _group_options,
            "audit_fields": AUDIT_FIELDS}


@bp.app_template_filter("local_datetime")
def local_datetime(moment: dt.datetime, timezone: str) -> str:
    """dd/mm/yyyy HH:MM:SS in the event's time zone."""
    return moment.astimezone(ZoneInfo(timezone)).strftime("%d/%m/%Y %H:%M:%S")


def _group_options(event: Event) -> list[tuple[str, str]]:
    return [(group.code, f"{group.code} – {group.name}") for group in event.groups]


def _refused(error: EditError) -> str:
    message = str(EDIT_MESSAGES[error.code])
    return f"“{LABELS[error.field]}”: {message}" if error.field else message


def _push_clock(event: Event) -> None:
    """Screens redraw the programme from the clock's state: push it after the programme changed."""
    broadcast("timer", timer_state(db.session(), event, time.time()))


def _upload(name: str) -> tuple[str, bytes] | None:
    file = request.files.get(name)
    if file is None or not file.filename:
        return None
    data = file.stream.read(MAX_UPLOAD + 1)
    return file.filename, data


# --- overview ----------------------------------------------------------------------


@bp.get("/admin")
@role_required(ROLE)
def overview() -> ResponseReturnValue:
    event = require_event()
    session = db.session()
    return render_template("admin.html", event=event, attendance=attendance_by_group(session, event),
                           attendees=group_attendees(session, event), layouts=layout_names())


# --- the event ---------------------------------------------------------------------


@bp.route("/admin/event", methods=["GET", "POST"])
@role_required(ROLE)
def event_form() -> ResponseReturnValue:
    event = require_event()
    if request.method == "GET":
        return render_template("admin/event.html", form=None, values=_event_values(event))
    form = Form(request.form)
    form.text("title", LABELS["title"], max_length=1000)
    form.text("short_title", LABELS["short_title"], max_length=200)
    form.text("place", LABELS["place"], max_length=300)
    form.date("date", LABELS["date"])
    form.time("start_time", LABELS["start_time"])
    minutes = form.integer("presentation_minutes", LABELS["presentation_minutes"], minimum=1, maximum=240)
    form.integer("amber_seconds", LABELS["amber_seconds"], minimum=0, maximum=3600)
    form.integer("red_seconds", LABELS["red_seconds"], minimum=0, maximum=3600)
    if form.ok:
        session = db.session()
        try:
            before, after = editing.update_event(session, event, {**form.values, "presentation_seconds": minutes * 60})
        except EditError as error:
            session.rollback()
            field = error.field or "presentation_minutes"
            form.fail(field, str(LABELS[field]), str(EDIT_MESSAGES[error.code]))
        else:
            record(session, ROLE, "event.update", target=event.short_title, before=before, after=after)
            session.commit()
            _push_clock(event)
            flash(_("Đã lưu thông tin hội nghị.") if after else _("Không có gì thay đổi."), "ok")
            return redirect(url_for("admin.event_form"))
    return render_template("admin/event.html", form=form, values={**_event_values(event), **request.form}), 400


def _event_values(event: Event) -> dict[str, Any]:
    return {"title": event.title, "short_title": event.short_title, "place": event.place,
            "date": display_date(event.date), "start_time": event.start_time,
            "presentation_minutes": event.presentation_seconds // 60, "amber_seconds": event.amber_seconds,
            "red_seconds": event.red_seconds}


# --- groups ------------------------------------------------------------------------


@bp.get("/admin/groups")
@role_required(ROLE)
def groups() -> ResponseReturnValue:
    event = require_event()
    return render_template("admin/groups.html", attendance=attendance_by_group(db.session(), event), failed=None)


@bp.post("/admin/groups/<int:group_id>")
@role_required(ROLE)
def group_save(group_id: int) -> ResponseReturnValue:
    event = require_event()
    group = next((g for g in event.groups if g.id == group_id), None) or abort(404)
    form = Form(request.form)
    form.text("name", LABELS["name"], max_length=500)
    form.colour("colour", LABELS["colour"])
    form.integer("expected", LABELS["expected"], minimum=0, maximum=10000)
    form.text("seat_area", LABELS["seat_area"], max_length=100, required=False)
    form.flag("seats")
    if not form.ok:
        return render_template("admin/groups.html", attendance=attendance_by_group(db.session(), event),
                               failed={"id": group.id, "form": form}), 400
    session = db.session()
    before, after = editing.update_group(group, form.values)
    record(session, ROLE, "group.update", target=group.code, before=before, after=after)
    session.commit()
    flash(_("Đã lưu nhóm %(code)s.", code=group.code) if after else _("Không có gì thay đổi."), "ok")
    return redirect(url_for("admin.groups") + f"#group-{group.id}")


# --- delegates ---------------------------------------------------------------------


def _delegate_list(event: Event) -> dict[str, Any]:
    code = request.args.get("group", "")
    query = request.args.get("q", "").strip()
    statement = select(Attendee).where(Attendee.event_id == event.id)
    group = next((g for g in event.groups if g.code == code), None)
    if group is not None:
        statement = statement.where(Attendee.group_id == group.id)
    if query:
        statement = statement.where(Attendee.search_key.contains(fold(query), autoescape=True))
    people = list(db.session().scalars(statement.order_by(Attendee.group_id, Attendee.number)))
    return {"people": people, "group_code": code, "query": query}


def _delegate_form() -> tuple[Form, AttendeeGroup | None]:
    event = require_event()
    form = Form(request.form)
    codes = {g.code: g for g in event.groups}
    code = form.choice("group", LABELS["group"], codes)
    full_name = form.text("full_name", LABELS["full_name"], max_length=200, required=False)
    seat_label = form.text("seat_label", LABELS["seat_label"], max_length=200, required=False)
    form.text("position", LABELS["position"], max_length=200, required=False)
    form.text("unit", LABELS["unit"], max_length=300, required=False)
    if not full_name and not seat_label:
        form.fail("full_name", str(LABELS["full_name"]), _("cần họ và tên (hoặc tên ghế cho ghế đại diện)."))
    return form, codes.get(code)


@bp.get("/admin/delegates")
@role_required(ROLE)
def delegates() -> ResponseReturnValue:
    event = require_event()
    return render_template("admin/delegates.html", form=None, **_delegate_list(event))


@bp.post("/admin/delegates")
@role_required(ROLE)
def delegate_add() -> ResponseReturnValue:
    event = require_event()
    form, group = _delegate_form()
    if not form.ok or group is None:
        return render_template("admin/delegates.html", form=form, **_delegate_list(event)), 400
    session = db.session()
    values = form.values
    person = add_attendee(session, event, group, full_name=values["full_name"], seat_label=values["seat_label"],
                          position=values["position"], unit=values["unit"])
    record(session, ROLE, "delegate.add", target=person.number,
           after={"number": person.number, "group": group.code, "full_name": person.full_name,
                  "seat_label": person.seat_label, "position": person.position, "unit": person.unit})
    session.commit()
    flash(_("Đã thêm %(name)s, thẻ số %(number)s.", name=person.display_name, number=person.number), "ok")
    return redirect(url_for("admin.delegate", attendee_id=person.id))


def _attendee(attendee_id: int) -> Attendee:
    event = require_event()
    person = db.session().get(Attendee, attendee_id)
    if person is None or person.event_id != event.id:
        abort(404)
    return person


@bp.route("/admin/delegates/<int:attendee_id>", methods=["GET", "POST"])
@role_required(ROLE)
def delegate(attendee_id: int) -> ResponseReturnValue:
    person = _attendee(attendee_id)
    if request.method == "GET":
        return render_template("admin/delegate.html", person=person, form=None, values=_person_values(person))
    form, group = _delegate_form()
    if not form.ok or group is None:
        return render_template("admin/delegate.html", person=person, form=form, values=request.form), 400
    session = db.session()
    values = form.values
    before, after = update_attendee(session, person, group, full_name=values["full_name"],
                                    seat_label=values["seat_label"], position=values["position"], unit=values["unit"])
    record(session, ROLE, "delegate.update", target=person.number, before=before, after=after)
    session.commit()
    flash(_("Đã lưu %(name)s.", name=person.display_name) if after else _("Không có gì thay đổi."), "ok")
    return redirect(url_for("admin.delegate", attendee_id=person.id))


def _person_values(person: Attendee) -> dict[str, Any]:
    return {"group": person.group.code, "full_name": person.full_name or "", "seat_label": person.seat_label or "",
            "position": person.position, "unit": person.unit}


@bp.post("/admin/delegates/<int:attendee_id>/revoke")
@role_required(ROLE)
def delegate_revoke(attendee_id: int) -> ResponseReturnValue:
    """Revoke (or, with ``restore``, give back) a delegate's badge: a revoked badge scans red."""
    person = _attendee(attendee_id)
    restore = request.form.get("restore") == "1"
    session = db.session()
    before, after = apply_changes(person, {"revoked": not restore})
    record(session, ROLE, "delegate.restore" if restore else "delegate.revoke", target=person.number,
           before=before, after=after)
    session.commit()
    flash(_("Đã khôi phục %(name)s.", name=person.display_name) if restore
          else _("Đã thu hồi thẻ của %(name)s: thẻ này quét sẽ báo “đã thu hồi”.", name=person.display_name), "ok")
    return redirect(url_for("admin.delegate", attendee_id=person.id))


@bp.post("/admin/delegates/<int:attendee_id>/reissue")
@role_required(ROLE)
def delegate_reissue(attendee_id: int) -> ResponseReturnValue:
    """A new badge (lost, or handed to someone else): every earlier badge of this delegate scans as revoked."""
    person = _attendee(attendee_id)
    session = db.session()
    old = person.badge_version
    reissue(person)
    record(session, ROLE, "delegate.reissue", target=person.number, before={"badge_version": old},
           after={"badge_version": person.badge_version})
    session.commit()
    flash(_("Đã cấp thẻ mới (lần %(version)d) cho %(name)s: hãy in thẻ mới; thẻ cũ quét sẽ báo “đã thu hồi”.",
            version=person.badge_version, name=person.display_name), "ok")
    return redirect(url_for("admin.delegate", attendee_id=person.id))


# --- the programme -----------------------------------------------------------------


def _agenda_page(event: Event, failed: dict[str, Any] | None = None, add_form: Form | None = None,
                 status: int = 200) -> ResponseReturnValue:
    programme = load_programme(db.session(), event)
    statuses = {clock.item_id: clock.status for clock in programme.clocks}
    all_kinds = [(kind, KIND_LABELS[kind]) for kind in AGENDA_KINDS]
    parents = [("", _("— Mục chính —"))] + [(str(item.id), f"{item.number}. {item.title}") for item in event.agenda
                                             if item.parent_id is None and item.kind == "section"]
    return render_template("admin/agenda.html", statuses=statuses, failed=failed, add_form=add_form,
                           all_kinds=all_kinds, child_kinds=[k for k in all_kinds if k[0] != "section"],
                           parent_options=parents), status


def _item_form() -> Form:
    form = Form(request.form)
    form.choice("kind", LABELS["kind"], KIND_LABELS)
    form.text("title", LABELS["item_title"], max_length=1000)
    form.text("presenter", LABELS["presenter"], max_length=300, required=False)
    minutes = form.integer("minutes", LABELS["minutes"], minimum=0, maximum=600) if form.raw("kind") != "section" else 0
    form.values["planned_seconds"] = minutes * 60
    return form


def _agenda_item(event: Event, item_id: int) -> AgendaItem:
    return next((item for item in event.agenda if item.id == item_id), None) or abort(404)


def _agenda_change(event: Event, change: Callable[[], dict[str, Any]], action: str, failed: dict[str, Any],
                   message: Callable[[], str]) -> ResponseReturnValue:
    """Make a programme change, or show the refusal beside the line; then audit, commit, push, redirect."""
    session = db.session()
    try:
        detail = change()
    except EditError as error:
        session.rollback()
        return _agenda_page(event, failed={**failed, "refused": _refused(error)}, status=409)
    record(session, ROLE, action, **detail)
    session.commit()
    _push_clock(event)
    flash(message(), "ok")
    return redirect(url_for("admin.agenda"))


@bp.get("/admin/agenda")
@role_required(ROLE)
def agenda() -> ResponseReturnValue:
    return _agenda_page(require_event())


@bp.post("/admin/agenda")
@role_required(ROLE)
def agenda_add() -> ResponseReturnValue:
    event = require_event()
    form = _item_form()
    parent_id = form.raw("parent_id")
    parent = _agenda_item(event, int(parent_id)) if parent_id.isdigit() else None
    if not form.ok:
        return _agenda_page(event, add_form=form, status=400)

    def add() -> dict[str, Any]:
        item = editing.add_item(db.session(), event, form.values, parent)
        return {"target": item.number, "after": {name: getattr(item, name) for name in editing.ITEM_FIELDS}}

    return _agenda_change(event, add, "agenda.add", {"id": "new", "form": form},
                          lambda: _("Đã thêm mục “%(title)s”.", title=form.values["title"]))


@bp.post("/admin/agenda/<int:item_id>")
@role_required(ROLE)
def agenda_save(item_id: int) -> ResponseReturnValue:
    event = require_event()
    item = _agenda_item(event, item_id)
    form = _item_form()
    if not form.ok:
        return _agenda_page(event, failed={"id": item.id, "form": form}, status=400)

    def save() -> dict[str, Any]:
        before, after = editing.update_item(db.session(), event, item, form.values)
        return {"target": item.number, "before": before, "after": after}

    return _agenda_change(event, save, "agenda.update", {"id": item.id, "form": form},
                          lambda: _("Đã lưu mục %(number)s.", number=item.number))


@bp.post("/admin/agenda/<int:item_id>/delete")
@role_required(ROLE)
def agenda_remove(item_id: int) -> ResponseReturnValue:
    event = require_event()
    item = _agenda_item(event, item_id)
    number, title = item.number, item.title

    def remove() -> dict[str, Any]:
        removed = editing.remove_item(db.session(), event, item)
        return {"target": number, "before": {"items": [f"{row.number} {row.title}" for row in removed]}}

    return _agenda_change(event, remove, "agenda.remove", {"id": item.id, "form": None},
                          lambda: _("Đã xoá mục %(number)s “%(title)s”.", number=number, title=title))


@bp.post("/admin/agenda/<int:item_id>/move")
@role_required(ROLE)
def agenda_move(item_id: int) -> ResponseReturnValue:
    event = require_event()
    item = _agenda_item(event, item_id)
    offset = -1 if request.form.get("direction") == "up" else 1
    number, title = item.number, item.title

    def move() -> dict[str, Any]:
        editing.move_item(db.session(), event, item, offset)
        return {"target": title, "before": {"number": number}, "after": {"number": item.number}}

    return _agenda_change(event, move, "agenda.move", {"id": item.id, "form": None},
                          lambda: _("Đã chuyển “%(title)s” thành mục %(number)s.", title=title, number=item.number))


# --- imports and the backup ----------------------------------------------------------


def _event_counts(event: Event) -> dict[str, int]:
    """What replacing the event would remove."""
    session = db.session()
    delegates_count = session.scalar(select(func.count()).select_from(Attendee)
                                     .where(Attendee.event_id == event.id)) or 0
    checkins = session.scalar(select(func.count()).select_from(CheckIn).join(Attendee)
                              .where(Attendee.event_id == event.id)) or 0
    commands = session.scalar(select(func.count()).select_from(TimerTransition)
                              .where(TimerTransition.event_id == event.id)) or 0
    return {"delegates": delegates_count, "checkins": checkins, "commands": commands}


def _imports_page(status: int = 200, **context: Any) -> ResponseReturnValue:
    event = require_event()
    return render_template("admin/import.html", counts=_event_counts(event), plan_suffixes=PLAN_SUFFIXES,
                           roster_suffixes=ROSTER_SUFFIXES, **context), status


@bp.get("/admin/import")
@role_required(ROLE)
def imports() -> ResponseReturnValue:
    return _imports_page()


@bp.post("/admin/import/plan")
@role_required(ROLE)
def plan_preview() -> ResponseReturnValue:
    upload = _upload("plan")
    if upload is None:
        return _imports_page(400, plan_error=_("Hãy chọn tệp kế hoạch (%(types)s).", types=", ".join(PLAN_SUFFIXES)))
    filename, data = upload
    if len(data) > MAX_UPLOAD:
        return _imports_page(400, plan_error=_("Tệp lớn quá 10 MB."))
    try:
        plan = import_plan(filename, data)
    except PlanError as error:
        return _imports_page(400, plan_error=f"{filename}: {error}")
    return _imports_page(plan=plan.spec, missing=plan.missing, notes=plan.notes, filename=filename,
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
    try:
        spec = parse_event_text(text, filename or "event.toml")
    except EventFileError as error:
        return _imports_page(400, apply_error=str(error), **again)
    if spec.backup is not None:
        return _imports_page(400, apply_error=_("Đây là bản sao lưu: khôi phục bằng lệnh "
                                                "kiosk init --event TỆP --force."), **again)
    counts = _event_counts(event)
    if (counts["checkins"] or counts["commands"]) and request.form.get("confirm") != "1":
        return _imports_page(409, plan=spec, apply_error=_("Đã có người điểm danh hoặc đồng hồ đã chạy: hãy đánh "
                                                           "dấu ô xác nhận thay thế."), **again)
    session = db.session()
    before = {"title": event.title, **counts}
    new = replace_event(session, spec)
    record(session, ROLE, "event.replace", target=filename, before=before,
           after={"title": new.title, "groups": len(spec.groups), "agenda": len(new.agenda)})
    session.commit()
    _push_clock(new)
    flash(_("Đã nạp kế hoạch: %(title)s.", title=new.title), "ok")
    return redirect(url_for("admin.overview"))


@bp.post("/admin/import/roster")
@role_required(ROLE)
def roster_upload() -> ResponseReturnValue:
    event = require_event()
    upload = _upload("roster")
    if upload is None:
        return _imports_page(400, roster_error=_("Hãy chọn tệp danh sách (%(types)s).",
                                                 types=", ".join(ROSTER_SUFFIXES)))
    filename, data = upload
    if len(data) > MAX_UPLOAD:
        return _imports_page(400, roster_error=_("Tệp lớn quá 10 MB."))
    dry_run = request.form.get("dry_run") == "1"
    session = db.session()
    check = import_roster(session, event, filename, data, dry_run=dry_run)
    if not check.ok:
        session.rollback()
        return _imports_page(400, roster_errors=check.errors, roster_file=filename)
    if dry_run:
        return _imports_page(roster_checked=len(check.rows), roster_file=filename)
    record(session, ROLE, "roster.import", target=filename, file=filename, added=len(check.rows))
    session.commit()
    flash(_("Đã nạp %(n)d đại biểu từ %(file)s.", n=len(check.rows), file=filename), "ok")
    return redirect(url_for("admin.delegates"))


@bp.get("/admin/export")
@role_required(ROLE)
def export() -> ResponseReturnValue:
    event = require_event()
    now = utcnow()
    data = export_event(db.session(), event, now).encode("utf-8")
    return send_file(io.BytesIO(data), mimetype="application/toml", as_attachment=True,
                     download_name=f"sao-luu-kiosk-{now:%Y%m%d-%H%M%S}.toml")


# --- the audit trail -------------------------------------------------------------------


@bp.get("/admin/audit")
@role_required(ROLE)
def audit() -> ResponseReturnValue:
    require_event()
    return render_template("admin/audit.html", entries=latest(db.session()))
