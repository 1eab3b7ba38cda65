"""Realtime transport: Flask-SocketIO, namespace ``/live``.

The server pushes state *changes* only; clients draw countdowns themselves from
server timestamps and their measured clock offset (see static/js/live.js).
"""

from __future__ import annotations

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


def broadcast_soon(event: str, make_payload: Callable[[], object | None], *, delay: float = 0.2) -> None:
    """Push ``event`` once, ``delay`` seconds from now, however many changes ask for it meanwhile.

    A burst of scans at several desks then costs one attendance count and one
    message to every screen, not one per scan; ``make_payload`` runs in the app
    context when the message leaves, so it carries the newest counts (None:
    nothing to send any more).
    """
    with _pending_lock:
        if event in _pending:
            return
        _pending.add(event)
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def send_later() -> None:
        socketio.sleep(delay)
        with _pending_lock:
            _pending.discard(event)
        with app.app_context():
            try:
                payload = make_payload()
                if payload is not None:
                    broadcast(event, payload)
            finally:
                db.session.remove()

    socketio.start_background_task(send_later)


@socketio.on("clock", namespace=NAMESPACE)
def on_clock(client_sent: float | None = None) -> dict[str, float | None]:
    """One round trip of the client's clock-offset measurement (answered by ack)."""
    return {"client_sent": client_sent, "server_time": time.time()}
