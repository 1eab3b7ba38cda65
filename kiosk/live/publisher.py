"""After a commit, tell the /live clients what changed (kiosk.boundary calls :meth:`Publisher.prepare`).

Each topic of kiosk.changes.Topic is one Socket.IO event on /live:

- ``timer`` (everyone, at once): the chair's clock, as ``GET /api/v1/timer``;
- ``message`` (everyone, at once): ``{"message": {"text", "sent_at"} | null}``;
- ``arrival`` (desks, with the next coalesced push): a scanned delegate's desk
  row, built from the scan's own rows, one event per scan;
- ``attendance`` (everyone, coalesced): the counts, as ``GET /api/v1/attendance``;
- ``delegates`` (desks, coalesced): ``{"changed": [desk rows], "removed": [ids]}``
  for every delegate that was added, edited, revoked, re-issued, undone,
  imported or given a seat holder.

Coalesced topics leave ``delay`` seconds after the first change that asks for
them, however many changes come meanwhile (a burst of scans at eight desks
costs one count), built from the database as it is when they leave. Arrivals
leave with them, in the order scanned and before the counts: which desks may
hear names is asked once for the burst, not once a scan. Each
application has its own publisher; the bookkeeping lives on it, not in the module.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from flask import Flask
from flask_socketio import SocketIO
from sqlalchemy.orm import Session

from kiosk.changes import Change, Topic, delegates_of, topics_of
from kiosk.checkin.desk import attendance_json, delegates_push, desk_row
from kiosk.checkin.service import Arrival, ScannedDelegate
from kiosk.db import Database, utcnow
from kiosk.events.models import Event
from kiosk.events.service import current_event, current_event_id
from kiosk.live.socket import NAMESPACE, desk_rooms
from kiosk.timer.service import current_message, message_json, timer_state

COALESCED = frozenset({Topic.ATTENDANCE, Topic.DELEGATES})


class Publisher:
    def __init__(self, app: Flask, socketio: SocketIO, database: Database, *, delay: float = 0.2) -> None:
        self.app, self.socketio, self.database, self.delay = app, socketio, database, delay
        self._lock = threading.Lock()
        self._topics: set[Topic] = set()
        self._delegates: set[int] = set()
        self._arrivals: list[dict[str, Any]] = []
        self._scheduled = False
        self._in_flight = 0

    def prepare(self, session: Session, changes: Sequence[Change]) -> Callable[[], None]:
        """What ``changes`` push, built inside their transaction; the returned call sends it after the commit.

        Built before the commit, from the rows the request still holds (a commit
        would expire them and cost a query each to read again); sent only after
        it, so no screen shows what was not kept.
        """
        topics = topics_of(changes)
        if not topics or current_event_id(session) is None:
            return lambda: None
        emits: list[tuple[str, object]] = []  # to everyone
        if topics & {Topic.TIMER, Topic.MESSAGE}:
            event = current_event(session)
            assert event is not None
            if Topic.TIMER in topics:
                emits.append(("timer", timer_state(session, event, time.time())))
            if Topic.MESSAGE in topics:
                emits.append(("message", {"message": message_json(current_message(session, event))}))
        arrivals = [_arrival_row(change) for change in changes if Topic.ARRIVAL in change.topics]
        coalesced = topics & COALESCED
        delegates = delegates_of(c for c in changes if Topic.DELEGATES in c.topics)

        def send() -> None:
            for name, data in emits:
                self.socketio.emit(name, data, namespace=NAMESPACE)
            if coalesced or arrivals:
                self._later(coalesced, delegates, arrivals)
        return send

    def _later(self, topics: frozenset[Topic], delegates: frozenset[int], arrivals: list[dict[str, Any]]) -> None:
        with self._lock:
            self._topics |= topics
            self._delegates |= delegates
            self._arrivals += arrivals
            if self._scheduled:
                return
            self._scheduled = True
            self._in_flight += 1
        self.socketio.start_background_task(self._send_later)

    def _send_later(self) -> None:
        try:
            self.socketio.sleep(self.delay)
            with self._lock:
                topics, delegates, arrivals = self._topics, self._delegates, self._arrivals
                self._topics, self._delegates, self._arrivals, self._scheduled = set(), set(), [], False
            with self.app.app_context():
                try:
                    session = self.database.session()
                    event = current_event(session)
                    if event is not None:
                        self._send_coalesced(session, event, topics, delegates, arrivals)
                finally:
                    self.database.session.remove()
        finally:
            with self._lock:
                self._in_flight -= 1

    def _send_coalesced(self, session: Session, event: Event, topics: set[Topic], delegates: set[int],
                        arrivals: list[dict[str, Any]]) -> None:
        changed = delegates if Topic.DELEGATES in topics else set()
        # Names go to the desks signed in *now* (kiosk.live.socket.desk_rooms), asked once for the burst; to
        # nobody when there is none (an empty list would be "everyone" to Socket.IO).
        rooms = desk_rooms(session, utcnow(), self.app.config["SESSION_HOURS"]) if arrivals or changed else []
        if rooms:
            for row in arrivals:
                self.socketio.emit("arrival", row, namespace=NAMESPACE, to=rooms)
            if changed:
                self.socketio.emit("delegates", delegates_push(session, event, changed), namespace=NAMESPACE,
                                   to=rooms)
        if Topic.ATTENDANCE in topics:
            payload: dict[str, Any] = attendance_json(session, event)
            self.socketio.emit("attendance", payload, namespace=NAMESPACE)

    def wait_idle(self, timeout: float = 2.0) -> bool:
        """Wait until every coalesced push has left; False if some are still pending after ``timeout``.

        For tests and commands that swap the database: a push must not run against the next one.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if self._in_flight == 0:
                    return True
            self.socketio.sleep(0.01)
        return False


def _arrival_row(change: Change) -> dict[str, Any]:
    """The desk row an ``arrival`` pushes, from the rows its change holds: the delegate and the arrival that
    counts (kiosk.checkin.service.check_in), as the scan's answer was built."""
    attendee, arrival = change.rows
    assert isinstance(attendee, ScannedDelegate) and isinstance(arrival, Arrival)
    return desk_row(attendee, arrival)
