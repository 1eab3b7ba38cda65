"""Who was invited, who came, who came in someone's place, who sent apologies, who was absent: per group and in
all, as the minutes (biên bản) file them. No Flask.

:func:`attendance_summary` is the one place these numbers and names are
taken from. Every delegate on the list (not removed) is *invited*, and is in
exactly one of *present*, *excused* and *absent*:

- present: their arrival counts (kiosk.checkin.service's one definition of
  arrival), whoever held the badge; *by stand-in* are those of the present who
  came through someone else in their place (dự thay), named on their arrival;
- excused: not arrived, with apologies and a reason (vắng có lý do);
- absent: not arrived, no reason known (vắng).

So invited = present + excused + absent in every group, and stand-ins are
counted among the present. Delegates are listed in protocol order
(kiosk.attendees.service.in_protocol_order: groups in the event's order, each
delegate's rank within their group).

Stand-ins and excused absences are recorded by the protocol desk (a check-in's
stand-in, kiosk.checkin.service; an attendee's absence, kiosk.protocol.absence);
:func:`protocol_records` is the one place they are read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.attendees.models import Attendee
from kiosk.attendees.service import in_protocol_order
from kiosk.checkin.models import CheckIn
from kiosk.checkin.service import StandIn, arrivals
from kiosk.events.models import Event


@dataclass(frozen=True)
class Delegate:
    """One invited delegate as the minutes name them, and what became of them."""

    number: str
    name: str  # the person's name, or the seat's ("Đại biểu thôn 3")
    position: str
    unit: str
    seat: bool = False  # a seat badge with no name on the list: ``name`` is the seat's
    arrived_at: dt.datetime | None = None  # when their arrival was scanned (UTC)
    holder_name: str | None = None  # who held a seat badge
    stand_in: StandIn | None = None  # present through someone in their place
    excuse: str | None = None  # not arrived, with this reason

    @property
    def present(self) -> bool:
        return self.arrived_at is not None


@dataclass(frozen=True)
class GroupSummary:
    code: str
    name: str
    expected: int  # as the plan expects
    invited: tuple[Delegate, ...]
    present: tuple[Delegate, ...]
    stand_ins: tuple[Delegate, ...]  # among the present
    excused: tuple[Delegate, ...]
    absent: tuple[Delegate, ...]


@dataclass(frozen=True)
class AttendanceSummary:
    groups: tuple[GroupSummary, ...]

    def _all(self, part: str) -> tuple[Delegate, ...]:
        return tuple(delegate for group in self.groups for delegate in getattr(group, part))

    @property
    def invited(self) -> tuple[Delegate, ...]:
        return self._all("invited")

    @property
    def present(self) -> tuple[Delegate, ...]:
        return self._all("present")

    @property
    def stand_ins(self) -> tuple[Delegate, ...]:
        return self._all("stand_ins")

    @property
    def excused(self) -> tuple[Delegate, ...]:
        return self._all("excused")

    @property
    def absent(self) -> tuple[Delegate, ...]:
        return self._all("absent")

    @property
    def expected(self) -> int:
        return sum(group.expected for group in self.groups)


@dataclass(frozen=True)
class ProtocolRecords:
    """What the protocol desk recorded: stand-ins on arrivals, apologies of delegates who did not come."""

    stand_ins: Mapping[int, StandIn]  # by attendee id, for delegates whose arrival counts
    excuses: Mapping[int, str]  # by attendee id, for delegates who have not arrived


def protocol_records(delegates: list[Attendee], counted: Mapping[int, CheckIn]) -> ProtocolRecords:
    """Stand-ins and excused absences, read here and only here.

    ``counted``: each arrived delegate's counting check-in; the stand-in of
    that row is the one who came. An absence counts for a delegate who has not
    arrived (arriving clears it anyway).
    """
    stand_ins = {attendee_id: StandIn(row.stand_in_name, row.stand_in_position or "")
                 for attendee_id, row in counted.items() if row.stand_in_name}
    excuses = {person.id: person.absence_reason for person in delegates
               if person.absence_reason is not None and person.id not in counted}
    return ProtocolRecords(stand_ins=stand_ins, excuses=excuses)


def attendance_summary(session: Session, event: Event) -> AttendanceSummary:
    """Invited, present (by stand-in among them), excused and absent delegates, per group in the event's order."""
    delegates = list(session.scalars(in_protocol_order(select(Attendee))
                                     .where(Attendee.event_id == event.id, Attendee.revoked.is_(False))))
    counted = arrivals(session, event)
    records = protocol_records(delegates, counted)
    by_group: dict[int, list[Delegate]] = {group.id: [] for group in event.groups}
    for person in delegates:
        arrival = counted.get(person.id)
        by_group.setdefault(person.group_id, []).append(Delegate(
            number=person.number, name=person.display_name, position=person.position, unit=person.unit,
            seat=not person.full_name,
            arrived_at=arrival.scanned_at if arrival else None,
            holder_name=arrival.holder_name if arrival else None,
            stand_in=records.stand_ins.get(person.id) if arrival else None,
            excuse=None if arrival else records.excuses.get(person.id),
        ))
    groups = []
    for group in event.groups:
        invited = tuple(by_group[group.id])
        groups.append(GroupSummary(
            code=group.code, name=group.name, expected=group.expected, invited=invited,
            present=tuple(d for d in invited if d.present),
            stand_ins=tuple(d for d in invited if d.present and d.stand_in is not None),
            excused=tuple(d for d in invited if not d.present and d.excuse is not None),
            absent=tuple(d for d in invited if not d.present and d.excuse is None),
        ))
    return AttendanceSummary(tuple(groups))
