"""Sessions that can be ended: a row per sign-in, found by the random key its cookie carries. No Flask.

A session is *live* while all of these hold:

- it was not ended (``POST /api/v1/logout``, or a new sign-in from the same
  browser, which replaces it);
- it is younger than the event day's length (``KIOSK_SESSION_HOURS``, 12 h);
- no role whose PIN signed it in has had a new PIN since (``kiosk pins``,
  ``KIOSK_<ROLE>_PIN`` at ``kiosk serve``, ``kiosk init --force``): the one who
  knew the old PIN is out, wherever and however the PIN was changed.

The cookie carries only a random key; the table keeps its SHA-256, so the
database alone does not give anyone a cookie. Rows are written through the
boundary: a sign-in and a sign-out are audited (``auth.login``,
``auth.logout``: the role, never the PIN).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.auth.models import AuthSession, RolePin
from kiosk.changes import Change, note

SEEN_EVERY = dt.timedelta(minutes=5)
"""How stale ``last_seen_at`` may get before a request writes it again (not on every scan)."""


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def is_live(row: AuthSession, pins_changed: dict[str, dt.datetime], now: dt.datetime, hours: float) -> bool:
    if row.ended_at is not None or now - row.created_at >= dt.timedelta(hours=hours):
        return False
    return all(role in pins_changed and pins_changed[role] < row.created_at for role in row.proven)


def find_live(session: Session, key: str, now: dt.datetime, hours: float) -> AuthSession | None:
    """The live session whose cookie carries ``key``, or None (unknown, ended, too old, or its PIN changed)."""
    row = session.scalar(select(AuthSession).where(AuthSession.key_hash == key_hash(key)))
    if row is None:
        return None
    pins = {pin.role: pin.updated_at for pin in session.scalars(select(RolePin).where(RolePin.role.in_(row.proven)))}
    return row if is_live(row, pins, now, hours) else None


def live_sessions(session: Session, now: dt.datetime, hours: float, roles: Iterable[str],
                  pins: Sequence[RolePin]) -> list[AuthSession]:
    """Every live session that holds one of ``roles``, given the stored ``pins`` (read by the caller, who
    needs them too): for the desks' pushes, only these hear delegates' names."""
    rows = session.scalars(select(AuthSession).where(AuthSession.ended_at.is_(None),
                                                     AuthSession.created_at > now - dt.timedelta(hours=hours)))
    changed = {pin.role: pin.updated_at for pin in pins}
    return [row for row in rows if set(roles) & set(row.roles) and is_live(row, changed, now, hours)]


def sign_in(session: Session, role: str, granted: Iterable[str], now: dt.datetime,
            replacing: AuthSession | None = None) -> tuple[str, AuthSession]:
    """A new session for ``role``'s right PIN (plus what ``replacing``, the browser's live session, held).

    A new key at every sign-in: a key someone else planted in the browser
    before is worth nothing after. Returns the key for the cookie, and the row.
    """
    roles, proven = set(granted), {role}
    if replacing is not None:
        roles |= set(replacing.roles)
        proven |= set(replacing.proven)
        replacing.ended_at, replacing.end_reason = now, "replaced"
    key = secrets.token_urlsafe(32)
    row = AuthSession(key_hash=key_hash(key), roles=sorted(roles), proven=sorted(proven), created_at=now,
                      last_seen_at=now)
    session.add(row)
    session.flush()
    note(session, Change("auth.login", target=role, after={"roles": sorted(roles)}))
    return key, row


def sign_out(session: Session, row: AuthSession, now: dt.datetime) -> None:
    row.ended_at, row.end_reason = now, "logout"
    session.flush()
    note(session, Change("auth.logout", target=", ".join(row.proven), before={"roles": list(row.roles)}))


def seen(session: Session, row: AuthSession, now: dt.datetime) -> None:
    """Keep ``last_seen_at`` to within a few minutes (one write per session every few minutes, not per scan)."""
    if now - row.last_seen_at < SEEN_EVERY:
        return
    row.last_seen_at = now
    session.flush()
    note(session, Change("auth.seen", target=str(row.id), audited=False))
