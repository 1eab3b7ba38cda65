"""What a change says about itself, so that one boundary can commit, audit and announce it.

Domain services change rows in the session they are given, flush, and *note*
a :class:`Change` on that session: what happened (the audit trail's action,
target, values before and after) and which live topics it touches, with the
delegates concerned. They never commit. The boundary (kiosk.boundary) takes
the noted changes, writes their audit entries in the same transaction,
commits once, and only then hands them to the publisher (kiosk.live.publisher).

A session that wrote rows without noting any change is refused at the boundary
(kiosk.boundary.UnannouncedWrite), so a new service cannot forget to be
audited or pushed. No Flask here.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from kiosk.db import PlainStatement

_NOTED = "kiosk.changes"
_WROTE = "kiosk.wrote"


class Topic(enum.StrEnum):
    """What the live screens follow; each is one Socket.IO event on /live (see kiosk.live.publisher)."""

    ATTENDANCE = "attendance"  # the counts per group, to everyone (coalesced)
    DELEGATES = "delegates"  # what a desk holds of each changed delegate, to desks (coalesced)
    ARRIVAL = "arrival"  # a scan that counted or repeated: the delegate's desk row, to desks (with the coalesced)
    # (its change holds the delegate and the arrival that counts as ``rows``)
    TIMER = "timer"  # the chair's clock and the programme, to everyone at once
    MESSAGE = "message"  # the presenter's message, to everyone at once


@dataclass(frozen=True)
class Change:
    """One change, as the audit trail records it and the screens learn of it.

    ``audited=False`` for the rows that are their own record (a scan is a row
    of the append-only check-in log); everything else people do is audited.
    """

    action: str  # "delegate.revoke": what the audit trail shows (labels in the admin pages)
    target: str = ""  # whom or what it concerns, as people name it ("DU-003", "3.2")
    before: Mapping[str, Any] = field(default_factory=dict)
    after: Mapping[str, Any] = field(default_factory=dict)
    detail: Mapping[str, Any] = field(default_factory=dict)
    topics: frozenset[Topic] = frozenset()
    delegates: frozenset[int] = frozenset()  # ids whose desk row changed or vanished
    audited: bool = True
    rows: tuple[object, ...] = field(default=(), compare=False, repr=False)
    """The rows the push will read, held until the commit: the session's identity map holds ORM rows weakly,
    so without this the view's rows are gone by then and each would cost a query to read again (plain rows,
    such as a scan's arrival, are not in it at all)."""

    def audit_detail(self) -> dict[str, Any]:
        """The audit entry's JSON: target, extra detail, before and after (datetimes as ISO text)."""
        detail: dict[str, Any] = jsonable({**self.detail, "target": self.target, "before": dict(self.before),
                                           "after": dict(self.after)})
        return detail


def note(session: Session, change: Change) -> Change:
    """Say that ``change`` was made in ``session``'s transaction."""
    session.info.setdefault(_NOTED, []).append(change)
    return change


def noted(session: Session) -> list[Change]:
    return list(session.info.get(_NOTED, ()))


def take(session: Session) -> tuple[list[Change], bool]:
    """The noted changes and whether the session wrote anything, both forgotten."""
    return session.info.pop(_NOTED, []), bool(session.info.pop(_WROTE, False))


def writing(session: Session) -> bool:
    """True while ``session`` has written rows (or holds rows to write) that are not committed yet."""
    return bool(session.info.get(_WROTE) or session.new or session.dirty or session.deleted)


def forget(session: Session) -> None:
    session.info.pop(_NOTED, None)
    session.info.pop(_WROTE, None)


def topics_of(changes: Iterable[Change]) -> frozenset[Topic]:
    return frozenset(topic for change in changes for topic in change.topics)


def delegates_of(changes: Iterable[Change]) -> frozenset[int]:
    return frozenset(delegate for change in changes for delegate in change.delegates)


def apply_changes(row: object, values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Set ``values`` on ``row``; the (before, after) of the fields that really changed, for a Change."""
    before, after = {}, {}
    for name, value in values.items():
        old = getattr(row, name)
        if old != value:
            before[name], after[name] = old, value
            setattr(row, name, value)
    return before, after


def jsonable(value: Any) -> Any:
    """``value`` with datetimes as ISO text, tuples and sets as lists: what a JSON column stores."""
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(item) for item in value]
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    return value


# --- knowing that a session wrote --------------------------------------------------


@event.listens_for(Session, "before_flush")
def _flush_writes(session: Session, _context: object, _instances: object) -> None:
    if session.new or session.deleted or any(session.is_modified(row) for row in session.dirty):
        session.info[_WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _statement_writes(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True


def write_plainly(session: Session, statement: PlainStatement, parameters: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Run a write as plain SQL on the session's connection, known to the boundary as a write; its rows (what
    it RETURNs).

    For the hot path (a scan's row): no ORM around the statement, and nothing
    flushed before it, so it must not depend on rows the session holds unflushed.
    """
    session.info[_WROTE] = True
    return statement.rows(session, parameters)


@event.listens_for(Session, "after_rollback")
@event.listens_for(Session, "after_commit")
def _ended(session: Session) -> None:
    forget(session)
