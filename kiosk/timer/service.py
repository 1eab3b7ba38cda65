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

Fitting the programme to an end time ("Kết thúc lúc 11:30" on /chair): the end
is that time on the day being run (the planned start's day; the next day when
that time is before the planned start, for a programme past midnight).
`fit_programme` asks the machine for the lengths (kiosk.timer.machine.fit) and,
unless it is a dry run, stores them as one `allot` command, so the replay, a
restart, the timing report and the audit trail all see them.

A command may carry a key (``client_id``; the API also takes an
``Idempotency-Key`` header): it is stored with the command, and a retry with
the same key is not applied again but answered with the clock as that command
left it (kiosk.timer.views says how). A key is used once, for one command.
"""

from __future__ import annotations

import datetime as dt
import re
import weakref
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from kiosk.changes import Change, Topic, note, writing
from kiosk.db import utcnow
from kiosk.errors import N_, Refusal
from kiosk.events.models import AgendaItem, Event
from kiosk.events.service import timed_items
from kiosk.text import format_hhmm, nfc
from kiosk.timer.machine import (
    COMMAND_NAMES,
    Allotment,
    Command,
    Fit,
    Programme,
    Thresholds,
    TransitionError,
    apply,
    delay_seconds,
    fit,
    item_report,
    projected_end,
    replay,
    snapshot,
)
from kiosk.timer.models import PresenterMessage, TimerTransition

# `toggle` is one button (a Stream Deck key, the Space bar): start, pause or
# resume, whichever the current item allows; the resolved command is stored.
# `allot` is stored by fit_programme only (POST /api/v1/timer/fit), never sent as such.
COMMANDS = (*(name for name in COMMAND_NAMES if name != "allot"), "toggle")
_TOGGLE = {"idle": "start", "running": "pause", "paused": "resume"}
MAX_CLIENT_ID_LENGTH = 80  # TimerTransition.client_id
_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
PLANNED_END = "planned"


class CannotFit(Refusal):
    """Even the floors do not fit before the end asked for; ``earliest_end`` is the earliest possible."""

    status = 409

    def __init__(self, end: str, floor_minutes: int, earliest_end: float, earliest: str) -> None:
        super().__init__("cannot_fit", N_("Không thể kết thúc lúc %(end)s: kể cả khi mỗi nội dung chưa bắt đầu "
                                          "chỉ còn %(floor)d phút, sớm nhất là %(earliest)s."),
                         field="end", end=end, floor=floor_minutes, earliest=earliest)
        self.earliest_end = earliest_end
        self.earliest = earliest


def thresholds(event: Event) -> Thresholds:
    return Thresholds(amber_seconds=event.amber_seconds, red_seconds=event.red_seconds)


def _transitions(session: Session, event: Event, *, before: int | None = None,
                 through: int | None = None) -> list[TimerTransition]:
    """The event's stored commands in order; only those before, or up to and including, a command's id."""
    query = select(TimerTransition).where(TimerTransition.event_id == event.id)
    if before is not None:
        query = query.where(TimerTransition.id < before)
    if through is not None:
        query = query.where(TimerTransition.id <= through)
    return list(session.scalars(query.order_by(TimerTransition.id)))


# The clock as committed commands left it, per database and event: (what it was replayed over, the last command's
# id, the state). A read then replays only the commands stored since (commands are stored in id order, one at a
# time: kiosk.timer.service._lock), instead of the whole day's log three times a request.
_Replayed = tuple[tuple[object, ...], int, Programme]
_replayed: weakref.WeakKeyDictionary[object, dict[int, _Replayed]] = weakref.WeakKeyDictionary()


def load_programme(session: Session, event: Event, *, before: int | None = None,
                   through: int | None = None) -> Programme:
    """The clock as the stored commands leave it (as it was before, or right after, one of them)."""
    items = [(item.id, item.planned_seconds) for item in timed_items(event)]
    if before is not None or through is not None:
        commands = [Command(row.command, row.at, **row.args)
                    for row in _transitions(session, event, before=before, through=through)]
        return replay(items, commands)
    basis = (event.created_at, *items)  # a replaced or restored event, or an edited programme, starts over
    known = _replayed.setdefault(session.get_bind(), {})
    cached = known.get(event.id)
    last_id, start = (cached[1], cached[2]) if cached is not None and cached[0] == basis else (0, None)
    rows = list(session.scalars(select(TimerTransition).where(TimerTransition.event_id == event.id,
                                                              TimerTransition.id > last_id)
                                .order_by(TimerTransition.id)))
    programme = replay(items, [Command(row.command, row.at, **row.args) for row in rows], start=start)
    if rows and not writing(session):  # only what is committed: a rolled-back id may be stored again
        known[event.id] = (basis, rows[-1].id, programme)
    elif start is None and not rows:
        known.pop(event.id, None)
    return programme


@dataclass(frozen=True)
class Ran:
    """A command applied (or, for a retried key, found applied already) and the clock it left."""

    programme: Programme
    transition: TimerTransition
    replayed: bool = False


def run_command(session: Session, event: Event, name: str, *, now: float, role: str,
                seconds: int | None = None, item_id: int | None = None,
                order: list[int] | None = None, client_id: str | None = None) -> Ran:
    """Apply a chair's command and add it to the session, noted for the boundary (audit, ``timer`` push).

    With a ``client_id`` already stored, nothing is applied: the answer is the
    clock right after that command (``replayed``). Raises TransitionError for an
    illegal command, having stored nothing.
    """
    requested = Command(name, now, seconds=seconds, item_id=item_id,
                        order=tuple(order) if order is not None else None)
    earlier = _keyed(session, event, client_id, requested)
    if earlier is not None:
        return earlier
    _lock(session, event)
    earlier = _keyed(session, event, client_id, requested, locked=True)
    if earlier is not None:
        return earlier
    programme = load_programme(session, event)
    if name == "toggle":
        current = programme.current()
        name = _TOGGLE.get(current.status, "start") if current else "start"
    # Never before the last stored command, even if the system clock stepped back.
    command = Command(name, max(now, programme.last_at or now), seconds=seconds, item_id=item_id,
                      order=requested.order)
    programme = apply(programme, command)
    row = _store(session, event, command, role, client_id)
    current = programme.current()
    note(session, Change(f"timer.{command.name}", target=_item_number(event, current.item_id if current else None),
                         detail=command.args(), topics=frozenset({Topic.TIMER})))
    return Ran(programme, row)


def _store(session: Session, event: Event, command: Command, role: str, client_id: str | None) -> TimerTransition:
    row = TimerTransition(event_id=event.id, command=command.name, at=command.at, args=command.args(), role=role,
                          client_id=client_id)
    session.add(row)
    session.flush()
    return row


def _keyed(session: Session, event: Event, client_id: str | None, requested: Command, *,
           locked: bool = False) -> Ran | None:
    """The command stored earlier under ``client_id``, replayed; None when the key is new.

    A key stored for another command (or another event) is refused: a client
    that reuses keys would otherwise lose presses without knowing.
    """
    if not client_id:
        return None
    row = session.scalars(select(TimerTransition).where(TimerTransition.client_id == client_id)).first()
    if row is None:
        return None
    if row.event_id != event.id or not _same_command(row, requested):
        raise Refusal("client_id_reused", N_("Mã lệnh “%(key)s” đã được dùng cho một lệnh khác; mỗi lần bấm "
                                             "cần một mã mới (trường “client_id”)."),
                      status=409, field="client_id", key=client_id[:40])
    if locked:
        # The lock's no-op write must be announced (kiosk.boundary); a retry changes nothing else.
        note(session, Change("timer.retry", target=client_id, audited=False))
    return Ran(load_programme(session, event, through=row.id), row, replayed=True)


def _same_command(row: TimerTransition, requested: Command) -> bool:
    if requested.name == "toggle":
        return row.command in _TOGGLE.values()
    if requested.name == "fit":
        return row.command == "allot"
    return row.command == requested.name and row.args == requested.args()


def _item_number(event: Event, item_id: int | None) -> str:
    return next((item.number for item in event.agenda if item.id == item_id), "")


def _lock(session: Session, event: Event) -> None:
    """Serialise commands across processes: a no-op write takes SQLite's write lock, PostgreSQL's row lock."""
    session.execute(update(Event).where(Event.id == event.id).values(id=Event.id))


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


def planned_end(event: Event, start: float) -> float:
    return start + sum(item.planned_seconds for item in timed_items(event))


def end_time(event: Event, start: float, text: str) -> float:
    """"HH:MM" in the event's time zone on the day being run (the next day if before the planned start),
    or ``"planned"``: the planned end. A Refusal naming the field ``end`` otherwise."""
    if text == PLANNED_END:
        return planned_end(event, start)
    match = _HHMM.match(text.strip())
    if match is None:
        raise Refusal("bad_end", N_("Trường “end” phải là giờ dạng HH:MM (24 giờ), ví dụ 11:30, "
                                    "hoặc “planned” (kết thúc theo kế hoạch)."), field="end")
    zone = ZoneInfo(event.timezone)
    day = dt.datetime.fromtimestamp(start, zone).date()
    at = dt.time(int(match[1]), int(match[2]))
    end = dt.datetime.combine(day, at, zone)
    if end.timestamp() < start:
        end = dt.datetime.combine(day + dt.timedelta(days=1), at, zone)
    return end.timestamp()


@dataclass(frozen=True)
class Fitted:
    """What POST /api/v1/timer/fit answers: the fit, and whether it was applied (or had been, for a retry)."""

    fit: Fit
    applied: bool
    replayed: bool = False


def fit_programme(session: Session, event: Event, end: str, *, now: float, role: str, dry_run: bool,
                  client_id: str | None = None) -> Fitted:
    """New lengths for the items not started so that the programme ends at ``end`` ("HH:MM" or "planned").

    A dry run only proposes (it writes nothing, so nothing is audited or pushed);
    otherwise the lengths are stored as one ``allot`` command and noted for the
    boundary. Raises CannotFit (409, with the earliest end) when even the floors
    do not fit, TransitionError when no item is left to fit.
    """
    if not dry_run:
        earlier = _keyed(session, event, client_id, Command("fit", now))
        if earlier is not None:
            return _refitted(session, event, earlier)
        _lock(session, event)
        earlier = _keyed(session, event, client_id, Command("fit", now), locked=True)
        if earlier is not None:
            return _refitted(session, event, earlier)
    programme = load_programme(session, event)
    at = max(now, programme.last_at or now)
    start = planned_start(event, programme, at)
    proposal = fit(programme, at, start, end_time(event, start, end), event.fit_floor_seconds)
    if not proposal.feasible:
        zone = event.timezone
        raise CannotFit(format_hhmm(proposal.end, zone), event.fit_floor_seconds // 60, proposal.earliest_end,
                        _hhmm_up(proposal.earliest_end, zone))
    if dry_run:
        return Fitted(proposal, applied=False)
    command = proposal.command(at)
    apply(programme, command)
    _store(session, event, command, role, client_id)
    numbers = {item.id: item.number for item in timed_items(event)}
    note(session, Change(
        "timer.fit", target=format_hhmm(proposal.end, event.timezone),
        before={numbers[a.item_id]: a.allotted_before for a in proposal.allotments},
        after={numbers[a.item_id]: a.allotted_seconds for a in proposal.allotments},
        detail={"end": proposal.end, "floor_seconds": proposal.floor_seconds}, topics=frozenset({Topic.TIMER}),
    ))
    return Fitted(proposal, applied=True)


def _refitted(session: Session, event: Event, ran: Ran) -> Fitted:
    """A retried fit: the lengths stored then, beside the clock as it was before them."""
    row = ran.transition
    before = load_programme(session, event, before=row.id)
    end = float(row.args.get("end") or 0.0)
    stored = dict(tuple(pair) for pair in row.args["allotments"])
    allotments = tuple(Allotment(item_id, before.clock(item_id).planned_seconds,
                                 before.clock(item_id).allotted_seconds, seconds)
                       for item_id, seconds in stored.items())
    start = planned_start(event, before, row.at)
    try:
        again = fit(before, row.at, start, end, event.fit_floor_seconds)
        time_left, earliest_end = again.time_left, again.earliest_end
    except TransitionError:  # the programme changed since in a way the replay still follows
        time_left, earliest_end = float(sum(stored.values())), end
    return Fitted(Fit(end, time_left, earliest_end, event.fit_floor_seconds, allotments),
                  applied=True, replayed=True)


def _hhmm_up(epoch: float, zone: str) -> str:
    """HH:MM of the first whole minute at or after ``epoch``: an end the chair can ask for."""
    return format_hhmm(-(-epoch // 60) * 60, zone)


def planned_schedule(event: Event, start: float) -> dict[int, float]:
    """Each timed item's planned start: the items back to back, in programme order."""
    schedule, at = {}, start
    for item in timed_items(event):
        schedule[item.id] = at
        at += item.planned_seconds
    return schedule


# --- what the screens show -----------------------------------------------------


def timer_state(session: Session, event: Event, now: float, *, through: int | None = None) -> dict[str, Any]:
    """The full state pushed as the `timer` event and answered by GET /api/v1/timer.

    The machine's snapshot, with each item's number, title, presenter and planned
    start, the current item, the event's day if known, the presenter's message, and what
    the chair's page offers: the saved messages and the floor of a fit.
    ``through``: the clock as one stored command left it (for a retried command).
    """
    programme = load_programme(session, event, through=through)
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
    state["quick_messages"] = list(event.quick_messages)
    state["fit_floor_seconds"] = event.fit_floor_seconds
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
    allotted_seconds: int
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
    fits: list[tuple[float, float]] = field(default_factory=list)  # (when, the end asked for) per applied fit

    @property
    def actual_start(self) -> float | None:
        starts = [row.actual_start for row in self.items if row.actual_start is not None]
        return min(starts) if starts else None


def programme_timing(session: Session, event: Event, now: float) -> ProgrammeTiming:
    rows = _transitions(session, event)
    programme = replay([(item.id, item.planned_seconds) for item in timed_items(event)],
                       [Command(row.command, row.at, **row.args) for row in rows])
    start = planned_start(event, programme, now)
    schedule = planned_schedule(event, start)
    items = {item.id: item for item in timed_items(event)}
    items_timing = [
        ItemTiming(
            item=items[report["item_id"]], status=report["status"], planned_start=schedule[report["item_id"]],
            added_seconds=report["added_seconds"], allotted_seconds=report["allotted_seconds"],
            actual_start=report["actual_start"],
            actual_end=report["actual_end"], elapsed=report["elapsed"],
            paused_seconds=report["paused_seconds"], overtime=report["overtime"],
        )
        for report in item_report(programme, now)
    ]
    return ProgrammeTiming(
        now=now, planned_start=start, planned_end=start + sum(item.planned_seconds for item in items.values()),
        projected_end=projected_end(programme, now, start), delay_seconds=delay_seconds(programme, now, start),
        current_id=programme.current_id,
        ended=bool(programme.clocks) and all(clock.ended for clock in programme.clocks), items=items_timing,
        fits=[(row.at, float(row.args["end"])) for row in rows if row.command == "allot" and "end" in row.args],
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
