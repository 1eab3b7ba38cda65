"""The organiser's pages for the event itself: its facts (/admin/event) and its groups (/admin/groups).

Thin views: a form is read field by field (kiosk.admin.forms); a problem shows
the page again with what was typed and changes nothing; a change goes through
the domain, and the boundary commits, audits and pushes it. The event's times
and thresholds shape the chair's clock, so its facts are changed by
kiosk.programme.editing; groups by kiosk.attendees.service (desks show them).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from kiosk.admin.forms import Form, display_date
from kiosk.admin.labels import LABELS
from kiosk.attendees.service import update_group
from kiosk.auth.roles import role_required
from kiosk.checkin.service import attendance_by_group
from kiosk.db import column_limit
from kiosk.events.eventfile import INTRODUCE_MODES, MINUTES_FIELDS
from kiosk.events.models import AttendeeGroup, Event
from kiosk.extensions import db
from kiosk.programme.editing import EditError, update_event
from kiosk.web import refusal_message, require_event, roll_back

bp = Blueprint("events_admin", __name__)
ROLE = "admin"


@bp.route("/admin/event", methods=["GET", "POST"])
@role_required(ROLE)
def event_form() -> ResponseReturnValue:
    event = require_event()
    if request.method == "GET":
        return render_template("admin/event.html", form=None, values=_event_values(event))
    form = Form(request.form)
    form.text("title", LABELS["title"], max_length=1000)
    form.text("short_title", LABELS["short_title"], max_length=column_limit(Event.short_title))
    form.text("place", LABELS["place"], max_length=column_limit(Event.place))
    form.date("date", LABELS["date"])
    form.time("start_time", LABELS["start_time"])
    minutes = form.integer("presentation_minutes", LABELS["presentation_minutes"], minimum=1, maximum=240)
    form.integer("amber_seconds", LABELS["amber_seconds"], minimum=0, maximum=3600)
    form.integer("red_seconds", LABELS["red_seconds"], minimum=0, maximum=3600)
    # A form without the field (an older page still open) keeps the floor as it is.
    floor = form.integer("fit_floor_minutes", LABELS["fit_floor_minutes"], minimum=1, maximum=60) \
        if "fit_floor_minutes" in request.form else event.fit_floor_seconds // 60
    for name in MINUTES_FIELDS:  # likewise the minutes' chair and secretary
        if name in request.form:
            form.text(name, LABELS[name], max_length=column_limit(getattr(Event, name)), required=False)
        else:
            form.values[name] = getattr(event, name)
    if form.ok:
        try:
            changed = update_event(db.session(), event, {**form.values, "presentation_seconds": minutes * 60,
                                                         "fit_floor_seconds": floor * 60})
        except EditError as error:
            roll_back()
            field = error.field or "presentation_minutes"
            form.fail(field, str(LABELS[field]), refusal_message(error))
        else:
            flash(_("Đã lưu thông tin hội nghị.") if changed else _("Không có gì thay đổi."), "ok")
            return redirect(url_for("events_admin.event_form"))
    return render_template("admin/event.html", form=form, values={**_event_values(event), **request.form}), 400


def _event_values(event: Event) -> dict[str, Any]:
    return {"title": event.title, "short_title": event.short_title, "place": event.place,
            "date": display_date(event.date), "start_time": event.start_time,
            "presentation_minutes": event.presentation_seconds // 60, "amber_seconds": event.amber_seconds,
            "red_seconds": event.red_seconds, "fit_floor_minutes": event.fit_floor_seconds // 60,
            **{name: getattr(event, name) for name in MINUTES_FIELDS}}


@bp.get("/admin/groups")
@role_required(ROLE)
def groups() -> ResponseReturnValue:
    return _groups_page(require_event())


def _groups_page(event: Event, failed: dict[str, Any] | None = None, status: int = 200) -> ResponseReturnValue:
    return render_template("admin/groups.html", attendance=attendance_by_group(db.session(), event),
                           failed=failed), status


@bp.post("/admin/groups/<int:group_id>")
@role_required(ROLE)
def group_save(group_id: int) -> ResponseReturnValue:
    event = require_event()
    group: AttendeeGroup = next((g for g in event.groups if g.id == group_id), None) or abort(404)
    form = Form(request.form)
    form.text("name", LABELS["name"], max_length=500)
    form.colour("colour", LABELS["colour"])
    form.integer("expected", LABELS["expected"], minimum=0, maximum=10000)
    form.text("seat_area", LABELS["seat_area"], max_length=column_limit(AttendeeGroup.seat_area), required=False)
    form.flag("seats")
    if "introduce" in request.form:  # how the MC introduces the group; a form without it leaves it as it is
        form.choice("introduce", LABELS["introduce"], {"": None, **dict.fromkeys(INTRODUCE_MODES)})
        form.text("introduce_as", LABELS["introduce_as"], max_length=500, required=False)
        form.text("summary", LABELS["summary"], max_length=1000, required=False)
        form.values["introduce"] = form.values["introduce"] or None
    if not form.ok:
        return _groups_page(event, {"id": group.id, "form": form}, 400)
    changed = update_group(db.session(), group, form.values)
    flash(_("Đã lưu nhóm %(code)s.", code=group.code) if changed else _("Không có gì thay đổi."), "ok")
    return redirect(url_for("events_admin.groups") + f"#group-{group.id}")
