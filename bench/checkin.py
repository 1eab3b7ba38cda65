"""Check-ins a second against a real `kiosk serve`, loaded from outside by wrk, beside the trivial floor.

    .venv/bin/python bench/checkin.py [--seconds 10] [--connections 10 50] [--paced-rate 300]

Flat out (wrk, Debian's package): 10 and 50 keep-alive connections send, as
fast as answers come, either GET /api/v1/time (the floor: no database, no
signature) or POST /api/v1/checkins with signed badge tokens (bench/checkin.lua:
every request a committed row, first scans then repeats, each with its own
client_id, never one of an earlier run). The figure the README carries is the ratio of the two: check-ins a
second over trivial requests a second, on the same server in the same run.

Paced (Python threads, one keep-alive connection a desk): the desks together
offer ``--paced-rate`` scans a second, evenly spread (a real desk scans one
badge every few seconds); this gives the latency a desk sees at that load.
Loopback only; wrk and the paced desks run on the same machine as the server.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kiosk.badges.token import sign  # noqa: E402
from kiosk.secretfile import BADGE_SECRET_FILE, load_or_create_secret  # noqa: E402
from tests.conftest import PINS  # noqa: E402  (the same PINs as the tests)
from tests.livekiosk import LiveKiosk, login_cookie  # noqa: E402

LUA = ROOT / "bench" / "checkin.lua"


def wrk(url: str, connections: int, seconds: int,
        script_args: list[str] | None = None) -> tuple[float, float, float, int]:
    """Requests a second, the p50 and p99 latency in ms, and the requests answered, of one wrk run (non-2xx
    answers fail the bench).

    With ``script_args``, bench/checkin.lua makes the requests (given the tokens file, the cookie, the run).
    """
    command = ["wrk", "--latency", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s"]
    command += ["-s", str(LUA), url, "--", *script_args] if script_args is not None else [url]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    out = result.stdout
    if "Non-2xx" in out or result.stderr.strip():
        raise SystemExit(f"wrk saw failed requests:\n{out}\n{result.stderr[:500]}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    answered = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    return rate, p50, p99, answered


def rows_of_run(database: Path, run: str) -> int:
    """The check-in rows a wrk run recorded (its client_ids start with ``wrk-RUN-``)."""
    with sqlite3.connect(database) as connection:
        return int(connection.execute("SELECT count(*) FROM checkin WHERE client_id LIKE ?",
                                      (f"wrk-{run}-%",)).fetchone()[0])


def _ms(text: str) -> float:
    value, unit = float(re.match(r"[\d.]+", text).group(0)), re.sub(r"[\d.]+", "", text)  # type: ignore[union-attr]
    return value * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def paced(port: int, desks: int, per_desk: int, rate: float, tokens: list[str]) -> list[float]:
    """Every desk sends ``per_desk`` scans, together ``rate`` a second on a fixed schedule; their latencies."""
    cookie = login_cookie(f"http://127.0.0.1:{port}", "reception")
    latencies: list[float] = []
    lock = threading.Lock()
    gate = threading.Barrier(desks + 1)

    def desk(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.connect()
        connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # as browsers do
        mine = []
        gate.wait()
        began_at, interval = time.perf_counter(), desks / rate
        for n in range(per_desk):
            time.sleep(max(0.0, began_at + (n + index / desks) * interval - time.perf_counter()))
            body = json.dumps({"token": tokens[(index * 7 + n) % len(tokens)], "desk": f"Bàn {index}",
                               "client_id": f"paced-{desks}-{index}-{n}"})
            began = time.perf_counter()
            connection.request("POST", "/api/v1/checkins", body, {"Cookie": cookie, "Content-Type": "application/json"})
            response = connection.getresponse()
            response.read()
            mine.append(time.perf_counter() - began)
            if response.status != 200:
                raise SystemExit(f"paced check-in answered {response.status}")
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=desk, args=(i,)) for i in range(desks)]
    for thread in threads:
        thread.start()
    gate.wait()
    for thread in threads:
        thread.join()
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="each wrk run")
    parser.add_argument("--connections", type=int, nargs="+", default=[10, 50])
    parser.add_argument("--paced-rate", type=float, default=300.0,
                        help="scans a second offered by all desks (0: no paced runs)")
    parser.add_argument("--paced-seconds", type=float, default=5.0)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed (apt-get install wrk)")
    with tempfile.TemporaryDirectory() as folder:
        kiosk = LiveKiosk(instance=Path(folder) / "instance", pins=PINS)
        kiosk.init("--demo")
        kiosk.start()
        try:
            secret = load_or_create_secret(kiosk.instance / BADGE_SECRET_FILE)
            tokens = [sign(secret, event_id=1, attendee_id=i, version=1) for i in range(1, 121)]
            token_file = Path(folder) / "tokens.txt"
            token_file.write_text("\n".join(tokens))
            cookie = login_cookie(kiosk.url, "reception")
            print(f"kiosk serve (gevent, SQLite WAL, each answer after its fsync) on 127.0.0.1; "
                  f"wrk {args.seconds} s a run, on the same 2 cores")
            for connections in args.connections:
                floor = wrk(f"{kiosk.url}/api/v1/time", connections, args.seconds)
                checkins = wrk(f"{kiosk.url}/api/v1/checkins", connections, args.seconds,
                               [str(token_file), cookie, f"c{connections}"])
                recorded = rows_of_run(kiosk.instance / "kiosk.sqlite3", f"c{connections}")
                if recorded < checkins[3]:  # each answered request must be a new row, not a replay of another's
                    raise SystemExit(f"{checkins[3]} check-ins answered but only {recorded} rows recorded")
                for label, (rate, p50, p99, _) in (("GET /api/v1/time (floor)", floor),
                                                ("POST /api/v1/checkins", checkins)):
                    print(f"{connections:3d} connections flat out: {label:<26} {rate:8.0f} req/s   "
                          f"p50 {p50:6.1f} ms   p99 {p99:6.1f} ms")
                print(f"{connections:3d} connections: check-ins / trivial requests = {checkins[0] / floor[0]:.2f}")
            for desks in args.connections if args.paced_rate > 0 else []:
                latencies = sorted(paced(kiosk.port, desks, max(1, int(args.paced_rate * args.paced_seconds / desks)),
                                         args.paced_rate, tokens))
                p50 = statistics.median(latencies) * 1000
                p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
                print(f"{desks:3d} desks at {args.paced_rate:.0f} scans/s: POST /api/v1/checkins "
                      f"p50 {p50:6.1f} ms   p99 {p99:6.1f} ms")
        finally:
            kiosk.stop()


if __name__ == "__main__":
    main()
