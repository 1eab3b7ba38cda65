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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, event, func, select
from sqlalchemy.orm import Session

from kiosk.auth.models import AuthSession, RolePin
from kiosk.changes import Change, note
from kiosk.db import PlainStatement

SEEN_EVERY = dt.timedelta(minutes=5)
"""How stale ``last_seen_at`` may get before a request writes it again (not on every scan)."""


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class LiveSession:
    """A session as a request reads it: who signed in, as which roles, since when.

    Read with plain SQL (every request reads one, and a desk's scan is the hot
    path); a request that changes the session (a sign-out, ``last_seen_at``)
    loads its row with :func:`session_row`.
    """

    id: int
    roles: tuple[str, ...]
    proven: tuple[str, ...]  # the roles whose PIN signed it in
    created_at: dt.datetime
    last_seen_at: dt.datetime


@dataclass(frozen=True)
class StoredPin:
    role: str
    pin_hash: str
    updated_at: dt.datetime


_SESSIONS = AuthSession.__table__.c
_SESSION_COLUMNS = (_SESSIONS.id, _SESSIONS.roles, _SESSIONS.proven, _SESSIONS.created_at, _SESSIONS.last_seen_at)
_PIN_COLUMNS = (RolePin.__table__.c.role, RolePin.__table__.c.pin_hash, RolePin.__table__.c.updated_at)
_PINS_SINCE = (select(func.count()).select_from(RolePin.__table__)
               .where(RolePin.__table__.c.updated_at >= _SESSIONS.created_at).scalar_subquery())
_BY_KEY = PlainStatement(
    select(*_SESSION_COLUMNS, _PINS_SINCE)
    .where(_SESSIONS.key_hash == bindparam("key_hash"), _SESSIONS.ended_at.is_(None)))
"""The session, and how many PINs were set since it began: with none (every request but the few after a new PIN)
the PINs need not be read. PINs are replaced, never removed, so each role it proved still has the PIN it proved."""
_NOT_ENDED = PlainStatement(
    select(*_SESSION_COLUMNS).where(_SESSIONS.ended_at.is_(None), _SESSIONS.created_at > bindparam("since"))
    .order_by(_SESSIONS.id))
_PINS_QUERY = PlainStatement(select(*_PIN_COLUMNS))
_PINS = "kiosk.pins"


def _live_session(row: tuple[Any, ...]) -> LiveSession:
    """A LiveSession from a row that begins with :data:`_SESSION_COLUMNS`."""
    id_, roles, proven, created_at, last_seen_at = row[:len(_SESSION_COLUMNS)]
    return LiveSession(id=id_, roles=tuple(roles), proven=tuple(proven), created_at=created_at,
                       last_seen_at=last_seen_at)


def is_live(row: LiveSession, pins_changed: Mapping[str, dt.datetime] | None, now: dt.datetime,
            hours: float) -> bool:
    """Not ended (asked by the query), younger than ``hours``, and no PIN of its roles changed since (None: no PIN
    at all was set since it began)."""
    if now - row.created_at >= dt.timedelta(hours=hours):
        return False
    return pins_changed is None or all(role in pins_changed and pins_changed[role] < row.created_at
                                       for role in row.proven)


def _pins_changed(session: Session) -> dict[str, dt.datetime]:
    return {pin.role: pin.updated_at for pin in stored_pins(session)}


def stored_pins(session: Session) -> Sequence[StoredPin]:
    """Every role's stored PIN, read once per transaction: a request asks for them to check its session and
    again for the rooms of its push."""
    pins: Sequence[StoredPin] | None = session.info.get(_PINS)
    if pins is None:
        pins = session.info[_PINS] = [StoredPin(*row) for row in _PINS_QUERY.rows(session)]
    return pins


@event.listens_for(Session, "before_flush")
def _forget_pins_on_change(session: Session, _context: object, _instances: object) -> None:
    if any(isinstance(row, RolePin) for rows in (session.new, session.dirty, session.deleted) for row in rows):
        session.info.pop(_PINS, None)  # a new PIN, or a new role: read them again


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_pins(session: Session) -> None:
    session.info.pop(_PINS, None)  # another transaction may see another process's new PIN


def find_live(session: Session, key: str, now: dt.datetime, hours: float) -> LiveSession | None:
    """The live session whose cookie carries ``key``, or None (unknown, ended, too old, or its PIN changed)."""
    row = _BY_KEY.first(session, {"key_hash": key_hash(key)})
    if row is None:
        return None
    live, pins_since = _live_session(row), row[-1]
    return live if is_live(live, _pins_changed(session) if pins_since else None, now, hours) else None


def live_sessions(session: Session, now: dt.datetime, hours: float, roles: Iterable[str]) -> list[LiveSession]:
    """Every live session that holds one of ``roles``, by id: for the desks' pushes, only these hear names."""
    wanted, changed = set(roles), _pins_changed(session)
    rows = _NOT_ENDED.rows(session, {"since": now - dt.timedelta(hours=hours)})
    return [live for live in map(_live_session, rows)
            if wanted & set(live.roles) and is_live(live, changed, now, hours)]


def session_row(session: Session, live: LiveSession) -> AuthSession:
    """The row of a live session, to change it."""
    row = session.get(AuthSession, live.id)
    assert row is not None  # read live in this transaction
    return row


def sign_in(session: Session, role: str, granted: Iterable[str], now: dt.datetime,
            replacing: LiveSession | None = None) -> tuple[str, AuthSession]:
    """A new session for ``role``'s right PIN (plus what ``replacing``, the browser's live session, held).

    A new key at every sign-in: a key someone else planted in the browser
    before is worth nothing after. Returns the key for the cookie, and the row.
    """
    roles, proven = set(granted), {role}
    if replacing is not None:
        roles |= set(replacing.roles)
        proven |= set(replacing.proven)
        replaced = session_row(session, replacing)
        replaced.ended_at, replaced.end_reason = now, "replaced"
    key = secrets.token_urlsafe(32)
    row = AuthSession(key_hash=key_hash(key), roles=sorted(roles), proven=sorted(proven), created_at=now,
                      last_seen_at=now)
    session.add(row)
    session.flush()
    note(session, Change("auth.login", target=role, after={"roles": sorted(roles)}))
    return key, row


def sign_out(session: Session, live: LiveSession, now: dt.datetime) -> None:
    row = session_row(session, live)
    row.ended_at, row.end_reason = now, "logout"
    session.flush()
    note(session, Change("auth.logout", target=", ".join(row.proven), before={"roles": list(row.roles)}))


def seen(session: Session, live: LiveSession, now: dt.datetime) -> None:
    """Keep ``last_seen_at`` to within a few minutes (one write per session every few minutes, not per scan)."""
    if now - live.last_seen_at < SEEN_EVERY:
        return
    row = session_row(session, live)
    row.last_seen_at = now
    session.flush()
    note(session, Change("auth.seen", target=str(row.id), audited=False))
