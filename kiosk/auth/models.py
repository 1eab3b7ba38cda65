"""Role PINs (hashed at rest), signed-in sessions, and the audit trail of who changed what."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.db import Base, utcnow


class RolePin(Base):
    __tablename__ = "role_pin"

    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    pin_hash: Mapped[str] = mapped_column(String(300))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AuthSession(Base):
    """One sign-in (a browser, or a script keeping a cookie); the signed cookie carries only its random key.

    It lives until it is ended (logout, ``ended_at``), until it is older than
    ``KIOSK_SESSION_HOURS``, or until a role whose PIN signed it in gets a new
    PIN (``RolePin.updated_at`` after ``created_at``): see kiosk.auth.sessions.
    """

    __tablename__ = "auth_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 (hex) of the cookie's key
    roles: Mapped[list[str]] = mapped_column(JSON)  # what it may do (admin's PIN grants every role)
    proven: Mapped[list[str]] = mapped_column(JSON)  # the roles whose PIN signed it in
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    end_reason: Mapped[str | None] = mapped_column(String(20), default=None)  # "logout", "replaced"


class AuditEntry(Base):
    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(60))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
