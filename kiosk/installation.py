"""Setting up an installation: schema, event, demo roster, role PINs.

``initialise`` is all-or-nothing: the event file is read and checked before the
database is touched, and everything is written in one transaction. The event
file may be a backup (``kiosk export``): its delegates, check-ins and clock come
back with their ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk import migrate
from kiosk.attendees.service import load_demo_roster
from kiosk.auth.models import RolePin
from kiosk.auth.pins import ROLES, hash_pin, new_pin, pin_from_environment, pin_matches
from kiosk.backup import restore_backup
from kiosk.db import Database, utcnow
from kiosk.events.eventfile import default_event_path, parse_event_file
from kiosk.events.service import current_event, install_event, replace_event
from kiosk.secretfile import BADGE_SECRET_FILE, load_or_create_secret


class InitError(RuntimeError):
    """``kiosk init`` refused; nothing was changed."""


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
    instance_path.mkdir(parents=True, exist_ok=True)
    assert database.engine is not None
    migrate.upgrade(database.engine)


def initialise(database: Database, instance_path: Path, *, event_file: Path | None = None,
               demo: bool = False, force: bool = False) -> InitResult:
    spec = parse_event_file(event_file or default_event_path())
    if spec.backup is not None and demo:
        raise InitError("Tệp sao lưu đã có danh sách đại biểu: bỏ --demo "
                        "(a backup brings its own delegates: drop --demo).")
    prepare_database(database, instance_path)
    load_or_create_secret(instance_path / BADGE_SECRET_FILE)
    with database.transaction() as session:
        if current_event(session) is not None and not force:
            raise InitError("Đã có dữ liệu sự kiện; thêm --force để thay thế toàn bộ "
                            "(an event is loaded already; add --force to replace it).")
        event = replace_event(session, spec) if force else install_event(session, spec)
        if spec.backup is not None:
            attendees = restore_backup(session, event, spec.backup)
        else:
            attendees = load_demo_roster(session, event) if demo else 0
        pins = set_pins(session, ROLES, replace=force)
        return InitResult(
            event_title=event.title,
            groups=len(event.groups),
            agenda_items=sum(1 for item in event.agenda if item.parent is None),
            timed_items=sum(1 for item in event.agenda if item.timed),
            attendees=attendees,
            pins=pins,
            restored=spec.backup is not None,
        )


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


def stored_roles(session: Session) -> set[str]:
    return set(session.scalars(select(RolePin.role)))
