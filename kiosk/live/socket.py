"""Realtime transport: Flask-SocketIO, namespace ``/live``, one server per application.

The server pushes state *changes* only (kiosk.live.publisher, after each
commit); clients draw countdowns themselves from server timestamps and their
measured clock offset (see static/js/live.js). A (re)connecting client gets the
full clock at once. Clients signed in as reception or chair (or admin) join the
desks' room and also get delegates' names (``arrival``, ``delegates``): the desks
for their copy of the list, the MC (the chair's role) for /introductions, which
follows who arrives. Everybody else gets counts only.
"""

from __future__ import annotations

import math
import time

from flask import Flask, current_app
from flask_socketio import Namespace, SocketIO, emit, join_room

from kiosk.auth.roles import current_roles
from kiosk.events.service import current_event
from kiosk.extensions import db
from kiosk.timer.service import timer_state

NAMESPACE = "/live"
DESK_ROOM = "desks"
NAME_ROLES = frozenset({"reception", "chair"})
"""The roles whose clients may see delegates' names, and so join DESK_ROOM: desks, and the MC (/introductions)."""


class LiveNamespace(Namespace):
    def on_connect(self, auth: object = None) -> None:
        if current_roles() & NAME_ROLES:
            join_room(DESK_ROOM)
        emit("hello", {"server_time": time.time()})
        event = current_event(db.session())
        if event is not None:  # a (re)connecting screen gets the full clock at once
            emit("timer", timer_state(db.session(), event, time.time()))

    def on_clock(self, client_sent: object = None, *_extra: object) -> dict[str, float | None]:
        """One round trip of the client's clock-offset measurement (answered by ack).

        Only a number is echoed: anything else a client sends (more arguments, a
        large object) is dropped, not reflected back or raised as an error.
        """
        number = client_sent if isinstance(client_sent, (int, float)) and not isinstance(client_sent, bool) else None
        return {"client_sent": float(number) if number is not None and math.isfinite(number) else None,
                "server_time": time.time()}


def async_mode() -> str:
    """gevent when ``kiosk serve`` has patched the standard library, threads otherwise (tests, scripts)."""
    try:
        from gevent import monkey
    except ImportError:
        return "threading"
    return "gevent" if monkey.is_module_patched("socket") else "threading"


def init_app(app: Flask) -> SocketIO:
    """This application's own Socket.IO server (``app.extensions["socketio"]``)."""
    socketio = SocketIO(app, async_mode=async_mode(), message_queue=app.config.get("MESSAGE_QUEUE"))
    socketio.on_namespace(LiveNamespace(NAMESPACE))
    return socketio


def socketio_of(app: Flask | None = None) -> SocketIO:
    """The Socket.IO server of ``app`` (default: the current one)."""
    return (app or current_app).extensions["socketio"]  # type: ignore[no-any-return]
