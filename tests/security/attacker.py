"""What an attacker on the hall's Wi-Fi runs: raw HTTP and Socket.IO handshakes against a real ``kiosk serve``.

Each call may come from its own loopback address (``source="127.0.3.1"``):
Linux answers every 127.x.y.z, so one server sees many "devices", and the
per-address limits of one test do not lock out the next.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.livekiosk import LiveKiosk, free_port

PIN_HEADERS = ("X-Kiosk-Role", "X-Kiosk-Pin")


@dataclass
class Answer:
    status: int
    headers: dict[str, str]  # lower-case names; Set-Cookie headers joined by "\n"
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def code(self) -> str | None:
        """The error's code (``wrong_pin``, ``too_many_attempts``…), or None."""
        try:
            return self.json["error"]["code"]  # type: ignore[no-any-return]
        except (ValueError, KeyError, TypeError):
            return None

    @property
    def cookie(self) -> str:
        """The session cookie it sets, as a ``Cookie`` header value ("" for none)."""
        for line in self.headers.get("set-cookie", "").split("\n"):
            if line.startswith("session="):
                return line.split(";", 1)[0]
        return ""


def host_port(kiosk: LiveKiosk | str) -> tuple[str, int]:
    parts = urllib.parse.urlsplit(kiosk.url if isinstance(kiosk, LiveKiosk) else kiosk)
    return parts.hostname or "127.0.0.1", parts.port or 80


def call(kiosk: LiveKiosk | str, method: str, path: str, body: object = None, *, headers: dict[str, str] | None = None,
         source: str = "127.0.0.1", raw: bytes | None = None, timeout: float = 60) -> Answer:
    """One request on its own connection from ``source``; ``body`` is sent as JSON, ``raw`` as is."""
    host, port = host_port(kiosk)
    connection = http.client.HTTPConnection(host, port, timeout=timeout, source_address=(source, 0))
    try:
        sent_headers = dict(headers or {})
        payload = raw
        if body is not None:
            payload = json.dumps(body).encode()
            sent_headers.setdefault("Content-Type", "application/json")
        connection.request(method, path, payload, sent_headers)
        response = connection.getresponse()
        data = response.read()
        found: dict[str, str] = {}
        for name, value in response.getheaders():
            key = name.lower()
            found[key] = f"{found[key]}\n{value}" if key in found else value
        return Answer(response.status, found, data)
    finally:
        connection.close()


def login(kiosk: LiveKiosk, role: str, pin: str | None = None, *, source: str = "127.0.0.1") -> str:
    """Sign in; the ``Cookie`` header value of the new session."""
    answer = call(kiosk, "POST", "/api/v1/login", {"role": role, "pin": pin or kiosk.pins[role]}, source=source)
    assert answer.status == 200, (answer.status, answer.body)
    return answer.cookie


def pin_headers(role: str, pin: str) -> dict[str, str]:
    return dict(zip(PIN_HEADERS, (role, pin), strict=True))


# --- Socket.IO /live by hand (Engine.IO 4 long-polling), as any script could ----------


@dataclass
class LiveSocket:
    """One /live connection over long-polling: what its handshake said, and its packets so far."""

    kiosk: LiveKiosk
    sid: str
    source: str
    headers: dict[str, str]
    accepted: bool
    refusal: Any = None

    def _path(self) -> str:
        return f"/socket.io/?EIO=4&transport=polling&sid={self.sid}"

    def poll(self, timeout: float = 30) -> list[str]:
        """The packets waiting (or the next ones to come); [] once the server has closed the connection."""
        answer = call(self.kiosk, "GET", self._path(), headers=self.headers, source=self.source, timeout=timeout)
        if answer.status != 200:
            return []
        return answer.body.decode().split("\x1e")

    def events(self, until: float) -> Iterator[tuple[str, Any]]:
        """Socket.IO events on /live (name, data) until ``until`` (monotonic), answering pings."""
        while time.monotonic() < until:
            packets = self.poll(timeout=max(1.0, until - time.monotonic() + 30))
            if not packets:
                return
            for packet in packets:
                if packet == "2":  # Engine.IO ping
                    call(self.kiosk, "POST", self._path(), raw=b"3", source=self.source,
                         headers={**self.headers, "Content-Type": "text/plain;charset=UTF-8"})
                elif packet == "1":  # closed by the server
                    return
                elif packet.startswith("42/live,"):
                    name, *args = json.loads(packet[len("42/live,"):])
                    yield name, args[0] if args else None
                elif packet.startswith("41/live"):  # the server disconnected us from /live
                    return

    def close(self) -> None:
        with contextlib.suppress(OSError):
            call(self.kiosk, "POST", self._path(), raw=b"1", source=self.source,
                 headers={**self.headers, "Content-Type": "text/plain;charset=UTF-8"}, timeout=5)


def open_live(kiosk: LiveKiosk, *, headers: dict[str, str] | None = None, source: str = "127.0.0.1") -> LiveSocket:
    """Open /live as the browser's socket.io client does, sending ``headers`` (a cookie, PIN headers)."""
    headers = dict(headers or {})
    opened = call(kiosk, "GET", "/socket.io/?EIO=4&transport=polling", headers=headers, source=source)
    assert opened.status == 200, (opened.status, opened.body)
    sid = json.loads(opened.body.decode()[1:])["sid"]
    live = LiveSocket(kiosk, sid, source, headers, accepted=False)
    sent = call(kiosk, "POST", live._path(), raw=b"40/live,", source=source,
                headers={**headers, "Content-Type": "text/plain;charset=UTF-8"})
    assert sent.status == 200, (sent.status, sent.body)
    for packet in live.poll():
        if packet.startswith("40/live,"):
            live.accepted = True
        elif packet.startswith("44/live,"):
            live.refusal = json.loads(packet[len("44/live,"):])
    return live


# --- a served kiosk with extra environment ------------------------------------------


@contextlib.contextmanager
def kiosk_with(instance: Path, env: dict[str, str] | None = None, *init_args: str,
               https: bool = False) -> Iterator[LiveKiosk]:
    """``kiosk init --demo`` (or ``init_args``) and ``kiosk serve`` with ``env`` added to its environment."""
    from tests.conftest import PINS

    kiosk = LiveKiosk(instance=instance, pins=dict(PINS), extra_env=dict(env or {}), https=https)
    kiosk.init(*(init_args or ("--demo",)))
    kiosk.start()
    try:
        yield kiosk
    finally:
        kiosk.stop()


def rss_kib(pid: int) -> int:
    """The resident memory of a process, in KiB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def raw_connection(kiosk: LiveKiosk, source: str = "127.0.0.1", timeout: float = 30) -> socket.socket:
    host, port = host_port(kiosk)
    return socket.create_connection((host, port), timeout=timeout, source_address=(source, 0))


__all__ = ["Answer", "LiveSocket", "call", "free_port", "kiosk_with", "login", "open_live", "pin_headers",
           "raw_connection", "rss_kib"]
