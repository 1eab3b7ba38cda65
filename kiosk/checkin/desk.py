"""What a reception desk holds: each delegate as a desk shows them, and the counts per group.

The same row is the answer to a scan, a line of ``GET /api/v1/desk/roster``
(the desk's offline copy) and an entry of the ``delegates`` and ``arrival``
pushes, so an offline desk decides exactly as the server would (revoked,
badge version, arrival). Rows come in protocol order, and each carries its
``order`` (kiosk.attendees.service.protocol_key), by which a desk sorts the
rows it is pushed: it has no rule of its own. Plain Python over a session, no Flask.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from kiosk.attendees.models import Attendee
from kiosk.attendees.service import in_protocol_order, protocol_key
from kiosk.checkin.models import CheckIn
from kiosk.checkin.service import Arrival, GroupAttendance, ScannedDelegate, arrivals, attendance_by_group
from kiosk.events.models import Event


def desk_row(attendee: Attendee | ScannedDelegate, arrival: Arrival | CheckIn | None = None) -> dict[str, Any]:
    """What a desk shows of a delegate, and no more (it is also the offline copy)."""
    group = attendee.group
    return {
        "id": attendee.id, "number": attendee.number, "name": attendee.display_name,
        "full_name": attendee.full_name, "seat_label": attendee.seat_label,
        "position": attendee.position, "unit": attendee.unit, "badge_version": attendee.badge_version,
        "revoked": attendee.revoked, "walk_in": attendee.walk_in, "seat": group.seats,
        "group": {"code": group.code, "name": group.name, "colour": group.colour, "seat_area": group.seat_area},
        "checked_in_at": arrival.scanned_at.isoformat() if arrival else None,
        "checked_in_desk": arrival.desk if arrival else None,
        "stand_in": ({"name": arrival.stand_in_name, "position": arrival.stand_in_position or ""}
                     if arrival and arrival.stand_in_name else None),
        "absence": ({"reason": attendee.absence_reason,
                     "recorded_at": attendee.absence_recorded_at.isoformat() if attendee.absence_recorded_at else None}
                    if attendee.absence_reason is not None else None),
        "order": list(protocol_key(attendee)),
    }


def desk_rows(session: Session, event: Event, attendee_ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
    """Every delegate's desk row (or only these delegates'), in protocol order."""
    ids = None if attendee_ids is None else list(attendee_ids)
    query = in_protocol_order(select(Attendee)).options(contains_eager(Attendee.group)).where(
        Attendee.event_id == event.id)
    if ids is not None:
        query = query.where(Attendee.id.in_(ids))
    arrived = arrivals(session, event, ids)
    return [desk_row(attendee, arrived.get(attendee.id)) for attendee in session.scalars(query)]


def delegates_push(session: Session, event: Event, attendee_ids: Iterable[int]) -> dict[str, Any]:
    """The ``delegates`` push: the desk rows of those that changed; ids no longer in the event as removed."""
    ids = set(attendee_ids)
    changed = desk_rows(session, event, ids)
    return {"changed": changed, "removed": sorted(ids - {row["id"] for row in changed})}


def attendance_json(session: Session, event: Event) -> dict[str, Any]:
    """Counts per group and in total (public: no names): registered, present (``checked_in``, by stand-in
    among them ``stand_ins``), absent with apologies (``excused``) and absent without (``absent``)."""
    groups = attendance_by_group(session, event)
    return {
        "groups": [asdict(group) | {"checked_in": group.arrived, "absent": _absent(group)} for group in groups],
        "total": {
            "expected": sum(g.expected for g in groups),
            "registered": sum(g.registered for g in groups),
            "checked_in": sum(g.arrived for g in groups),
            "stand_ins": sum(g.stand_ins for g in groups),
            "excused": sum(g.excused for g in groups),
            "absent": sum(_absent(g) for g in groups),
        },
    }


def _absent(group: GroupAttendance) -> int:
    return group.registered - group.arrived - group.excused
