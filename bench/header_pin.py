"""What a Stream Deck press costs: a chair's clock command with the PIN headers against one with a cookie.

    .venv/bin/python bench/header_pin.py [--presses 40]

Starts a real `kiosk serve` on a temporary data folder and sends, one after
another on fresh connections (Companion opens one per press), POST
/api/v1/timer/toggle: first with X-Kiosk-Role/X-Kiosk-Pin, then with the
session cookie of one sign-in. Prints the median and 90th percentile of each.
Loopback only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.conftest import PINS
from tests.livekiosk import login_cookie, served


def press(port: int, headers: dict[str, str]) -> float:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("POST", "/api/v1/timer/toggle", json.dumps({}),
                       {"Content-Type": "application/json", **headers})
    response = connection.getresponse()
    response.read()
    connection.close()
    took = time.perf_counter() - started
    assert response.status == 200, response.status
    return took


def summary(name: str, took: list[float]) -> str:
    ordered = sorted(took)
    return (f"{name:<28} median {statistics.median(ordered) * 1000:6.1f} ms   "
            f"p90 {ordered[int(len(ordered) * 0.9) - 1] * 1000:6.1f} ms   ({len(ordered)} presses)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--presses", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, served(Path(folder) / "instance", "--demo") as kiosk:
        deck = {"X-Kiosk-Role": "chair", "X-Kiosk-Pin": PINS["chair"]}
        cookie = {"Cookie": login_cookie(kiosk.url, "chair")}
        press(kiosk.port, deck), press(kiosk.port, cookie)  # warm up (and the first header PIN's one scrypt)
        with_headers = [press(kiosk.port, deck) for _ in range(args.presses)]
        with_cookie = [press(kiosk.port, cookie) for _ in range(args.presses)]
    print(summary("PIN headers (Stream Deck)", with_headers))
    print(summary("session cookie (a click)", with_cookie))


if __name__ == "__main__":
    main()
