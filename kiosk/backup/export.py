"""Writing the backup file (kiosk.backup.format describes it): the event file's document, then the rest. No Flask."""

from __future__ import annotations

import datetime as dt

import tomlkit
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.attendees.models import Attendee
from kiosk.backup.format import FORMAT
from kiosk.checkin.models import CheckIn
from kiosk.events.models import Event
from kiosk.events.service import event_spec
from kiosk.events.toml_writer import add_rows, add_table, event_document
from kiosk.timer.models import PresenterMessage, TimerTransition


def export_event(session: Session, event: Event, now: dt.datetime) -> str:
    """The backup file's text."""
    comments = [
        f"Bản sao lưu kiosk: {event.title}",
        f"Tạo lúc {now.isoformat(timespec='seconds')}. Khôi phục: kiosk init --event TỆP-NÀY --force",
        "Chép kèm tệp instance/badge.key (khóa ký thẻ) thì thẻ đã in mới quét được.",
    ]
    document = event_document(event_spec(event), comments=comments)
    add_table(document, "backup", {"format": FORMAT, "exported_at": now})
    attendees = list(session.scalars(select(Attendee).where(Attendee.event_id == event.id).order_by(Attendee.id)))
    add_rows(document, "delegates", ({
        "id": a.id, "group": a.group.code, "number": a.number, "full_name": a.full_name,
        "seat_label": a.seat_label, "position": a.position, "unit": a.unit, "is_sample": a.is_sample,
        "badge_version": a.badge_version, "revoked": a.revoked, "created_at": a.created_at, "rank": a.rank,
        "absence_reason": a.absence_reason, "absence_recorded_at": a.absence_recorded_at, "walk_in": a.walk_in,
    } for a in attendees))
    checkins = session.scalars(select(CheckIn).where(CheckIn.attendee_id.in_([a.id for a in attendees]))
                               .order_by(CheckIn.id))
    add_rows(document, "checkins", ({
        "id": c.id, "delegate": c.attendee_id, "action": c.action, "desk": c.desk, "client_id": c.client_id,
        "scanned_at": c.scanned_at, "recorded_at": c.recorded_at, "holder_name": c.holder_name,
        "reason": c.reason, "answer": c.answer, "stand_in_name": c.stand_in_name,
        "stand_in_position": c.stand_in_position,
    } for c in checkins))
    transitions = session.scalars(select(TimerTransition).where(TimerTransition.event_id == event.id)
                                  .order_by(TimerTransition.id))
    add_rows(document, "timer_transitions", ({
        "id": t.id, "command": t.command, "at": t.at, "args": t.args, "role": t.role} for t in transitions))
    messages = session.scalars(select(PresenterMessage).where(PresenterMessage.event_id == event.id)
                               .order_by(PresenterMessage.id))
    add_rows(document, "messages", ({
        "id": m.id, "text": m.text, "sent_at": m.sent_at, "cleared_at": m.cleared_at} for m in messages))
    return tomlkit.dumps(document)
