"""Check-ins a second and latency with 10 and 50 desks scanning at once against a real `kiosk serve`.

    .venv/bin/python bench/checkin.py [--requests-per-desk 100] [--paced-rate 300]

Each desk is a thread with its own keep-alive connection and session, sending
POST /api/v1/checkins with signed badge tokens (first scans, then repeats: every
one is a committed row). Two ways:

- flat out: every desk sends its next scan as soon as the answer comes. This
  gives the most check-ins a second; latency then only measures the queue
  (50 desks in flight at once wait for each other).
- paced: the desks together offer ``--paced-rate`` scans a second, evenly
  spread (a real desk scans one badge every few seconds); this gives the
  latency a desk sees at that load.

Beside each, in the same run and the same way, the floor: GET /api/v1/time on
the same server (no database, no signature). Loopback only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.badges.token import sign  # noqa: E402
from kiosk.secretfile import BADGE_SECRET_FILE, load_or_create_secret  # noqa: E402
from tests.livekiosk import LiveKiosk, login_cookie  # noqa: E402

from tests.conftest import PINS  # noqa: E402  (the same PINs as the tests)


def run(port: int, desks: int, per_desk: int, make_request, rate: float | None = None) -> tuple[float, list[float]]:  # type: ignore[no-untyped-def]
    """Every desk sends ``per_desk`` requests, flat out or together at ``rate`` a second.

    Returns the wall time and every request's latency. Paced desks send on a
    fixed schedule (open loop): a late answer does not delay the next scan's
    planned time, so queueing shows in the latency.
    """
    cookie = login_cookie(f"http://127.0.0.1:{port}", "reception")
    latencies: list[float] = []
    lock = threading.Lock()
    start_gate = threading.Barrier(desks + 1)
    errors: list[str] = []

    def desk(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.connect()
        connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # as browsers do
        mine: list[float] = []
        start_gate.wait()
        began_at = time.perf_counter()
        interval = desks / rate if rate else 0.0
        for n in range(per_desk):
            if rate:
                planned = began_at + (n + index / desks) * interval
                time.sleep(max(0.0, planned - time.perf_counter()))
            method, path, body = make_request(index, n)
            headers = {"Cookie": cookie, "Content-Type": "application/json"}
            began = time.perf_counter()
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            payload = response.read()
            mine.append(time.perf_counter() - began)
            if response.status != 200:
                errors.append(f"{response.status} {payload[:120]!r}")
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=desk, args=(i,)) for i in range(desks)]
    for thread in threads:
        thread.start()
    start_gate.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    if errors:
        raise SystemExit(f"{len(errors)} failed requests, e.g. {errors[0]}")
    return time.perf_counter() - began, latencies


def describe(label: str, wall: float, latencies: list[float]) -> str:
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
    return f"{label:<44} {len(ordered) / wall:8.0f} req/s   p50 {p50:6.1f} ms   p99 {p99:6.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests-per-desk", type=int, default=100)
    parser.add_argument("--paced-rate", type=float, default=300.0, help="scans a second offered by all desks")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        kiosk = LiveKiosk(instance=Path(folder) / "instance", pins=PINS)
        kiosk.init("--demo")
        kiosk.start()
        try:
            secret = load_or_create_secret(kiosk.instance / BADGE_SECRET_FILE)
            tokens = [sign(secret, event_id=1, attendee_id=i, version=1) for i in range(1, 121)]
            counter = iter(range(10**9))

            def checkin(desk: int, n: int) -> tuple[str, str, str]:
                body = {"token": tokens[(desk * 7 + n) % len(tokens)], "desk": f"Bàn {desk}",
                        "client_id": f"bench-{next(counter)}"}
                return "POST", "/api/v1/checkins", json.dumps(body)

            def floor(_desk: int, _n: int) -> tuple[str, str, None]:
                return "GET", "/api/v1/time", None

            print(f"kiosk serve (gevent) on 127.0.0.1, {args.requests_per_desk} requests a desk, client on the same 2 cores")
            per_desk, rate = args.requests_per_desk, args.paced_rate
            for desks in (10, 50):
                print(describe(f"{desks} desks flat out: GET /api/v1/time (floor)", *run(kiosk.port, desks, per_desk, floor)))
                print(describe(f"{desks} desks flat out: POST /api/v1/checkins", *run(kiosk.port, desks, per_desk, checkin)))
                print(describe(f"{desks} desks at {rate:.0f}/s: GET /api/v1/time (floor)",
                               *run(kiosk.port, desks, per_desk, floor, rate)))
                print(describe(f"{desks} desks at {rate:.0f}/s: POST /api/v1/checkins",
                               *run(kiosk.port, desks, per_desk, checkin, rate)))
        finally:
            kiosk.stop()


if __name__ == "__main__":
    main()
