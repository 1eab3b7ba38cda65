"""Setting up an installation: schema, event, demo roster, role PINs; replacing the event.

``initialise`` is all-or-nothing: the event file is read and checked before the
database is touched, and everything is written in one transaction (the
command's, kiosk.boundary.command_unit). The event file may be a backup
(``kiosk export``): its delegates, check-ins and clock come back with their ids.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from kiosk.attendees.service import load_demo_roster
from kiosk.auth.models import RolePin
from kiosk.auth.pins import PIN_ENV, ROLES, hash_pin, new_pin, pin_from_environment, pin_matches
from kiosk.backup.format import read_event_or_backup
from kiosk.backup.restore import restore_backup
from kiosk.boundary import command_unit
from kiosk.changes import Change, Topic, note
from kiosk.db import Database, utcnow
from kiosk.errors import N_, Refusal
from kiosk.events.eventfile import EventSpec, default_event_path
from kiosk.events.service import current_event, install_event
from kiosk.models import AgendaItem, Attendee, AttendeeGroup, CheckIn, Event, PresenterMessage, TimerTransition
from kiosk.secretfile import BADGE_SECRET_FILE, load_or_create_secret

EVERYONE = frozenset({Topic.TIMER, Topic.ATTENDANCE, Topic.DELEGATES, Topic.MESSAGE})


class InitError(Refusal):
    """``kiosk init`` refused; nothing was changed."""

    status = 409


@dataclass(frozen=True)
class InitResult:
    event_title: str
    groups: int
    agenda_items: int  # top-level items of the programme
    timed_items: int  # what the chair's clock runs (presentations counted one by one)
    attendees: int
    # The PIN of each role, to print once; None where it came from the environment.
    pins: dict[str, str | None]
    restored: bool = False  # the event file was a backup: delegates, check-ins and clock came back


def prepare_database(database: Database, instance_path: Path) -> None:
    from kiosk import migrate  # Alembic: imported by what migrates, not by every page that imports this module

    instance_path.mkdir(parents=True, exist_ok=True)
    migrate.upgrade(database.engine)


def initialise(database: Database, instance_path: Path, *, event_file: Path | None = None,
               demo: bool = False, force: bool = False) -> InitResult:
    spec, backup = read_event_or_backup(event_file or default_event_path())
    if backup is not None and demo:
        raise InitError("backup_with_demo", N_("Tệp sao lưu đã có danh sách đại biểu: bỏ --demo."))
    prepare_database(database, instance_path)
    load_or_create_secret(instance_path / BADGE_SECRET_FILE)
    with command_unit(database) as session:
        if current_event(session) is not None and not force:
            raise InitError("event_loaded", N_("Đã có dữ liệu sự kiện; thêm --force để thay thế toàn bộ."))
        event = replace_event(session, spec, source=str(event_file or "")) if force else install_event(session, spec)
        if backup is not None:
            attendees = restore_backup(session, event, backup)
        else:
            attendees = load_demo_roster(session, event) if demo else 0
        pins = set_pins(session, ROLES, replace=force)
        note(session, Change("event.install", target=event.short_title,
                             after={"title": event.title, "delegates": attendees, "restored": backup is not None},
                             topics=EVERYONE))
        return InitResult(
            event_title=event.title,
            groups=len(event.groups),
            agenda_items=sum(1 for item in event.agenda if item.parent is None),
            timed_items=sum(1 for item in event.agenda if item.timed),
            attendees=attendees,
            pins=pins,
            restored=backup is not None,
        )


def event_counts(session: Session, event: Event) -> dict[str, int]:
    """What replacing the event would remove."""
    delegates = session.scalar(select(func.count()).select_from(Attendee).where(Attendee.event_id == event.id))
    checkins = session.scalar(select(func.count()).select_from(CheckIn).join(Attendee)
                              .where(Attendee.event_id == event.id))
    commands = session.scalar(select(func.count()).select_from(TimerTransition)
                              .where(TimerTransition.event_id == event.id))
    return {"delegates": delegates or 0, "checkins": checkins or 0, "commands": commands or 0}


def replace_event(session: Session, spec: EventSpec, *, source: str) -> Event:
    """Remove every event and what hangs from it, and install ``spec``; every screen and desk starts over.

    The new event's id is past every earlier one (unless the spec brings its
    own, from a backup): badges carry the event id, so a badge printed for the
    replaced event can never scan as someone of the new one.
    """
    old = current_event(session)
    before = {"title": old.title, **event_counts(session, old)} if old is not None else {}
    gone = set(session.scalars(select(Attendee.id)))
    last = session.scalar(select(func.max(Event.id)))
    for model in (CheckIn, Attendee, TimerTransition, PresenterMessage, AgendaItem, AttendeeGroup, Event):
        session.execute(delete(model))
    if spec.id is None and last is not None:
        spec = dataclasses.replace(spec, id=last + 1)
    event = install_event(session, spec)
    note(session, Change("event.replace", target=source, before=before,
                         after={"title": event.title, "groups": len(event.groups), "agenda": len(event.agenda)},
                         topics=EVERYONE, delegates=frozenset(gone)))
    return event


def set_pins(session: Session, roles: tuple[str, ...], *, replace: bool) -> dict[str, str | None]:
    """Give each role a PIN: the environment's, or a new random one.

    Returns the new PINs to print once (None where the environment set it).
    A role that has a PIN already keeps it unless ``replace``.
    """
    shown: dict[str, str | None] = {}
    for role in roles:
        row = session.get(RolePin, role)
        if row is not None and not replace:
            continue
        from_env = pin_from_environment(role)
        pin = from_env or new_pin()
        if row is None:
            row = RolePin(role=role, pin_hash="")
            session.add(row)
        row.pin_hash, row.updated_at = hash_pin(pin), utcnow()
        shown[role] = None if from_env else pin
    if shown:
        note(session, Change("auth.pins", after={"roles": sorted(shown)}))  # which roles, never the PINs
    return shown


def apply_environment_pins(session: Session) -> None:
    """``KIOSK_<ROLE>_PIN`` always wins over the stored PIN."""
    for role in ROLES:
        pin = pin_from_environment(role)
        if pin is None:
            continue
        row = session.get(RolePin, role)
        if row is None:
            session.add(RolePin(role=role, pin_hash=hash_pin(pin)))
        elif not pin_matches(pin, row.pin_hash):
            row.pin_hash, row.updated_at = hash_pin(pin), utcnow()
        else:
            continue
        note(session, Change("auth.pins", after={"roles": [role]}, detail={"from": PIN_ENV[role]}))


def stored_roles(session: Session) -> set[str]:
    return set(session.scalars(select(RolePin.role)))
