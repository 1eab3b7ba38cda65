"""Realtime transport: Flask-SocketIO, namespace ``/live``.

The server pushes state *changes* only; clients draw countdowns themselves from
server timestamps and their measured clock offset (see static/js/live.js).
"""

from __future__ import annotations

import time

from flask_socketio import SocketIO, emit

socketio = SocketIO()
NAMESPACE = "/live"


@socketio.on("connect", namespace=NAMESPACE)
def on_connect(auth: object = None) -> None:
    emit("hello", {"server_time": time.time()})


@socketio.on("clock", namespace=NAMESPACE)
def on_clock(client_sent: float | None = None) -> dict[str, float | None]:
    """One round trip of the client's clock-offset measurement (answered by ack)."""
    return {"client_sent": client_sent, "server_time": time.time()}
