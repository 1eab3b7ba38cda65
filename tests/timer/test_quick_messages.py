"""The chair's saved messages: from the event file, edited on /admin/agenda in the chair's order, audited, and
pushed to /chair (in the ``timer`` state) so its buttons change without a reload."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from kiosk.auth.models import AuditEntry
from kiosk.events.eventfile import EventFileError, default_event_path, parse_event_text
from kiosk.events.service import current_event
from kiosk.events.toml_writer import event_file_text
from kiosk.live.socket import NAMESPACE, socketio_of
from tests.conftest import db

Login = Callable[[str], None]
SEED = ["Còn 2 phút", "Còn 1 phút", "Đề nghị kết thúc", "Xin cảm ơn"]


def saved() -> list[str]:
    messages = list(current_event(db.session()).quick_messages)  # type: ignore[union-attr]
    db.session.remove()
    return messages


def edit(client: FlaskClient, action: str, text: str):  # type: ignore[no-untyped-def]
    return client.post("/admin/agenda/messages", data={"action": action, "text": text})


def test_the_seed_event_gives_the_chair_its_messages(client: FlaskClient, login: Login) -> None:
    assert client.get("/api/v1/timer").get_json()["quick_messages"] == SEED
    login("chair")
    page = client.get("/chair").get_data(as_text=True)
    for text in SEED:
        assert f'data-quick-message="{text}"' in page


def test_messages_are_added_moved_and_removed_in_the_chairs_order(admin: FlaskClient) -> None:
    response = edit(admin, "add", "  Xin  mời  đại biểu  phát biểu ")
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/agenda#quick-messages")
    assert saved() == [*SEED, "Xin mời đại biểu phát biểu"]
    edit(admin, "up", "Xin mời đại biểu phát biểu")
    assert saved() == [*SEED[:3], "Xin mời đại biểu phát biểu", SEED[3]]
    edit(admin, "down", "Còn 2 phút")
    assert saved()[:2] == ["Còn 1 phút", "Còn 2 phút"]
    edit(admin, "remove", "Xin cảm ơn")
    assert saved() == ["Còn 1 phút", "Còn 2 phút", "Đề nghị kết thúc", "Xin mời đại biểu phát biểu"]
    assert admin.get("/api/v1/timer").get_json()["quick_messages"] == saved()
    entries = db.session().scalars(select(AuditEntry).where(AuditEntry.action == "chair.messages")
                                   .order_by(AuditEntry.id)).all()
    assert len(entries) == 4 and all(entry.role == "admin" for entry in entries)
    assert entries[-1].detail["target"] == "Xin cảm ơn"
    assert entries[-1].detail["before"]["quick_messages"][-1] == "Xin cảm ơn"
    assert "Xin cảm ơn" not in entries[-1].detail["after"]["quick_messages"]
    page = admin.get("/admin/agenda").get_data(as_text=True)
    assert "Tin nhắn nhanh của chủ trì" in page and "Xin mời đại biểu phát biểu" in page
    assert "Sửa tin nhắn nhanh của chủ trì" in admin.get("/admin/audit").get_data(as_text=True)


@pytest.mark.parametrize(("action", "text", "status", "message"), [
    ("add", "Còn 2 phút", 409, "“Tin nhắn nhanh”: đã có tin nhắn này."),
    ("add", "   ", 400, "“Tin nhắn nhanh”: không được để trống."),
    ("add", "x" * 201, 400, "“Tin nhắn nhanh”: dài quá 200 ký tự."),
    ("up", "Còn 2 phút", 409, "Mục này đã ở đầu hoặc cuối."),
    ("down", "Xin cảm ơn", 409, "Mục này đã ở đầu hoặc cuối."),
    ("remove", "Không có tin này", 409, "Tin nhắn này không còn trong danh sách"),
])
def test_a_refused_edit_says_why_and_changes_nothing(admin: FlaskClient, action: str, text: str, status: int,
                                                     message: str) -> None:
    response = edit(admin, action, text)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert saved() == SEED
    assert db.session().scalars(select(AuditEntry).where(AuditEntry.action == "chair.messages")).first() is None


def test_twenty_messages_at_most(admin: FlaskClient) -> None:
    for number in range(20 - len(SEED)):
        assert edit(admin, "add", f"Tin {number}").status_code == 302
    response = edit(admin, "add", "Một tin nữa")
    assert response.status_code == 409 and "đã đủ 20 tin nhắn" in response.get_data(as_text=True)
    assert len(saved()) == 20


def test_editing_messages_needs_the_admin(client: FlaskClient, login: Login) -> None:
    assert edit(client, "add", "Tin mới").status_code == 401
    login("chair")
    assert edit(client, "add", "Tin mới").status_code == 401, "the page asks for the admin's PIN"
    assert saved() == SEED


def test_the_chair_is_pushed_the_new_buttons(app: Flask, admin: FlaskClient) -> None:
    socket = socketio_of(app).test_client(app, namespace=NAMESPACE)
    socket.get_received(NAMESPACE)
    edit(admin, "add", "Đề nghị giữ trật tự")
    pushed = [message["args"][0] for message in socket.get_received(NAMESPACE) if message["name"] == "timer"]
    socket.disconnect(namespace=NAMESPACE)
    assert pushed and pushed[-1]["quick_messages"] == [*SEED, "Đề nghị giữ trật tự"]


def test_an_event_file_says_its_messages_and_a_backup_keeps_them() -> None:
    text = default_event_path().read_text(encoding="utf-8")
    spec = parse_event_text(text)
    assert spec.quick_messages == tuple(SEED) and spec.fit_floor_seconds == 300
    assert parse_event_text(event_file_text(spec)) == spec
    without = text.replace('quick_messages = ["Còn 2 phút", "Còn 1 phút", "Đề nghị kết thúc", "Xin cảm ơn"]', "")
    assert parse_event_text(without).quick_messages == ("Còn 2 phút", "Đề nghị kết thúc"), "the old buttons"
    empty = text.replace('quick_messages = ["Còn 2 phút"', 'quick_messages = [] # ["Còn 2 phút"')
    assert parse_event_text(empty).quick_messages == ()


@pytest.mark.parametrize(("line", "problem"), [
    ('quick_messages = "Còn 2 phút"', "phải là danh sách chuỗi"),
    ('quick_messages = ["Còn 2 phút", 5]', "phải là danh sách chuỗi"),
    ('quick_messages = ["Còn 2 phút", " "]', "có một tin nhắn để trống"),
    ('quick_messages = ["Còn 2 phút", "Còn  2 phút"]', "tin nhắn “Còn 2 phút” bị trùng"),
    ('quick_messages = ["' + "x" * 201 + '"]', "dài quá 200 ký tự"),
    ("quick_messages = [" + ", ".join(f'"Tin {n}"' for n in range(21)) + "]", "tối đa 20 tin nhắn"),
])
def test_a_bad_message_list_is_named_with_its_line(line: str, problem: str) -> None:
    text = default_event_path().read_text(encoding="utf-8")
    bad = text.replace('quick_messages = ["Còn 2 phút", "Còn 1 phút", "Đề nghị kết thúc", "Xin cảm ơn"]', line)
    with pytest.raises(EventFileError) as caught:
        parse_event_text(bad, "hoi-nghi.toml")
    line_number = bad.splitlines().index(line) + 1
    assert str(caught.value).startswith(f"hoi-nghi.toml, dòng {line_number}: trường “quick_messages”: ")
    assert problem in str(caught.value)


@pytest.mark.parametrize(("value", "problem"), [("0", "phải từ 1 đến 60"), ("61", "phải từ 1 đến 60"),
                                                ('"5"', "phải là số nguyên")])
def test_a_bad_floor_in_the_event_file_is_named(value: str, problem: str) -> None:
    text = default_event_path().read_text(encoding="utf-8")
    text = text.replace("fit_floor_minutes = 5", f"fit_floor_minutes = {value}")
    with pytest.raises(EventFileError) as caught:
        parse_event_text(text, "hoi-nghi.toml")
    assert "trường “fit_floor_minutes”" in str(caught.value) and problem in str(caught.value)
