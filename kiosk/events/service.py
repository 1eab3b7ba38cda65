"""Turning an event file into rows, and finding the installation's event."""

from __future__ import annotations

from sqlalchemy import event as sqlalchemy_event
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.db import PlainStatement
from kiosk.events.eventfile import AgendaSpec, EventSpec, GroupSpec, timed
from kiosk.events.models import AgendaItem, AttendeeGroup, Event

_CURRENT = "kiosk.event"
_CURRENT_ID = "kiosk.event_id"


def current_event(session: Session) -> Event | None:
    """The event this installation runs (one at a time: the newest loaded).

    Looked up once per session (a session lives one request or one command); installing an event puts the
    new one in its place.
    """
    event = session.info.get(_CURRENT)
    if event is None:
        event = session.scalars(select(Event).order_by(Event.id.desc()).limit(1)).first()
        if event is not None:
            session.info[_CURRENT] = event
    return event


_NEWEST_ID = PlainStatement(select(func.max(Event.__table__.c.id)))


def current_event_id(session: Session) -> int | None:
    """The id of :func:`current_event`, without loading the event (a scan needs only the id)."""
    event = session.info.get(_CURRENT)
    if event is not None:
        return event.id  # type: ignore[no-any-return]
    if _CURRENT_ID not in session.info:
        session.info[_CURRENT_ID] = _NEWEST_ID.scalar(session)
    newest: int | None = session.info[_CURRENT_ID]
    return newest


@sqlalchemy_event.listens_for(Session, "after_rollback")
def _forget_on_rollback(session: Session) -> None:
    session.info.pop(_CURRENT, None)  # an event installed in the rolled-back transaction is gone
    session.info.pop(_CURRENT_ID, None)


def install_event(session: Session, spec: EventSpec) -> Event:
    """Add the event with its groups and agenda to the session (flushed; kiosk.installation notes it).

    Rows get the spec's ids where it has them (a backup), new ones otherwise.
    """
    event = Event(
        id=spec.id,
        title=spec.title, short_title=spec.short_title, organiser=spec.organiser,
        organiser_short=spec.organiser_short, place=spec.place, date=spec.date,
        start_time=spec.start_time, timezone=spec.timezone, reference=spec.reference,
        signer_title=spec.signer_title, signer_name=spec.signer_name,
        presentation_seconds=spec.presentation_seconds, amber_seconds=spec.amber_seconds,
        red_seconds=spec.red_seconds, fit_floor_seconds=spec.fit_floor_seconds,
        quick_messages=list(spec.quick_messages), chair_name=spec.chair_name, chair_title=spec.chair_title,
        secretary_name=spec.secretary_name, secretary_title=spec.secretary_title,
    )
    event.groups = [
        AttendeeGroup(id=g.id, position=i, code=g.code, name=g.name, colour=g.colour, expected=g.expected,
                      seat_area=g.seat_area, seats=g.seats, introduce=g.introduce, introduce_as=g.introduce_as,
                      summary=g.summary)
        for i, g in enumerate(spec.groups)
    ]
    session.add(event)
    session.info[_CURRENT] = event
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
    row = AgendaItem(id=spec.id, position=position, number=spec.number, kind=spec.kind, title=spec.title,
                     presenter=spec.presenter, planned_seconds=spec.planned_seconds)
    row.parent = parent
    event.agenda.append(row)
    return row


def event_spec(event: Event) -> EventSpec:
    """The event as its event file says it, with each row's id: the inverse of install_event."""
    def item_spec(item: AgendaItem, items: tuple[AgendaSpec, ...] = ()) -> AgendaSpec:
        return AgendaSpec(number=item.number, kind=item.kind, title=item.title, presenter=item.presenter,
                          planned_seconds=item.planned_seconds, items=items, id=item.id)

    agenda = tuple(
        item_spec(item, tuple(item_spec(child) for child in event.agenda if child.parent_id == item.id))
        for item in event.agenda if item.parent_id is None
    )
    groups = tuple(GroupSpec(code=g.code, name=g.name, colour=g.colour, expected=g.expected, seat_area=g.seat_area,
                             seats=g.seats, id=g.id, introduce=g.introduce, introduce_as=g.introduce_as,
                             summary=g.summary) for g in event.groups)
    return EventSpec(
        title=event.title, short_title=event.short_title, organiser=event.organiser,
        organiser_short=event.organiser_short, place=event.place, date=event.date, start_time=event.start_time,
        timezone=event.timezone, reference=event.reference, signer_title=event.signer_title,
        signer_name=event.signer_name, presentation_seconds=event.presentation_seconds,
        amber_seconds=event.amber_seconds, red_seconds=event.red_seconds, groups=groups, agenda=agenda, id=event.id,
        fit_floor_seconds=event.fit_floor_seconds, quick_messages=tuple(event.quick_messages),
        chair_name=event.chair_name, chair_title=event.chair_title, secretary_name=event.secretary_name,
        secretary_title=event.secretary_title,
    )


def timed_items(event: Event) -> list[AgendaItem]:
    """The items the chair's clock runs, in programme order."""
    return timed(event.agenda)
