"""Realtime transport: Flask-SocketIO, namespace ``/live``, one server per application.

The server pushes state *changes* only (kiosk.live.publisher, after each
commit); clients draw countdowns themselves from server timestamps and their
measured clock offset (see static/js/live.js). A (re)connecting client gets the
full clock at once. Everybody gets counts; delegates' names go only to desks
and to the MC: the roles of NAME_ROLES, reception (the desks' copy of the list)
and chair (the MC's /introductions, which follows who arrives); admin holds both.

Who is a desk is asked again at every push, not only at connect: a socket
signed in through a session joins that session's room, one proven by the PIN
headers joins the room of that PIN (its stored hash), and names are sent to
the rooms of the sessions that are live *now* and of the PINs that are
current *now* (:func:`desk_rooms`). So a socket whose session was ended (a
logout, a new PIN, its 12 hours), in this process or any other, hears no
more names; a logout in this process also disconnects it at once. A PIN sent
in the handshake counts against the address's limit like any other
(kiosk.security): a wrong one refuses the connection (``wrong_pin``), and so
does an address over the limit (``too_many_attempts``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import time

from flask import Flask, current_app
from flask_babel import gettext
from flask_socketio import ConnectionRefusedError, Namespace, SocketIO, emit, join_room
from sqlalchemy.orm import Session

from kiosk.auth.pins import GRANTS
from kiosk.auth.roles import current_roles, current_session, header_role
from kiosk.auth.sessions import live_sessions, stored_pins
from kiosk.errors import Refusal
from kiosk.events.service import current_event
from kiosk.extensions import db
from kiosk.timer.service import timer_state

NAMESPACE = "/live"
DESK_ROLE = "reception"
NAME_ROLES = (DESK_ROLE, "chair")
"""Who hears delegates' names (``arrival``, ``delegates``): the desks, and the MC reading /introductions."""


def session_room(session_id: int) -> str:
    return f"session:{session_id}"


def pin_room(role: str, pin_hash: str) -> str:
    """The room of sockets proven by ``role``'s PIN as stored now: a new PIN is another room."""
    return f"pin:{role}:{hashlib.sha256(pin_hash.encode()).hexdigest()[:24]}"


def desk_rooms(session: Session, now: dt.datetime, hours: float) -> list[str]:
    """The rooms that may hear delegates' names at this moment: the live sessions, and the current PINs, of
    the desks and the MC (NAME_ROLES)."""
    rooms = [session_room(row.id) for row in sorted(live_sessions(session, now, hours, NAME_ROLES),
                                                    key=lambda row: row.id)]
    rooms += [pin_room(pin.role, pin.pin_hash) for pin in stored_pins(session)
              if set(NAME_ROLES) & GRANTS.get(pin.role, frozenset())]
    return rooms


class LiveNamespace(Namespace):
    def on_connect(self, auth: object = None) -> None:
        try:
            try:
                roles = current_roles()
            except Refusal as refusal:
                raise ConnectionRefusedError(refusal.render(gettext), {"code": refusal.code}) from None
            row = current_session()
            if row is not None:
                join_room(session_room(row.id))
            proof = header_role()
            if proof is not None and roles & set(NAME_ROLES):
                join_room(pin_room(*proof))
            emit("hello", {"server_time": time.time()})
            event = current_event(db.session())
            if event is not None:  # a (re)connecting screen gets the full clock at once
                emit("timer", timer_state(db.session(), event, time.time()))
        finally:
            db.session.remove()  # a socket event has no request end (kiosk.boundary): give the connection back

    def on_clock(self, client_sent: object = None, *_extra: object) -> dict[str, float | None]:
        """One round trip of the client's clock-offset measurement (answered by ack).

        Only a number is echoed: anything else a client sends (more arguments, a
        large object) is dropped, not reflected back or raised as an error.
        """
        number = client_sent if isinstance(client_sent, (int, float)) and not isinstance(client_sent, bool) else None
        return {"client_sent": float(number) if number is not None and math.isfinite(number) else None,
                "server_time": time.time()}


def cut_off_session(app: Flask, session_id: int) -> None:
    """A session ended here: disconnect its sockets in this process, and empty its room in every process."""
    socketio = socketio_of(app)
    room = session_room(session_id)
    for sid, _eio_sid in list(socketio.server.manager.get_participants(NAMESPACE, room)):
        socketio.server.disconnect(sid, namespace=NAMESPACE)
    socketio.close_room(room, namespace=NAMESPACE)


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
    return (app or current_app).extensions["socketio"]
