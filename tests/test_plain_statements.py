"""The hot path's plain statements (kiosk.db.PlainStatement) give what SQLAlchemy's own execution gives."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from kiosk.auth import sessions
from kiosk.boundary import command_unit
from kiosk.checkin import service
from kiosk.checkin.models import CheckIn
from kiosk.db import PlainStatement
from kiosk.extensions import DB_KEY
from tests.conftest import PINS, db

HANOI = dt.timezone(dt.timedelta(hours=7))


def _both(plain: PlainStatement, parameters: dict[str, Any]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The rows of ``plain`` and of the same statement executed by SQLAlchemy, in one transaction."""
    session = db.session()
    try:
        return plain.rows(session, parameters), [tuple(row) for row in session.execute(plain.statement, parameters)]
    finally:
        db.session.remove()


def test_a_delegates_row_and_their_arrival_read_plainly_equal_what_sqlalchemy_reads(app: Flask,
                                                                                    client: FlaskClient) -> None:
    client.post("/api/v1/login", json={"role": "reception", "pin": PINS["reception"]})
    desk_time = (dt.datetime.now(HANOI) - dt.timedelta(hours=1)).replace(microsecond=0)  # an offline desk's queue
    answer = client.post("/api/v1/checkins", json={"attendee_id": 3, "desk": "Bàn 1",
                                                   "scanned_at": desk_time.timestamp()})
    assert answer.status_code == 200, answer.get_json()

    plain, orm = _both(service._DELEGATE_WITH_GROUP, {"attendee_id": 3})
    assert plain == orm and len(plain) == 1
    assert isinstance(plain[0][service._DELEGATE_FIELDS.index("revoked")], bool)

    plain, orm = _both(service._FIRST_ARRIVAL, {"attendee_id": 3})
    assert plain == orm and len(plain) == 1
    scanned_at = service.Arrival(*plain[0]).scanned_at
    assert scanned_at == desk_time and scanned_at.tzinfo is dt.UTC


def test_a_session_read_plainly_has_its_roles_as_a_list_and_its_times_in_utc(app: Flask, client: FlaskClient) -> None:
    client.post("/api/v1/login", json={"role": "chair", "pin": PINS["chair"]})
    session = db.session()
    key = session.scalars(select(sessions.AuthSession.key_hash)).one()
    db.session.remove()

    plain, orm = _both(sessions._BY_KEY, {"key_hash": key})
    assert plain == orm and len(plain) == 1
    live = sessions._live_session(plain[0])
    assert live.roles == ("chair",) and live.created_at.tzinfo is dt.UTC
    assert plain[0][-1] == 0, "no PIN was set since the sign-in"


def test_a_scan_written_plainly_keeps_its_desk_time_as_the_same_instant(app: Flask) -> None:
    """The INSERT's parameters pass through the column types as an ORM write's do (an aware time → UTC)."""
    secret = app.config["BADGE_SECRET"]
    desk_time = dt.datetime(2026, 12, 1, 7, 50, 30, 250000, tzinfo=HANOI)
    with app.app_context(), command_unit(app.extensions[DB_KEY]) as session:
        result = service.check_in(session, 1, secret, service.ScanRequest(desk="Bàn 2", attendee_id=5,
                                                                           client_id="plain-1", scanned_at=desk_time),
                                  now=desk_time + dt.timedelta(minutes=1))
    assert result.status == "checked_in"
    session = db.session()
    row = session.get(CheckIn, result.row_id)
    assert row is not None and row.scanned_at == desk_time and row.client_id == "plain-1"
    db.session.remove()
