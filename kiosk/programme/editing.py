"""Changing the programme from /admin: the event's times and thresholds, its lines and their lengths,
and the chair's saved messages. No Flask.

The chair's clock is never stored, only the commands that ran it, which name
agenda items by id (kiosk.timer.service replays them on every read). So the
programme may change under a running clock only in ways those commands still
replay over: an item the clock has started keeps its place, its length and
its existence, and every change is replayed before it is kept. Each function
changes rows, flushes and notes the change (every screen redraws the
programme from the ``timer`` push); an EditError is a refusal with the field
it concerns, and the boundary rolls the request back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from kiosk.changes import Change, Topic, apply_changes, note
from kiosk.errors import N_, Refusal
from kiosk.events.eventfile import AGENDA_KINDS, MAX_QUICK_MESSAGES, MINUTES_FIELDS, quick_message_text
from kiosk.events.models import AgendaItem, Event
from kiosk.timer.machine import TransitionError
from kiosk.timer.service import load_programme

EVENT_FIELDS = ("title", "short_title", "place", "date", "start_time", "presentation_seconds", "amber_seconds",
                "red_seconds", "fit_floor_seconds", *MINUTES_FIELDS)
ITEM_FIELDS = ("kind", "title", "presenter", "planned_seconds")
PROGRAMME = frozenset({Topic.TIMER})

EDIT_MESSAGES = {
    "red_above_amber": N_("ngưỡng đỏ phải nhỏ hơn hoặc bằng ngưỡng vàng."),
    "clock_conflict": N_("Đồng hồ của chủ trì đã ghi lệnh theo chương trình hiện tại; thay đổi này "
                         "sẽ làm sai đồng hồ nên không được thực hiện."),
    "item_started": N_("Đồng hồ của chủ trì đã chạy mục này: không xóa, không dời chỗ, không đổi "
                       "số phút được (chủ trì dùng nút thêm/bớt phút)."),
    "parent_not_section": N_("chỉ xếp được vào một mục loại “Phần có mục con”."),
    "has_items": N_("mục này có các mục con nên phải giữ loại “Phần có mục con”."),
    "nested_section": N_("mục con không thể là một phần có các mục con."),
    "cannot_move": N_("Mục này đã ở đầu hoặc cuối."),
    "bad_kind": N_("hãy chọn một giá trị trong danh sách."),
    "message_duplicate": N_("đã có tin nhắn này."),
    "too_many_messages": N_("đã đủ 20 tin nhắn; hãy xóa bớt trước khi thêm."),
    "no_such_message": N_("Tin nhắn này không còn trong danh sách (có thể vừa bị sửa ở nơi khác)."),
}


class EditError(Refusal):
    """A change refused; ``code`` says why, ``field`` which input it concerns (the page shows it beside it)."""

    status = 409

    def __init__(self, code: str, field: str | None = None) -> None:
        super().__init__(code, EDIT_MESSAGES[code], field=field)


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


def update_event(session: Session, event: Event, values: Mapping[str, Any]) -> dict[str, Any]:
    """New facts for the event: its title and place, what times the programme (its date and start, the
    presentation length, the thresholds, the floor of the chair's "Kết thúc lúc…"), and who chairs it and keeps
    its minutes (names and positions); presentations not yet started follow a new presentation length."""
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
    session.flush()
    if after:
        note(session, Change("event.update", target=event.short_title, before=before, after=after,
                             topics=PROGRAMME))
    return after


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
    note(session, Change("agenda.add", target=item.number,
                         after={name: getattr(item, name) for name in ITEM_FIELDS}, topics=PROGRAMME))
    return item


def update_item(session: Session, event: Event, item: AgendaItem, values: Mapping[str, Any]) -> dict[str, Any]:
    new = _item_values(values)
    if _children(event, item) and new["kind"] != "section":
        raise EditError("has_items", "kind")
    if item.parent is not None and new["kind"] == "section":
        raise EditError("nested_section", "kind")
    if new["planned_seconds"] != item.planned_seconds and item.id in started_item_ids(session, event):
        raise EditError("item_started", "planned_seconds")
    before, after = apply_changes(item, new)
    _check_clock(session, event)
    if after:
        note(session, Change("agenda.update", target=item.number, before=before, after=after, topics=PROGRAMME))
    return after


def remove_item(session: Session, event: Event, item: AgendaItem) -> list[AgendaItem]:
    """Remove a line (a section with its items); refused once the clock has started any of them."""
    removed = [item, *_children(event, item)]
    if started_item_ids(session, event) & {row.id for row in removed}:
        raise EditError("item_started")
    outline = [(row, [c for c in children if c is not item]) for row, children in _outline(event) if row is not item]
    gone = [f"{row.number} {row.title}" for row in removed]
    number = item.number
    for row in removed:
        session.delete(row)
    _lay_out(event, outline)
    _check_clock(session, event)
    note(session, Change("agenda.remove", target=number, before={"items": gone}, topics=PROGRAMME))
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
    number = item.number
    if item.parent is None:
        outline[index], outline[other] = outline[other], outline[index]
    else:
        siblings[index], siblings[other] = siblings[other], siblings[index]
    _lay_out(event, outline)
    _check_clock(session, event)
    note(session, Change("agenda.move", target=item.title, before={"number": number}, after={"number": item.number},
                         topics=PROGRAMME))


# --- the chair's saved messages ----------------------------------------------------


def add_quick_message(session: Session, event: Event, text: str) -> str:
    """A new saved message, last in the chair's row of buttons."""
    text = quick_message_text(text)
    if text in event.quick_messages:
        raise EditError("message_duplicate", "quick_message")
    if len(event.quick_messages) >= MAX_QUICK_MESSAGES:
        raise EditError("too_many_messages", "quick_message")
    _set_quick_messages(session, event, [*event.quick_messages, text], text)
    return text


def remove_quick_message(session: Session, event: Event, text: str) -> None:
    _index(event, text)
    _set_quick_messages(session, event, [message for message in event.quick_messages if message != text], text)


def move_quick_message(session: Session, event: Event, text: str, offset: int) -> None:
    """Swap a saved message with the one before (offset -1) or after (+1)."""
    index = _index(event, text)
    other = index + offset
    if not 0 <= other < len(event.quick_messages):
        raise EditError("cannot_move")
    messages = list(event.quick_messages)
    messages[index], messages[other] = messages[other], messages[index]
    _set_quick_messages(session, event, messages, text)


def _index(event: Event, text: str) -> int:
    try:
        return list(event.quick_messages).index(text)
    except ValueError:
        raise EditError("no_such_message") from None


def _set_quick_messages(session: Session, event: Event, messages: list[str], target: str) -> None:
    """A new list (the JSON column notices a new list, not changes inside one); /chair redraws its buttons."""
    before = list(event.quick_messages)
    event.quick_messages = messages
    session.flush()
    note(session, Change("chair.messages", target=target, before={"quick_messages": before},
                         after={"quick_messages": messages}, topics=PROGRAMME))
