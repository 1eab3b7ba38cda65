"""The audit trail, as the organiser reads it. Entries are written by kiosk.boundary, one per change. No Flask."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.auth.models import AuditEntry


def latest(session: Session, limit: int = 200) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)))
