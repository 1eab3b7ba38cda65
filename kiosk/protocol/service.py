"""Who came, read from the database into the data kiosk.protocol.introductions words. No Flask.

Arrival is the check-in rule's (kiosk.checkin.service.arrivals: the counting
row), and so is the stand-in: the one on the arrival that counts. Delegates
come in protocol order (kiosk.attendees.service.in_protocol_order); revoked
delegates are not introduced. A seat ("Đại biểu thôn 3") is named by whoever
held it, when the desk asked.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from kiosk.attendees.models import Attendee
from kiosk.attendees.service import in_protocol_order
from kiosk.checkin.models import CheckIn
from kiosk.checkin.service import arrivals
from kiosk.events.models import Event
from kiosk.protocol.introductions import Arrival, GroupArrivals, Introduction, Person, introduce, mode_of


def group_arrivals(session: Session, event: Event) -> list[GroupArrivals]:
    """Every group of the event, in its order, with those of it who came, in protocol order."""
    people = list(session.scalars(in_protocol_order(select(Attendee)).options(contains_eager(Attendee.group))
                                  .where(Attendee.event_id == event.id, Attendee.revoked.is_(False))))
    arrived = arrivals(session, event)
    registered = Counter(person.group_id for person in people)
    came: dict[int, list[Arrival]] = {}
    for person in people:
        arrival = arrived.get(person.id)
        if arrival is not None:
            came.setdefault(person.group_id, []).append(_arrival(person, arrival))
    return [GroupArrivals(code=group.code, name=group.name,
                          mode=mode_of(group.introduce, seats=group.seats, registered=registered[group.id]),
                          arrivals=tuple(came.get(group.id, ())), introduce_as=group.introduce_as,
                          summary=group.summary)
            for group in event.groups]


def _arrival(person: Attendee, arrival: CheckIn) -> Arrival:
    delegate = Person(arrival.holder_name or person.display_name, person.position, person.unit)
    stand_in = (Person(arrival.stand_in_name, arrival.stand_in_position or "")
                if arrival.stand_in_name else None)
    return Arrival(delegate_id=person.id, number=person.number, delegate=delegate, arrived_at=arrival.scanned_at,
                   stand_in=stand_in)


def introductions(session: Session, event: Event) -> Introduction:
    """The introduction of everybody who has arrived so far."""
    return introduce(event.title, group_arrivals(session, event))


def introductions_json(introduction: Introduction) -> dict[str, Any]:
    """``GET /api/v1/introductions``: the groups somebody of came, each delegate as introduced, and the words."""
    return {
        "groups": [{
            "code": group.group.code, "name": group.group.name, "mode": group.group.mode,
            "delegates": [_delegate_json(arrival) for arrival in group.read],
            "text": group.text,
            "parts": [{"text": part.text, "id": part.delegate_id} for part in group.parts],
        } for group in introduction.groups],
        "opening": introduction.opening if introduction.groups else "",
        "closing": introduction.closing if introduction.groups else "",
        "text": introduction.text,
    }


def _delegate_json(arrival: Arrival) -> dict[str, Any]:
    shown = arrival.introduced
    return {
        "id": arrival.delegate_id, "number": arrival.number, "name": shown.name, "position": shown.position,
        "unit": shown.unit, "arrived_at": arrival.arrived_at.isoformat(),
        "stand_in_for": None if arrival.stand_in is None else {
            "id": arrival.delegate_id, "number": arrival.number, "name": arrival.delegate.name,
            "position": arrival.delegate.position},
    }
