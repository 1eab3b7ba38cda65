"""Arrival is defined once (kiosk.checkin.service.counting_arrivals): every reader agrees, on any log.

A log is any sequence of scans (from several desks, some queued offline, so
their scan times are out of order) and undos. The model below is the rule as
people state it: for each delegate, the earliest scan after their last undo.
A scan at an odd second names a stand-in: the stand-in of the scan that counts
is the one every reader shows (desk rows, the counts, the introductions).
"""

from __future__ import annotations

import datetime as dt

from flask import Flask
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from kiosk.attendees.models import Attendee
from kiosk.checkin import service
from kiosk.checkin.desk import attendance_json, desk_rows
from kiosk.checkin.models import CheckIn
from kiosk.events.service import current_event
from kiosk.protocol.service import group_arrivals
from tests.conftest import db

START = dt.datetime(2026, 6, 18, 1, 0, tzinfo=dt.UTC)
DESKS = ("Bàn 1", "Bàn 2")
Step = tuple[str, int, int, int]  # (action, delegate index, desk index, scan time offset in seconds)

steps = st.lists(st.tuples(st.sampled_from(["in", "in", "in", "undo"]), st.integers(0, 4), st.integers(0, 1),
                           st.integers(0, 600)), max_size=30)


def model(log: list[CheckIn]) -> dict[int, CheckIn]:
    current: dict[int, list[CheckIn]] = {}
    for row in sorted(log, key=lambda r: r.id):
        if row.action == "undo":
            current.pop(row.attendee_id, None)
        else:
            current.setdefault(row.attendee_id, []).append(row)
    return {delegate: min(scans, key=lambda r: (r.scanned_at, r.id)) for delegate, scans in current.items()}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(log=steps)
@example(log=[("in", 0, 0, 300), ("in", 0, 1, 100)])  # an offline desk's earlier scan recorded second counts
@example(log=[("in", 0, 0, 100), ("undo", 0, 0, 0), ("in", 0, 1, 50)])  # after an undo, an earlier time still counts
@example(log=[("in", 0, 0, 100), ("in", 1, 0, 100), ("undo", 1, 0, 0)])  # one delegate's undo is not another's
@example(log=[("in", 0, 0, 100), ("in", 0, 0, 100)])  # the same second: the first recorded counts
@example(log=[("in", 0, 0, 301), ("in", 0, 1, 100)])  # a stand-in on a scan that does not count is not shown
@example(log=[("in", 0, 0, 101), ("in", 0, 1, 300)])  # the counting scan's stand-in is, whatever came later
def test_every_reader_of_arrival_agrees_with_the_rule_on_any_log(app: Flask, log: list[Step]) -> None:
    session = db.session()
    session.execute(delete(CheckIn))
    event = current_event(session)
    assert event is not None
    delegates = list(session.scalars(select(Attendee).where(Attendee.full_name.is_not(None)).order_by(Attendee.id)
                                     .limit(5)))
    rows = [CheckIn(attendee_id=delegates[who].id, action=action, desk=DESKS[desk],
                    scanned_at=START + dt.timedelta(seconds=offset), recorded_at=START, answer="x",
                    stand_in_name=f"Người dự thay {index}" if action == "in" and offset % 2 else None)
            for index, (action, who, desk, offset) in enumerate(log)]
    session.add_all(rows)
    session.flush()
    expected = {delegate: row.id for delegate, row in model(rows).items()}

    assert {d: row.id for d, row in service.arrivals(session, event).items()} == expected
    for person in delegates:
        first = service.first_arrival(session, person.id)
        assert (first.id if first else None) == expected.get(person.id)
    shown = {row["id"]: (row["checked_in_at"], row["stand_in"]) for row in desk_rows(session, event)}
    introduced = {arrival.delegate_id: arrival.stand_in for group in group_arrivals(session, event)
                  for arrival in group.arrivals}
    by_id = {row.id: row for row in rows}
    for person in delegates:
        counted = by_id.get(expected[person.id]) if person.id in expected else None
        stand_in = counted.stand_in_name if counted else None
        assert shown[person.id] == (counted.scanned_at.isoformat() if counted else None,
                                    {"name": stand_in, "position": ""} if stand_in else None)
        assert (introduced[person.id].name if introduced.get(person.id) else None) == stand_in
        assert (person.id in introduced) == (counted is not None)
    total = attendance_json(session, event)["total"]
    assert total["checked_in"] == len(expected)
    assert total["stand_ins"] == sum(1 for row_id in expected.values() if by_id[row_id].stand_in_name)
    for desk in DESKS:
        at_desk = [row_id for row_id in expected.values() if by_id[row_id].desk == desk]
        last = service.last_arrival_at_desk(session, event, desk)
        assert (last.id if last else None) == (max(at_desk) if at_desk else None)
    session.rollback()
