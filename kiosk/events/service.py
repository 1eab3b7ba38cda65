"""Turning an event file into rows, and finding the installation's event."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kiosk.events.eventfile import AgendaSpec, EventSpec
from kiosk.models import (AgendaItem, Attendee, AttendeeGroup, CheckIn, Event, PresenterMessage,
                          TimerTransition)


def current_event(session: Session) -> Event | None:
    """The event this installation runs (one at a time: the newest loaded)."""
    return session.scalars(select(Event).order_by(Event.id.desc()).limit(1)).first()


def install_event(session: Session, spec: EventSpec) -> Event:
    """Add the event with its groups and agenda to the session (the caller commits)."""
    event = Event(
        title=spec.title, short_title=spec.short_title, organiser=spec.organiser,
        organiser_short=spec.organiser_short, place=spec.place, date=spec.date,
        start_time=spec.start_time, timezone=spec.timezone, reference=spec.reference,
        signer_title=spec.signer_title, signer_name=spec.signer_name,
        presentation_seconds=spec.presentation_seconds, amber_seconds=spec.amber_seconds,
        red_seconds=spec.red_seconds,
    )
    event.groups = [
        AttendeeGroup(position=i, code=g.code, name=g.name, colour=g.colour, expected=g.expected,
                      seat_area=g.seat_area, seats=g.seats)
        for i, g in enumerate(spec.groups)
    ]
    session.add(event)
    position = 0
    for item in spec.agenda:
        parent = _agenda_row(event, item, position, None)
        position += 1
        for child in item.items:
            _agenda_row(event, child, position, parent)
            position += 1
    session.flush()
    return event


def _agenda_row(event: Event, spec: AgendaSpec, position: int, parent: AgendaItem | None) -> AgendaItem:
    row = AgendaItem(position=position, number=spec.number, kind=spec.kind, title=spec.title,
                     presenter=spec.presenter, planned_seconds=spec.planned_seconds)
    row.parent = parent
    event.agenda.append(row)
    return row


def timed_items(event: Event) -> list[AgendaItem]:
    """The items the chair's clock runs, in programme order."""
    return [item for item in event.agenda if item.timed]


def remove_all_events(session: Session) -> None:
    """Delete every event and what hangs from it (used by ``kiosk init --force``)."""
    for model in (CheckIn, Attendee, TimerTransition, PresenterMessage, AgendaItem, AttendeeGroup, Event):
        session.execute(delete(model))
