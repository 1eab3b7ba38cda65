"""Delegates: loading a roster, numbering badges, searching by name."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.attendees.models import Attendee
from kiosk.auth.audit import apply_changes
from kiosk.events.models import AttendeeGroup, Event
from kiosk.text import fold, nfc


def search_key(*parts: str | None) -> str:
    return " ".join(fold(p) for p in parts if p)


def next_badge_number(session: Session, group: AttendeeGroup) -> str:
    """One past the group's highest number: counting would reuse a number after a delegate changed group."""
    prefix = f"{group.code}-"
    highest = session.scalars(  # "PCM-1000" sorts after "PCM-999": longest first, then highest
        select(Attendee.number).where(Attendee.event_id == group.event_id,
                                      Attendee.number.startswith(prefix, autoescape=True))
        .order_by(func.length(Attendee.number).desc(), Attendee.number.desc()).limit(1)).first()
    return f"{prefix}{int(highest[len(prefix):]) + 1 if highest else 1:03d}"


def add_attendee(session: Session, event: Event, group: AttendeeGroup, *, full_name: str | None,
                 seat_label: str | None = None, position: str = "", unit: str = "",
                 is_sample: bool = False) -> Attendee:
    full_name = nfc(full_name) or None
    seat_label = nfc(seat_label) or None
    attendee = Attendee(
        event_id=event.id, group_id=group.id, number=next_badge_number(session, group),
        full_name=full_name, seat_label=seat_label, position=nfc(position), unit=nfc(unit),
        is_sample=is_sample,
    )
    attendee.search_key = search_key(full_name, seat_label, attendee.position, attendee.unit, attendee.number)
    session.add(attendee)
    session.flush()
    return attendee


def load_roster(session: Session, event: Event, rows: Iterable[Mapping[str, str]], *, is_sample: bool) -> int:
    """Add delegates from rows with keys group (code), name, seat_label, position, unit."""
    groups = {g.code: g for g in event.groups}
    count = 0
    for row in rows:
        add_attendee(session, event, groups[row["group"]], full_name=row.get("name"),
                     seat_label=row.get("seat_label"), position=row.get("position", ""),
                     unit=row.get("unit", ""), is_sample=is_sample)
        count += 1
    return count


def load_demo_roster(session: Session, event: Event) -> int:
    """The 120 sample delegates of the built-in event; every name is marked "(mẫu)"."""
    text = (resources.files("kiosk.attendees") / "demo_roster.csv").read_text(encoding="utf-8")
    return load_roster(session, event, csv.DictReader(text.splitlines()), is_sample=True)


def update_attendee(session: Session, attendee: Attendee, group: AttendeeGroup, *, full_name: str | None,
                    seat_label: str | None, position: str, unit: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """New details for a delegate; a new group gives a new badge number in that group."""
    before, after = apply_changes(attendee, {"full_name": nfc(full_name) or None,
                                             "seat_label": nfc(seat_label) or None,
                                             "position": nfc(position), "unit": nfc(unit)})
    if group.id != attendee.group_id:
        before |= {"group": attendee.group.code, "number": attendee.number}
        attendee.number = next_badge_number(session, group)
        attendee.group = group
        after |= {"group": group.code, "number": attendee.number}
    attendee.search_key = search_key(attendee.full_name, attendee.seat_label, attendee.position, attendee.unit,
                                     attendee.number)
    session.flush()
    return before, after
