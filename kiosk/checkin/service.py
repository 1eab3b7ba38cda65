"""Check-in rules over the append-only log. Plain SQLAlchemy, no Flask.

- A badge is good when its token verifies, belongs to this event and carries the
  delegate's current badge version; a delegate who was removed, or a badge that
  was re-issued, is *revoked*; anything else is *invalid* (with the reason).
- First scan wins: a delegate's arrival is the earliest ``scanned_at`` among the
  arrival rows since their last undo. Every later scan is a repeat, answered
  ``already_checked_in`` with the first one's time and desk.
- A request carrying a ``client_id`` already seen gets the stored answer again
  and changes nothing (retries, and queues replayed by an offline desk).
- A scan may name a stand-in (dự thay: someone who came in the delegate's
  place). It is stored on the scan's row; the stand-in of the arrival that
  counts is the one introduced and reported. Naming one for a delegate who has
  arrived already puts it on the counting row (audited).
- Arriving clears the delegate's excused absence (kiosk.protocol.absence):
  whoever came is present, by themselves or by a stand-in.

Which scan counts is one SQL definition, :func:`counting_arrivals`, joined by every
reader (one delegate's arrival, every arrival, the counts per group, a desk's
last arrival), so they cannot disagree. Functions here flush and note their
change (kiosk.changes); kiosk.boundary commits.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from typing import Any, Literal, TypeVarTuple, cast

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Select,
    Subquery,
    Table,
    and_,
    bindparam,
    case,
    func,
    select,
    update,
)
from sqlalchemy.orm import Session, aliased

from kiosk.attendees.models import Attendee, display_name
from kiosk.attendees.service import withdraw_registration
from kiosk.badges.token import REASON_MESSAGES, TokenError, check_version, verify
from kiosk.changes import Change, Topic, apply_changes, note, write_plainly
from kiosk.checkin.models import CheckIn
from kiosk.db import PlainStatement, utcnow
from kiosk.errors import N_, Phrase, Refusal
from kiosk.events.models import AttendeeGroup, Event
from kiosk.text import nfc

Status = Literal["checked_in", "already_checked_in", "invalid", "revoked"]
# How far back an offline desk's scan time is believed; older ones are clamped.
OFFLINE_HORIZON = dt.timedelta(hours=24)
Columns = TypeVarTuple("Columns")
_CHECKINS = cast(Table, CheckIn.__table__)  # for the statements of the hot path that need no ORM row

REASON_UNKNOWN_ATTENDEE = "unknown_attendee"
REASON_REMOVED = "removed"
SCAN_REFUSALS: dict[str, Phrase] = {
    **{str(reason): phrase for reason, phrase in REASON_MESSAGES.items()},
    REASON_REMOVED: N_("Đại biểu đã bị xóa khỏi danh sách; thẻ không còn hiệu lực."),
    REASON_UNKNOWN_ATTENDEE: N_("Không có đại biểu này trong danh sách hội nghị."),
}
"""Why a scan was refused, by its ``reason``, for the desk (translated where it is shown)."""


@dataclass(frozen=True)
class StandIn:
    """Who came in a delegate's place (dự thay): as a desk records them, the minutes list and the MC introduces them."""

    name: str
    position: str = ""


@dataclass(frozen=True)
class ScanRequest:
    desk: str
    token: str | None = None
    attendee_id: int | None = None
    client_id: str | None = None
    scanned_at: dt.datetime | None = None  # the desk's time for a queued scan; None = now
    holder_name: str | None = None
    stand_in: StandIn | None = None


@dataclass(frozen=True)
class ScannedGroup:
    id: int
    position: int
    code: str
    name: str
    colour: str
    seat_area: str
    seats: bool


@dataclass(frozen=True)
class ScannedDelegate:
    """A delegate with their group as a scan reads them: a plain row of one statement built once (the hot path
    loads no ORM object). A desk row is built from it as from an Attendee (kiosk.checkin.desk.desk_row)."""

    id: int
    event_id: int
    number: str
    full_name: str | None
    seat_label: str | None
    position: str
    unit: str
    badge_version: int
    revoked: bool
    walk_in: bool
    rank: int
    absence_reason: str | None
    absence_recorded_at: dt.datetime | None
    group: ScannedGroup

    @property
    def display_name(self) -> str:
        return display_name(self.full_name, self.seat_label, self.number)


@dataclass(frozen=True)
class Arrival:
    """The arrival that counts, as a desk is told it: read as a plain row (no ORM object) on the hot path."""

    id: int
    scanned_at: dt.datetime
    desk: str
    stand_in_name: str | None
    stand_in_position: str | None


@dataclass(frozen=True)
class ScanResult:
    status: Status
    attendee: ScannedDelegate | None = None
    first: Arrival | None = None  # the arrival that counts
    row_id: int | None = None  # this request's row in the log (None for invalid/revoked)
    reason: str | None = None  # why invalid or revoked
    replayed: bool = False  # a retry of a client_id already answered


@dataclass(frozen=True)
class GroupAttendance:
    code: str
    name: str
    colour: str
    expected: int
    registered: int
    arrived: int  # present, by themselves or by a stand-in
    stand_ins: int = 0  # of those arrived, present by a stand-in
    excused: int = 0  # not arrived, with apologies (absence recorded)


def counting_arrivals(*delegates: ColumnElement[bool]) -> Subquery:
    """The ids (column ``id``) of the check-in rows that count: for each delegate, the earliest arrival since
    their last undo. The one definition of arrival, which every reader joins.

    Earliest by ``scanned_at`` (an offline desk's time), then by id; an undo
    cancels every arrival recorded before it (by id, the order the server
    recorded them). ``delegates`` narrows the rows looked at by delegate
    (conditions on ``CheckIn.attendee_id`` only), so one delegate's arrival
    reads one delegate's rows.

    Asked per delegate (the first arrival after the last undo, one walk of the
    ``ix_checkin_arrival`` index each), not by ranking the whole log: the
    counts are pushed after every burst of scans, and stay as cheap at the
    10,000th scan as at the first.
    """
    undo, arrival = aliased(CheckIn, name="undo"), aliased(CheckIn, name="arrival")
    delegate = select(CheckIn.attendee_id).where(*delegates).distinct().subquery("delegate")
    last_undo = (select(func.coalesce(func.max(undo.id), 0))  # correlated with ``arrival``, the select around it
                 .where(undo.attendee_id == arrival.attendee_id, undo.action == "undo").scalar_subquery())
    first = (select(arrival.id)
             .where(arrival.attendee_id == delegate.c.attendee_id, arrival.action == "in", arrival.id > last_undo)
             .order_by(arrival.scanned_at, arrival.id).limit(1).scalar_subquery())
    firsts = select(first.label("id")).select_from(delegate).subquery("firsts")
    return select(firsts.c.id).where(firsts.c.id.is_not(None)).subquery("arrival")


def _of_event(event: Event) -> ColumnElement[bool]:
    return _of_event_id(event.id)


def _of_event_id(event_id: int | BindParameter[int]) -> ColumnElement[bool]:
    return CheckIn.attendee_id.in_(select(Attendee.id).where(Attendee.event_id == event_id))


def _counting(query: Select[*Columns], *delegates: ColumnElement[bool]) -> Select[*Columns]:
    arrival = counting_arrivals(*delegates)
    return query.join(arrival, arrival.c.id == CheckIn.id)


def check_in(session: Session, event_id: int, secret: bytes, request: ScanRequest,
             now: dt.datetime | None = None) -> ScanResult:
    """Answer one scan or look-up, adding its row to the log (committed by the boundary before the answer).

    The hot path of the desk: resolve the delegate (one query with the group),
    insert the row unless its ``client_id`` was seen (then answer as before),
    read the arrival that counts, record this row's answer.
    """
    now = now or utcnow()
    attendee, refusal = _resolve(session, event_id, secret, request)
    if refusal is not None:
        return _replay(session, request.client_id) or refusal
    assert attendee is not None

    # On PostgreSQL two desks scanning one delegate queue here; SQLite
    # serialises writers already (the insert below takes the write lock).
    if session.get_bind().dialect.name != "sqlite":
        session.execute(select(Attendee.id).where(Attendee.id == attendee.id).with_for_update())
    stand_in = request.stand_in
    values = {"attendee_id": attendee.id, "action": "in", "desk": nfc(request.desk), "client_id": request.client_id,
              "scanned_at": _believable(request.scanned_at, now), "recorded_at": now,
              "holder_name": nfc(request.holder_name) or None, "answer": "checked_in",
              "stand_in_name": nfc(stand_in.name) or None if stand_in else None,
              "stand_in_position": nfc(stand_in.position) or None if stand_in else None}
    recorded = write_plainly(session, _RECORD_SCAN[session.get_bind().dialect.name], values)
    if not recorded:  # this client_id was answered already (a retry, or a queue sent twice): nothing written
        note(session, Change("checkin.retry", target=attendee.number, audited=False))
        replay = _replay(session, request.client_id)
        assert replay is not None
        return replay
    row_id: int = recorded[0][0]
    first = first_arrival(session, attendee.id)
    assert first is not None  # this scan at least
    answer: Status = "checked_in" if first.id == row_id else "already_checked_in"
    if answer != "checked_in":  # a repeat: its row keeps that answer, for a retry of it (plain SQL: no ORM row)
        write_plainly(session, _ANSWERED_AS_REPEAT, {"row_id": row_id})
        if values["stand_in_name"]:
            first = _name_stand_in(session, attendee, first, values)
    if attendee.absence_reason is not None:
        attendee = _clear_absence_on_arrival(session, attendee)
    note(session, Change("checkin.scan", target=attendee.number, detail={"arrival": first.id},
                         topics=frozenset({Topic.ATTENDANCE, Topic.ARRIVAL}), delegates=frozenset({attendee.id}),
                         audited=False, rows=(attendee, first)))
    return ScanResult(status=answer, attendee=attendee, first=first, row_id=row_id)


def _name_stand_in(session: Session, attendee: ScannedDelegate, first: Arrival, scan: dict[str, Any]) -> Arrival:
    """A stand-in named for a delegate who had arrived already: the arrival that counts gets it (audited)."""
    row = session.get(CheckIn, first.id)
    assert row is not None
    before, after = apply_changes(row, {"stand_in_name": scan["stand_in_name"],
                                        "stand_in_position": scan["stand_in_position"]})
    if after:
        note(session, Change("checkin.stand_in", target=attendee.number, before=before, after=after,
                             detail={"checkin_id": first.id, "desk": scan["desk"]},
                             topics=frozenset({Topic.ATTENDANCE, Topic.DELEGATES}),
                             delegates=frozenset({attendee.id})))
    return _arrival(row)


def _clear_absence_on_arrival(session: Session, attendee: ScannedDelegate) -> ScannedDelegate:
    """Whoever sent apologies and came after all is present: the absence is cleared, and the audit says so."""
    row = session.get(Attendee, attendee.id)
    assert row is not None
    before = {"absence_reason": row.absence_reason}
    row.absence_reason, row.absence_recorded_at = None, None
    note(session, Change("delegate.absence_clear", target=attendee.number, before=before,
                         after={"absence_reason": None}, detail={"arrived": True},
                         topics=frozenset({Topic.DELEGATES}), delegates=frozenset({attendee.id}), rows=(row,)))
    return replace(attendee, absence_reason=None, absence_recorded_at=None)


class _ByDialect(dict[str, PlainStatement]):
    def __missing__(self, name: str) -> PlainStatement:
        module = importlib.import_module({"sqlite": "sqlalchemy.dialects.sqlite",
                                          "postgresql": "sqlalchemy.dialects.postgresql"}[name])
        self[name] = PlainStatement(module.insert(_CHECKINS).on_conflict_do_nothing(index_elements=["client_id"])
                                    .returning(_CHECKINS.c.id))
        return self[name]


_RECORD_SCAN = _ByDialect()
"""A scan's row, unless its ``client_id`` was recorded already (then no id): INSERT … ON CONFLICT DO NOTHING,
which SQLite and PostgreSQL speak alike. Built on first use for the database's dialect, whose module is loaded
by then: importing PostgreSQL's took 0.1 s at every start, on SQLite too."""


def _replay(session: Session, client_id: str | None) -> ScanResult | None:
    """The stored answer to a request already answered, or None."""
    if not client_id:
        return None
    row = session.scalars(select(CheckIn).where(CheckIn.client_id == client_id)).first()
    if row is None:
        return None
    return ScanResult(status=row.answer, attendee=_attendee(session, row.attendee_id),  # type: ignore[arg-type]
                      first=first_arrival(session, row.attendee_id), row_id=row.id, replayed=True)


_DELEGATE_FIELDS = tuple(field.name for field in fields(ScannedDelegate) if field.name != "group")
_GROUP_FIELDS = tuple(field.name for field in fields(ScannedGroup))
_DELEGATE_WITH_GROUP = PlainStatement(
    select(*(getattr(Attendee, name) for name in _DELEGATE_FIELDS),
           *(getattr(AttendeeGroup, name).label(f"group_{name}") for name in _GROUP_FIELDS))
    .join(Attendee.group).where(Attendee.id == bindparam("attendee_id")))


def _attendee(session: Session, attendee_id: int) -> ScannedDelegate | None:
    """The delegate with their group, in one statement built once (a desk shows both)."""
    row = _DELEGATE_WITH_GROUP.first(session, {"attendee_id": attendee_id})
    if row is None:
        return None
    delegate, group = row[:len(_DELEGATE_FIELDS)], row[len(_DELEGATE_FIELDS):]
    return ScannedDelegate(**dict(zip(_DELEGATE_FIELDS, delegate, strict=True)), group=ScannedGroup(*group))


def _resolve(session: Session, event_id: int, secret: bytes,
             request: ScanRequest) -> tuple[ScannedDelegate | None, ScanResult | None]:
    """The delegate a scan names, or the refusal to answer with."""
    if request.token is not None:
        try:
            claim = verify(request.token, secret, event_id=event_id)
        except TokenError as error:
            return None, ScanResult(status="invalid", reason=error.reason)
        attendee = _attendee(session, claim.attendee_id)
        if attendee is None or attendee.event_id != event_id:
            return None, ScanResult(status="invalid", reason=REASON_UNKNOWN_ATTENDEE)
        if attendee.revoked:
            return None, ScanResult(status="revoked", attendee=attendee, reason=REASON_REMOVED)
        try:
            check_version(claim, attendee.badge_version)
        except TokenError as error:
            return None, ScanResult(status="revoked", attendee=attendee, reason=error.reason)
        return attendee, None
    attendee = _attendee(session, request.attendee_id) if request.attendee_id is not None else None
    if attendee is None or attendee.event_id != event_id:
        return None, ScanResult(status="invalid", reason=REASON_UNKNOWN_ATTENDEE)
    if attendee.revoked:
        return None, ScanResult(status="revoked", attendee=attendee, reason=REASON_REMOVED)
    return attendee, None


def _believable(scanned_at: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    """A desk's clock is trusted only between now−24 h and now."""
    if scanned_at is None:
        return now
    return min(max(scanned_at, now - OFFLINE_HORIZON), now)


_ANSWERED_AS_REPEAT = PlainStatement(update(_CHECKINS).where(_CHECKINS.c.id == bindparam("row_id"))
                                     .values(answer="already_checked_in"))
_ARRIVAL_FIELDS = tuple(field.name for field in fields(Arrival))
_FIRST_ARRIVAL = PlainStatement(_counting(select(*(getattr(CheckIn, name) for name in _ARRIVAL_FIELDS)),
                                          CheckIn.attendee_id == bindparam("attendee_id")))


def _arrival(row: Any) -> Arrival:
    """An Arrival from a CheckIn row."""
    return Arrival(**{name: getattr(row, name) for name in _ARRIVAL_FIELDS})


def first_arrival(session: Session, attendee_id: int) -> Arrival | None:
    """The arrival that counts, or None (a plain row: every scan asks it)."""
    session.flush()  # the connection's statement sees what the session holds (as an ORM query would)
    row = _FIRST_ARRIVAL.first(session, {"attendee_id": attendee_id})
    return None if row is None else Arrival(*row)


def arrivals(session: Session, event: Event, attendee_ids: Iterable[int] | None = None) -> dict[int, CheckIn]:
    """Every arrived delegate's counting check-in (or only these delegates'), by attendee id."""
    only = _of_event(event) if attendee_ids is None else CheckIn.attendee_id.in_(list(attendee_ids))
    return {row.attendee_id: row for row in session.scalars(_counting(select(CheckIn), only))}


@dataclass(frozen=True)
class Undone:
    row: CheckIn  # the undo's own row in the log
    withdrawn: bool  # the walk-in's registration went with the arrival


def undo_arrival(session: Session, event: Event, attendee_id: int, *, desk: str, reason: str,
                 now: dt.datetime | None = None, withdraw_walk_in: bool = False) -> Undone:
    """Cancel a delegate's arrival (a mistaken scan), with the reason kept in the log.

    With ``withdraw_walk_in``, a delegate registered at a desk (a walk-in) who has no arrival left is taken
    off the list as well (revoked, audited with the reason): registered by mistake, they are neither
    expected nor absent. Anyone else keeps their registration; the answer says which happened.
    """
    attendee = session.get(Attendee, attendee_id)
    first = first_arrival(session, attendee_id) if attendee is not None and attendee.event_id == event.id else None
    if attendee is None or first is None:
        raise Refusal("not_checked_in", N_("Đại biểu này chưa được điểm danh."), status=409)
    now = now or utcnow()
    row = CheckIn(attendee_id=attendee_id, action="undo", desk=nfc(desk), scanned_at=now, recorded_at=now,
                  reason=nfc(reason), answer="undone")
    session.add(row)
    session.flush()
    note(session, Change("checkin.undo", target=attendee.number,
                         before={"checked_in_at": first.scanned_at, "desk": first.desk},
                         after={"checked_in_at": None, "reason": row.reason}, detail={"undo_desk": row.desk},
                         topics=frozenset({Topic.ATTENDANCE, Topic.DELEGATES}), delegates=frozenset({attendee_id})))
    withdrawn = (withdraw_walk_in and attendee.walk_in and not attendee.revoked
                 and first_arrival(session, attendee_id) is None)
    if withdrawn:
        withdraw_registration(session, attendee, reason=row.reason or "")
    return Undone(row=row, withdrawn=withdrawn)


def name_holder(session: Session, event: Event, checkin_id: int, holder_name: str) -> CheckIn:
    """Record who held a seat badge ("Đại biểu thôn 3"), asked at the desk after the scan."""
    row = session.get(CheckIn, checkin_id)
    if row is None or row.attendee.event_id != event.id or row.action != "in":
        raise Refusal("unknown_checkin", N_("Không có lượt điểm danh số %(id)d."), status=404, id=checkin_id)
    before = row.holder_name
    row.holder_name = nfc(holder_name) or None
    session.flush()
    note(session, Change("checkin.holder", target=row.attendee.number, before={"holder_name": before},
                         after={"holder_name": row.holder_name}, detail={"checkin_id": row.id},
                         topics=frozenset({Topic.DELEGATES}), delegates=frozenset({row.attendee_id})))
    return row


def last_arrival_at_desk(session: Session, event: Event, desk: str) -> CheckIn | None:
    """The newest arrival this desk recorded that still counts, for its Undo button."""
    return session.scalars(
        _counting(select(CheckIn), _of_event(event)).where(CheckIn.desk == desk).order_by(CheckIn.id.desc()).limit(1)
    ).first()


_COUNTED = (select(CheckIn.attendee_id, CheckIn.stand_in_name)
            .join(_ARRIVALS_OF_EVENT := counting_arrivals(_of_event_id(bindparam("event_id"))),
                  _ARRIVALS_OF_EVENT.c.id == CheckIn.id)
            .subquery("counted"))
_ATTENDANCE_BY_GROUP = (
    select(Attendee.group_id, func.count(), func.count(_COUNTED.c.attendee_id), func.count(_COUNTED.c.stand_in_name),
           func.count(case((and_(Attendee.absence_reason.is_not(None), _COUNTED.c.attendee_id.is_(None)), 1))))
    .outerjoin(_COUNTED, _COUNTED.c.attendee_id == Attendee.id)
    .where(Attendee.event_id == bindparam("event_id"), Attendee.revoked.is_(False))
    .group_by(Attendee.group_id)
)
"""Per group of delegates still on the list: registered, arrived, by stand-in, excused (and not arrived)."""


def attendance_by_group(session: Session, event: Event) -> list[GroupAttendance]:
    """Registered, arrived (by stand-in among them) and excused delegates per group, counted by the database
    in one aggregate query (built once: it runs after every burst of scans)."""
    counts = {group: counts for group, *counts in session.execute(_ATTENDANCE_BY_GROUP, {"event_id": event.id})}
    return [
        GroupAttendance(code=group.code, name=group.name, colour=group.colour, expected=group.expected,
                        registered=registered, arrived=arrived, stand_ins=stand_ins, excused=excused)
        for group in event.groups
        for registered, arrived, stand_ins, excused in [counts.get(group.id, (0, 0, 0, 0))]
    ]
