"""Putting a backup's rows back, with their ids, under a freshly installed event. No Flask."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from kiosk.attendees.models import Attendee
from kiosk.attendees.service import search_key
from kiosk.backup.format import BackupSpec
from kiosk.checkin.models import CheckIn
from kiosk.events.models import AgendaItem, AttendeeGroup, Event
from kiosk.timer.models import PresenterMessage, TimerTransition

_RESTORED_TABLES = (Event, AttendeeGroup, AgendaItem, Attendee, CheckIn, TimerTransition, PresenterMessage)


def restore_backup(session: Session, event: Event, backup: BackupSpec) -> int:
    """Add a backup's rows, with their ids, to a freshly installed event (flushed; the caller notes the restore)."""
    groups = {group.code: group.id for group in event.groups}
    session.add_all(Attendee(
        id=d.id, event_id=event.id, group_id=groups[d.group], number=d.number, full_name=d.full_name,
        seat_label=d.seat_label, position=d.position, unit=d.unit, is_sample=d.is_sample,
        badge_version=d.badge_version, revoked=d.revoked, created_at=d.created_at, rank=d.rank,
        absence_reason=d.absence_reason, absence_recorded_at=d.absence_recorded_at, walk_in=d.walk_in,
        search_key=search_key(d.full_name, d.seat_label, d.position, d.unit, d.number),
    ) for d in backup.delegates)
    session.flush()
    session.add_all(CheckIn(
        id=c.id, attendee_id=c.delegate, action=c.action, desk=c.desk, client_id=c.client_id,
        scanned_at=c.scanned_at, recorded_at=c.recorded_at, holder_name=c.holder_name, reason=c.reason,
        answer=c.answer, stand_in_name=c.stand_in_name, stand_in_position=c.stand_in_position,
    ) for c in backup.checkins)
    session.add_all(TimerTransition(id=t.id, event_id=event.id, command=t.command, at=t.at, args=t.args,
                                    role=t.role) for t in backup.transitions)
    session.add_all(PresenterMessage(id=m.id, event_id=event.id, text=m.text, sent_at=m.sent_at,
                                     cleared_at=m.cleared_at) for m in backup.messages)
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        # Rows inserted with their ids leave PostgreSQL's sequences behind; the next insert would collide.
        for model in _RESTORED_TABLES:
            table = model.__tablename__
            session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                 f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"))
    return len(backup.delegates)
