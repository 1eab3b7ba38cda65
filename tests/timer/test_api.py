"""The chair's clock over HTTP: commands, bad input, roles, a restart, messages, the agenda."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from kiosk.app import create_app
from kiosk.config import Config
from kiosk.models import TimerTransition
from tests.conftest import PINS, db

Login = Callable[[str], None]
CHAIR_HEADERS = {"X-Kiosk-Role": "chair", "X-Kiosk-Pin": PINS["chair"]}


@pytest.fixture
def chair(client: FlaskClient, login: Login) -> FlaskClient:
    login("chair")
    return client


def post(client: FlaskClient, command: str, body: object = None, **kwargs: object):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/timer/{command}", json=body, **kwargs)


def timed_ids(client: FlaskClient) -> list[int]:
    return client.get("/api/v1/timer").get_json()["order"]


def test_the_clock_before_anything_happens(client: FlaskClient) -> None:
    state = client.get("/api/v1/timer").get_json()
    assert state["status"] == "idle" and state["remaining_seconds"] == 300 and state["planned_seconds"] == 300
    assert state["current"]["title"] == "Tuyên bố lý do, giới thiệu đại biểu"
    assert state["current"]["presenter"] == "Văn phòng HĐND&UBND xã"
    assert state["server_time"] == pytest.approx(time.time(), abs=5)
    assert state["thresholds"] == {"amber_seconds": 120, "red_seconds": 60}
    assert len(state["items"]) == 10 and state["message"] is None


def test_before_the_first_item_starts_screens_get_the_plan_and_no_delay(chair: FlaskClient) -> None:
    """The built-in event gives only a month: its 08:00 is today's, and a hall waiting at 12:43 is not late."""
    state = chair.get("/api/v1/timer").get_json()
    assert (state["started"], state["delay_seconds"], state["planned_date"]) == (False, None, None)
    assert state["planned_end"] == state["planned_start"] + 115 * 60
    assert state["projected_end"] >= state["planned_end"]  # when it would end if it started now
    assert chair.get("/api/v1/agenda").get_json()["delay_seconds"] is None
    started = post(chair, "start").get_json()
    assert started["started"] is True and started["delay_seconds"] is not None


def test_each_command_moves_the_clock_and_is_stored(chair: FlaskClient) -> None:
    first, second, third, fourth, *rest = timed_ids(chair)
    assert post(chair, "start").get_json()["status"] == "running"
    assert post(chair, "pause").get_json()["status"] == "paused"
    assert post(chair, "resume").get_json()["status"] == "running"
    added = post(chair, "add", {"seconds": 60}).get_json()
    assert added["allotted_seconds"] == 360 and added["remaining_seconds"] == pytest.approx(360, abs=2)
    assert post(chair, "add", {"seconds": -30}).get_json()["allotted_seconds"] == 330
    assert post(chair, "finish").get_json()["status"] == "finished"
    state = post(chair, "next").get_json()
    assert (state["current_id"], state["status"]) == (second, "idle")
    assert post(chair, "previous").get_json()["current_id"] == first
    assert post(chair, "next").get_json()["current_id"] == second
    state = post(chair, "skip", {"item_id": third}).get_json()
    assert state["upcoming"][0] == fourth and third not in state["upcoming"]
    new_order = [rest[0], fourth, *rest[1:]]
    assert post(chair, "reorder", {"order": new_order}).get_json()["upcoming"] == new_order
    rows = db.session().scalars(select(TimerTransition).order_by(TimerTransition.id)).all()
    assert [row.command for row in rows] == ["start", "pause", "resume", "add", "add", "finish", "next", "previous",
                                             "next", "skip", "reorder"]
    assert rows[3].args == {"seconds": 60} and rows[-1].args == {"order": new_order}
    assert all(row.role == "chair" for row in rows)


def test_toggle_is_start_pause_resume_in_one_button(chair: FlaskClient) -> None:
    assert [post(chair, "toggle").get_json()["status"] for _ in range(3)] == ["running", "paused", "running"]
    stored = db.session().scalars(select(TimerTransition.command).order_by(TimerTransition.id)).all()
    assert stored == ["start", "pause", "resume"]


BAD_BODIES = [
    ("add", None, "seconds"),
    ("add", {}, "seconds"),
    ("add", {"seconds": "60"}, "seconds"),
    ("add", {"seconds": 1.5}, "seconds"),
    ("add", {"seconds": True}, "seconds"),
    ("add", {"seconds": 0}, "seconds"),
    ("add", {"seconds": 3601}, "seconds"),
    ("add", [60], "seconds"),
    ("skip", None, "item_id"),
    ("skip", {"item_id": "3"}, "item_id"),
    ("reorder", {"order": "1,2"}, "order"),
    ("reorder", {"order": [1, None]}, "order"),
]


def test_bad_bodies_get_400_naming_the_field_and_change_nothing(chair: FlaskClient) -> None:
    for command, body, field in BAD_BODIES:
        response = post(chair, command, body)
        assert response.status_code == 400, (command, body)
        assert f"“{field}”" in response.get_json()["error"]["message"]
    assert db.session().scalars(select(TimerTransition)).first() is None


def test_an_unknown_command_is_a_json_404(chair: FlaskClient) -> None:
    response = post(chair, "explode")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "unknown_command"
    assert "explode" in response.get_json()["error"]["message"]


def test_an_illegal_transition_is_a_409_with_the_machines_code(chair: FlaskClient) -> None:
    refusals = [
        ("pause", None, "not_running", "Đồng hồ đang không chạy."),
        ("finish", None, "not_started", "Nội dung này chưa bắt đầu; hãy bỏ qua thay vì kết thúc."),
        ("previous", None, "no_previous_item", "Đây là nội dung đầu tiên."),
        ("skip", {"item_id": 999}, "unknown_item", "Không có nội dung được bấm giờ với mã này (trường “item_id”)."),
        ("reorder", {"order": [1]}, "bad_order", None),
        ("start", None, None, None),
        ("start", None, "already_started", "Nội dung này đã bắt đầu."),
        ("add", {"seconds": -400}, None, None),  # 5 minutes allotted: stops at 00:00
        ("add", {"seconds": -60}, "no_time_left", "Đồng hồ đã về 00:00: không còn thời gian để bớt."),
    ]
    for command, body, code, message in refusals:
        before = chair.get("/api/v1/timer").get_json()["revision"]
        response = post(chair, command, body)
        if code is None:
            assert response.status_code == 200
            continue
        assert response.status_code == 409, command
        error = response.get_json()["error"]
        assert error["code"] == code
        assert error["message"] == message if message else "“" in error["message"]
        assert chair.get("/api/v1/timer").get_json()["revision"] == before


def test_commands_need_the_chair_role(client: FlaskClient, login: Login) -> None:
    response = post(client, "start")
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "login_required"
    login("reception")
    response = post(client, "start")
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "forbidden"
    assert client.post("/api/v1/messages", json={"text": "x"}).status_code == 403
    assert client.get("/api/v1/timer").get_json()["status"] == "idle"


def test_a_tool_without_cookies_sends_the_pin_in_headers(client: FlaskClient) -> None:
    response = post(client, "toggle", headers=CHAIR_HEADERS)
    assert response.status_code == 200 and response.get_json()["status"] == "running"
    assert client.get("/api/v1/session").get_json() == {"roles": []}, "no cookie was needed or set"
    wrong = post(client, "toggle", headers={**CHAIR_HEADERS, "X-Kiosk-Pin": "000000"})
    assert wrong.status_code == 401 and wrong.get_json()["error"]["code"] == "wrong_pin"
    reception = post(client, "toggle", headers={"X-Kiosk-Role": "reception", "X-Kiosk-Pin": PINS["reception"]})
    assert reception.status_code == 403
    no_role = post(client, "toggle", headers={"X-Kiosk-Pin": PINS["chair"]})
    assert no_role.status_code == 400 and "X-Kiosk-Role" in no_role.get_json()["error"]["message"]
    admin = post(client, "add", {"seconds": 60}, headers={"X-Kiosk-Role": "admin", "X-Kiosk-Pin": PINS["admin"]})
    assert admin.status_code == 200
    assert db.session().scalars(select(TimerTransition.role).order_by(TimerTransition.id)).all() == ["chair", "admin"]


def test_a_restarted_server_shows_the_same_running_clock(chair: FlaskClient, instance: Path) -> None:
    post(chair, "start")
    post(chair, "add", {"seconds": -60})
    before = chair.get("/api/v1/timer").get_json()
    db.session.remove()
    restarted = create_app(Config(instance_path=instance, TESTING=True)).test_client()
    time.sleep(0.3)
    after = restarted.get("/api/v1/timer").get_json()
    assert (after["status"], after["current_id"], after["allotted_seconds"]) == ("running", before["current_id"], 240)
    wall = after["server_time"] - before["server_time"]
    assert wall >= 0.3
    assert after["remaining_seconds"] == pytest.approx(before["remaining_seconds"] - wall, abs=0.01)


def test_messages_are_set_replaced_and_cleared(chair: FlaskClient) -> None:
    answer = chair.post("/api/v1/messages", json={"text": "  Còn 2 phút "}).get_json()
    assert answer["message"]["text"] == "Còn 2 phút"
    chair.post("/api/v1/messages", json={"text": "Đề nghị kết thúc"})
    assert chair.get("/api/v1/timer").get_json()["message"]["text"] == "Đề nghị kết thúc"
    assert chair.post("/api/v1/messages", json={"text": ""}).get_json() == {"message": None}
    assert chair.get("/api/v1/timer").get_json()["message"] is None
    chair.post("/api/v1/messages", json={"text": "Xin cảm ơn"})
    assert chair.delete("/api/v1/messages").get_json() == {"message": None}
    chair.post("/api/v1/messages", json={"text": "Xin cảm ơn"})
    assert chair.post("/api/v1/messages", json={}).get_json() == {"message": None}, "absent text clears"
    assert chair.get("/api/v1/timer").get_json()["message"] is None


@pytest.mark.parametrize("body", [{"text": 5}, {"text": "x" * 201}, ["Còn 2 phút"]])
def test_bad_messages_get_400(chair: FlaskClient, body: object) -> None:
    response = chair.post("/api/v1/messages", json=body)
    assert response.status_code == 400 and response.get_json()["error"]["message"]


@pytest.mark.parametrize(("text", "problem"), [("x" * 201, "tối đa 200 ký tự"),
                                               ("Còn 2 phút\u202e", "ký tự đảo chiều"),
                                               ("Còn 2 phút\nXin kết thúc", "trên một dòng")])
def test_a_message_too_long_or_not_on_one_line_is_refused_naming_the_field_and_the_stage_keeps_its_message(
        chair: FlaskClient, text: str, problem: str) -> None:
    chair.post("/api/v1/messages", json={"text": "Còn 2 phút"})
    error = chair.post("/api/v1/messages", json={"text": text}).get_json()["error"]
    assert (error["code"], error["field"]) == ("bad_field", "text") and problem in error["message"]
    assert error["message"].startswith("Tin nhắn ")  # as the chair calls it, not the API's field name
    if len(text) > 200:
        assert error["message"] == "Tin nhắn dài 201 ký tự: tối đa 200 ký tự."  # how long it was, too
    assert chair.get("/api/v1/timer").get_json()["message"]["text"] == "Còn 2 phút"


def test_a_refused_message_is_named_as_the_chair_calls_it_in_english_too(chair: FlaskClient) -> None:
    error = chair.post("/api/v1/messages?lang=en", json={"text": "x" * 201}).get_json()["error"]
    assert error["message"] == "Message is 201 characters long: at most 200 characters."


def test_agenda_gives_planned_and_actual_times(chair: FlaskClient) -> None:
    agenda = chair.get("/api/v1/agenda").get_json()
    items = agenda["items"]
    assert len(items) == 11, "every line of the programme, the section header too"
    section = next(item for item in items if item["kind"] == "section")
    assert "status" not in section
    first, second = [item for item in items if item["timed"]][:2]
    assert (first["status"], first["actual_start"], first["actual_end"]) == ("idle", None, None)
    assert second["planned_start"] == first["planned_start"] + 300
    started = post(chair, "start").get_json()["started_at"]
    time.sleep(0.05)
    post(chair, "next")
    agenda = chair.get("/api/v1/agenda").get_json()
    first, second = [item for item in agenda["items"] if item["timed"]][:2]
    assert first["status"] == "finished" and first["actual_start"] == started
    assert first["actual_end"] > first["actual_start"] and first["elapsed_seconds"] >= 0.05
    assert (second["status"], agenda["current_id"]) == ("idle", second["id"])
    assert {"planned_start", "planned_end", "projected_end", "delay_seconds", "order"} <= set(agenda)


def test_the_chair_page_shows_the_console(chair: FlaskClient) -> None:
    page = chair.get("/chair").get_data(as_text=True)
    for text in ("Bắt đầu", "−1 phút", "+1 phút", "Kết thúc", "Trước", "Tiếp", "Còn 2 phút", "Đề nghị kết thúc",
                 "Xóa tin nhắn", "Phím tắt", "Sắp tới"):
        assert text in page, text
    assert "<script>" not in page, "no inline executable script (CSP)"


def test_every_timer_page_is_english_on_request(app: Flask, client: FlaskClient, login: Login) -> None:
    login("chair")
    for path in ("/chair", "/screen", "/stage", "/agenda"):
        page = client.get(path + "?lang=en").get_data(as_text=True)
        assert "Late by {n} min" in page and "On time" in page, path
