"""From rows to badges: the bridge between the database and the renderers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.attendees.models import Attendee
from kiosk.badges.layouts import Layout
from kiosk.badges.model import Badge
from kiosk.badges.render_pdf import render_pdf
from kiosk.badges.token import sign
from kiosk.events.models import AttendeeGroup, Event


def token_for(attendee: Attendee, secret: bytes) -> str:
    return sign(secret, event_id=attendee.event_id, attendee_id=attendee.id, version=attendee.badge_version)


def badge_for(event: Event, attendee: Attendee, secret: bytes) -> Badge:
    group = attendee.group
    return Badge(
        event_short=event.short_title, organiser=event.organiser, name=attendee.full_name,
        position=attendee.position, unit=attendee.unit, group_name=group.name, group_colour=group.colour,
        seat_area=group.seat_area, number=attendee.number, token=token_for(attendee, secret),
        seat_label=attendee.seat_label,
    )


def group_attendees(session: Session, event: Event, group: AttendeeGroup | None = None) -> list[Attendee]:
    """Delegates with a valid badge, in badge-number order (one group, or all)."""
    query = select(Attendee).where(Attendee.event_id == event.id, Attendee.revoked.is_(False))
    if group is not None:
        query = query.where(Attendee.group_id == group.id)
    return list(session.scalars(query.order_by(Attendee.group_id, Attendee.number)))


def write_group_pdf(event: Event, attendees: Sequence[Attendee], secret: bytes, layout: Layout,
                    out: BinaryIO | Path, progress: Callable[[int], None] | None = None, qr_workers: int = 1) -> None:
    render_pdf([badge_for(event, a, secret) for a in attendees], layout, out, progress=progress,
               qr_workers=qr_workers)
