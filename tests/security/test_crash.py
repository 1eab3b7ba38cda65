"""A server killed with SIGKILL in the middle of a burst loses nothing it acknowledged, and counts nothing twice.

Against a real ``kiosk serve`` (tests/livekiosk.py). Ten desks scan flat out,
each with its own keep-alive connection and a unique ``client_id`` per scan, as
the desk page does; the server is killed mid-burst and started again on the same
data. A desk whose request failed sends it again, with the same ``client_id``,
once the server is back. Then every acknowledged scan must be in the database,
and each scan and each delegate must count once. The same for the chair's clock.
"""

from __future__ import annotations

import http.client
import itertools
import json
import os
import signal
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from kiosk.badges.token import sign
from kiosk.secretfile import BADGE_SECRET_FILE
from tests.conftest import PINS
from tests.livekiosk import LiveKiosk, login_cookie

pytestmark = pytest.mark.alone  # it measures time, memory or a race: run with the machine to itself

DESKS, SCANS_PER_DESK = 10, 100
WAIT = 20.0  # seconds: the longest any phase may take


@pytest.fixture(scope="module")
def kiosk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveKiosk]:
    """One served kiosk for both bursts: the scans and the clock are apart (neither test reads the other's rows),
    and each test kills it and starts it again itself."""
    server = LiveKiosk(instance=tmp_path_factory.mktemp("crash") / "instance", pins=dict(PINS))
    server.init("--demo")
    server.start()
    yield server
    server.stop()


def database(kiosk: LiveKiosk) -> sqlite3.Connection:
    """The kiosk's SQLite file, read directly (as an auditor would)."""
    return sqlite3.connect(kiosk.instance / "kiosk.sqlite3", timeout=10)


def get_json(kiosk: LiveKiosk, path: str) -> Any:
    connection = http.client.HTTPConnection("127.0.0.1", kiosk.port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    assert response.status == 200
    return json.loads(response.read())


def sync_processes(kiosk: LiveKiosk) -> list[int]:
    """The running helper processes that sync this kiosk's WAL (kiosk.durable.SyncProcess)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
            running = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except (OSError, IndexError):
            continue
        if running and b"kiosk.durable" in command and str(kiosk.instance).encode() in b" ".join(command):
            found.append(int(entry.name))
    return found


@dataclass
class Client:
    """A desk (or a chair's device) sending its requests in order; a failed one stays next, to be sent again."""

    name: str
    requests: list[tuple[str, dict[str, Any]]]  # (path, body)
    headers: dict[str, str]
    # (index, body, answer)
    acknowledged: list[tuple[int, dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    position: int = 0  # the next request to send
    failed_at: set[int] = field(default_factory=set)  # requests whose answer never came (server killed)

    def run(self, port: int, on_answer: threading.Semaphore | None = None) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            while self.position < len(self.requests):
                path, body = self.requests[self.position]
                try:
                    connection.request("POST", path, json.dumps(body), {"Content-Type": "application/json",
                                                                        **self.headers})
                    response = connection.getresponse()
                    payload = response.read()
                except (OSError, http.client.HTTPException):
                    self.failed_at.add(self.position)
                    return  # the server is gone; this request is sent again after the restart
                assert response.status == 200, (self.name, body, payload[:300])
                self.acknowledged.append((self.position, body, json.loads(payload)))
                self.position += 1
                if on_answer is not None:
                    on_answer.release()
        finally:
            connection.close()


def burst(clients: list[Client], port: int, kill_after: int | None, kill: Any) -> None:
    """Run every client at once; with ``kill_after``, call ``kill`` once that many answers have come."""
    answers = threading.Semaphore(0)
    threads = [threading.Thread(target=c.run, args=(port, answers), daemon=True) for c in clients]
    for thread in threads:
        thread.start()
    if kill_after is not None:
        deadline = time.monotonic() + WAIT
        for _ in range(kill_after):
            assert answers.acquire(timeout=max(0.0, deadline - time.monotonic())), "the burst stalled"
        kill()
    for thread in threads:
        thread.join(WAIT)
        assert not thread.is_alive(), "a client did not finish"


def test_sigkill_during_a_burst_of_check_ins_loses_no_acknowledged_scan(kiosk: LiveKiosk) -> None:
    with database(kiosk) as db:
        event_id = db.execute("SELECT id FROM event").fetchone()[0]
        people = db.execute("SELECT id, badge_version FROM attendee ORDER BY id").fetchall()
    secret = (kiosk.instance / BADGE_SECRET_FILE).read_bytes()
    tokens = [sign(secret, event_id=event_id, attendee_id=pid, version=version) for pid, version in people]
    cookie = {"Cookie": login_cookie(kiosk.url, "reception")}
    desks = [
        Client(f"Bàn {d}", [("/api/v1/checkins", {"token": tokens[(d * 7 + n) % len(tokens)], "desk": f"Bàn {d}",
                                                  "client_id": f"crash-{d}-{n}"}) for n in range(SCANS_PER_DESK)],
               cookie)
        for d in range(DESKS)
    ]

    syncing: list[int] = []

    def kill_the_server() -> None:
        syncing.extend(sync_processes(kiosk))
        kiosk.kill()

    burst(desks, kiosk.port, kill_after=350, kill=kill_the_server)
    # The server synced its WAL in one helper process, which ended with it.
    assert len(syncing) == 1
    deadline = time.monotonic() + 5
    while sync_processes(kiosk) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not sync_processes(kiosk)
    before_kill = {body["client_id"]: answer for d in desks for _i, body, answer in d.acknowledged}
    in_flight = {d.requests[i][1]["client_id"] for d in desks for i in d.failed_at}
    assert 350 <= len(before_kill) < DESKS * SCANS_PER_DESK and in_flight, "the kill did not land mid-burst"

    kiosk.start()  # same data, same port; the desks keep their cookies
    burst(desks, kiosk.port, kill_after=None, kill=None)
    answers = {body["client_id"]: answer for d in desks for _i, body, answer in d.acknowledged}
    assert len(answers) == DESKS * SCANS_PER_DESK

    with database(kiosk) as db:
        rows = {client_id: (attendee_id, answer) for client_id, attendee_id, answer in db.execute(
            "SELECT client_id, attendee_id, answer FROM checkin WHERE client_id LIKE 'crash-%'")}
        scans = db.execute("SELECT count(*), count(DISTINCT client_id) FROM checkin").fetchone()
    # Every scan the server acknowledged before it died is there, with the answer the desk showed.
    for client_id, answer in before_kill.items():
        assert rows[client_id][1] == answer["status"], client_id
    # Each scan is one row, retries included; each delegate has exactly one green "checked in".
    assert scans == (DESKS * SCANS_PER_DESK, DESKS * SCANS_PER_DESK)
    arrived = {attendee_id for attendee_id, _answer in rows.values()}
    greens = [attendee_id for attendee_id, answer in rows.values() if answer == "checked_in"]
    assert sorted(greens) == sorted(arrived)
    assert get_json(kiosk, "/api/v1/attendance")["total"]["checked_in"] == len(arrived) == len(tokens)
    # A retried in-flight scan heard the stored answer if it had been committed before the kill.
    for client_id in in_flight:
        assert answers[client_id]["status"] == rows[client_id][1]

    # Sent once more (a desk replaying its queue), every acknowledged scan is recognised and changes nothing.
    connection = http.client.HTTPConnection("127.0.0.1", kiosk.port, timeout=10)
    for path, body in itertools.chain.from_iterable(d.requests for d in desks if d.name in {"Bàn 0", "Bàn 9"}):
        connection.request("POST", path, json.dumps(body), {"Content-Type": "application/json", **cookie})
        again = json.loads(connection.getresponse().read())
        first = answers[body["client_id"]]
        assert again["replayed"] is True
        assert (again["status"], again["checkin_id"]) == (first["status"], first["checkin_id"])
    with database(kiosk) as db:
        assert db.execute("SELECT count(*) FROM checkin").fetchone()[0] == DESKS * SCANS_PER_DESK


def test_sigkill_during_a_burst_of_clock_commands_keeps_every_acknowledged_one(kiosk: LiveKiosk) -> None:
    chair_cookie = {"Cookie": login_cookie(kiosk.url, "chair")}
    stream_deck = {"X-Kiosk-Role": "chair", "X-Kiosk-Pin": PINS["chair"]}
    start = Client("start", [("/api/v1/timer/start", {})], chair_cookie)
    start.run(kiosk.port)
    started = start.acknowledged[0][2]
    item, allotted, revision = started["current"]["id"], started["allotted_seconds"], started["revision"]
    cycle = [("/api/v1/timer/add", {"seconds": 2}), ("/api/v1/timer/add", {"seconds": -1}),
             ("/api/v1/timer/toggle", {})]
    chairs = [Client(f"chair {n}", cycle * 40, chair_cookie if n % 2 else stream_deck) for n in range(4)]

    burst(chairs, kiosk.port, kill_after=120, kill=kiosk.kill)
    acked = [body for c in chairs for _i, body, _answer in c.acknowledged]
    in_flight = [c.requests[i][1] for c in chairs for i in c.failed_at]
    assert 120 <= len(acked) < sum(len(c.requests) for c in chairs) and in_flight

    kiosk.start()
    clock = get_json(kiosk, "/api/v1/timer")
    with database(kiosk) as db:
        stored = db.execute("SELECT count(*) FROM timer_transition").fetchone()[0]
    assert clock["current"]["id"] == item and clock["revision"] == stored

    def outcome(applied: list[dict[str, Any]]) -> tuple[int, int, str]:
        toggles = sum(1 for body in applied if not body)
        return (revision + len(applied), allotted + sum(body.get("seconds", 0) for body in applied),
                "paused" if toggles % 2 else "running")

    # Every acknowledged command is there; of those in flight at the kill, some may be (committed, unanswered).
    possible = {outcome(acked + list(extra)) for k in range(len(in_flight) + 1)
                for extra in itertools.combinations(in_flight, k)}
    assert (clock["revision"], clock["allotted_seconds"], clock["status"]) in possible
    assert clock["revision"] >= revision + len(acked)

    after = Client("after", [("/api/v1/timer/toggle", {})], stream_deck)
    after.run(kiosk.port)
    assert after.acknowledged[0][2]["revision"] == clock["revision"] + 1


def test_a_killed_sync_process_is_replaced_and_the_scan_waiting_for_it_is_answered(kiosk: LiveKiosk) -> None:
    """An operator's `kill -9` of the helper (or the OOM killer) must not turn a desk's scan into a server error."""
    cookie = {"Cookie": login_cookie(kiosk.url, "reception")}
    with database(kiosk) as db:
        first, second = (row[0] for row in db.execute("SELECT id FROM attendee ORDER BY id LIMIT 2"))
    warm = Client("warm", [("/api/v1/checkins", {"attendee_id": first, "desk": "Bàn K", "client_id": "sync-1"})],
                  cookie)
    warm.run(kiosk.port)
    helper, = sync_processes(kiosk)
    os.kill(helper, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while helper in sync_processes(kiosk) and time.monotonic() < deadline:
        time.sleep(0.02)

    scan = Client("after", [("/api/v1/checkins", {"attendee_id": second, "desk": "Bàn K", "client_id": "sync-2"})],
                  cookie)
    scan.run(kiosk.port)  # asserts a 200
    assert scan.acknowledged[0][2]["status"] in {"checked_in", "already_checked_in"}
    assert len(sync_processes(kiosk)) == 1 and helper not in sync_processes(kiosk)
