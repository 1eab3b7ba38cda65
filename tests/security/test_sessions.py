"""Sessions that end: a copied cookie after logout, an old PIN's cookie after a new PIN, a desk's socket.

Against a real ``kiosk serve``, as someone who copied a staff member's cookie
(a shared laptop, a screenshot of the developer tools) would try it.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from kiosk.cli import cli
from tests.conftest import PINS, kiosk_app
from tests.livekiosk import LiveKiosk
from tests.security.attacker import LiveSocket, call, kiosk_with, login, open_live


@pytest.fixture(scope="module")
def kiosk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveKiosk]:
    with kiosk_with(tmp_path_factory.mktemp("sessions") / "instance") as served:
        yield served


def roles_of(kiosk: LiveKiosk, cookie: str) -> list[str]:
    return call(kiosk, "GET", "/api/v1/session", headers={"Cookie": cookie}).json["roles"]  # type: ignore[no-any-return]


def new_pin(kiosk: LiveKiosk, role: str) -> str:
    """``kiosk pins ROLE`` as the organiser runs it on the server (no PIN in the environment): the new PIN.

    The command runs in this test's process (click's runner), not the server's: a Python of its own would
    only add the seconds it takes to import kiosk."""
    env: dict[str, str | None] = {**kiosk.env, f"KIOSK_{role.upper()}_PIN": None, "DATABASE_URL": None}
    done = CliRunner(env=env).invoke(cli, ["pins", role])
    assert done.exit_code == 0, (done.output, done.exception)
    pin = re.search(r"(\d{6})\s*$", done.stdout.strip())
    assert pin, done.stdout
    kiosk.pins[role] = pin.group(1)
    return pin.group(1)


def test_a_copy_of_the_cookie_is_worthless_after_logout(kiosk: LiveKiosk) -> None:
    cookie = login(kiosk, "admin")
    copy = cookie  # what someone else took from the shared laptop
    assert roles_of(kiosk, copy) == ["admin", "chair", "reception"]
    assert call(kiosk, "GET", "/admin/export", headers={"Cookie": copy}).status == 200
    logout = call(kiosk, "POST", "/api/v1/logout", headers={"Cookie": cookie})
    assert logout.status == 200 and logout.json == {"roles": []}
    assert roles_of(kiosk, copy) == []
    export = call(kiosk, "GET", "/admin/export", headers={"Cookie": copy})
    assert export.status == 401 and b"login-form" in export.body
    assert call(kiosk, "POST", "/api/v1/messages", {"text": "x"}, headers={"Cookie": copy}).code == "login_required"


def test_a_new_pin_ends_the_sessions_its_old_pin_opened(kiosk: LiveKiosk) -> None:
    chair = login(kiosk, "chair")
    admin = login(kiosk, "admin")
    assert call(kiosk, "POST", "/api/v1/messages", {"text": "Còn 2 phút"}, headers={"Cookie": chair}).status == 200
    new_pin(kiosk, "chair")  # the old chair PIN leaked
    refused = call(kiosk, "POST", "/api/v1/messages", {"text": "Đề nghị kết thúc"}, headers={"Cookie": chair})
    assert refused.status == 401 and refused.code == "login_required"
    assert roles_of(kiosk, admin) == ["admin", "chair", "reception"]  # the admin signed in with the admin PIN
    again = login(kiosk, "chair")  # the new PIN signs in
    assert call(kiosk, "POST", "/api/v1/messages", {"text": ""}, headers={"Cookie": again}).status == 200


def test_a_session_cookie_lasts_an_event_day_not_a_month(kiosk: LiveKiosk) -> None:
    answer = call(kiosk, "POST", "/api/v1/login", {"role": "reception", "pin": kiosk.pins["reception"]})
    cookie = next(line for line in answer.headers["set-cookie"].split("\n") if line.startswith("session="))
    expires = parsedate_to_datetime(re.search(r"Expires=([^;]+)", cookie).group(1))  # type: ignore[union-attr]
    assert dt.timedelta(hours=11.9) < expires - dt.datetime.now(dt.UTC) <= dt.timedelta(hours=12)
    value = cookie.split(";", 1)[0].removeprefix("session=")
    assert "reception" not in value  # the cookie carries the session's key, not its roles


def _events_until(live: LiveSocket, name: str, timeout: float = 10) -> list[tuple[str, Any]]:
    """What the socket hears until the first ``name`` (or the server cuts it off)."""
    heard = []
    for event, data in live.events(time.monotonic() + timeout):
        heard.append((event, data))
        if event == name:
            break
    return heard


def _scan(kiosk: LiveKiosk, cookie: str, attendee_id: int) -> str:
    answer = call(kiosk, "POST", "/api/v1/checkins", {"attendee_id": attendee_id, "desk": "Bàn 2"},
                  headers={"Cookie": cookie})
    assert answer.status == 200, answer.body
    return answer.json["attendee"]["name"]  # type: ignore[no-any-return]


def test_a_desk_socket_hears_no_names_once_its_session_is_logged_out(kiosk: LiveKiosk) -> None:
    desk = login(kiosk, "reception")
    other_desk = login(kiosk, "reception")
    live = open_live(kiosk, headers={"Cookie": desk})
    assert live.accepted
    name = _scan(kiosk, other_desk, 31)
    assert ("arrival", name) in [(e, d.get("name")) for e, d in _events_until(live, "attendance") if e == "arrival"]
    assert call(kiosk, "POST", "/api/v1/logout", headers={"Cookie": desk}).status == 200
    later = _scan(kiosk, other_desk, 32)
    heard = _events_until(live, "attendance", timeout=3)
    assert all(event != "arrival" for event, _data in heard) and later not in str(heard), heard
    live.close()


def test_a_desk_socket_hears_no_names_once_its_pin_is_changed_elsewhere(kiosk: LiveKiosk) -> None:
    desk = login(kiosk, "reception")
    live = open_live(kiosk, headers={"Cookie": desk})
    assert live.accepted
    admin = login(kiosk, "admin")
    name = _scan(kiosk, admin, 33)
    assert ("arrival", name) in [(e, d.get("name")) for e, d in _events_until(live, "attendance") if e == "arrival"]
    new_pin(kiosk, "reception")  # in another process: the server is not told, it finds out at the next push
    later = _scan(kiosk, admin, 34)
    heard = _events_until(live, "attendance")
    assert ("attendance" in [e for e, _d in heard]) and all(e != "arrival" for e, _d in heard), heard
    assert later not in str(heard)
    live.close()


def test_sign_ins_and_outs_are_audited_with_the_role_never_the_pin(kiosk: LiveKiosk) -> None:
    cookie = login(kiosk, "chair")
    call(kiosk, "POST", "/api/v1/logout", headers={"Cookie": cookie})
    with sqlite3.connect(kiosk.instance / "kiosk.sqlite3") as database:
        rows = database.execute("SELECT role, action, detail FROM audit_entry WHERE action LIKE 'auth.log%' "
                                "ORDER BY id DESC LIMIT 2").fetchall()
    assert [(role, action) for role, action, _detail in rows] == [("chair", "auth.logout"), ("chair", "auth.login")]
    assert all(pin not in detail for _role, _action, detail in rows for pin in kiosk.pins.values())


# --- in-process: the session's length, the logout button ---------------------------------


@pytest.fixture
def short_app(instance: Path, pin_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with kiosk_app(instance, SESSION_HOURS=1 / 3600) as application:  # a one-second "event day"
        yield application


def test_a_session_ends_after_its_hours(short_app: Flask) -> None:
    client = short_app.test_client()
    assert client.post("/api/v1/login", json={"role": "chair", "pin": PINS["chair"]}).status_code == 200
    assert client.get("/api/v1/session").get_json() == {"roles": ["chair"]}
    time.sleep(1.2)
    assert client.get("/api/v1/session").get_json() == {"roles": []}
    assert client.post("/api/v1/timer/toggle").status_code == 401


@pytest.mark.parametrize("path,role", [("/checkin", "reception"), ("/chair", "chair"), ("/admin", "admin"),
                                       ("/admin/delegates", "admin")])
def test_every_staff_page_has_a_logout_button_in_its_language(client: FlaskClient, login: Callable[[str], None],
                                                              path: str, role: str) -> None:
    login(role)
    page = client.get(path).get_data(as_text=True)
    assert re.search(r"<button[^>]*data-logout[^>]*>\s*Đăng xuất\s*</button>", page), path
    assert "js/logout.js" in page
    english = client.get(f"{path}?lang=en").get_data(as_text=True)
    assert re.search(r"<button[^>]*data-logout[^>]*>\s*Sign out\s*</button>", english), path


def test_public_pages_have_no_logout_button(client: FlaskClient) -> None:
    assert "data-logout" not in client.get("/agenda").get_data(as_text=True)
