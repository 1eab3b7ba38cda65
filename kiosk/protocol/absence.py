"""Excused absences (vắng có lý do): a delegate sent apologies, with the reason. No Flask.

Recorded by the organiser or a desk for a delegate who has not arrived; cleared
by them, or by the delegate arriving after all (kiosk.checkin.service clears it
with the scan). Who recorded it, and when, is in the audit trail; the row keeps
the reason and the time. Attendance counts it (kiosk.checkin.service
``excused``) and the attendance report lists it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from kiosk.attendees.models import Attendee
from kiosk.changes import Change, Topic, note
from kiosk.checkin.service import first_arrival
from kiosk.db import utcnow
from kiosk.errors import N_, Refusal
from kiosk.events.models import Event
from kiosk.text import nfc

TOPICS = frozenset({Topic.DELEGATES, Topic.ATTENDANCE})
"""An absence changes the desks' copy of the delegate and the excused counts."""


def _delegate(session: Session, event: Event, attendee_id: int) -> Attendee:
    attendee = session.get(Attendee, attendee_id)
    if attendee is None or attendee.event_id != event.id:
        raise Refusal("unknown_attendee", N_("Không có đại biểu số %(id)d."), status=404, id=attendee_id)
    return attendee


def record_absence(session: Session, event: Event, attendee_id: int, reason: str,
                   now: dt.datetime | None = None) -> Attendee:
    """The delegate sent apologies for ``reason``; refused for a delegate who has arrived or was removed."""
    attendee = _delegate(session, event, attendee_id)
    if attendee.revoked:
        raise Refusal("revoked", N_("Đại biểu %(name)s đã bị xóa khỏi danh sách."), status=409,
                      name=attendee.display_name)
    if first_arrival(session, attendee.id) is not None:
        raise Refusal("already_arrived", N_("Đại biểu %(name)s đã điểm danh: không ghi vắng được."), status=409,
                      name=attendee.display_name)
    reason = nfc(reason)
    if not reason:
        raise Refusal("missing_field", N_("Cần ghi lý do vắng."), field="reason")
    before = {"absence_reason": attendee.absence_reason}
    if attendee.absence_reason == reason:
        return attendee
    attendee.absence_reason, attendee.absence_recorded_at = reason, now or utcnow()
    session.flush()
    note(session, Change("delegate.absence", target=attendee.number, before=before,
                         after={"absence_reason": reason}, topics=TOPICS, delegates=frozenset({attendee.id})))
    return attendee


def clear_absence(session: Session, event: Event, attendee_id: int) -> Attendee:
    """The apologies no longer stand (recorded by mistake); nothing to do when there were none."""
    attendee = _delegate(session, event, attendee_id)
    if attendee.absence_reason is None:
        return attendee
    before = {"absence_reason": attendee.absence_reason}
    attendee.absence_reason, attendee.absence_recorded_at = None, None
    session.flush()
    note(session, Change("delegate.absence_clear", target=attendee.number, before=before,
                         after={"absence_reason": None}, topics=TOPICS, delegates=frozenset({attendee.id})))
    return attendee
