"""Realtime transport: Flask-SocketIO, namespace ``/live``.

The server pushes state *changes* only; clients draw countdowns themselves from
server timestamps and their measured clock offset (see static/js/live.js).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from flask import current_app
from flask_socketio import SocketIO, emit, join_room

from kiosk.auth.roles import current_roles
from kiosk.db import db
from kiosk.events.service import current_event
from kiosk.timer.service import timer_state

socketio = SocketIO()
NAMESPACE = "/live"
# Clients signed in as reception (or admin) also get per-delegate arrivals, which
# carry names; everybody else gets counts only.
DESK_ROOM = "desks"


@socketio.on("connect", namespace=NAMESPACE)
def on_connect(auth: object = None) -> None:
    if "reception" in current_roles():
        join_room(DESK_ROOM)
    emit("hello", {"server_time": time.time()})
    event = current_event(db.session())
    if event is not None:  # a (re)connecting screen gets the full clock at once
        emit("timer", timer_state(db.session(), event, time.time()))


def broadcast(event: str, data: object, *, desks_only: bool = False) -> None:
    """Push a state change to every /live client (or only to the desks)."""
    socketio.emit(event, data, namespace=NAMESPACE, to=DESK_ROOM if desks_only else None)


_pending: set[str] = set()
_pending_lock = threading.Lock()
_in_flight = 0  # delayed pushes scheduled and not yet sent (see wait_for_pushes)


def broadcast_soon(event: str, make_payload: Callable[[], object | None], *, delay: float = 0.2) -> None:
    """Push ``event`` once, ``delay`` seconds from now, however many changes ask for it meanwhile.

    A burst of scans at several desks then costs one attendance count and one
    message to every screen, not one per scan; ``make_payload`` runs in the app
    context when the message leaves, so it carries the newest counts (None:
    nothing to send any more).
    """
    global _in_flight
    with _pending_lock:
        if event in _pending:
            return
        _pending.add(event)
        _in_flight += 1
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def send_later() -> None:
        global _in_flight
        socketio.sleep(delay)
        with _pending_lock:
            _pending.discard(event)
        try:
            with app.app_context():
                try:
                    payload = make_payload()
                    if payload is not None:
                        broadcast(event, payload)
                finally:
                    db.session.remove()
        finally:
            with _pending_lock:
                _in_flight -= 1

    socketio.start_background_task(send_later)


def wait_for_pushes(timeout: float = 2.0) -> bool:
    """Wait until every delayed push has been sent; False if some are still pending after ``timeout``.

    For tests, which swap the database between apps: a push scheduled by one
    test must not run against the next test's database.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with _pending_lock:
            if _in_flight == 0:
                return True
        socketio.sleep(0.01)
    return False


@socketio.on("clock", namespace=NAMESPACE)
def on_clock(client_sent: object = None, *_extra: object) -> dict[str, float | None]:
    """One round trip of the client's clock-offset measurement (answered by ack).

    Only a number is echoed: anything else a client sends (more arguments, a
    large object) is dropped, not reflected back or raised as an error.
    """
    is_number = isinstance(client_sent, (int, float)) and not isinstance(client_sent, bool)
    return {"client_sent": client_sent if is_number and math.isfinite(client_sent) else None,  # type: ignore[arg-type]
            "server_time": time.time()}
