"""A whole event in one file and back: ``kiosk export``, ``kiosk init --event BACKUP --force``.

The backup is an event file (kiosk.events.eventfile) with every row's id,
plus the delegates, check-ins, the chair's clock commands and the presenter's
messages. A restore keeps every id and badge version, so printed badges still
scan and the clock replays to where it was. The badge secret (instance/badge.key)
is not in the backup: it must be copied beside the database by hand.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from kiosk.attendees.models import Attendee
from kiosk.attendees.service import search_key
from kiosk.checkin.models import CheckIn
from kiosk.events.eventfile import BackupSpec
from kiosk.events.models import AgendaItem, AttendeeGroup, Event
from kiosk.events.service import event_spec
from kiosk.events.toml_writer import event_file_text, toml_table
from kiosk.timer.models import PresenterMessage, TimerTransition

FORMAT = 1
_RESTORED_TABLES = (Event, AttendeeGroup, AgendaItem, Attendee, CheckIn, TimerTransition, PresenterMessage)


def export_event(session: Session, event: Event, now: dt.datetime) -> str:
    """The backup file's text."""
    comments = [
        f"Bản sao lưu kiosk: {event.title}",
        f"Tạo lúc {now.isoformat(timespec='seconds')}. Khôi phục: kiosk init --event TỆP-NÀY --force",
        "Chép kèm tệp instance/badge.key (khóa ký thẻ) thì thẻ đã in mới quét được.",
    ]
    lines = [event_file_text(event_spec(event), comments=comments)]
    lines += toml_table("backup", {"format": FORMAT, "exported_at": now})
    attendees = list(session.scalars(select(Attendee).where(Attendee.event_id == event.id).order_by(Attendee.id)))
    for a in attendees:
        lines += [""] + toml_table("delegates", {
            "id": a.id, "group": a.group.code, "number": a.number, "full_name": a.full_name,
            "seat_label": a.seat_label, "position": a.position, "unit": a.unit, "is_sample": a.is_sample,
            "badge_version": a.badge_version, "revoked": a.revoked, "created_at": a.created_at,
        }, array=True)
    checkins = session.scalars(select(CheckIn).where(CheckIn.attendee_id.in_([a.id for a in attendees]))
                               .order_by(CheckIn.id))
    for c in checkins:
        lines += [""] + toml_table("checkins", {
            "id": c.id, "delegate": c.attendee_id, "action": c.action, "desk": c.desk, "client_id": c.client_id,
            "scanned_at": c.scanned_at, "recorded_at": c.recorded_at, "holder_name": c.holder_name,
            "reason": c.reason, "answer": c.answer,
        }, array=True)
    for t in session.scalars(select(TimerTransition).where(TimerTransition.event_id == event.id)
                             .order_by(TimerTransition.id)):
        lines += [""] + toml_table("timer_transitions", {
            "id": t.id, "command": t.command, "at": t.at, "args": t.args, "role": t.role}, array=True)
    for m in session.scalars(select(PresenterMessage).where(PresenterMessage.event_id == event.id)
                             .order_by(PresenterMessage.id)):
        lines += [""] + toml_table("messages", {
            "id": m.id, "text": m.text, "sent_at": m.sent_at, "cleared_at": m.cleared_at}, array=True)
    return "\n".join(lines) + "\n"


def restore_backup(session: Session, event: Event, backup: BackupSpec) -> int:
    """Add a backup's rows, with their ids, to a freshly installed event (the caller commits)."""
    groups = {group.code: group.id for group in event.groups}
    session.add_all(Attendee(
        id=d.id, event_id=event.id, group_id=groups[d.group], number=d.number, full_name=d.full_name,
        seat_label=d.seat_label, position=d.position, unit=d.unit, is_sample=d.is_sample,
        badge_version=d.badge_version, revoked=d.revoked, created_at=d.created_at,
        search_key=search_key(d.full_name, d.seat_label, d.position, d.unit, d.number),
    ) for d in backup.delegates)
    session.flush()
    session.add_all(CheckIn(
        id=c.id, attendee_id=c.delegate, action=c.action, desk=c.desk, client_id=c.client_id,
        scanned_at=c.scanned_at, recorded_at=c.recorded_at, holder_name=c.holder_name, reason=c.reason,
        answer=c.answer,
    ) for c in backup.checkins)
    session.add_all(TimerTransition(id=t.id, event_id=event.id, command=t.command, at=t.at, args=t.args,
                                    role=t.role) for t in backup.transitions)
    session.add_all(PresenterMessage(id=m.id, event_id=event.id, text=m.text, sent_at=m.sent_at,
                                     cleared_at=m.cleared_at) for m in backup.messages)
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        # Rows inserted with their ids leave PostgreSQL's sequences behind; the next insert would collide.
        for model in _RESTORED_TABLES:
            table = model.__table__.name
            session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                 f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"))
    return len(backup.delegates)
