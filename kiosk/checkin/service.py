"""Check-in rules over the append-only log."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.attendees.models import Attendee
from kiosk.checkin.models import CheckIn
from kiosk.events.models import Event


@dataclass(frozen=True)
class GroupAttendance:
    code: str
    name: str
    colour: str
    expected: int
    registered: int
    arrived: int


def arrived_attendee_ids(session: Session, event: Event) -> set[int]:
    """Attendees whose latest check-in row is an arrival (an undo cancels it)."""
    latest = (
        select(CheckIn.attendee_id, func.max(CheckIn.id).label("last_id"))
        .join(Attendee, Attendee.id == CheckIn.attendee_id)
        .where(Attendee.event_id == event.id)
        .group_by(CheckIn.attendee_id)
        .subquery()
    )
    rows = session.execute(
        select(CheckIn.attendee_id).join(latest, CheckIn.id == latest.c.last_id).where(CheckIn.action == "in")
    )
    return {row.attendee_id for row in rows}


def attendance_by_group(session: Session, event: Event) -> list[GroupAttendance]:
    arrived = arrived_attendee_ids(session, event)
    per_group: dict[int, list[int]] = {}
    for attendee_id, group_id in session.execute(
        select(Attendee.id, Attendee.group_id).where(Attendee.event_id == event.id)
    ):
        per_group.setdefault(group_id, []).append(attendee_id)
    return [
        GroupAttendance(
            code=group.code, name=group.name, colour=group.colour, expected=group.expected,
            registered=len(per_group.get(group.id, [])),
            arrived=sum(1 for a in per_group.get(group.id, []) if a in arrived),
        )
        for group in event.groups
    ]
