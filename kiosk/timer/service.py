"""The chair's clock over storage: stored commands in, what every screen shows out.

No Flask here. The clock's state is never stored: every read replays the
event's stored commands through the pure machine (a programme has ~20 items
and a few hundred commands at most, so this costs well under a millisecond per
command), so a server killed mid-presentation, or several server processes,
all show what the database says.

The planned start is the event's date and start time in its time zone. An event
file may give only a month ("2026-06", as the Cẩm Giang plan does); then the day
is the day on which the first item was started, and today before that. Until the
first item starts there is no delay (kiosk.timer.machine): screens show the
planned start instead, and count down to it only when the day is known
(`planned_date`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from kiosk.changes import Change, Topic, note
from kiosk.db import utcnow
from kiosk.events.models import AgendaItem, Event
from kiosk.events.service import timed_items
from kiosk.text import nfc
from kiosk.timer.machine import (
    COMMAND_NAMES,
    Command,
    Programme,
    Thresholds,
    apply,
    delay_seconds,
    item_report,
    projected_end,
    replay,
    snapshot,
)
from kiosk.timer.models import PresenterMessage, TimerTransition

# `toggle` is one button (a Stream Deck key, the Space bar): start, pause or
# resume, whichever the current item allows; the resolved command is stored.
COMMANDS = (*COMMAND_NAMES, "toggle")
_TOGGLE = {"idle": "start", "running": "pause", "paused": "resume"}
MAX_MESSAGE_LENGTH = 200


def thresholds(event: Event) -> Thresholds:
    return Thresholds(amber_seconds=event.amber_seconds, red_seconds=event.red_seconds)


def load_programme(session: Session, event: Event) -> Programme:
    """The clock as the stored commands leave it."""
    rows = session.scalars(
        select(TimerTransition).where(TimerTransition.event_id == event.id).order_by(TimerTransition.id)
    )
    commands = [Command(row.command, row.at, **row.args) for row in rows]
    return replay([(item.id, item.planned_seconds) for item in timed_items(event)], commands)


def run_command(session: Session, event: Event, name: str, *, now: float, role: str,
                seconds: int | None = None, item_id: int | None = None,
                order: list[int] | None = None) -> Programme:
    """Apply a chair's command and add it to the session, noted for the boundary (audit, ``timer`` push).

    Raises TransitionError for an illegal command, having stored nothing.
    """
    _lock(session, event)
    programme = load_programme(session, event)
    if name == "toggle":
        current = programme.current()
        name = _TOGGLE.get(current.status, "start") if current else "start"
    # Never before the last stored command, even if the system clock stepped back.
    at = max(now, programme.last_at or now)
    command = Command(name, at, seconds=seconds, item_id=item_id, order=tuple(order) if order is not None else None)
    programme = apply(programme, command)
    session.add(TimerTransition(event_id=event.id, command=command.name, at=command.at, args=command.args(),
                                role=role))
    current = programme.current()
    note(session, Change(f"timer.{command.name}", target=_item_number(event, current.item_id if current else None),
                         detail=command.args(), topics=frozenset({Topic.TIMER})))
    return programme


def _item_number(event: Event, item_id: int | None) -> str:
    return next((item.number for item in event.agenda if item.id == item_id), "")


def _lock(session: Session, event: Event) -> None:
    """Serialise commands across processes: a no-op write takes SQLite's write lock, PostgreSQL's row lock."""
    table = Event.__table__
    session.execute(update(table).where(table.c.id == event.id).values(id=table.c.id))


def planned_date(event: Event) -> str | None:
    """The event's day as YYYY-MM-DD, or None when the event file gives only a month."""
    return event.date if len(event.date) == len("2026-06-18") else None


def planned_start(event: Event, programme: Programme, now: float) -> float:
    """The event's start as epoch seconds (see the module docstring for a month-only date)."""
    zone = ZoneInfo(event.timezone)
    known = planned_date(event)
    if known is not None:
        day = dt.date.fromisoformat(known)
    else:
        starts = [clock.started_at for clock in programme.clocks if clock.started_at is not None]
        day = dt.datetime.fromtimestamp(min(starts) if starts else now, zone).date()
    hour, minute = (int(part) for part in event.start_time.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), zone).timestamp()


def planned_schedule(event: Event, start: float) -> dict[int, float]:
    """Each timed item's planned start: the items back to back, in programme order."""
    schedule, at = {}, start
    for item in timed_items(event):
        schedule[item.id] = at
        at += item.planned_seconds
    return schedule


# --- what the screens show -----------------------------------------------------


def timer_state(session: Session, event: Event, now: float) -> dict[str, Any]:
    """The full state pushed as the `timer` event and answered by GET /api/v1/timer.

    The machine's snapshot, with each item's number, title, presenter and planned
    start, the current item, the event's day if known, and the presenter's message.
    """
    programme = load_programme(session, event)
    start = planned_start(event, programme, now)
    state = snapshot(programme, now, thresholds(event), planned_start=start)
    items = {item.id: item for item in timed_items(event)}
    schedule = planned_schedule(event, start)
    for entry in state["items"]:
        entry.update(_describe(items[entry["item_id"]]), planned_at=schedule[entry["item_id"]])
    current = items.get(state["current_id"]) if state["current_id"] is not None else None
    state["current"] = {"id": current.id, **_describe(current)} if current else None
    state["planned_date"] = planned_date(event)
    state["message"] = message_json(current_message(session, event))
    return state


def _describe(item: AgendaItem) -> dict[str, str]:
    return {"number": item.number, "title": item.title, "presenter": item.presenter}


@dataclass(frozen=True)
class ItemTiming:
    """What happened to one timed item, for the agenda and the timing report."""

    item: AgendaItem
    status: str
    planned_start: float
    added_seconds: int
    actual_start: float | None
    actual_end: float | None
    elapsed: float
    paused_seconds: float
    overtime: float

    @property
    def difference(self) -> float:
        """Time used against the plan (positive: longer), for items that ran."""
        return self.elapsed - self.item.planned_seconds


@dataclass(frozen=True)
class ProgrammeTiming:
    """The programme's timing as of `now`; `items` in running order."""

    now: float
    planned_start: float
    planned_end: float
    projected_end: float
    delay_seconds: float | None  # None until the first item starts
    current_id: int | None
    ended: bool
    items: list[ItemTiming]

    @property
    def actual_start(self) -> float | None:
        starts = [row.actual_start for row in self.items if row.actual_start is not None]
        return min(starts) if starts else None


def programme_timing(session: Session, event: Event, now: float) -> ProgrammeTiming:
    programme = load_programme(session, event)
    start = planned_start(event, programme, now)
    schedule = planned_schedule(event, start)
    items = {item.id: item for item in timed_items(event)}
    rows = [
        ItemTiming(
            item=items[report["item_id"]], status=report["status"], planned_start=schedule[report["item_id"]],
            added_seconds=report["added_seconds"], actual_start=report["actual_start"],
            actual_end=report["actual_end"], elapsed=report["elapsed"],
            paused_seconds=report["paused_seconds"], overtime=report["overtime"],
        )
        for report in item_report(programme, now)
    ]
    return ProgrammeTiming(
        now=now, planned_start=start, planned_end=start + sum(item.planned_seconds for item in items.values()),
        projected_end=projected_end(programme, now, start), delay_seconds=delay_seconds(programme, now, start),
        current_id=programme.current_id,
        ended=bool(programme.clocks) and all(clock.ended for clock in programme.clocks), items=rows,
    )


# --- messages to the presenter ------------------------------------------------


def current_message(session: Session, event: Event) -> PresenterMessage | None:
    return session.scalars(
        select(PresenterMessage)
        .where(PresenterMessage.event_id == event.id, PresenterMessage.cleared_at.is_(None))
        .order_by(PresenterMessage.id.desc()).limit(1)
    ).first()


def send_message(session: Session, event: Event, text: str) -> PresenterMessage:
    """Show `text` on the stage until cleared (it replaces any message shown)."""
    _clear(session, event)
    message = PresenterMessage(event_id=event.id, text=nfc(text))
    session.add(message)
    session.flush()
    note(session, Change("message.send", after={"text": message.text}, topics=frozenset({Topic.MESSAGE})))
    return message


def clear_message(session: Session, event: Event) -> None:
    shown = current_message(session, event)
    _clear(session, event)
    note(session, Change("message.clear", before={"text": shown.text if shown else None},
                         topics=frozenset({Topic.MESSAGE})))


def _clear(session: Session, event: Event) -> None:
    session.execute(
        update(PresenterMessage)
        .where(PresenterMessage.event_id == event.id, PresenterMessage.cleared_at.is_(None))
        .values(cleared_at=utcnow())
    )


def message_json(message: PresenterMessage | None) -> dict[str, Any] | None:
    return None if message is None else {"text": message.text, "sent_at": message.sent_at.timestamp()}
