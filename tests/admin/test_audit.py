"""Every change by every role reaches the audit trail, written by the boundary in the change's own transaction."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from kiosk.attendees.models import Attendee
from kiosk.auth.models import AuditEntry
from tests.conftest import PINS, db


def entries(action: str) -> list[AuditEntry]:
    db.session.remove()
    return list(db.session().scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def test_desk_and_organiser_changes_appear_in_the_audit_trail_with_role_time_before_and_after(
        app: Flask, client: FlaskClient, login: Callable[[str], None]) -> None:
    login("reception")
    walk_in = client.post("/api/v1/attendees", json={"group": "TH", "full_name": "Lê Văn Đến Muộn",
                                                     "position": "Giáo viên", "unit": "Trường THCS"})
    assert walk_in.status_code == 201
    seat = db.session().scalars(select(Attendee).where(Attendee.seat_label.is_not(None))).first()
    scan = client.post("/api/v1/checkins", json={"attendee_id": seat.id, "desk": "Bàn 2"}).get_json()
    renamed = client.patch(f"/api/v1/checkins/{scan['checkin_id']}", json={"holder_name": "Trần Thị Thôn"})
    assert renamed.status_code == 200
    undone = client.post("/api/v1/checkins/undo", json={"desk": "Bàn 2", "reason": "Quét nhầm thẻ"})
    assert undone.status_code == 200

    admin = app.test_client()
    assert admin.post("/api/v1/login", json={"role": "admin", "pin": PINS["admin"]}).status_code == 200
    person = db.session().scalars(select(Attendee).where(Attendee.number == "PCM-002")).one()
    assert admin.post(f"/admin/delegates/{person.id}/revoke").status_code == 302
    roster = "Họ và tên,Chức vụ,Đơn vị,Nhóm\nNgô Văn Mới,Chuyên viên,Phòng Kinh tế,PCM\n".encode()
    imported = admin.post("/admin/import/roster", data={"roster": (io.BytesIO(roster), "bo-sung.csv")},
                          content_type="multipart/form-data")
    assert imported.status_code == 302

    walk_in_entry, = entries("delegate.walk_in")
    assert walk_in_entry.role == "reception" and walk_in_entry.at is not None
    assert walk_in_entry.detail["after"]["full_name"] == "Lê Văn Đến Muộn"
    assert walk_in_entry.detail["after"]["group"] == "TH" and walk_in_entry.detail["before"] == {}
    holder, = entries("checkin.holder")
    assert (holder.role, holder.detail["before"], holder.detail["after"]) == (
        "reception", {"holder_name": None}, {"holder_name": "Trần Thị Thôn"})
    undo, = entries("checkin.undo")
    assert undo.role == "reception" and undo.detail["target"] == seat.number
    assert undo.detail["before"]["desk"] == "Bàn 2" and undo.detail["before"]["checked_in_at"]
    assert undo.detail["after"] == {"checked_in_at": None, "reason": "Quét nhầm thẻ"}
    revoke, = entries("delegate.revoke")
    assert (revoke.role, revoke.detail["before"], revoke.detail["after"]) == ("admin", {"revoked": False},
                                                                              {"revoked": True})
    imports = entries("roster.import")
    assert [(e.role, e.detail["file"], e.detail["added"]) for e in imports] == [("admin", "bo-sung.csv", 1)]

    page = admin.get("/admin/audit").get_data(as_text=True)
    for label in ("Đăng ký tại bàn đón tiếp", "Ghi người nhận ghế", "Hủy điểm danh", "Thu hồi thẻ",
                  "Nạp danh sách đại biểu", "Quét nhầm thẻ", "Trần Thị Thôn", "Lê Văn Đến Muộn", "Đón tiếp"):
        assert label in page, label
    assert re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d", page)
    # The arrival the undo took back reads in the event's time zone, as every time on the page, not as stored.
    arrived = dt.datetime.fromisoformat(scan["first_checked_in_at"]).astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    assert f"<del>{arrived:%d/%m/%Y %H:%M:%S}</del>" in page
    # Who undid it where, and roles by the names people call them (not "reception").
    assert re.search(r"Bàn hủy</span>: Bàn 2", page)
    assert "reception" not in re.sub(r"<[^>]+>", " ", page)
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", page)


def test_a_refused_change_leaves_no_audit_entry(app: Flask, client: FlaskClient, login: Callable[[str], None]) -> None:
    login("reception")
    before = len(entries("checkin.undo"))
    refused = client.post("/api/v1/checkins/undo", json={"desk": "Bàn 9", "reason": "Nhầm", "attendee_id": 1})
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "not_checked_in"
    assert len(entries("checkin.undo")) == before


def test_a_refusal_reads_in_english_with_lang_en(client: FlaskClient, login: Callable[[str], None]) -> None:
    login("reception")
    refused = client.post("/api/v1/checkins/undo?lang=en", json={"desk": "Bàn 9", "reason": "x", "attendee_id": 1})
    assert refused.get_json()["error"]["message"] == "This delegate has not been checked in."
    chair = client.post("/api/v1/login", json={"role": "chair", "pin": PINS["chair"]})
    assert chair.status_code == 200
    assert client.post("/api/v1/timer/pause?lang=en").get_json()["error"]["message"] == "The clock is not running."
    assert client.post("/api/v1/timer/pause?lang=vi").get_json()["error"]["message"] == "Đồng hồ đang không chạy."


def test_an_address_locked_out_for_wrong_pins_is_audited_once_and_logged(
        app: Flask, client: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    """The 429 rolls its request back; the lockout is written apart, once a window however long the flood."""
    guesser = {"REMOTE_ADDR": "192.168.1.66"}
    with caplog.at_level(logging.INFO):
        answers = [client.post("/api/v1/login", json={"role": "admin", "pin": "000000"}, environ_base=guesser)
                   .status_code for _ in range(15)]
    assert answers == [401] * 10 + [429] * 5
    locked = entries("auth.locked")
    assert [(e.role, e.detail["target"], e.detail["after"]["wrong_pins"]) for e in locked] == [
        ("public", "192.168.1.66", 10)]
    assert sum("192.168.1.66: a wrong PIN for admin" in message for message in caplog.messages) == 10
    assert sum("192.168.1.66" in message and "locked" in message for message in caplog.messages) == 1
    client.post("/api/v1/login", json={"role": "admin", "pin": PINS["admin"]})  # from another address
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Khóa địa chỉ nhập sai mã PIN quá nhiều lần" in page and "192.168.1.66" in page
    assert "Số lần nhập sai" in page and "Khóa trong (giây)" in page
