"""A clock for the timer's views: they read the time through their module's ``time``, which ``clock`` replaces,
so a test can run the programme for an hour. Its day is 18 June 2026, 08:00 in Hà Nội: the Cẩm Giang event's
planned start (month-only date, start 08:00) once its first item starts that day."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

START = dt.datetime(2026, 6, 18, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")).timestamp()


class Clock:
    def __init__(self) -> None:
        self.now = START

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr("kiosk.timer.views.time", fake)
    return fake
