"""The clock a read rebuilds from the commands stored since the last committed one it knew is the clock a full
replay of every stored command gives; a command rolled back never becomes part of it."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from kiosk.events.service import current_event, timed_items
from kiosk.timer.machine import Command, replay
from kiosk.timer.models import TimerTransition
from kiosk.timer.service import load_programme, run_command
from tests.conftest import db


def full_replay() -> object:
    session = db.session()
    event = current_event(session)
    assert event is not None
    rows = session.scalars(select(TimerTransition).where(TimerTransition.event_id == event.id)
                           .order_by(TimerTransition.id))
    return replay([(item.id, item.planned_seconds) for item in timed_items(event)],
                  [Command(row.command, row.at, **row.args) for row in rows])


def test_every_read_equals_a_full_replay_of_the_stored_commands(app: Flask, client: FlaskClient,
                                                                 login: Callable[[str], None]) -> None:
    login("chair")
    for command, body in [("start", None), ("add", {"seconds": 60}), ("pause", None), ("resume", None),
                          ("next", None), ("start", None), ("add", {"seconds": -30}), ("finish", None)]:
        assert client.post(f"/api/v1/timer/{command}", json=body).status_code == 200
        db.session.remove()
        session = db.session()
        assert load_programme(session, current_event(session)) == full_replay(), command  # type: ignore[arg-type]


def test_a_command_rolled_back_is_not_remembered(app: Flask, client: FlaskClient,
                                                 login: Callable[[str], None]) -> None:
    login("chair")
    assert client.post("/api/v1/timer/start").status_code == 200
    db.session.remove()
    session = db.session()
    event = current_event(session)
    assert event is not None
    run_command(session, event, "pause", now=event.created_at.timestamp() + 10**9, role="chair")
    assert load_programme(session, event).current().status == "paused"  # type: ignore[union-attr]
    session.rollback()
    db.session.remove()
    session = db.session()
    assert load_programme(session, current_event(session)).current().status == "running"  # type: ignore[arg-type,union-attr]
    assert client.post("/api/v1/timer/add", json={"seconds": 60}).status_code == 200  # stored with the freed id
    db.session.remove()
    session = db.session()
    assert load_programme(session, current_event(session)) == full_replay()  # type: ignore[arg-type]
