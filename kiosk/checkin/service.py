"""Check-in rules over the append-only log. Plain SQLAlchemy, no Flask.

- A badge is good when its token verifies, belongs to this event and carries the
  delegate's current badge version; a delegate who was removed, or a badge that
  was re-issued, is *revoked*; anything else is *invalid* (with the reason).
- First scan wins: a delegate's arrival is the earliest ``scanned_at`` among the
  arrival rows since their last undo. Every later scan is a repeat, answered
  ``already_checked_in`` with the first one's time and desk.
- A request carrying a ``client_id`` already seen gets the stored answer again
  and changes nothing (retries, and queues replayed by an offline desk).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.attendees.models import Attendee
from kiosk.badges.token import TokenError, check_version, verify
from kiosk.checkin.models import CheckIn
from kiosk.db import utcnow
from kiosk.events.models import Event
from kiosk.text import nfc

Status = Literal["checked_in", "already_checked_in", "invalid", "revoked"]
# How far back an offline desk's scan time is believed; older ones are clamped.
OFFLINE_HORIZON = dt.timedelta(hours=24)

REASON_UNKNOWN_ATTENDEE = "unknown_attendee"
REASON_REMOVED = "removed"


@dataclass(frozen=True)
class ScanRequest:
    desk: str
    token: str | None = None
    attendee_id: int | None = None
    client_id: str | None = None
    scanned_at: dt.datetime | None = None  # the desk's time for a queued scan; None = now
    holder_name: str | None = None


@dataclass(frozen=True)
class ScanResult:
    status: Status
    attendee: Attendee | None = None
    first: CheckIn | None = None  # the arrival that counts
    row: CheckIn | None = None  # this request's row (None for invalid/revoked)
    reason: str | None = None  # why invalid or revoked
    replayed: bool = False  # a retry of a client_id already answered


@dataclass(frozen=True)
class GroupAttendance:
    code: str
    name: str
    colour: str
    expected: int
    registered: int
    arrived: int


def check_in(session: Session, event: Event, secret: bytes, request: ScanRequest,
             now: dt.datetime | None = None) -> ScanResult:
    """Answer one scan or look-up, committing the arrival before answering."""
    now = now or utcnow()
    if request.client_id:
        replay = _replay(session, request.client_id)
        if replay is not None:
            return replay

    attendee, refusal = _resolve(session, event, secret, request)
    if refusal is not None:
        return refusal
    assert attendee is not None

    # On PostgreSQL two desks scanning one delegate queue here; SQLite
    # serialises writers already (the insert below takes the write lock).
    if session.get_bind().dialect.name != "sqlite":
        session.execute(select(Attendee.id).where(Attendee.id == attendee.id).with_for_update())
    row = CheckIn(attendee_id=attendee.id, action="in", desk=nfc(request.desk)[:60],
                  client_id=request.client_id, scanned_at=_believable(request.scanned_at, now),
                  recorded_at=now, holder_name=nfc(request.holder_name)[:200] or None)
    session.add(row)
    try:
        session.flush()
    except IntegrityError:  # the same client_id raced in from a second request
        session.rollback()
        replay = _replay(session, request.client_id or "")
        if replay is None:
            raise
        return replay
    first = first_arrival(session, attendee.id)
    assert first is not None
    row.answer = "checked_in" if first.id == row.id else "already_checked_in"
    session.commit()
    return ScanResult(status=row.answer, attendee=attendee, first=first, row=row)  # type: ignore[arg-type]


def _replay(session: Session, client_id: str) -> ScanResult | None:
    row = session.scalars(select(CheckIn).where(CheckIn.client_id == client_id)).first()
    if row is None:
        return None
    return ScanResult(status=row.answer, attendee=row.attendee, first=first_arrival(session, row.attendee_id),  # type: ignore[arg-type]
                      row=row, replayed=True)


def _resolve(session: Session, event: Event, secret: bytes,
             request: ScanRequest) -> tuple[Attendee | None, ScanResult | None]:
    """The delegate a scan names, or the refusal to answer with."""
    if request.token is not None:
        try:
            claim = verify(request.token, secret, event_id=event.id)
        except TokenError as error:
            return None, ScanResult(status="invalid", reason=error.reason)
        attendee = session.get(Attendee, claim.attendee_id)
        if attendee is None or attendee.event_id != event.id:
            return None, ScanResult(status="invalid", reason=REASON_UNKNOWN_ATTENDEE)
        if attendee.revoked:
            return None, ScanResult(status="revoked", attendee=attendee, reason=REASON_REMOVED)
        try:
            check_version(claim, attendee.badge_version)
        except TokenError as error:
            return None, ScanResult(status="revoked", attendee=attendee, reason=error.reason)
        return attendee, None
    attendee = session.get(Attendee, request.attendee_id) if request.attendee_id is not None else None
    if attendee is None or attendee.event_id != event.id:
        return None, ScanResult(status="invalid", reason=REASON_UNKNOWN_ATTENDEE)
    if attendee.revoked:
        return None, ScanResult(status="revoked", attendee=attendee, reason=REASON_REMOVED)
    return attendee, None


def _believable(scanned_at: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    """A desk's clock is trusted only between now−24 h and now."""
    if scanned_at is None:
        return now
    return min(max(scanned_at, now - OFFLINE_HORIZON), now)


def first_arrival(session: Session, attendee_id: int) -> CheckIn | None:
    """The arrival that counts: earliest scan since the last undo, or None."""
    last_undo = (
        select(func.coalesce(func.max(CheckIn.id), 0))
        .where(CheckIn.attendee_id == attendee_id, CheckIn.action == "undo")
        .scalar_subquery()
    )
    query = select(CheckIn).where(CheckIn.attendee_id == attendee_id, CheckIn.action == "in", CheckIn.id > last_undo)
    return session.scalars(query.order_by(CheckIn.scanned_at, CheckIn.id).limit(1)).first()


def undo_arrival(session: Session, event: Event, attendee_id: int, *, desk: str, reason: str,
                 now: dt.datetime | None = None) -> CheckIn | None:
    """Cancel a delegate's arrival (a mistaken scan); None if they had not arrived."""
    attendee = session.get(Attendee, attendee_id)
    if attendee is None or attendee.event_id != event.id or first_arrival(session, attendee_id) is None:
        return None
    now = now or utcnow()
    row = CheckIn(attendee_id=attendee_id, action="undo", desk=nfc(desk)[:60], scanned_at=now, recorded_at=now,
                  reason=nfc(reason)[:300], answer="undone")
    session.add(row)
    session.commit()
    return row


def last_arrival_at_desk(session: Session, event: Event, desk: str) -> CheckIn | None:
    """The newest arrival this desk recorded that still counts, for its Undo button."""
    rows = session.scalars(
        select(CheckIn).join(Attendee).where(Attendee.event_id == event.id, CheckIn.desk == desk,
                                             CheckIn.action == "in", CheckIn.answer == "checked_in")
        .order_by(CheckIn.id.desc()).limit(20)
    )
    for row in rows:
        first = first_arrival(session, row.attendee_id)
        if first is not None and first.id == row.id:
            return row
    return None


def arrivals(session: Session, event: Event) -> dict[int, CheckIn]:
    """Every arrived delegate's counting check-in, by attendee id."""
    rows = session.scalars(
        select(CheckIn).join(Attendee).where(Attendee.event_id == event.id).order_by(CheckIn.id)
    )
    current: dict[int, list[CheckIn]] = {}
    for row in rows:
        if row.action == "undo":
            current.pop(row.attendee_id, None)
        else:
            current.setdefault(row.attendee_id, []).append(row)
    return {aid: min(scans, key=lambda r: (r.scanned_at, r.id)) for aid, scans in current.items()}


def attendance_by_group(session: Session, event: Event) -> list[GroupAttendance]:
    """Registered and arrived delegates per group, counted by the database.

    Arrived = the delegate's newest row is an arrival (an undo after it would be
    newer); this runs on every scan, so it stays one aggregate query.
    """
    last_row = (
        select(CheckIn.attendee_id, func.max(CheckIn.id).label("last_id")).group_by(CheckIn.attendee_id).subquery()
    )
    arrived_query = (
        select(Attendee.group_id, func.count())
        .join(last_row, last_row.c.attendee_id == Attendee.id)
        .join(CheckIn, CheckIn.id == last_row.c.last_id)
        .where(Attendee.event_id == event.id, Attendee.revoked.is_(False), CheckIn.action == "in")
        .group_by(Attendee.group_id)
    )
    registered_query = (
        select(Attendee.group_id, func.count())
        .where(Attendee.event_id == event.id, Attendee.revoked.is_(False))
        .group_by(Attendee.group_id)
    )
    arrived = dict(session.execute(arrived_query).all())
    registered = dict(session.execute(registered_query).all())
    return [
        GroupAttendance(code=group.code, name=group.name, colour=group.colour, expected=group.expected,
                        registered=registered.get(group.id, 0), arrived=arrived.get(group.id, 0))
        for group in event.groups
    ]
