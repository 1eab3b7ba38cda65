"""Guessing PINs from the hall's Wi-Fi, against a real ``kiosk serve``.

Every PIN check counts against one limit per address, whichever way the PIN
comes: a login, the ``X-Kiosk-Role``/``X-Kiosk-Pin`` headers on any request, or
a /live socket's handshake. The attempt is counted before the PIN is checked,
so parallel or slow requests cannot slip past the count; once an address has
had 10 wrong PINs in a minute, every PIN it sends is answered 429
``too_many_attempts`` without being checked. The check itself (scrypt, ~0.1 s
of CPU) runs off the server's event loop, so a flood of guesses does not stall
the desks; a right PIN sent in headers is checked with scrypt once.
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.livekiosk import LiveKiosk
from tests.security.attacker import call, kiosk_with, login, open_live, pin_headers, raw_connection

pytestmark = pytest.mark.alone  # it measures time, memory or a race: run with the machine to itself

WRONG = "000000"


@pytest.fixture(scope="module")
def kiosk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveKiosk]:
    with kiosk_with(tmp_path_factory.mktemp("guessing") / "instance") as served:
        yield served


def test_wrong_header_pins_are_limited_like_logins(kiosk: LiveKiosk) -> None:
    source = "127.0.1.1"
    answers = [call(kiosk, "GET", "/api/v1/session", headers=pin_headers("admin", WRONG), source=source)
               for _ in range(12)]
    assert [a.status for a in answers] == [401] * 10 + [429] * 2
    assert answers[-1].code == "too_many_attempts"
    assert "Quá nhiều lần nhập sai mã PIN" in answers[-1].json["error"]["message"]
    assert int(answers[-1].headers["retry-after"]) > 0
    # Locked for the window: the right PIN is not even checked, by any path.
    right = call(kiosk, "GET", "/api/v1/session", headers=pin_headers("admin", kiosk.pins["admin"]), source=source)
    assert (right.status, right.code) == (429, "too_many_attempts")
    assert call(kiosk, "POST", "/api/v1/login", {"role": "admin", "pin": kiosk.pins["admin"]},
                source=source).status == 429
    # Another device on the same Wi-Fi is not locked out.
    assert call(kiosk, "GET", "/api/v1/session", headers=pin_headers("admin", kiosk.pins["admin"]),
                source="127.0.1.2").json == {"roles": ["admin", "chair", "reception"]}


def test_logins_headers_and_sockets_share_one_count(kiosk: LiveKiosk) -> None:
    source = "127.0.1.3"
    statuses = []
    for attempt in range(10):
        if attempt % 3 == 0:
            statuses.append(call(kiosk, "POST", "/api/v1/login", {"role": "chair", "pin": WRONG}, source=source).status)
        elif attempt % 3 == 1:
            statuses.append(call(kiosk, "POST", "/api/v1/timer/toggle", headers=pin_headers("chair", WRONG),
                                 source=source).status)
        else:
            live = open_live(kiosk, headers=pin_headers("reception", WRONG), source=source)
            assert not live.accepted and live.refusal["data"]["code"] == "wrong_pin", live.refusal
            statuses.append(401)
    assert statuses == [401] * 10
    refused = open_live(kiosk, headers=pin_headers("reception", kiosk.pins["reception"]), source=source)
    assert not refused.accepted and refused.refusal["data"]["code"] == "too_many_attempts"
    assert call(kiosk, "POST", "/api/v1/login", {"role": "chair", "pin": kiosk.pins["chair"]},
                source=source).code == "too_many_attempts"


def test_a_socket_connect_cannot_guess_past_the_limit(kiosk: LiveKiosk) -> None:
    source = "127.0.1.4"
    refusals = [open_live(kiosk, headers=pin_headers("reception", WRONG), source=source).refusal for _ in range(12)]
    assert [(r or {}).get("data", {}).get("code") for r in refusals] == ["wrong_pin"] * 10 + ["too_many_attempts"] * 2
    # A socket that proves the right PIN from elsewhere joins, and is a desk.
    desk = open_live(kiosk, headers=pin_headers("reception", kiosk.pins["reception"]), source="127.0.1.5")
    assert desk.accepted
    desk.close()


def test_slow_login_bodies_cannot_race_past_the_count(kiosk: LiveKiosk) -> None:
    """30 connections send their headers, then all their bodies at once: only 10 PINs are checked."""
    body = b'{"role": "admin", "pin": "000000"}'
    head = (f"POST /api/v1/login HTTP/1.1\r\nHost: 127.0.0.1:{kiosk.port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    connections = [raw_connection(kiosk, source="127.0.1.6") for _ in range(30)]
    try:
        for connection in connections:
            connection.sendall(head)
        time.sleep(0.5)  # every request is now waiting for its body
        for connection in connections:
            connection.sendall(body)
        statuses = []
        for connection in connections:
            answer = b""
            while b"\r\n" not in answer:
                answer += connection.recv(4096)
            statuses.append(int(answer.split(b" ", 2)[1]))
    finally:
        for connection in connections:
            connection.close()
    assert statuses.count(401) == 10 and statuses.count(429) == 20, statuses


def test_right_pins_in_headers_never_lock_a_stream_deck(kiosk: LiveKiosk) -> None:
    source = "127.0.1.7"
    for _ in range(25):
        answer = call(kiosk, "GET", "/api/v1/session", headers=pin_headers("chair", kiosk.pins["chair"]), source=source)
        assert answer.json == {"roles": ["chair"]}


# --- what a flood of guesses costs everyone else ----------------------------------------


def _checkin_latencies(kiosk: LiveKiosk, cookie: str, ids: range) -> list[float]:
    took = []
    for attendee_id in ids:
        started = time.perf_counter()
        answer = call(kiosk, "POST", "/api/v1/checkins", {"attendee_id": attendee_id, "desk": "Bàn 1"},
                      headers={"Cookie": cookie}, source="127.0.2.1")
        took.append(time.perf_counter() - started)
        assert answer.status == 200, answer.body
    return took


def test_a_desk_stays_fast_while_eight_devices_guess_pins(tmp_path: Path) -> None:
    """Eight guessers (limit raised so that every guess is checked) do not stall a desk's scans behind scrypt."""
    with kiosk_with(tmp_path / "instance", {"KIOSK_LOGIN_RATE_LIMIT": "100000 per minute"}) as kiosk:
        desk = login(kiosk, "reception", source="127.0.2.1")
        quiet = statistics.median(_checkin_latencies(kiosk, desk, range(1, 21)))
        stop = threading.Event()
        guesses = [0] * 8

        def guess(index: int) -> None:
            while not stop.is_set():
                call(kiosk, "GET", "/api/v1/session", headers=pin_headers("admin", f"{index:06d}"),
                     source=f"127.0.3.{index + 1}")
                guesses[index] += 1

        guessers = [threading.Thread(target=guess, args=(n,), daemon=True) for n in range(8)]
        for thread in guessers:
            thread.start()
        try:
            time.sleep(1.0)  # the guessers are flat out
            busy = _checkin_latencies(kiosk, desk, range(21, 41))
        finally:
            stop.set()
            for thread in guessers:
                thread.join(30)
        assert sum(guesses) >= 8, guesses
        # scrypt on the event loop made each scan wait behind the guesses queued before it (~1 s);
        # off the loop, a scan competes only for the CPU.
        assert statistics.median(busy) < quiet + 0.3, (quiet, sorted(busy))


def test_a_right_header_pin_is_checked_with_scrypt_once(kiosk: LiveKiosk) -> None:
    """A Stream Deck press costs about what a click with a cookie costs, not a scrypt."""
    from werkzeug.security import check_password_hash, generate_password_hash

    stored = generate_password_hash("123456")
    started = time.perf_counter()
    check_password_hash(stored, "000000")
    scrypt = time.perf_counter() - started

    headers = pin_headers("chair", kiosk.pins["chair"])
    cookie = login(kiosk, "chair", source="127.0.4.1")

    def median_of(send_headers: dict[str, str]) -> float:
        took = []
        for _ in range(15):
            begun = time.perf_counter()
            assert call(kiosk, "GET", "/api/v1/session", headers=send_headers, source="127.0.4.1").status == 200
            took.append(time.perf_counter() - begun)
        return statistics.median(took)

    with_headers, with_cookie = median_of(headers), median_of({"Cookie": cookie})
    assert with_headers < with_cookie + scrypt / 2, (with_headers, with_cookie, scrypt)
