"""The one boundary where changes are committed, audited and announced.

Domain services only read, flush and note what changed (kiosk.changes). Here,
once per request (and once per ``kiosk`` command, through :func:`command_unit`):

1. the request answered with an error (4xx/5xx) or raised: roll back, nothing
   is kept, nothing is announced;
2. otherwise every noted change gets its audit entry (role, time, before,
   after) in the same transaction, and the transaction is committed once; a
   session that wrote rows but noted no change is refused (UnannouncedWrite),
   so a view or service cannot forget to be audited or pushed;
3. the publisher builds what the changes push inside the same transaction,
   from the rows the request holds, and sends it only after the commit, to
   /live (some topics at once, some coalesced: kiosk.live.publisher).

So the answer a desk or the chair gets is sent only after its change is
committed and on disk (kiosk.durable; a failed commit answers 500), and a screen never shows what was not
kept. The shape follows Indico's end-of-request commit and Ontime's
``@broadcastResult``: views stay thin and cannot skip a step.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Protocol

from sqlalchemy.orm import Session

from kiosk.auth.models import AuditEntry
from kiosk.changes import Change, note, take
from kiosk.db import Database

log = logging.getLogger(__name__)


class UnannouncedWrite(RuntimeError):
    """A session wrote rows without noting a Change: a bug, refused rather than committed unaudited."""


class Publisher(Protocol):
    def prepare(self, session: Session, changes: Sequence[Change]) -> Callable[[], None]: ...


def commit(database: Database, session: Session, actor: str,
           publisher: Publisher | None = None) -> Callable[[], None]:
    """Audit the noted changes as ``actor``, commit once, wait until it is on disk, and return the call that
    announces them."""
    session.flush()
    changes, wrote = take(session)
    if wrote and not changes:
        session.rollback()
        raise UnannouncedWrite("rows were written but no change was noted (kiosk.changes.note)")
    session.add_all(AuditEntry(role=actor, action=change.action, detail=change.audit_detail())
                    for change in changes if change.audited)
    send = _prepared(publisher, session, changes)
    session.commit()
    if changes:
        database.wait_durable()
    return send


def _prepared(publisher: Publisher | None, session: Session, changes: Sequence[Change]) -> Callable[[], None]:
    """The publisher's push for ``changes``; a push that fails never undoes or fails the answer (it is logged)."""
    if publisher is None or not changes:
        return lambda: None
    actions = [change.action for change in changes]
    try:
        send = publisher.prepare(session, changes)
    except Exception:
        log.exception("preparing the push of %s to /live failed", actions)
        return lambda: None

    def send_logged() -> None:
        try:
            send()
        except Exception:  # the change is committed: log, do not turn the answer into an error
            log.exception("pushing %s to /live failed", actions)
    return send_logged


def finish_request(database: Database, actor: Callable[[], str], publisher: Publisher | None,
                   succeeded: bool) -> None:
    """The end of one request: commit, audit and announce, or roll back. Removes the session.

    Closing a session rolls back what it did not commit (without expiring the
    objects a caller still holds), so a failed request needs nothing more.
    """
    if not database.session.registry.has():
        return  # the request never touched the database
    try:
        if succeeded:
            announce = commit(database, database.session(), actor(), publisher)
            announce()
    finally:
        database.session.remove()


def record_apart(database: Database, actor: str, change: Change) -> None:
    """Audit ``change`` in a transaction of its own, for what must be kept although its request is refused and
    rolled back (an address locked out after too many wrong PINs: the 429 keeps nothing)."""
    with Session(database.engine) as session:
        note(session, change)
        commit(database, session, actor)


@contextmanager
def command_unit(database: Database, actor: str = "cli",
                 publisher: Publisher | None = None) -> Iterator[Session]:
    """A ``kiosk`` command's transaction: commit, audit and announce on success, roll back on any error."""
    session = database.session()
    try:
        yield session
        announce = commit(database, session, actor, publisher)
    except BaseException:
        session.rollback()
        raise
    announce()
