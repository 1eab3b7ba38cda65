"""The chair finishes on time: POST /api/v1/timer/fit proposes and applies new lengths for the items not started.

The programme runs on the ``clock`` of tests/timer/conftest.py: the Cẩm Giang
event (month-only date, start 08:00) on 18 June 2026.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Callable
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from kiosk.app import create_app
from kiosk.auth.models import AuditEntry
from kiosk.backup.export import export_event
from kiosk.backup.format import parse_event_or_backup
from kiosk.config import Config
from kiosk.events.service import current_event
from kiosk.models import TimerTransition
from tests.conftest import db
from tests.timer.conftest import START, Clock

Login = Callable[[str], None]
PLANNED_END = START + (5 + 20 + 7 * 10 + 20) * 60  # 09:55
FLOOR = 5 * 60


@pytest.fixture
def chair(client: FlaskClient, login: Login) -> FlaskClient:
    login("chair")
    return client


def post(client: FlaskClient, path: str, body: object = None, **kwargs: object):  # type: ignore[no-untyped-def]
    response = client.post(f"/api/v1/timer/{path}", json=body, **kwargs)
    return response


@pytest.fixture
def late(chair: FlaskClient, clock: Clock) -> FlaskClient:
    """08:00 item 1 starts; 08:05 item 2 starts; 08:45 it ends, twenty minutes over: the clock is 20 minutes late."""
    for offset, command in ((0, "start"), (300, "next"), (300, "start"), (2700, "next")):
        clock.now = START + offset
        assert post(chair, command).status_code == 200
    state = chair.get("/api/v1/timer").get_json()
    assert state["delay_seconds"] == 20 * 60 and state["status"] == "idle"
    return chair


def stored() -> tuple[int, int]:
    session = db.session()
    counts = (session.scalar(select(func.count()).select_from(TimerTransition)) or 0,
              session.scalar(select(func.count()).select_from(AuditEntry)) or 0)
    db.session.remove()
    return counts


def lengths(state: dict[str, object]) -> dict[int, int]:
    return {item["item_id"]: item["allotted_seconds"] for item in state["items"]}  # type: ignore[attr-defined,index]


@pytest.mark.parametrize("end", ["planned", "09:55"])
def test_fitting_to_the_planned_end_shares_the_time_left(late: FlaskClient, clock: Clock, end: str) -> None:
    before = late.get("/api/v1/timer").get_json()
    answer = post(late, "fit", {"end": end, "dry_run": False})
    assert answer.status_code == 200, answer.get_json()
    fit = answer.get_json()
    time_left = PLANNED_END - clock.now  # 70 minutes for 90 planned
    assert fit["feasible"] is True and fit["applied"] is True and fit["end"] == PLANNED_END
    assert fit["end_text"] == "09:55" and fit["time_left_seconds"] == time_left
    assert [item["id"] for item in fit["items"]] == [before["current_id"], *before["upcoming"]]
    assert abs(sum(item["allotted_seconds"] for item in fit["items"]) - time_left) < 1
    assert all(item["allotted_seconds"] >= FLOOR for item in fit["items"])
    assert [item["allotted_seconds"] for item in fit["items"]] == [467] * 5 + [466] * 2 + [933], \
        "7/9 of each planned length, the spare seconds to the largest remainders"
    # Every screen has the new lengths at once, and the clock is back on time.
    state = fit["timer"]
    assert lengths(state) == {**lengths(before), **{item["id"]: item["allotted_seconds"] for item in fit["items"]}}
    assert state["allotted_seconds"] == 467 and state["delay_seconds"] == pytest.approx(0, abs=1)
    assert late.get("/api/v1/timer").get_json()["items"] == state["items"]
    agenda = {item["id"]: item for item in late.get("/api/v1/agenda").get_json()["items"]}
    assert all(agenda[item["id"]]["allotted_seconds"] == item["allotted_seconds"] for item in fit["items"])
    # Stored as one clock command, audited with what each item had and has.
    rows = db.session().scalars(select(TimerTransition).order_by(TimerTransition.id)).all()
    assert rows[-1].command == "allot" and rows[-1].args["end"] == PLANNED_END and rows[-1].role == "chair"
    entry = db.session().scalars(select(AuditEntry).where(AuditEntry.action == "timer.fit")).one()
    assert entry.role == "chair" and entry.detail["target"] == "09:55"
    assert entry.detail["before"]["3.1"] == 600 and entry.detail["after"]["3.1"] == 467


def test_a_dry_run_proposes_and_changes_nothing(late: FlaskClient) -> None:
    before, counts = late.get("/api/v1/timer").get_json(), stored()
    proposal = post(late, "fit", {"end": "09:55", "dry_run": True}).get_json()
    assert proposal["applied"] is False and "timer" not in proposal
    assert [(item["planned_seconds"], item["allotted_before"]) for item in proposal["items"]][-1] == (1200, 1200)
    assert abs(sum(item["allotted_seconds"] for item in proposal["items"]) - proposal["time_left_seconds"]) < 1
    assert stored() == counts, "no stored command, no audit entry"
    after = late.get("/api/v1/timer").get_json()
    assert (after["revision"], lengths(after)) == (before["revision"], lengths(before))


def test_an_end_even_the_floors_cannot_meet_is_refused_with_the_earliest_end(late: FlaskClient,
                                                                             clock: Clock) -> None:
    counts = stored()
    for dry_run in (True, False):
        response = post(late, "fit", {"end": "09:00", "dry_run": dry_run})
        assert response.status_code == 409
        error = response.get_json()["error"]
        earliest = clock.now + 8 * FLOOR  # eight items at five minutes from 08:45
        assert error["code"] == "cannot_fit" and error["field"] == "end"
        assert error["earliest_end"] == earliest and error["earliest_end_text"] == "09:25"
        assert error["message"] == ("Không thể kết thúc lúc 09:00: kể cả khi mỗi nội dung chưa bắt đầu chỉ còn "
                                    "5 phút, sớm nhất là 09:25.")
    assert stored() == counts
    assert post(late, "fit", {"end": "09:25"}).status_code == 200, "the earliest end itself fits"
    english = late.post("/api/v1/timer/fit?lang=en", json={"end": "09:00"}).get_json()["error"]["message"]
    assert english == ("Cannot end at 09:00: even with only 5 minutes for each item not yet started, "
                       "the earliest end is 09:25.")


def test_a_restarted_server_keeps_the_applied_lengths(late: FlaskClient, instance: Path) -> None:
    applied = post(late, "fit", {"end": "planned"}).get_json()["timer"]
    db.session.remove()
    restarted = create_app(Config(instance_path=instance, TESTING=True)).test_client()
    again = restarted.get("/api/v1/timer").get_json()
    assert lengths(again) == lengths(applied) and again["revision"] == applied["revision"]


def test_the_floor_is_the_events_setting(late: FlaskClient, login: Login) -> None:
    login("admin")
    form = {"title": "Hội nghị", "short_title": "Hội nghị", "place": "Hội trường", "date": "06/2026",
            "start_time": "08:00", "presentation_minutes": "10", "amber_seconds": "120", "red_seconds": "60",
            "fit_floor_minutes": "8"}
    assert late.post("/admin/event", data=form).status_code == 302
    entry = db.session().scalars(select(AuditEntry).where(AuditEntry.action == "event.update")).one()
    assert entry.detail["after"]["fit_floor_seconds"] == 480
    fit = post(late, "fit", {"end": "09:55", "dry_run": True}).get_json()
    assert fit["floor_seconds"] == 480
    # 466 s would be 7/9 of ten minutes: below the floor, so each presentation gets 480 s and item 4 the rest.
    assert [item["allotted_seconds"] for item in fit["items"]] == [480] * 7 + [4200 - 7 * 480]
    assert post(late, "fit", {"end": "09:45"}).get_json()["error"]["earliest_end_text"] == "09:49"
    page = late.get("/admin/event").get_data(as_text=True)
    assert 'name="fit_floor_minutes"' in page and 'value="8"' in page


@pytest.mark.parametrize("minutes", ["0", "61", "năm"])
def test_a_bad_floor_is_named_and_nothing_changes(chair: FlaskClient, login: Login, minutes: str) -> None:
    login("admin")
    form = {"title": "Hội nghị", "short_title": "Hội nghị", "place": "Hội trường", "date": "06/2026",
            "start_time": "08:00", "presentation_minutes": "10", "amber_seconds": "120", "red_seconds": "60",
            "fit_floor_minutes": minutes}
    response = chair.post("/admin/event", data=form)
    assert response.status_code == 400
    assert "“Tối thiểu mỗi nội dung khi chia lại giờ (phút)”" in response.get_data(as_text=True)
    assert chair.get("/api/v1/timer").get_json()["fit_floor_seconds"] == FLOOR


def test_fit_before_the_programme_starts_counts_from_the_planned_start(chair: FlaskClient, clock: Clock) -> None:
    clock.now = START - 3600  # an hour early, on the day
    fit = post(chair, "fit", {"end": "planned", "dry_run": True}).get_json()
    assert fit["time_left_seconds"] == PLANNED_END - START
    assert [item["allotted_seconds"] for item in fit["items"]] == [item["planned_seconds"] for item in fit["items"]]


def test_a_running_item_keeps_its_time_and_its_remaining_seconds_count(late: FlaskClient, clock: Clock) -> None:
    post(late, "start")
    clock.now += 100
    fit = post(late, "fit", {"end": "planned", "dry_run": True}).get_json()
    running = late.get("/api/v1/timer").get_json()["current_id"]
    assert running not in [item["id"] for item in fit["items"]]
    assert fit["time_left_seconds"] == PLANNED_END - clock.now - 500


@pytest.mark.parametrize(("body", "field"), [
    (None, None), ({}, "end"), ({"end": 930}, "end"), ({"end": ""}, "end"), ({"end": "25:00"}, "end"),
    ({"end": "9h30"}, "end"), ({"end": "09:55", "dry_run": "yes"}, "dry_run"),
])
def test_a_bad_fit_request_is_a_400_naming_the_field(late: FlaskClient, body: object, field: str | None) -> None:
    counts = stored()
    response = post(late, "fit", body)
    assert response.status_code == 400
    error = response.get_json()["error"]
    if field:
        assert error["field"] == field and f"“{field}”" in error["message"]
    assert stored() == counts


def test_nothing_to_fit_once_the_last_item_runs(chair: FlaskClient, clock: Clock) -> None:
    for _ in range(9):
        post(chair, "next")
    post(chair, "start")
    response = post(chair, "fit", {"end": "planned"})
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "nothing_to_fit"


def test_fitting_needs_the_chair(client: FlaskClient, clock: Clock) -> None:
    assert post(client, "fit", {"end": "planned"}).status_code == 401
    assert post(client, "allot", {"allotments": [[1, 60]]}).status_code == 401
    headers = {"X-Kiosk-Role": "chair", "X-Kiosk-Pin": "112233"}
    assert post(client, "allot", {"allotments": [[1, 60]]}, headers=headers).status_code == 404, \
        "allot is stored by a fit, never sent as such"


def test_an_end_past_midnight_is_on_the_next_day(chair: FlaskClient, clock: Clock) -> None:
    fit = post(chair, "fit", {"end": "00:30", "dry_run": True}).get_json()
    assert fit["end"] == START + 16.5 * 3600
    assert math.isclose(sum(item["allotted_seconds"] for item in fit["items"]), fit["time_left_seconds"], abs_tol=1)


def test_a_backup_keeps_the_applied_lengths(late: FlaskClient) -> None:
    applied = post(late, "fit", {"end": "planned"}).get_json()
    session = db.session()
    text = export_event(session, current_event(session), dt.datetime.now(dt.UTC))  # type: ignore[arg-type]
    spec, backup = parse_event_or_backup(text)
    assert backup is not None and spec.fit_floor_seconds == FLOOR
    allot = backup.transitions[-1]
    assert allot.command == "allot" and allot.args["end"] == PLANNED_END
    assert dict(allot.args["allotments"]) == \
        {item["id"]: item["allotted_seconds"] for item in applied["items"]}


def test_the_programme_page_cannot_remove_a_line_a_fit_named(late: FlaskClient, login: Login) -> None:
    applied = post(late, "fit", {"end": "planned"}).get_json()
    last = applied["items"][-1]["id"]
    login("admin")
    response = late.post(f"/admin/agenda/{last}/delete")
    assert response.status_code == 409
    assert "Đồng hồ của chủ trì đã ghi lệnh" in response.get_data(as_text=True)
    form = {"kind": "direction", "title": "Kết luận hội nghị", "presenter": "Chủ tịch UBND xã", "minutes": "30"}
    assert late.post(f"/admin/agenda/{last}", data=form).status_code == 302
    state = late.get("/api/v1/timer").get_json()
    item = next(item for item in state["items"] if item["item_id"] == last)
    assert (item["planned_seconds"], item["allotted_seconds"]) == (1800, applied["items"][-1]["allotted_seconds"]), \
        "a new plan does not undo the fit"


def test_the_timing_report_shows_planned_against_allotted_and_each_fit(late: FlaskClient, login: Login) -> None:
    applied = post(late, "fit", {"end": "09:55"}).get_json()
    login("admin")
    text = late.get("/admin/reports/timing.csv").get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    planned, allotted = header.index("Thời lượng (KH)"), header.index("Được dành")
    by_title = {row[1]: row for row in rows[1:] if len(row) == len(header)}
    presentation = by_title["Tham luận của Phòng Văn hóa - Xã hội"]
    assert (presentation[planned], presentation[allotted]) == ("10:00", "07:47")
    assert applied["items"][0]["allotted_seconds"] == 7 * 60 + 47
    summary = dict(row for row in rows if len(row) == 2)
    assert summary["Điều chỉnh thời lượng"] == "lúc 08:45, để kết thúc lúc 09:55"
