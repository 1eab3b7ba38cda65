"""Soak: 30 minutes of an event day compressed into a few, against a real `kiosk serve`.

    .venv/bin/python bench/soak.py [--minutes 3] [--event-minutes 30] [--clients 300]

- 10 desks scan, each about every 3 s of event time (every 0.3 s at the default
  10× compression): mostly badges of the 120 demo delegates (first scans, then
  repeats), one in ten by name search, one in twenty a forged, cut or foreign code.
- The chair runs through the whole programme: on every timed item start, +1 min,
  pause, resume, −30 s, next (finish on the last), evenly spread over the run.
- 300 Socket.IO clients stay connected to /live all along (python-socketio
  AsyncClients in one separate process, 10 of them signed in as reception).

Reported: errors (must be 0: a failed request, a refusal a real desk or chair
would not expect, a dropped Socket.IO client, an acknowledged action missing from
the database), the server's resident memory every ~10 s with its slope, p50/p99
latency of check-ins and commands, how soon each command's `timer` reached the
last client, and the events each client received. Loopback only; every wait is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.badges.token import sign
from kiosk.secretfile import BADGE_SECRET_FILE
from tests.conftest import PINS
from tests.livekiosk import LiveKiosk, login_cookie

DESKS = 10
DESK_INTERVAL = 3.0  # event seconds between two scans at one desk
RECEPTION_CLIENTS = 10
CONNECT_WAIT = 60.0


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def slope_per_minute(series: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, MiB) in MiB per minute."""
    if len(series) < 2:
        return 0.0
    xs, ys = [t for t, _ in series], [m for _, m in series]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return 60 * sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


class Http:
    """One keep-alive connection, as a desk's browser or the chair's tablet keeps."""

    def __init__(self, port: int, cookie: str) -> None:
        self.port, self.cookie = port, cookie
        self.connection = self._connect()

    def _connect(self) -> http.client.HTTPConnection:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.connect()
        assert connection.sock is not None
        connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection

    def post(self, path: str, body: dict[str, Any]) -> tuple[int, Any, float]:
        began = time.perf_counter()
        self.connection.request("POST", path, json.dumps(body), {"Content-Type": "application/json",
                                                                 "Cookie": self.cookie})
        response = self.connection.getresponse()
        payload = response.read()
        return response.status, json.loads(payload), time.perf_counter() - began


def get(port: int, path: str) -> Any:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    return json.loads(connection.getresponse().read())


@dataclass
class Record:
    errors: list[str] = field(default_factory=list)
    checkins: dict[str, str] = field(default_factory=dict)  # client_id → acknowledged status
    checkin_latency: list[float] = field(default_factory=list)
    command_latency: list[float] = field(default_factory=list)
    commands: list[tuple[str, int, float]] = field(default_factory=list)  # (command, revision, epoch sent)
    statuses: dict[str, int] = field(default_factory=dict)
    messages: int = 0  # messages to the presenter, acknowledged
    lock: threading.Lock = field(default_factory=threading.Lock)

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


# --- the desks and the chair --------------------------------------------------------


def desk(index: int, port: int, cookie: str, tokens: list[str], ids: list[int], seconds: float, interval: float,
         record: Record) -> None:
    rng = random.Random(index)
    client = Http(port, cookie)
    began = time.monotonic()
    for n in range(10**6):
        planned = began + (n + index / DESKS) * interval  # open loop: a slow answer does not delay the next scan
        if planned - began > seconds:
            break
        time.sleep(max(0.0, planned - time.monotonic()))
        body: dict[str, Any] = {"desk": f"Bàn {index + 1}", "client_id": f"soak-{index}-{n}"}
        roll = rng.random()
        if roll < 0.05:  # forged, cut off, or not a badge at all
            good = rng.choice(tokens)
            body["token"] = rng.choice([good[:-1] + ("A" if good[-1] != "A" else "B"), good[:20], "https://zalo.me/x"])
        elif roll < 0.15:
            body["attendee_id"] = rng.choice(ids)  # found by name at the desk
        else:
            body["token"] = rng.choice(tokens)
        try:
            status, answer, took = client.post("/api/v1/checkins", body)
        except (OSError, http.client.HTTPException) as error:
            record.error(f"desk {index}: {error!r}")
            client = Http(port, cookie)
            continue
        expected = {"invalid"} if roll < 0.05 else {"checked_in", "already_checked_in"}
        if status != 200 or answer.get("status") not in expected:
            record.error(f"desk {index}: {status} {str(answer)[:200]}")
            continue
        with record.lock:
            record.checkin_latency.append(took)
            record.statuses[answer["status"]] = record.statuses.get(answer["status"], 0) + 1
            if answer["status"] != "invalid":
                record.checkins[body["client_id"]] = answer["status"]


def chair(port: int, cookie: str, seconds: float, record: Record) -> None:
    """Through the whole programme, with the commands evenly spread over the run."""
    items = len(get(port, "/api/v1/timer")["order"])
    per_item = [("start", {}), ("add", {"seconds": 60}), ("pause", {}), ("resume", {}),
                ("message", {"text": "Còn 1 phút"}), ("add", {"seconds": -30}), ("next", {})]
    plan = [step for _ in range(items) for step in per_item]
    plan[-1] = ("finish", {})
    interval = seconds / len(plan)
    client = Http(port, cookie)
    began = time.monotonic()
    for n, (command, body) in enumerate(plan):
        time.sleep(max(0.0, began + (n + 0.5) * interval - time.monotonic()))
        sent = time.time()
        path = "/api/v1/messages" if command == "message" else f"/api/v1/timer/{command}"
        try:
            status, state, took = client.post(path, body)
        except (OSError, http.client.HTTPException) as error:
            record.error(f"chair {command}: {error!r}")
            client = Http(port, cookie)
            continue
        if status != 200:
            record.error(f"chair {command}: {status} {str(state)[:200]}")
            continue
        record.command_latency.append(took)
        if command == "message":
            record.messages += 1
        else:
            record.commands.append((command, state["revision"], sent))


def sampler(pid: int, stop: threading.Event, series: list[tuple[float, float]], every: float) -> None:
    began = time.monotonic()
    while True:
        series.append((time.monotonic() - began, rss_mib(pid)))
        if stop.wait(every):
            series.append((time.monotonic() - began, rss_mib(pid)))
            return


# --- the Socket.IO clients (a separate process) --------------------------------------


async def run_clients(url: str, cookie: str, count: int, reception: int) -> None:
    """Connect, say READY, count events until STOP on stdin, disconnect, print a JSON summary."""
    import socketio

    counts = [dict.fromkeys(("timer", "attendance", "arrival", "message"), 0) for _ in range(count)]
    first_seen: dict[int, list[float]] = {}  # timer revision → when each client got it (epoch)
    dropped: list[int] = []
    clients = []

    def handlers(index: int, client: Any) -> None:
        for name in counts[index]:
            def on(data: Any, name: str = name) -> None:
                counts[index][name] += 1
                if name == "timer":
                    first_seen.setdefault(data["revision"], []).append(time.time())
            client.on(name, on, namespace="/live")
        client.on("disconnect", lambda *_args: dropped.append(index), namespace="/live")

    for start in range(0, count, 50):
        batch = []
        for index in range(start, min(count, start + 50)):
            client = socketio.AsyncClient(reconnection=False)
            handlers(index, client)
            batch.append(client)
        await asyncio.wait_for(asyncio.gather(*(
            client.connect(url, namespaces=["/live"], transports=["websocket"],
                           headers={"Cookie": cookie} if start + i < reception else {})
            for i, client in enumerate(batch))), CONNECT_WAIT)
        clients += batch
    print("READY", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    await asyncio.sleep(1.0)  # the last pushes
    still = sum(1 for client in clients if client.connected)
    for client in clients:
        client.on("disconnect", lambda *_args: None, namespace="/live")
    await asyncio.gather(*(client.disconnect() for client in clients), return_exceptions=True)
    print(json.dumps({"counts": counts, "timer_seen": {str(k): [len(v), max(v)] for k, v in first_seen.items()},
                      "dropped": len(dropped), "connected_at_end": still}), flush=True)


def start_clients(url: str, cookie: str, count: int) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, __file__, "--clients-only", url, "--cookie", cookie,
                                "--clients", str(count)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    deadline = time.monotonic() + CONNECT_WAIT
    line = ""
    while time.monotonic() < deadline and process.poll() is None:
        line = process.stdout.readline()
        if line.strip() == "READY":
            return process
    process.kill()
    raise SystemExit(f"the Socket.IO clients did not connect: {line!r}")


# --- the run ------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=3.0, help="how long the run lasts (wall clock)")
    parser.add_argument("--event-minutes", type=float, default=30.0, help="the event time it stands for")
    parser.add_argument("--clients", type=int, default=300)
    parser.add_argument("--clients-only", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--cookie", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.clients_only:
        asyncio.run(run_clients(args.clients_only, args.cookie, args.clients, RECEPTION_CLIENTS))
        return

    seconds = args.minutes * 60
    compression = args.event_minutes / args.minutes
    with tempfile.TemporaryDirectory() as folder:
        kiosk = LiveKiosk(instance=Path(folder) / "instance", pins=dict(PINS))
        kiosk.init("--demo")
        kiosk.start()
        assert kiosk.process is not None
        pid = kiosk.process.pid
        try:
            report(kiosk, pid, seconds, compression, args)
        finally:
            kiosk.stop()


def report(kiosk: LiveKiosk, pid: int, seconds: float, compression: float, args: argparse.Namespace) -> None:
    with sqlite3.connect(kiosk.instance / "kiosk.sqlite3") as database:
        event_id = database.execute("SELECT id FROM event").fetchone()[0]
        people = database.execute("SELECT id, badge_version FROM attendee ORDER BY id").fetchall()
    secret = (kiosk.instance / BADGE_SECRET_FILE).read_bytes()
    tokens = [sign(secret, event_id=event_id, attendee_id=i, version=v) for i, v in people]
    ids = [i for i, _v in people]
    desk_cookie, chair_cookie = login_cookie(kiosk.url, "reception"), login_cookie(kiosk.url, "chair")
    rss_idle = rss_mib(pid)

    clients = start_clients(kiosk.url, desk_cookie, args.clients)
    record, series, stop = Record(), [], threading.Event()
    threads = [threading.Thread(target=sampler, args=(pid, stop, series, 10.0))]
    threads += [threading.Thread(target=desk, args=(d, kiosk.port, desk_cookie, tokens, ids, seconds,
                                                    DESK_INTERVAL / compression, record)) for d in range(DESKS)]
    threads.append(threading.Thread(target=chair, args=(kiosk.port, chair_cookie, seconds, record)))
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads[1:]:
        thread.join(seconds + 120)
        if thread.is_alive():
            record.error(f"{thread.name} did not finish")
    wall = time.monotonic() - began
    stop.set()
    threads[0].join(15)

    assert clients.stdin is not None and clients.stdout is not None
    clients.stdin.write("STOP\n")
    clients.stdin.flush()
    summary = json.loads(clients.stdout.readline())
    clients.wait(timeout=60)

    # Every acknowledged action is in the database.
    with sqlite3.connect(kiosk.instance / "kiosk.sqlite3") as database:
        stored = dict(database.execute("SELECT client_id, answer FROM checkin WHERE client_id LIKE 'soak-%'"))
        transitions = database.execute("SELECT count(*) FROM timer_transition").fetchone()[0]
    missing = [c for c, status in record.checkins.items() if stored.get(c) != status]
    if missing or len(stored) != len(record.checkins):
        record.error(f"check-ins: {len(missing)} acknowledged not found, {len(stored)} stored "
                     f"for {len(record.checkins)} acknowledged")
    clock = get(kiosk.port, "/api/v1/timer")
    if not clock["revision"] == transitions == len(record.commands):
        record.error(f"clock: revision {clock['revision']}, {transitions} stored, {len(record.commands)} acknowledged")
    if summary["dropped"] or summary["connected_at_end"] != args.clients:
        record.error(f"Socket.IO: {summary['dropped']} dropped, {summary['connected_at_end']} connected at the end")
    fanout = []
    for _command, revision, sent in record.commands:
        got, last = summary["timer_seen"].get(str(revision), [0, 0.0])
        if got != args.clients:
            record.error(f"timer revision {revision} reached {got} of {args.clients} clients")
        else:
            fanout.append(last - sent)

    counts = summary["counts"]
    per = {name: sorted(c[name] for c in counts) for name in ("timer", "attendance", "message")}
    arrivals = sorted(c["arrival"] for c in counts[:RECEPTION_CLIENTS])
    checkins = sum(record.statuses.values())
    print(f"kiosk serve (gevent, SQLite) on 127.0.0.1, 2 cores; {args.event_minutes:.0f} event minutes in "
          f"{wall / 60:.1f} (×{compression:.0f}); {DESKS} desks, {args.clients} Socket.IO clients")
    print(f"errors: {len(record.errors)}" + "".join(f"\n  {e}" for e in record.errors[:10]))
    print(f"check-ins: {checkins} answered ({checkins / wall:.0f}/s): " +
          ", ".join(f"{k} {v}" for k, v in sorted(record.statuses.items())) +
          f"; p50 {percentile(record.checkin_latency, 0.5) * 1000:.1f} ms, "
          f"p99 {percentile(record.checkin_latency, 0.99) * 1000:.1f} ms")
    print(f"chair commands: {len(record.commands)} clock + {record.messages} messages; "
          f"p50 {percentile(record.command_latency, 0.5) * 1000:.1f} ms, "
          f"p99 {percentile(record.command_latency, 0.99) * 1000:.1f} ms; `timer` at the last of "
          f"{args.clients} clients: p50 {percentile(fanout, 0.5) * 1000:.0f} ms, "
          f"p99 {percentile(fanout, 0.99) * 1000:.0f} ms")
    print(f"in the database: {len(record.checkins)} of {len(record.checkins)} acknowledged check-ins "
          f"found by client_id" if not missing else f"in the database: {len(missing)} check-ins MISSING")
    print(f"  clock revision {clock['revision']} = {transitions} stored = {len(record.commands)} acknowledged")
    print("events per client (min / median / max): " + "; ".join(
        f"{name} {v[0]} / {statistics.median(v):.0f} / {v[-1]}" for name, v in per.items())
        + f"; arrival (the {RECEPTION_CLIENTS} desks) {arrivals[0]} / {statistics.median(arrivals):.0f} / "
          f"{arrivals[-1]}")
    after = [(t, m) for t, m in series]
    print(f"server RSS MiB: idle {rss_idle:.1f}; every ~10 s: " + " ".join(f"{m:.1f}" for _t, m in after))
    settled = [p for p in after if p[0] >= 60]
    print(f"  slope {slope_per_minute(after):+.2f} MiB/min over the run"
          + (f", {slope_per_minute(settled):+.2f} MiB/min after the first minute" if len(settled) > 2 else ""))


if __name__ == "__main__":
    main()
