"""Every screen, API and report an event feeds, and the event's rows: to show that a refused file or form
broke nothing and changed nothing."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from kiosk.models import AgendaItem, Attendee, AttendeeGroup, CheckIn, Event, PresenterMessage, TimerTransition
from tests.conftest import PINS, db, kiosk_app

SCREENS = (
    "/", "/screen", "/agenda", "/stage", "/chair", "/checkin",
    "/api/v1/event", "/api/v1/groups", "/api/v1/timer", "/api/v1/agenda", "/api/v1/attendance",
    "/admin", "/admin/event", "/admin/groups", "/admin/agenda", "/admin/import", "/admin/delegates",
    "/admin/reports/timing.csv", "/admin/reports/attendance.csv", "/admin/reports/minutes.docx",
    "/admin/reports/minutes.pdf", "/admin/reports/timing.docx",
)


def screen_answers(admin: FlaskClient) -> dict[str, int]:
    """Each screen's HTTP status, asked by a client signed in as the organiser (who may open every page)."""
    return {path: admin.get(path).status_code for path in SCREENS}


def every_screen_answers(admin: FlaskClient) -> bool:
    answers = screen_answers(admin)
    assert answers == dict.fromkeys(SCREENS, 200), {path: code for path, code in answers.items() if code != 200}
    return True


def event_rows() -> list[tuple[object, ...]]:
    """The event with its groups and programme, column by column, and how many rows hang from it."""
    db.session.remove()
    session = db.session()
    rows: list[tuple[object, ...]] = []
    for table in (Event, AttendeeGroup, AgendaItem):
        columns = [column.key for column in table.__table__.columns]
        rows += [tuple(getattr(row, column) for column in columns) for row in session.scalars(select(table))]
    for recorded in (Attendee, CheckIn, TimerTransition, PresenterMessage):
        rows.append((recorded.__name__, session.scalar(select(func.count()).select_from(recorded))))
    return rows


@contextlib.contextmanager
def hall(folder: Path) -> Iterator[tuple[Flask, FlaskClient]]:
    """An installation with the built-in event and its sample delegates, and a client signed in as the organiser.

    For a module's tests that each leave it as they found it (a refusal changes nothing, and each test
    checks that it did not): one installation instead of one a test.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("DATABASE_URL", raising=False)
        for role, pin in PINS.items():
            patch.setenv(f"KIOSK_{role.upper()}_PIN", pin)
        with kiosk_app(folder / "instance") as application:
            client = application.test_client()
            assert client.post("/api/v1/login", json={"role": "admin", "pin": PINS["admin"]}).status_code == 200
            yield application, client
