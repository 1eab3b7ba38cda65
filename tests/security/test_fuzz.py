"""Hostile input: garbled and altered badge codes, and arbitrary bodies on every endpoint that changes something.

The badge-code properties extend tests/badges/test_badge_token.py (which covers
plain text and base32 after the prefix). The API properties send arbitrary JSON
values, JSON-looking field sets, raw bytes and wrong content types through the
Flask test client (exceptions propagate, so a server error fails loudly) and
check what a desk, a chair's Stream Deck or a script would notice: never a 5xx,
always a JSON answer, an error always carries a message, and an error changes
nothing in the database.
"""

from __future__ import annotations

import hashlib
import json
import string
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from kiosk.attendees.models import Attendee
from kiosk.badges.token import MAX_ID, BadgeClaim, TokenError, sign, verify
from kiosk.db import Base
from kiosk.live.socket import NAMESPACE, socketio_of
from kiosk.timer.service import COMMANDS
from tests.conftest import PINS, db, kiosk_app

SECRET = b"s" * 32
EVENT = 3


def examples(in_ci: int) -> settings:
    """``in_ci`` examples a property, scaled as the profile scales its 100 (tenfold under `make fuzz`, see
    tests/conftest.py), the profile's other settings, and one fixture shared by a property's examples, on purpose."""
    return settings(max_examples=in_ci * settings.default.max_examples // 100,
                    suppress_health_check=[*settings.default.suppress_health_check,
                                           HealthCheck.function_scoped_fixture])


FUZZ = examples(150)


def test_property_tests_draw_the_same_examples_on_every_run() -> None:
    """The suite's profile (tests/conftest.py): a property passes or fails the same way every run, and a failure
    prints the blob that reproduces it."""

    def one_run() -> list[bytes]:
        drawn: list[bytes] = []

        @given(st.binary(max_size=40))
        def draw(data: bytes) -> None:
            drawn.append(data)

        draw()
        return drawn

    first, second = one_run(), one_run()
    assert first == second and len(set(first)) > 20
    assert settings.default.print_blob and settings.default.database is None


# --- badge codes ----------------------------------------------------------------

# Everything a scanner, a keyboard or a decoder could produce: any code point,
# lone surrogates (bytes decoded with surrogateescape), NUL, the token's own alphabet.
ANY_CHAR = st.one_of(st.characters(), st.characters(codec=None, categories=["Cs"]),
                     st.sampled_from("\x00\t\r\n .=K1kABCXYZ234567abz"))
ANY_TEXT = st.text(ANY_CHAR, max_size=80)
BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
IDS = st.integers(0, MAX_ID)


def canonical(token: str) -> str:
    return token.strip().upper()


@given(st.one_of(
    ANY_TEXT,
    st.binary(max_size=60).map(lambda data: data.decode("utf-8", "surrogateescape")),
    st.binary(max_size=60).map(lambda data: data.decode("latin-1")),
    st.from_regex(r"\A\s*[Kk]1[.,]?[A-Za-z2-7=.]{0,50}\s*\Z"),
))
def test_garbled_scans_are_refused_with_a_reason_never_a_crash(scan: str) -> None:
    """Whatever a scanner types, verify answers a claim or a TokenError (which the desk shows in red)."""
    try:
        claim = verify(scan, SECRET, event_id=EVENT)
    except TokenError as error:
        assert error.reason in {"empty", "malformed", "bad_signature", "wrong_event"}
    else:
        assert claim.event_id == EVENT  # only a genuine token gets here; hypothesis cannot forge one


@st.composite
def altered(draw: st.DrawFn) -> tuple[str, str, BadgeClaim]:
    """A genuine token and the same token with one to three characters inserted, removed or replaced."""
    claim = BadgeClaim(EVENT, draw(IDS), draw(IDS))
    token = sign(SECRET, event_id=claim.event_id, attendee_id=claim.attendee_id, version=claim.version)
    changed = token
    for _ in range(draw(st.integers(1, 3))):
        position = draw(st.integers(0, len(changed)))
        kind = draw(st.sampled_from(["insert", "delete", "replace"]))
        char = draw(st.one_of(st.sampled_from(BASE32 + BASE32.lower() + ".=1 "), ANY_CHAR))
        if kind == "insert":
            changed = changed[:position] + char + changed[position:]
        elif kind == "delete":
            changed = changed[:position] + changed[position + 1:]
        else:
            changed = changed[:position] + char + changed[position + 1:]
    return token, changed, claim


@given(altered())
def test_an_altered_badge_never_verifies_as_any_badge(case: tuple[str, str, BadgeClaim]) -> None:
    """A forged or cut badge is refused; only a change of letter case or surrounding spaces still reads."""
    token, changed, claim = case
    try:
        read = verify(changed, SECRET, event_id=EVENT)
    except TokenError as error:
        assert canonical(changed) != canonical(token)
        assert error.reason in {"empty", "malformed", "bad_signature"}
    else:
        assert canonical(changed) == canonical(token) and read == claim


@given(IDS, IDS, st.lists(st.booleans(), min_size=45, max_size=45), st.text(" \t\r\n", max_size=3),
       st.text(" \t\r\n", max_size=3))
def test_a_genuine_badge_reads_in_any_letter_case_with_a_scanners_enter(
        attendee_id: int, version: int, upper: list[bool], before: str, after: str) -> None:
    token = sign(SECRET, event_id=EVENT, attendee_id=attendee_id, version=version)
    typed = "".join(c.upper() if up else c.lower() for c, up in zip(token, upper, strict=False))
    assert verify(before + typed + after, SECRET, event_id=EVENT) == BadgeClaim(EVENT, attendee_id, version)


# --- the API's bodies -------------------------------------------------------------

JSON_TEXT = st.text(ANY_CHAR, max_size=30)
JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(-2**80, 2**80),
                         st.floats(allow_nan=True, allow_infinity=True), JSON_TEXT)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(JSON_TEXT, children, max_size=4),
    max_leaves=12,
)
CONTENT_TYPES = ["application/json", "text/plain", "application/x-www-form-urlencoded",
                 "multipart/form-data; boundary=x", "application/json; charset=latin-1", ""]
# Text no database can store, or that grows when normalised: what a field may hold instead of its value.
HOSTILE_TEXT = st.one_of(
    st.text(ANY_CHAR, max_size=30),
    st.sampled_from(["\x00", "\ud800", "B\u00e0n \udfff", "  ", "\u0958" * 120, "x" * 301, "K1." + "A" * 40]),
)
NAMES = st.text(string.ascii_letters + " ạăđêôơư", max_size=20)
# Row ids: the demo's, and the edges of SQLite's and PostgreSQL's integers.
ROW_IDS = st.integers(-2, 125) | st.sampled_from([0, 2**31 - 1, 2**31, 2**63, 10**30])


def body_of(required: dict[str, st.SearchStrategy[Any]] | None = None,
            **optional: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """An endpoint's own fields (``required`` always there, the others now and then), each sensible half the
    time, else hostile text or any JSON value: a request that is right but for one field reaches the database."""

    def value(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        return st.one_of(valid, valid, HOSTILE_TEXT, JSON_VALUES)

    return st.fixed_dictionaries({name: value(valid) for name, valid in (required or {}).items()},
                                 optional={name: value(valid) for name, valid in optional.items()})


@st.composite
def request_body(draw: st.DrawFn, fields: st.SearchStrategy[dict[str, Any]]) -> tuple[bytes, str]:
    """(body, content type): mostly the endpoint's fields, else any JSON value, raw bytes, or a wrong content type.

    A body typed other than JSON is a 415 (what a cross-site form sends: kiosk.security).
    """
    kind = draw(st.sampled_from(["fields"] * 5 + ["value", "bytes", "mislabelled"]))
    if kind == "bytes":
        return draw(st.binary(max_size=120)), draw(st.sampled_from(CONTENT_TYPES))
    value = draw(JSON_VALUES) if kind == "value" else draw(fields)
    body = json.dumps(value).encode()
    return body, draw(st.sampled_from(CONTENT_TYPES)) if kind == "mislabelled" else "application/json"


def digest() -> str:
    """Every row of every table, hashed: equal digests mean nothing changed."""
    hasher = hashlib.sha256()
    assert db.engine is not None
    with db.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            rows = connection.execute(select(table).order_by(*table.primary_key.columns)).all()
            hasher.update(f"{table.name}:{rows!r}".encode())
    return hasher.hexdigest()


@pytest.fixture
def fuzz_app(tmp_path: Path, pin_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    """The demo event, with rate limits lifted: the test client sends hundreds of requests a second."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with kiosk_app(tmp_path / "instance", CHECKIN_RATE_LIMIT="100000 per second",
                   LOGIN_RATE_LIMIT="100000 per minute") as application:
        yield application


@pytest.fixture
def admin(fuzz_app: Flask) -> FlaskClient:
    """Signed in as admin, which may do what reception and the chair do."""
    client = fuzz_app.test_client()
    assert client.post("/api/v1/login", json={"role": "admin", "pin": PINS["admin"]}).status_code == 200
    return client


@pytest.fixture
def tokens(fuzz_app: Flask) -> list[str]:
    """Genuine badge codes of some demo delegates (and one re-issued, old version)."""
    people = db.session().scalars(select(Attendee).order_by(Attendee.id).limit(12)).all()
    secret = fuzz_app.config["BADGE_SECRET"]
    good = [sign(secret, event_id=p.event_id, attendee_id=p.id, version=p.badge_version) for p in people]
    return [*good, sign(secret, event_id=people[0].event_id, attendee_id=people[0].id, version=7)]


Send = Callable[[str, str, bytes, str], Any]
HEADER_CHARS = "".join(c for c in string.printable if c not in "\r\n\x0b\x0c") + "àđ"


@pytest.fixture
def send(admin: FlaskClient) -> Send:
    """Send one request and check the answer's shape; returns the response."""

    def go(method: str, path: str, body: bytes, content_type: str) -> Any:
        before = digest()
        response = admin.open(path, method=method, data=body,
                              headers={"Content-Type": content_type} if content_type else {})
        assert response.status_code < 500, (path, body, response.get_data()[:300])
        answer = response.get_json(silent=True)
        assert isinstance(answer, dict), (path, body, response.get_data()[:300])
        if response.status_code >= 400:
            assert isinstance(answer["error"]["message"], str) and answer["error"]["message"], answer
            assert digest() == before, f"{method} {path} {body!r} answered {response.status_code} but changed data"
        return response

    return go


@FUZZ
@given(data=st.data())
def test_checkins_take_any_body_without_a_server_error(send: Send, tokens: list[str], data: st.DataObject) -> None:
    others = {"desk": NAMES, "client_id": NAMES, "scanned_at": st.floats(1.7e9, 1.9e9) | st.integers(-10, 10**12),
              "holder_name": NAMES}
    body, content_type = data.draw(request_body(
        body_of({"token": st.sampled_from(tokens)}, **others)
        | body_of({"attendee_id": ROW_IDS}, **others)
        | body_of(token=st.sampled_from(tokens), attendee_id=st.integers(1, 125), **others)))
    before = digest()
    response = send("POST", "/api/v1/checkins", body, content_type)
    assert response.status_code in {200, 400, 413, 415}
    if response.status_code == 200 and response.get_json()["status"] in {"invalid", "revoked"}:
        assert digest() == before, "a refused badge changed data"


@FUZZ
@given(data=st.data())
def test_undo_takes_any_body_without_a_server_error(send: Send, admin: FlaskClient, tokens: list[str],
                                                    data: st.DataObject) -> None:
    if data.draw(st.booleans()):  # something to undo, now and then
        admin.post("/api/v1/checkins", json={"token": data.draw(st.sampled_from(tokens)), "desk": "Bàn 1"})
    body, content_type = data.draw(request_body(body_of({"reason": NAMES}, desk=st.just("Bàn 1") | NAMES,
                                                        attendee_id=ROW_IDS)))
    assert send("POST", "/api/v1/checkins/undo", body, content_type).status_code in {200, 400, 404, 409, 413, 415}


@FUZZ
@given(data=st.data())
def test_naming_a_seat_holder_takes_any_body_and_id(send: Send, admin: FlaskClient, tokens: list[str],
                                                    data: st.DataObject) -> None:
    made = admin.post("/api/v1/checkins", json={"token": data.draw(st.sampled_from(tokens)), "desk": "Bàn 2"})
    checkin_id = made.get_json().get("checkin_id", 1)
    target = data.draw(st.one_of(st.just(checkin_id), st.integers(0, 10**30),
                                 st.text(string.ascii_letters + string.digits + "-._~%", max_size=5)))
    body, content_type = data.draw(request_body(body_of({"holder_name": NAMES})))
    response = send("PATCH", f"/api/v1/checkins/{target}", body, content_type)
    assert response.status_code in {200, 400, 404, 405, 413, 415}


@FUZZ
@given(data=st.data())
def test_every_clock_command_takes_any_body(send: Send, data: st.DataObject) -> None:
    command = data.draw(st.sampled_from([*COMMANDS, "", "nope", "ADD", "../time"]))
    body, content_type = data.draw(request_body(body_of(
        seconds=st.integers(-700, 700) | st.sampled_from([3600, -3600, 3601, 0, 2**63, 1.5]),
        item_id=ROW_IDS, order=st.lists(st.integers(0, 40), max_size=25))))
    response = send("POST", f"/api/v1/timer/{command}", body, content_type)
    assert response.status_code in {200, 400, 404, 405, 409, 413, 415}


@FUZZ
@given(data=st.data())
def test_messages_take_any_body(send: Send, data: st.DataObject) -> None:
    body, content_type = data.draw(request_body(body_of(text=NAMES | st.text(max_size=210))))
    assert send("POST", "/api/v1/messages", body, content_type).status_code in {200, 400, 413, 415}


@FUZZ
@given(data=st.data())
def test_login_takes_any_body(send: Send, data: st.DataObject) -> None:
    body, content_type = data.draw(request_body(body_of({
        "role": st.sampled_from(["admin", "reception", "chair", "Chair", "root"]),
        "pin": st.sampled_from([*PINS.values(), "000000", "", " 112233"])})))
    assert send("POST", "/api/v1/login", body, content_type).status_code in {200, 400, 401, 413, 415}


@FUZZ
@given(data=st.data())
def test_walk_ins_take_any_body(send: Send, data: st.DataObject) -> None:
    body, content_type = data.draw(request_body(body_of(
        {"group": st.sampled_from(["TH", "th", "PCM", "THON", "XX", ""]), "full_name": NAMES},
        position=NAMES, unit=NAMES)))
    response = send("POST", "/api/v1/attendees", body, content_type)
    assert response.status_code in {201, 400, 413, 415}


@examples(100)
@given(role=st.text(HEADER_CHARS, max_size=12) | st.sampled_from(["chair", "admin", "reception", ""]),
       pin=st.text(HEADER_CHARS, max_size=12) | st.sampled_from(["", "112233 ", "0" * 6]))
def test_any_role_and_pin_headers_are_checked_never_crash(fuzz_app: Flask, role: str, pin: str) -> None:
    """A Stream Deck with a mistyped role or PIN gets a 400/401 JSON answer; the clock does not move."""
    client = fuzz_app.test_client()
    before = digest()
    headers = {"X-Kiosk-Role": role.encode("utf-8").decode("latin-1"),
               "X-Kiosk-Pin": pin.encode("utf-8").decode("latin-1")}
    response = client.post("/api/v1/timer/toggle", headers=headers)
    assert response.status_code in {400, 401, 403}
    assert response.get_json()["error"]["message"]
    assert digest() == before


@examples(60)
@given(name=st.sampled_from(["clock", "toggle", "start", "timer", "checkin", "arrival", "message", "connect"])
       | st.text(string.ascii_letters, min_size=1, max_size=10),
       args=st.lists(JSON_VALUES, max_size=3))
def test_a_public_live_client_sending_anything_changes_nothing(fuzz_app: Flask, name: str, args: list[Any]) -> None:
    """A phone on /live may only measure its clock: whatever else it emits is ignored, and it stays connected."""
    public = socketio_of(fuzz_app).test_client(fuzz_app, namespace=NAMESPACE)
    try:
        before = digest()
        public.emit(name, *args, namespace=NAMESPACE, callback=True)
        assert digest() == before
        assert public.is_connected(NAMESPACE)
        reply = public.emit("clock", 1.5, namespace=NAMESPACE, callback=True)
        assert reply["client_sent"] == 1.5 and reply["server_time"] > 0
    finally:
        public.disconnect(namespace=NAMESPACE)


# --- regressions: what the properties above found ---------------------------------

HOSTILE_BODIES = [
    ("/api/v1/checkins", b'{"attendee_id": 100000000000000000000000, "desk": "x"}'),  # SQLite OverflowError
    ("/api/v1/checkins/undo", b'{"attendee_id": 2147483648, "reason": "x"}'),  # past the largest id a database holds
    ("/api/v1/checkins", b'{"attendee_id": 1, "desk": "\\ud800"}'),  # lone surrogate: UnicodeEncodeError
    ("/api/v1/checkins", b'{"attendee_id": 1, "desk": "B\\u00e0n\\u0000 1"}'),  # NUL: PostgreSQL refuses it
    ("/api/v1/messages", b'{"text": "\\udc00 C\\u00f2n 2 ph\\u00fat"}'),
    ("/api/v1/login", b'{"role": "chair", "pin": "\\udfff"}'),
    ("/api/v1/attendees", b'{"group": "TH", "full_name": "Nguy\\u1ec5n \\ud83d"}'),
    ("/api/v1/attendees", json.dumps({"group": "TH", "full_name": "\u0958" * 200}).encode()),  # 400 in NFC
    ("/api/v1/checkins", b"[" * 3000 + b"]" * 3000),  # RecursionError in the JSON parser
    ("/api/v1/timer/add", b'{"seconds": ' + b"[" * 3000 + b"]" * 3000 + b"}"),
    ("/api/v1/login", b'{"role": ' + b"[" * 900 + b"]" * 900 + b', "pin": "1"}'),  # a deep non-string role
    ("/api/v1/timer/reorder", b'{"order": [' + b"1," * 40000 + b"1]}"),  # 80 kB: refused before parsing
]


@pytest.mark.parametrize(("path", "body"), HOSTILE_BODIES)
def test_hostile_bodies_found_by_fuzzing_are_4xx_and_change_nothing(send: Send, path: str, body: bytes) -> None:
    assert 400 <= send("POST", path, body, "application/json").status_code < 500


def test_a_huge_id_in_a_path_is_a_404_not_an_overflow(send: Send) -> None:
    for path in ("/api/v1/checkins/100000000000000000000000", "/api/v1/checkins/2147483648"):
        assert send("PATCH", path, b'{"holder_name": "An"}', "application/json").status_code == 404


@pytest.mark.parametrize("args", [(1.0, 2.0), ({"a": [1] * 1000},), ("x" * 10_000,), (float("nan"),)])
def test_a_clock_probe_echoes_only_a_number(fuzz_app: Flask, args: tuple[Any, ...]) -> None:
    """Two arguments raised a TypeError in the handler; an object or a string was echoed back whole."""
    public = socketio_of(fuzz_app).test_client(fuzz_app, namespace=NAMESPACE)
    reply = public.emit("clock", *args, namespace=NAMESPACE, callback=True)
    assert reply["client_sent"] in (None, 1.0) and isinstance(reply["server_time"], float)
    public.disconnect(namespace=NAMESPACE)


def test_names_are_stored_nfc_within_their_column(send: Send, admin: FlaskClient) -> None:
    """200 × U+0958 is 200 characters as sent and 400 in NFC: refused, rather than overflowing String(200)."""
    long = send("POST", "/api/v1/attendees", json.dumps({"group": "TH", "full_name": "\u0958" * 200}).encode(),
                "application/json")
    assert long.status_code == 400 and long.get_json()["error"]["field"] == "full_name"
    seat = admin.post("/api/v1/checkins", json={"attendee_id": 1, "desk": "Bàn 1"}).get_json()
    named = admin.patch(f"/api/v1/checkins/{seat['checkin_id']}", json={"holder_name": " Nguyê\u0303n Văn Bình "})
    assert named.get_json()["holder_name"] == "Nguyễn Văn Bình"
    with db.engine.connect() as connection:  # type: ignore[union-attr]
        stored = connection.execute(text("SELECT holder_name FROM checkin WHERE id = :id"),
                                    {"id": seat["checkin_id"]}).scalar_one()
    assert stored == "Nguyễn Văn Bình"
