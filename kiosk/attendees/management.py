"""The organiser's pages for delegates: find, add, edit, revoke or restore, re-issue, order; the roster upload.

Thin views over kiosk.attendees.service and kiosk.attendees.roster_import: a
form with a problem shows the page again and changes nothing; a change is
committed, audited and pushed to every desk by the boundary.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import select

from kiosk.admin.forms import Form
from kiosk.admin.labels import LABELS
from kiosk.admin.views import imports_page
from kiosk.attendees import service
from kiosk.attendees.models import Attendee
from kiosk.attendees.roster_import import SUFFIXES as ROSTER_SUFFIXES
from kiosk.attendees.roster_import import import_roster
from kiosk.auth.roles import role_required
from kiosk.checkin.service import arrivals
from kiosk.db import column_limit
from kiosk.events.models import AttendeeGroup, Event
from kiosk.extensions import db
from kiosk.text import fold
from kiosk.web import MAX_UPLOAD, require_event, uploaded_file

bp = Blueprint("attendees_admin", __name__)
ROLE = "admin"


ARRIVAL_FILTERS = ("arrived", "missing")
"""``?arrival=arrived``: delegates who have arrived; ``missing``: those expected who have not (revoked ones are not)."""


def _delegate_list(event: Event) -> dict[str, Any]:
    """The delegates the filters pick (group, search, arrival), with each one's arrival (kiosk.checkin.service)."""
    code = request.args.get("group", "")
    query = request.args.get("q", "").strip()
    arrival = request.args.get("arrival", "")
    arrival = arrival if arrival in ARRIVAL_FILTERS else ""
    statement = select(Attendee).where(Attendee.event_id == event.id)
    group = next((g for g in event.groups if g.code == code), None)
    if group is not None:
        statement = statement.where(Attendee.group_id == group.id)
    if query:
        statement = statement.where(Attendee.search_key.contains(fold(query), autoescape=True))
    people = list(db.session().scalars(service.in_protocol_order(statement)))
    arrived = arrivals(db.session(), event)
    if arrival == "arrived":
        people = [person for person in people if person.id in arrived]
    elif arrival == "missing":
        people = [person for person in people if person.id not in arrived and not person.revoked]
    return {"people": people, "arrivals": arrived, "group_code": code, "query": query, "arrival": arrival,
            "places": _places(event)}


def _places(event: Event) -> dict[int, int]:
    """Each delegate's place (1, 2, 3…) in their group's protocol order, as the organiser reads and sets it."""
    places: dict[int, int] = {}
    counts: dict[int, int] = {}
    for person_id, group_id in db.session().execute(service.in_protocol_order(
            select(Attendee.id, Attendee.group_id).where(Attendee.event_id == event.id))):
        counts[group_id] = places[person_id] = counts.get(group_id, 0) + 1
    return places


def _delegate_form() -> tuple[Form, AttendeeGroup | None]:
    event = require_event()
    form = Form(request.form)
    codes = {g.code: g for g in event.groups}
    code = form.choice("group", LABELS["group"], codes)
    full_name = form.text("full_name", LABELS["full_name"], max_length=column_limit(Attendee.full_name),
                          required=False)
    seat_label = form.text("seat_label", LABELS["seat_label"], max_length=column_limit(Attendee.seat_label),
                           required=False)
    form.text("position", LABELS["position"], max_length=column_limit(Attendee.position), required=False)
    form.text("unit", LABELS["unit"], max_length=column_limit(Attendee.unit), required=False)
    if not full_name and not seat_label:
        form.fail("full_name", str(LABELS["full_name"]), _("cần họ và tên (hoặc tên ghế cho ghế đại diện)."))
    return form, codes.get(code)


@bp.get("/admin/delegates")
@role_required(ROLE)
def delegates() -> ResponseReturnValue:
    return render_template("admin/delegates.html", form=None, **_delegate_list(require_event()))


@bp.post("/admin/delegates")
@role_required(ROLE)
def delegate_add() -> ResponseReturnValue:
    event = require_event()
    form, group = _delegate_form()
    if not form.ok or group is None:
        return render_template("admin/delegates.html", form=form, **_delegate_list(event)), 400
    values = form.values
    person = service.add_delegate(db.session(), event, group, full_name=values["full_name"],
                                  seat_label=values["seat_label"], position=values["position"], unit=values["unit"])
    flash(_("Đã thêm %(name)s, thẻ số %(number)s.", name=person.display_name, number=person.number), "ok")
    return redirect(url_for("attendees_admin.delegate", attendee_id=person.id))


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
        return render_template("admin/delegate.html", person=person, form=None, values=_person_values(person),
                               place=service.place_in_group(db.session(), person))
    form, group = _delegate_form()
    if not form.ok or group is None:
        return render_template("admin/delegate.html", person=person, form=form, values=request.form,
                               place=service.place_in_group(db.session(), person)), 400
    values = form.values
    _before, after = service.update_attendee(db.session(), person, group, full_name=values["full_name"],
                                             seat_label=values["seat_label"], position=values["position"],
                                             unit=values["unit"])
    flash(_("Đã lưu %(name)s.", name=person.display_name) if after else _("Không có gì thay đổi."), "ok")
    return redirect(url_for("attendees_admin.delegate", attendee_id=person.id))


def _person_values(person: Attendee) -> dict[str, Any]:
    return {"group": person.group.code, "full_name": person.full_name or "", "seat_label": person.seat_label or "",
            "position": person.position, "unit": person.unit}


@bp.post("/admin/delegates/<int:attendee_id>/revoke")
@role_required(ROLE)
def delegate_revoke(attendee_id: int) -> ResponseReturnValue:
    """Revoke (or, with ``restore``, give back) a delegate's badge: a revoked badge scans red."""
    person = _attendee(attendee_id)
    restore = request.form.get("restore") == "1"
    service.set_revoked(db.session(), person, not restore)
    flash(_("Đã khôi phục %(name)s.", name=person.display_name) if restore
          else _("Đã thu hồi thẻ của %(name)s: thẻ này quét sẽ báo “đã thu hồi”.", name=person.display_name), "ok")
    return redirect(url_for("attendees_admin.delegate", attendee_id=person.id))


@bp.post("/admin/delegates/<int:attendee_id>/reissue")
@role_required(ROLE)
def delegate_reissue(attendee_id: int) -> ResponseReturnValue:
    """A new badge (lost, or handed to someone else): every earlier badge of this delegate scans as revoked."""
    person = _attendee(attendee_id)
    version = service.reissue_badge(db.session(), person)
    flash(_("Đã cấp thẻ mới (lần %(version)d) cho %(name)s: hãy in thẻ mới; thẻ cũ quét sẽ báo “đã thu hồi”.",
            version=version, name=person.display_name), "ok")
    return redirect(url_for("attendees_admin.delegate", attendee_id=person.id))


@bp.post("/admin/delegates/<int:attendee_id>/move")
@role_required(ROLE)
def delegate_move(attendee_id: int) -> ResponseReturnValue:
    """A new place in the group's protocol order: ``direction`` up or down, or ``place`` (1 = first)."""
    person = _attendee(attendee_id)
    session = db.session()
    old, size = service.place_in_group(session, person)
    direction = request.form.get("direction")
    if direction in ("up", "down"):
        wanted = old - 1 if direction == "up" else old + 1
    else:
        form = Form(request.form)
        wanted = form.integer("place", LABELS["rank"], minimum=1, maximum=max(size, 1))
        if not form.ok:
            return render_template("admin/delegate.html", person=person, form=form, values=_person_values(person),
                                   place=(old, size)), 400
    _old, new = service.move_delegate(session, person, wanted)
    flash(_("%(name)s đứng thứ %(place)d trong nhóm %(code)s.", name=person.display_name, place=new,
            code=person.group.code) if new != old else _("Không có gì thay đổi."), "ok")
    if request.form.get("back") == "list":
        return redirect(url_for("attendees_admin.delegates", group=request.form.get("group") or None,
                                q=request.form.get("q") or None) + f"#delegate-{person.id}")
    return redirect(url_for("attendees_admin.delegate", attendee_id=person.id))


@bp.post("/admin/import/roster")
@role_required(ROLE)
def roster_upload() -> ResponseReturnValue:
    event = require_event()
    upload = uploaded_file("roster")
    if upload is None:
        return imports_page(400, roster_error=_("Hãy chọn tệp danh sách (%(types)s).",
                                                types=", ".join(ROSTER_SUFFIXES)))
    filename, data = upload
    if len(data) > MAX_UPLOAD:
        return imports_page(400, roster_error=_("Tệp lớn quá 10 MB."))
    dry_run = request.form.get("dry_run") == "1"
    check = import_roster(db.session(), event, filename, data, dry_run=dry_run)
    if not check.ok:
        return imports_page(400, roster_errors=check.errors, roster_file=filename)
    if dry_run:
        return imports_page(roster_checked=len(check.rows), roster_file=filename)
    flash(_("Đã nạp %(n)d đại biểu từ %(file)s.", n=len(check.rows), file=filename), "ok")
    return redirect(url_for("attendees_admin.delegates"))
