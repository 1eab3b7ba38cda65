"""Every model, imported once so the metadata (and Alembic) sees all tables."""

from kiosk.attendees.models import Attendee
from kiosk.auth.models import AuditEntry, AuthSession, RolePin
from kiosk.checkin.models import CheckIn
from kiosk.db import Base
from kiosk.events.models import AgendaItem, AttendeeGroup, Event
from kiosk.timer.models import PresenterMessage, TimerTransition

__all__ = [
    "AgendaItem", "Attendee", "AttendeeGroup", "AuditEntry", "AuthSession", "Base", "CheckIn",
    "Event", "PresenterMessage", "RolePin", "TimerTransition",
]
