"""The live clock's fan-out: from a chair's command (HTTP POST) to the last of N
Socket.IO clients on /live receiving the new `timer` state, and the server's
memory per connection, against a real `kiosk serve`.

    .venv/bin/python bench/live.py [--clients 100 500] [--commands 50]

Beside it, in the same run on the same machine, the floor: a bare
python-socketio server on gevent (this file, started with --floor-port) whose
POST /emit broadcasts a payload of the same size, with no Flask, database or
state to rebuild. Each server is fresh for each client count, so its memory
before and after the clients connect is its own.

The clients are python-socketio AsyncClients (WebSocket transport) in this one
process, so their own decoding is part of both figures. Loopback only; every
wait is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.livekiosk import LiveKiosk, free_port

PINS = {"admin": "246810", "reception": "135790", "chair": "112233"}
WAIT = 15.0  # seconds: the most any connect or fan-out may take


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


# --- the floor: a bare python-socketio broadcast server --------------------------


def floor_server(port: int, payload_file: Path) -> None:
    from gevent import monkey

    monkey.patch_all()
    import socketio
    from gevent import pywsgi

    payload = json.loads(payload_file.read_text())
    server = socketio.Server(async_mode="gevent", namespaces=["/live"])

    def http(environ, start_response):  # type: ignore[no-untyped-def]
        if environ["PATH_INFO"] == "/emit":
            payload["revision"] += 1
            server.emit("timer", payload, namespace="/live")
        start_response("200 OK", [("Content-Type", "application/json")])
        return [json.dumps({"revision": payload["revision"]}).encode()]

    pywsgi.WSGIServer(("127.0.0.1", port), socketio.WSGIApp(server, http), log=None).serve_forever()


@dataclass
class Server:
    url: str
    pid: int
    command_path: str  # POSTed once per command
    stop: Callable[[], None]


def start_kiosk(folder: Path) -> Server:
    kiosk = LiveKiosk(instance=folder / "instance", pins=dict(PINS))
    kiosk.init("--demo")
    kiosk.start()
    assert kiosk.process is not None
    return Server(kiosk.url, kiosk.process.pid, "/api/v1/timer/toggle", kiosk.stop)


def start_floor(folder: Path, payload: dict[str, object]) -> Server:
    payload_file = folder / "payload.json"
    payload_file.write_text(json.dumps(payload))
    port = free_port()
    process = subprocess.Popen([sys.executable, __file__, "--floor-port", str(port), "--payload", str(payload_file)])
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + WAIT
    while True:
        try:
            urllib.request.urlopen(url + "/", timeout=1).read()
            break
        except OSError:
            if time.monotonic() > deadline:
                process.kill()
                raise
            time.sleep(0.1)

    def stop() -> None:
        process.terminate()
        process.wait(timeout=10)

    return Server(url, process.pid, "/emit", stop)


# --- the clients -----------------------------------------------------------------


class Fanout:
    """Counts the clients that received one revision of the state; notes when the last did."""

    def __init__(self, clients: int) -> None:
        self.clients, self.expected, self.count, self.last = clients, -1, 0, 0.0
        self.done = asyncio.Event()

    def arm(self, revision: int) -> None:
        self.expected, self.count = revision, 0
        self.done.clear()

    def receive(self, state: dict[str, object]) -> None:
        if state.get("revision") == self.expected:
            self.count += 1
            if self.count == self.clients:
                self.last = time.perf_counter()
                self.done.set()


@dataclass
class Result:
    server: str
    clients: int
    latencies_ms: list[float]
    rss_before_kib: int
    rss_after_kib: int

    def line(self) -> str:
        ordered = sorted(self.latencies_ms)
        p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
        per_connection = (self.rss_after_kib - self.rss_before_kib) / self.clients
        return (f"| {self.server} | {self.clients} | {statistics.median(ordered):.1f} | {p99:.1f} | "
                f"{self.rss_before_kib / 1024:.1f} → {self.rss_after_kib / 1024:.1f} | {per_connection:.0f} |")


async def measure(name: str, server: Server, clients: int, commands: int) -> Result:
    import aiohttp
    import socketio

    fanout = Fanout(clients)
    sockets = []
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        if name == "kiosk":
            async with http.post(server.url + "/api/v1/login", json={"role": "chair", "pin": PINS["chair"]}) as r:
                assert r.status == 200, await r.text()
        async with http.get(server.url + ("/api/v1/timer" if name == "kiosk" else "/")) as r:
            revision = int((await r.json())["revision"])
        rss_before = rss_kib(server.pid)
        for start in range(0, clients, 50):  # connect in batches, as a hall's screens and phones come in
            batch = [socketio.AsyncClient(reconnection=False) for _ in range(min(50, clients - start))]
            for client in batch:
                client.on("timer", fanout.receive, namespace="/live")
            await asyncio.wait_for(asyncio.gather(*(
                client.connect(server.url, namespaces=["/live"], transports=["websocket"]) for client in batch
            )), WAIT)
            sockets += batch
        await asyncio.sleep(1.0)
        rss_after = rss_kib(server.pid)
        latencies = []
        for _ in range(commands):
            revision += 1
            fanout.arm(revision)
            sent = time.perf_counter()
            async with http.post(server.url + server.command_path, json={}) as r:
                assert r.status == 200, await r.text()
            await asyncio.wait_for(fanout.done.wait(), WAIT)
            latencies.append((fanout.last - sent) * 1000)
            await asyncio.sleep(0.05)
    await asyncio.gather(*(client.disconnect() for client in sockets))
    return Result(name, clients, latencies, rss_before, rss_after)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[100, 500])
    parser.add_argument("--commands", type=int, default=50)
    parser.add_argument("--floor-port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--payload", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor_port:
        floor_server(args.floor_port, args.payload)
        return

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for clients in args.clients:
            folder = Path(tmp) / f"kiosk-{clients}"
            folder.mkdir()
            kiosk = start_kiosk(folder)
            try:
                with urllib.request.urlopen(kiosk.url + "/api/v1/timer", timeout=5) as response:
                    payload = json.loads(response.read())
                results.append(asyncio.run(measure("kiosk", kiosk, clients, args.commands)))
            finally:
                kiosk.stop()
            floor = start_floor(Path(tmp), payload)
            try:
                results.append(asyncio.run(measure("bare python-socketio (floor)", floor, clients, args.commands)))
            finally:
                floor.stop()
    print(f"`timer` state: {len(json.dumps(payload))} bytes of JSON; {args.commands} commands per row; "
          f"{len(os.sched_getaffinity(0))} cores")
    print("| server | clients | p50 ms | p99 ms | server RSS MiB (before → after connecting) | KiB per connection |")
    print("| --- | ---: | ---: | ---: | --- | ---: |")
    for result in results:
        print(result.line())


if __name__ == "__main__":
    main()
