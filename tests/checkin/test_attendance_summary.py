"""kiosk.checkin.summary.attendance_summary: every invited delegate is present, excused or absent, in one group."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from kiosk.attendees.models import Attendee
from kiosk.checkin.summary import attendance_summary
from kiosk.events.service import current_event
from tests.conftest import db
from tests.minutes.scripted import ARRIVALS, HOLDER, UNDONE, arrive


def test_every_invited_delegate_is_present_excused_or_absent_in_exactly_one_group(
        app: Flask, client: FlaskClient) -> None:
    arrive(app)
    session = db.session()
    removed = session.scalars(select(Attendee).where(Attendee.number == "TH-001")).one()
    client.post("/api/v1/login", json={"role": "admin", "pin": "246810"})
    assert client.post(f"/admin/delegates/{removed.id}/revoke").status_code == 302
    db.session.remove()
    session = db.session()
    event = current_event(session)
    assert event is not None

    summary = attendance_summary(session, event)
    assert [group.code for group in summary.groups] == [group.code for group in event.groups]
    for group in summary.groups:
        numbers = [d.number for d in group.invited]
        assert sorted(numbers) == sorted(d.number for d in (*group.present, *group.excused, *group.absent)), group.code
        assert {d.number for d in group.stand_ins} <= {d.number for d in group.present}
    present = {d.number for d in summary.present}
    assert present == set(ARRIVALS) - {UNDONE}, "an undone arrival does not count"
    assert UNDONE in {d.number for d in summary.absent}
    assert "TH-001" not in {d.number for d in summary.invited}, "a removed delegate is not invited"
    assert len(summary.invited) == 119
    seat = next(d for d in summary.present if d.number == "THON-001")
    assert seat.seat and seat.holder_name == HOLDER and seat.name.startswith("Đại biểu thôn")
    # Until the protocol desk records them (branch protocol), nobody came by stand-in or sent apologies.
    assert summary.stand_ins == () and summary.excused == ()
