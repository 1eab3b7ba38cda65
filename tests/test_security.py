"""Trust at the door: headers, foreign origins, rate limits, and what public clients may see."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest
from flask import Flask
from flask import request as flask_request
from flask.testing import FlaskClient
from sqlalchemy import func, select

from kiosk.attendees.models import Attendee
from kiosk.checkin.models import CheckIn
from kiosk.live.socket import NAMESPACE, socketio_of
from kiosk.security import AddressLimit, ProcessCounts
from tests.conftest import db, publisher

PAGES = ["/", "/screen", "/agenda", "/stage", "/chair", "/checkin", "/admin"]


def test_every_page_has_a_csp_and_no_inline_script(client: FlaskClient, login: Callable[[str], None]) -> None:
    login("admin")
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        policy = response.headers["Content-Security-Policy"]
        assert ("script-src 'self' 'wasm-unsafe-eval'" in policy
                and "'unsafe-inline'" not in policy.split("style-src")[0])
        for tag in re.findall(r"<script\b[^>]*>", response.get_data(as_text=True)):
            assert "src=" in tag or 'type="application/json"' in tag, (path, tag)


def test_the_session_cookie_is_httponly_and_samesite(client: FlaskClient) -> None:
    response = client.post("/api/v1/login", json={"role": "chair", "pin": "112233"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_a_foreign_origin_cannot_change_anything(client: FlaskClient, login: Callable[[str], None]) -> None:
    login("reception")
    person = db.session().scalars(select(Attendee)).first()
    body = {"attendee_id": person.id, "desk": "Bàn 1"}
    refused = client.post("/api/v1/checkins", json=body, headers={"Origin": "http://evil.example"})
    assert refused.status_code == 403 and "evil.example" in refused.get_json()["error"]["message"]
    assert db.session().scalar(select(func.count()).select_from(CheckIn)) == 0
    allowed = client.post("/api/v1/checkins", json=body, headers={"Origin": "http://localhost"})
    assert allowed.get_json()["status"] == "checked_in"


def test_wrong_pins_are_rate_limited_per_address(client: FlaskClient) -> None:
    for _ in range(10):
        assert client.post("/api/v1/login", json={"role": "admin", "pin": "000000"}).status_code == 401
    limited = client.post("/api/v1/login", json={"role": "admin", "pin": "000000"})
    assert limited.status_code == 429
    assert "Quá nhiều lần nhập sai mã PIN" in limited.get_json()["error"]["message"]


def test_right_pins_do_not_count_against_the_limit(client: FlaskClient) -> None:
    for _ in range(15):
        assert client.post("/api/v1/login", json={"role": "chair", "pin": "112233"}).status_code == 200


def test_a_flood_of_scans_from_one_address_is_slowed(client: FlaskClient, login: Callable[[str], None]) -> None:
    login("reception")
    codes = [client.post("/api/v1/checkins", json={"token": "K1.X", "desk": "x"}).status_code for _ in range(30)]
    assert codes.count(429) >= 5 and codes[0] == 200


@pytest.fixture
def socket_pair(app: Flask, client: FlaskClient, login: Callable[[str], None]):  # type: ignore[no-untyped-def]
    """A public screen's socket and a signed-in desk's socket on /live."""
    socketio = socketio_of(app)
    public = socketio.test_client(app, namespace=NAMESPACE)
    login("reception")
    desk = socketio.test_client(app, namespace=NAMESPACE, flask_test_client=client)
    yield public, desk
    public.disconnect(namespace=NAMESPACE)
    desk.disconnect(namespace=NAMESPACE)


def test_public_screens_get_counts_but_never_names(socket_pair, client: FlaskClient) -> None:  # type: ignore[no-untyped-def]
    public, desk = socket_pair
    public.get_received(NAMESPACE), desk.get_received(NAMESPACE)
    public.emit("arrival", {"attendee_id": 1}, namespace=NAMESPACE)  # a public client has nothing to emit
    public.emit("checkin", {"attendee_id": 1}, namespace=NAMESPACE)
    assert db.session().scalar(select(func.count()).select_from(CheckIn)) == 0
    person = db.session().scalars(select(Attendee).where(Attendee.full_name.is_not(None))).first()
    client.post("/api/v1/checkins", json={"attendee_id": person.id, "desk": "Bàn 1"})
    assert publisher.wait_idle()  # attendance leaves 0.2 s after the scan: wait for it, however busy the machine
    public_events = {m["name"]: m["args"] for m in public.get_received(NAMESPACE)}
    desk_events = {m["name"]: m["args"] for m in desk.get_received(NAMESPACE)}
    assert "arrival" in desk_events and desk_events["arrival"][0]["name"] == person.full_name
    assert "attendance" in public_events and "arrival" not in public_events
    assert person.full_name not in str(public_events)


def test_counts_kept_in_the_process_end_with_their_window_per_address_and_give_back_a_right_pin() -> None:
    """Without Redis, PIN attempts and scans are counted in the process (kiosk.security.ProcessCounts)."""
    now = [1000.0]
    attempts = AddressLimit(ProcessCounts(clock=lambda: now[0]), "3 per minute", "pin")
    assert [attempts.count("10.0.0.5") for _ in range(4)] == [True, True, True, False]
    assert attempts.locked("10.0.0.5") and not attempts.locked("10.0.0.6")
    assert attempts.count("10.0.0.6")  # another desk's own count
    now[0] += 59
    assert attempts.locked("10.0.0.5")
    now[0] += 1
    assert not attempts.locked("10.0.0.5") and attempts.count("10.0.0.5")  # a new minute
    attempts.give_back("10.0.0.5")  # it was the right PIN after all
    assert [attempts.count("10.0.0.5") for _ in range(4)] == [True, True, True, False]


def test_a_session_cookie_remembered_as_verified_still_expires_and_a_changed_copy_is_not_believed(
        app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """The session cookie's signature is checked once and remembered (a desk sends the same cookie with every
    scan); what the signature proves must hold as before: its age, and only its exact text."""
    answer = client.post("/api/v1/login", json={"role": "chair", "pin": "112233"})
    cookie = answer.headers["Set-Cookie"].split(";", 1)[0].removeprefix("session=")
    interface = app.session_interface

    def opened(value: str) -> dict[str, object]:
        with app.test_request_context(headers={"Cookie": f"session={value}"}):
            return dict(interface.open_session(app, flask_request) or {})

    assert "auth" in opened(cookie) and opened(cookie) == opened(cookie), "read once, then remembered"
    forged = cookie[:-4] + ("AAAA" if not cookie.endswith("AAAA") else "BBBB")
    assert opened(forged) == {}
    lifetime = app.permanent_session_lifetime.total_seconds()
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + lifetime + 5)
    assert opened(cookie) == {}, "a remembered cookie past its lifetime is refused, as a new one is"
    monkeypatch.undo()
    assert "auth" in opened(cookie)
