"""The audit trail: which role changed what, with the values before and after. No Flask here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.auth.models import AuditEntry


def record(session: Session, role: str, action: str, *, before: Mapping[str, Any] | None = None,
           after: Mapping[str, Any] | None = None, **detail: Any) -> AuditEntry:
    """Add an entry to the session, to be committed with the change it describes."""
    entry = AuditEntry(role=role, action=action,
                       detail={**detail, "before": dict(before or {}), "after": dict(after or {})})
    session.add(entry)
    return entry


def apply_changes(row: object, values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Set ``values`` on ``row``; the (before, after) of the fields that really changed."""
    before, after = {}, {}
    for name, value in values.items():
        old = getattr(row, name)
        if old != value:
            before[name], after[name] = old, value
            setattr(row, name, value)
    return before, after


def latest(session: Session, limit: int = 200) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)))
