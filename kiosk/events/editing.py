"""Changing a loaded event from /admin: its facts, its groups, its programme. No Flask.

The chair's clock is never stored, only the commands that ran it, which name
agenda items by id (kiosk.timer.service replays them on every read). So the
programme may change under a running clock only in ways those commands still
replay over: an item the clock has started keeps its place, its length and
its existence, and every change is replayed before it is kept. Each function
changes rows in the session and returns what changed, for the audit trail;
on EditError the caller rolls back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from kiosk.auth.audit import apply_changes
from kiosk.events.eventfile import AGENDA_KINDS
from kiosk.events.models import AgendaItem, AttendeeGroup, Event
from kiosk.timer.machine import TransitionError
from kiosk.timer.service import load_programme

Change = tuple[dict[str, Any], dict[str, Any]]
EVENT_FIELDS = ("title", "short_title", "place", "date", "start_time", "presentation_seconds", "amber_seconds",
                "red_seconds")
GROUP_FIELDS = ("name", "colour", "expected", "seat_area", "seats")
ITEM_FIELDS = ("kind", "title", "presenter", "planned_seconds")


class EditError(ValueError):
    """A change refused; ``code`` says why (the page words it), ``field`` which input it concerns."""

    def __init__(self, code: str, field: str | None = None) -> None:
        super().__init__(code)
        self.code, self.field = code, field


def started_item_ids(session: Session, event: Event) -> set[int]:
    """Items the chair's clock has started (running, paused or finished)."""
    programme = load_programme(session, event)
    return {clock.item_id for clock in programme.clocks if clock.status not in ("idle", "skipped")}


def _check_clock(session: Session, event: Event) -> None:
    """The stored clock commands must still replay over the changed programme."""
    session.flush()
    try:
        load_programme(session, event)
    except TransitionError as error:
        raise EditError("clock_conflict") from error


def update_event(session: Session, event: Event, values: Mapping[str, Any]) -> Change:
    """New facts for the event; presentations not yet started follow a new presentation length."""
    if values["red_seconds"] > values["amber_seconds"]:
        raise EditError("red_above_amber", "red_seconds")
    old_length = event.presentation_seconds
    before, after = apply_changes(event, {name: values[name] for name in EVENT_FIELDS})
    if "presentation_seconds" in after:
        started = started_item_ids(session, event)
        following = [item for item in event.agenda if item.kind == "presentation" and item.id not in started
                     and item.planned_seconds == old_length]
        for item in following:
            item.planned_seconds = event.presentation_seconds
        after["presentations_following"] = [item.number for item in following]
        _check_clock(session, event)
    return before, after


def update_group(group: AttendeeGroup, values: Mapping[str, Any]) -> Change:
    return apply_changes(group, {name: values[name] for name in GROUP_FIELDS})


# --- the programme -----------------------------------------------------------------


def _children(event: Event, item: AgendaItem) -> list[AgendaItem]:
    return [child for child in event.agenda if child.parent_id == item.id and child is not item]


def _outline(event: Event) -> list[tuple[AgendaItem, list[AgendaItem]]]:
    ordered = sorted(event.agenda, key=lambda row: row.position)
    return [(item, [c for c in ordered if c.parent is item]) for item in ordered if item.parent is None]


def _lay_out(event: Event, outline: list[tuple[AgendaItem, list[AgendaItem]]]) -> None:
    """Positions and numbers ("3", "3.2") from the outline, and the event's list in that order."""
    ordered = []
    for number, (item, children) in enumerate(outline, start=1):
        item.number = str(number)
        ordered.append(item)
        for sub, child in enumerate(children, start=1):
            child.number = f"{number}.{sub}"
            ordered.append(child)
    for position, row in enumerate(ordered):
        row.position = position
    event.agenda[:] = ordered


def _item_values(values: Mapping[str, Any]) -> dict[str, Any]:
    if values["kind"] not in AGENDA_KINDS:
        raise EditError("bad_kind", "kind")
    item = {name: values[name] for name in ITEM_FIELDS}
    if item["kind"] == "section":
        item["planned_seconds"] = 0  # a section is timed through its items
    return item


def add_item(session: Session, event: Event, values: Mapping[str, Any], parent: AgendaItem | None) -> AgendaItem:
    """A new line at the end of the programme, or of a section's items."""
    if parent is not None and parent.kind != "section":
        raise EditError("parent_not_section", "parent_id")
    item = AgendaItem(position=len(event.agenda), number="", **_item_values(values))
    item.parent = parent
    outline = _outline(event)
    if parent is None:
        outline.append((item, []))
    else:
        next(children for row, children in outline if row is parent).append(item)
    _lay_out(event, outline)
    _check_clock(session, event)
    return item


def update_item(session: Session, event: Event, item: AgendaItem, values: Mapping[str, Any]) -> Change:
    new = _item_values(values)
    if _children(event, item) and new["kind"] != "section":
        raise EditError("has_items", "kind")
    if item.parent is not None and new["kind"] == "section":
        raise EditError("nested_section", "kind")
    if new["planned_seconds"] != item.planned_seconds and item.id in started_item_ids(session, event):
        raise EditError("item_started", "planned_seconds")
    change = apply_changes(item, new)
    _check_clock(session, event)
    return change


def remove_item(session: Session, event: Event, item: AgendaItem) -> list[AgendaItem]:
    """Remove a line (a section with its items); refused once the clock has started any of them."""
    removed = [item, *_children(event, item)]
    if started_item_ids(session, event) & {row.id for row in removed}:
        raise EditError("item_started")
    outline = [(row, [c for c in children if c is not item]) for row, children in _outline(event) if row is not item]
    for row in removed:
        session.delete(row)
    _lay_out(event, outline)
    _check_clock(session, event)
    return removed


def move_item(session: Session, event: Event, item: AgendaItem, offset: int) -> None:
    """Swap a line with the one before (offset -1) or after (+1) among its siblings."""
    outline = _outline(event)
    siblings = [row for row, _children in outline] if item.parent is None else \
        next(children for row, children in outline if row is item.parent)
    index = siblings.index(item)
    other = index + offset
    if not 0 <= other < len(siblings):
        raise EditError("cannot_move")
    moved = {item, siblings[other]}
    for row, children in outline:
        if row in moved:
            moved |= set(children)
    if started_item_ids(session, event) & {row.id for row in moved}:
        raise EditError("item_started")
    if item.parent is None:
        outline[index], outline[other] = outline[other], outline[index]
    else:
        siblings[index], siblings[other] = siblings[other], siblings[index]
    _lay_out(event, outline)
    _check_clock(session, event)
