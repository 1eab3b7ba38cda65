"""Clock commands are safe to retry: a command sent again with the same key (``client_id`` in the body or an
``Idempotency-Key`` header) is applied once, and the retry is answered with the clock as that command left it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from kiosk.app import create_app
from kiosk.auth.models import AuditEntry
from kiosk.config import Config
from kiosk.models import TimerTransition
from tests.conftest import PINS, db

Login = Callable[[str], None]
STREAM_DECK = {"X-Kiosk-Role": "chair", "X-Kiosk-Pin": PINS["chair"]}


@pytest.fixture
def chair(client: FlaskClient, login: Login) -> FlaskClient:
    login("chair")
    assert client.post("/api/v1/timer/start").status_code == 200
    return client


def post(client: FlaskClient, command: str, body: object = None, **kwargs: object):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/timer/{command}", json=body, **kwargs)


def stored() -> tuple[int, int]:
    session = db.session()
    counts = (session.scalar(select(func.count()).select_from(TimerTransition)) or 0,
              session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action.like("timer.%")))
              or 0)
    db.session.remove()
    return counts


def test_a_retried_minute_with_the_same_client_id_adds_one_minute(chair: FlaskClient) -> None:
    first = post(chair, "add", {"seconds": 60, "client_id": "tablet-7f3a"})
    counts = stored()
    retry = post(chair, "add", {"seconds": 60, "client_id": "tablet-7f3a"})
    assert first.status_code == retry.status_code == 200
    assert first.get_json()["allotted_seconds"] == retry.get_json()["allotted_seconds"] == 360
    assert retry.get_json()["replayed"] is True and "replayed" not in first.get_json()
    assert retry.get_json()["revision"] == first.get_json()["revision"]
    assert chair.get("/api/v1/timer").get_json()["allotted_seconds"] == 360
    assert stored() == counts, "no second command, no second audit entry"
    row = db.session().scalars(select(TimerTransition).where(TimerTransition.client_id == "tablet-7f3a")).one()
    assert row.command == "add" and row.args == {"seconds": 60}
    assert post(chair, "add", {"seconds": 60, "client_id": "tablet-80b1"}).get_json()["allotted_seconds"] == 420, \
        "a new press, a new key: another minute"


def test_a_retried_minute_with_the_same_idempotency_key_header_adds_one_minute(client: FlaskClient) -> None:
    headers = {**STREAM_DECK, "Idempotency-Key": "deck-key-3-0001"}
    answers = [post(client, "add", {"seconds": 60}, headers=headers) for _ in range(3)]
    assert [answer.get_json()["allotted_seconds"] for answer in answers] == [360, 360, 360]
    assert [answer.get_json().get("replayed", False) for answer in answers] == [False, True, True]
    assert client.get("/api/v1/timer").get_json()["allotted_seconds"] == 360
    both = post(client, "add", {"seconds": 60, "client_id": "deck-key-3-0001"}, headers=headers)
    assert both.get_json()["replayed"] is True, "the same key in the body and the header is one key"


def test_a_retry_is_answered_with_the_clock_as_that_command_left_it(chair: FlaskClient) -> None:
    post(chair, "add", {"seconds": 60, "client_id": "first"})
    post(chair, "add", {"seconds": 120, "client_id": "second"})
    retry = post(chair, "add", {"seconds": 60, "client_id": "first"}).get_json()
    assert retry["allotted_seconds"] == 360 and retry["replayed"] is True
    assert chair.get("/api/v1/timer").get_json()["allotted_seconds"] == 480, "the later command still counts"


def test_a_retried_toggle_does_not_pause_what_it_started(client: FlaskClient, login: Login) -> None:
    login("chair")
    statuses = [post(client, "toggle", {"client_id": "space-1"}).get_json()["status"] for _ in range(2)]
    assert statuses == ["running", "running"]
    assert post(client, "toggle", {"client_id": "space-2"}).get_json()["status"] == "paused"
    stored_commands = db.session().scalars(select(TimerTransition.command).order_by(TimerTransition.id)).all()
    assert stored_commands == ["start", "pause"]


def test_a_retried_fit_is_applied_once(clock: object, chair: FlaskClient) -> None:
    first = post(chair, "fit", {"end": "planned", "client_id": "fit-1"}).get_json()
    counts = stored()
    retry = post(chair, "fit", {"end": "planned", "client_id": "fit-1"}).get_json()
    assert retry["replayed"] is True and retry["items"] == first["items"] and retry["end"] == first["end"]
    assert stored() == counts
    assert post(chair, "fit", {"end": "planned", "dry_run": True, "client_id": "fit-1"}).status_code == 200, \
        "a dry run stores nothing, so its key does not matter"


def test_a_key_used_for_another_command_is_refused(clock: object, chair: FlaskClient) -> None:
    post(chair, "add", {"seconds": 60, "client_id": "k-1"})
    counts = stored()
    for command, body in (("add", {"seconds": -60}), ("pause", {}), ("fit", {"end": "planned"})):
        response = post(chair, command, {**body, "client_id": "k-1"})
        assert response.status_code == 409, command
        error = response.get_json()["error"]
        assert error["code"] == "client_id_reused" and error["field"] == "client_id" and "k-1" in error["message"]
    assert stored() == counts


@pytest.mark.parametrize(("body", "headers", "field"), [
    ({"client_id": ""}, {}, "client_id"),
    ({"client_id": "   "}, {}, "client_id"),
    ({"client_id": 7}, {}, "client_id"),
    ({"client_id": "x" * 81}, {}, "client_id"),
    ({"client_id": "tab\tkey"}, {}, "client_id"),
    ({}, {"Idempotency-Key": ""}, "Idempotency-Key"),
    ({}, {"Idempotency-Key": "y" * 81}, "Idempotency-Key"),
    ({"client_id": "a"}, {"Idempotency-Key": "b"}, "client_id"),
])
def test_a_bad_key_is_a_400_naming_it(chair: FlaskClient, body: dict[str, object], headers: dict[str, str],
                                      field: str) -> None:
    counts = stored()
    response = post(chair, "add", {"seconds": 60, **body}, headers=headers)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "bad_client_id" and error["field"] == field and f"“{field}”" in error["message"]
    assert stored() == counts


def test_a_refused_command_keeps_no_key(chair: FlaskClient) -> None:
    assert post(chair, "resume", {"client_id": "r-1"}).status_code == 409
    assert post(chair, "pause", {"client_id": "r-1"}).get_json()["status"] == "paused", \
        "nothing was stored under the key, so it is free"


def test_keys_survive_a_restart(chair: FlaskClient, instance: Path) -> None:
    post(chair, "add", {"seconds": 60, "client_id": "before-restart"})
    db.session.remove()
    restarted = create_app(Config(instance_path=instance, TESTING=True)).test_client()
    retry = post(restarted, "add", {"seconds": 60, "client_id": "before-restart"}, headers=STREAM_DECK)
    assert retry.get_json()["replayed"] is True and retry.get_json()["allotted_seconds"] == 360
