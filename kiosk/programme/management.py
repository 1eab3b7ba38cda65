"""The organiser's page for the programme: its lines, their minutes and order, and the chair's saved
messages to the presenter in the order of their buttons on /chair (/admin/agenda).

Thin views over kiosk.programme.editing, which refuses what the chair's
stored clock could no longer replay over. A refusal is shown beside the line
(or the field) it concerns, with nothing changed; a change is committed,
audited and pushed to every screen by the boundary.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from kiosk.admin.forms import Form, ascii_integer
from kiosk.admin.labels import KIND_LABELS, LABELS
from kiosk.auth.roles import role_required
from kiosk.db import column_limit
from kiosk.events.eventfile import AGENDA_KINDS, MAX_MESSAGE_LENGTH
from kiosk.events.models import AgendaItem, Event
from kiosk.extensions import db
from kiosk.programme import editing
from kiosk.programme.editing import EditError
from kiosk.timer.service import load_programme
from kiosk.web import refusal_message, require_event, roll_back

bp = Blueprint("programme_admin", __name__)
ROLE = "admin"


def _agenda_page(event: Event, failed: dict[str, Any] | None = None, add_form: Form | None = None,
                 status: int = 200, message_form: Form | None = None,
                 message_refused: str | None = None) -> ResponseReturnValue:
    programme = load_programme(db.session(), event)
    statuses = {clock.item_id: clock.status for clock in programme.clocks}
    all_kinds = [(kind, KIND_LABELS[kind]) for kind in AGENDA_KINDS]
    parents = [("", _("— Mục chính —"))] + [(str(item.id), f"{item.number}. {item.title}") for item in event.agenda
                                             if item.parent_id is None and item.kind == "section"]
    return render_template("admin/agenda.html", statuses=statuses, failed=failed, add_form=add_form,
                           all_kinds=all_kinds, message_form=message_form, message_refused=message_refused,
                           max_message_length=MAX_MESSAGE_LENGTH,
                           child_kinds=[k for k in all_kinds if k[0] != "section"], parent_options=parents), status


def _refused(error: EditError) -> str:
    message = refusal_message(error)
    return f"“{LABELS[error.field]}”: {message}" if error.field else message


def _item_form() -> Form:
    form = Form(request.form)
    form.choice("kind", LABELS["kind"], KIND_LABELS)
    form.text("title", LABELS["item_title"], max_length=1000)
    form.text("presenter", LABELS["presenter"], max_length=column_limit(AgendaItem.presenter), required=False)
    minutes = form.integer("minutes", LABELS["minutes"], minimum=0, maximum=600) if form.raw("kind") != "section" else 0
    form.values["planned_seconds"] = minutes * 60
    return form


def _agenda_item(event: Event, item_id: int) -> AgendaItem:
    item: AgendaItem = next((item for item in event.agenda if item.id == item_id), None) or abort(404)
    return item


def _agenda_change(event: Event, change: Callable[[], object], failed: dict[str, Any],
                   message: Callable[[], str]) -> ResponseReturnValue:
    """Make a programme change, or show the refusal beside the line with nothing changed."""
    try:
        change()
    except EditError as error:
        roll_back()
        return _agenda_page(event, failed={**failed, "refused": _refused(error)}, status=409)
    flash(message(), "ok")
    return redirect(url_for("programme_admin.agenda"))


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
    number = ascii_integer(parent_id)  # not str.isdigit: "²" is a digit that int() refuses
    if parent_id and number is None:
        form.fail("parent_id", str(LABELS["parent_id"]), _("hãy chọn một giá trị trong danh sách."))
    parent = _agenda_item(event, number) if number is not None else None
    if not form.ok:
        return _agenda_page(event, add_form=form, status=400)
    return _agenda_change(event, lambda: editing.add_item(db.session(), event, form.values, parent),
                          {"id": "new", "form": form},
                          lambda: _("Đã thêm mục “%(title)s”.", title=form.values["title"]))


@bp.post("/admin/agenda/<int:item_id>")
@role_required(ROLE)
def agenda_save(item_id: int) -> ResponseReturnValue:
    event = require_event()
    item = _agenda_item(event, item_id)
    form = _item_form()
    if not form.ok:
        return _agenda_page(event, failed={"id": item.id, "form": form}, status=400)
    return _agenda_change(event, lambda: editing.update_item(db.session(), event, item, form.values),
                          {"id": item.id, "form": form}, lambda: _("Đã lưu mục %(number)s.", number=item.number))


@bp.post("/admin/agenda/<int:item_id>/delete")
@role_required(ROLE)
def agenda_remove(item_id: int) -> ResponseReturnValue:
    event = require_event()
    item = _agenda_item(event, item_id)
    number, title = item.number, item.title
    return _agenda_change(event, lambda: editing.remove_item(db.session(), event, item), {"id": item.id, "form": None},
                          lambda: _("Đã xóa mục %(number)s “%(title)s”.", number=number, title=title))


@bp.post("/admin/agenda/<int:item_id>/move")
@role_required(ROLE)
def agenda_move(item_id: int) -> ResponseReturnValue:
    event = require_event()
    item = _agenda_item(event, item_id)
    offset = -1 if request.form.get("direction") == "up" else 1
    title = item.title
    return _agenda_change(event, lambda: editing.move_item(db.session(), event, item, offset),
                          {"id": item.id, "form": None},
                          lambda: _("Đã chuyển “%(title)s” thành mục %(number)s.", title=title, number=item.number))


# --- the chair's saved messages ----------------------------------------------------

MESSAGE_ACTIONS = ("add", "up", "down", "remove")


@bp.post("/admin/agenda/messages")
@role_required(ROLE)
def quick_messages() -> ResponseReturnValue:
    """Add a saved message, or move one up or down, or remove it (``action``; the message as ``text``)."""
    event = require_event()
    action = request.form.get("action", "add")
    if action not in MESSAGE_ACTIONS:
        abort(400)
    form = Form(request.form)
    text = form.text("text", str(LABELS["quick_message"]), max_length=MAX_MESSAGE_LENGTH)
    if not form.ok:
        return _agenda_page(event, message_form=form, status=400)
    session = db.session()
    try:
        if action == "add":
            editing.add_quick_message(session, event, text)
            done = _("Đã thêm tin nhắn “%(text)s”.", text=text)
        elif action == "remove":
            editing.remove_quick_message(session, event, text)
            done = _("Đã xóa tin nhắn “%(text)s”.", text=text)
        else:
            editing.move_quick_message(session, event, text, -1 if action == "up" else 1)
            done = _("Đã chuyển tin nhắn “%(text)s”.", text=text)
    except EditError as error:
        roll_back()
        return _agenda_page(event, message_form=form if action == "add" else None,
                            message_refused=_refused(error), status=409)
    flash(done, "ok")
    return redirect(url_for("programme_admin.agenda") + "#quick-messages")
