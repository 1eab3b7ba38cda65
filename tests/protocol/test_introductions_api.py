"""GET /api/v1/introductions, stand-ins at the desk and excused absences, as the MC, a desk and the minutes see
them, on the built-in event's sample delegates."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable

import docx
import openpyxl
import pypdf
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from kiosk.auth.models import AuditEntry
from kiosk.checkin.models import CheckIn
from kiosk.checkin.service import StandIn
from kiosk.checkin.summary import attendance_summary
from kiosk.events.service import current_event
from tests.conftest import PINS, db, person

STAND_IN = {"name": "Nguyễn Văn Thay", "position": "Phó trưởng phòng"}


def arrive(client: FlaskClient, number: str, **extra: object) -> dict[str, object]:
    response = client.post("/api/v1/checkins", json={"attendee_id": person(number).id, "desk": "Bàn 1", **extra})
    assert response.status_code == 200, response.get_json()
    return response.get_json()  # type: ignore[no-any-return]


def audit(action: str) -> list[AuditEntry]:
    db.session.remove()
    return list(db.session().scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


@pytest.fixture
def scene(client: FlaskClient, login: Callable[[str], None]) -> FlaskClient:
    """Three delegates checked in out of order, and a stand-in for UBND-001; signed in as the organiser."""
    login("admin")
    for number in ("DU-003", "HDND-001", "DU-001"):
        arrive(client, number)
    arrive(client, "UBND-001", stand_in=STAND_IN)
    return client


def test_the_mc_gets_who_came_in_protocol_order_with_the_stand_in_named_for_whom(scene: FlaskClient) -> None:
    body = scene.get("/api/v1/introductions").get_json()
    assert [group["code"] for group in body["groups"]] == ["DU", "HDND", "UBND"]
    assert [[d["number"] for d in group["delegates"]] for group in body["groups"]] == [
        ["DU-001", "DU-003"], ["HDND-001"], ["UBND-001"]]
    assert {group["mode"] for group in body["groups"]} == {"by_name"}
    du_001, du_003 = person("DU-001"), person("DU-003")
    first = body["groups"][0]["delegates"][0]
    assert (first["id"], first["name"], first["position"], first["unit"], first["stand_in_for"]) == (
        du_001.id, du_001.full_name, "Bí thư Đảng ủy xã", "Đảng ủy xã Cẩm Giang", None)
    assert first["arrived_at"]
    chairman = person("UBND-001")
    stand_in = body["groups"][2]["delegates"][0]
    assert (stand_in["name"], stand_in["position"]) == ("Nguyễn Văn Thay", "Phó trưởng phòng")
    assert stand_in["stand_in_for"] == {"id": chairman.id, "number": "UBND-001", "name": chairman.full_name,
                                        "position": "Chủ tịch UBND xã"}
    assert body["groups"][0]["text"] == (
        f"Về phía Thường trực Đảng ủy xã, có đồng chí {du_001.full_name}, Bí thư Đảng ủy xã; "
        f"đồng chí {du_003.full_name}, Phó Bí thư Đảng ủy xã;")
    assert body["groups"][2]["text"] == (
        f"Về phía Ủy ban nhân dân xã, có đồng chí Nguyễn Văn Thay, Phó trưởng phòng, dự thay đồng chí "
        f"{chairman.full_name}.")
    assert body["text"].splitlines() == [body["opening"], *(g["text"] for g in body["groups"]), body["closing"]]
    assert unicodedata.is_normalized("NFC", body["text"])


def test_a_late_arrival_takes_its_place_and_a_revoked_delegate_is_not_introduced(scene: FlaskClient) -> None:
    arrive(scene, "DU-002")
    assert scene.post(f"/admin/delegates/{person('DU-003').id}/revoke").status_code == 302
    body = scene.get("/api/v1/introductions").get_json()
    assert [d["number"] for d in body["groups"][0]["delegates"]] == ["DU-001", "DU-002"]


def test_summarised_groups_are_one_line_and_the_mc_needs_the_chair_role(app: Flask, client: FlaskClient,
                                                                         login: Callable[[str], None]) -> None:
    login("reception")
    arrive(client, "TH-004")
    arrive(client, "THON-001", holder_name="Trần Thị Thôn")
    assert client.get("/api/v1/introductions").status_code == 403
    assert client.get("/introductions").status_code == 401
    login("chair")
    body = client.get("/api/v1/introductions").get_json()
    assert [(g["code"], g["mode"]) for g in body["groups"]] == [("TH", "summary"), ("THON", "summary")]
    assert [g["text"] for g in body["groups"]] == [
        "Cùng đại diện lãnh đạo các trường học, giáo viên tin học các nhà trường trên địa bàn xã;",
        "Cùng đại biểu các thôn và Tổ công nghệ số cộng đồng."]
    assert body["groups"][1]["delegates"][0]["name"] == "Trần Thị Thôn"  # a seat is who held it
    page = client.get("/introductions").get_data(as_text=True)
    assert "Cùng đại biểu các thôn và Tổ công nghệ số cộng đồng." in page


def test_a_stand_in_named_after_the_arrival_goes_on_the_arrival_that_counts_and_is_audited(
        scene: FlaskClient) -> None:
    answer = arrive(scene, "HDND-001", stand_in={"name": "  Lê Văn Phó ", "position": "Phó Chủ tịch HĐND xã"})
    assert answer["status"] == "already_checked_in"
    assert answer["attendee"]["stand_in"] == {"name": "Lê Văn Phó", "position": "Phó Chủ tịch HĐND xã"}
    rows = db.session().scalars(select(CheckIn).where(CheckIn.attendee_id == person("HDND-001").id)
                                .order_by(CheckIn.id)).all()
    assert [row.stand_in_name for row in rows] == ["Lê Văn Phó", "Lê Văn Phó"]  # the first counts, and now says so
    entry, = audit("checkin.stand_in")
    assert (entry.role, entry.detail["target"], entry.detail["before"], entry.detail["after"]) == (
        "admin", "HDND-001", {"stand_in_name": None, "stand_in_position": None},
        {"stand_in_name": "Lê Văn Phó", "stand_in_position": "Phó Chủ tịch HĐND xã"})
    text = scene.get("/api/v1/introductions").get_json()["groups"][1]["text"]
    assert text.endswith("có đồng chí Lê Văn Phó, Phó Chủ tịch HĐND xã, dự thay đồng chí "
                         f"{person('HDND-001').full_name};")


@pytest.mark.parametrize(("stand_in", "field"), [
    ("Nguyễn Văn Thay", "stand_in"),
    ({"position": "Phó trưởng phòng"}, "stand_in.name"),
    ({"name": "   "}, "stand_in.name"),
    ({"name": 7}, "stand_in.name"),
    ({"name": "A" * 201}, "stand_in.name"),
    ({"name": "Lê Văn B", "position": ["x"]}, "stand_in.position"),
])
def test_a_malformed_stand_in_is_refused_by_field_and_nothing_is_recorded(
        client: FlaskClient, login: Callable[[str], None], stand_in: object, field: str) -> None:
    login("reception")
    response = client.post("/api/v1/checkins", json={"attendee_id": person("DU-001").id, "desk": "Bàn 1",
                                                     "stand_in": stand_in})
    assert response.status_code == 400 and response.get_json()["error"]["field"] == field
    assert db.session().scalars(select(CheckIn)).first() is None


def test_a_stand_in_is_stored_nfc(client: FlaskClient, login: Callable[[str], None]) -> None:
    login("reception")
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Thủy")
    arrive(client, "DU-001", stand_in={"name": decomposed, "position": unicodedata.normalize("NFD", "Phó Bí thư")})
    row = db.session().scalars(select(CheckIn)).one()
    assert (row.stand_in_name, row.stand_in_position) == ("Nguyễn Thị Thủy", "Phó Bí thư")


def test_an_excused_absence_reaches_the_counts_and_the_report_and_arriving_clears_it(
        app: Flask, client: FlaskClient, login: Callable[[str], None]) -> None:
    login("reception")
    vice = person("UBND-002")
    arrive(client, "UBND-001", stand_in=STAND_IN)
    recorded = client.put(f"/api/v1/attendees/{vice.id}/absence", json={"reason": "Đi công tác tại tỉnh"})
    assert recorded.status_code == 200
    assert recorded.get_json()["attendee"]["absence"]["reason"] == "Đi công tác tại tỉnh"
    groups = {g["code"]: g for g in client.get("/api/v1/attendance").get_json()["groups"]}
    assert {k: groups["UBND"][k] for k in ("registered", "checked_in", "stand_ins", "excused", "absent")} == {
        "registered": 3, "checked_in": 1, "stand_ins": 1, "excused": 1, "absent": 1}
    total = client.get("/api/v1/attendance").get_json()["total"]
    assert (total["checked_in"], total["stand_ins"], total["excused"], total["absent"]) == (1, 1, 1, 118)
    entry, = audit("delegate.absence")
    assert (entry.role, entry.detail["target"], entry.detail["after"]) == (
        "reception", "UBND-002", {"absence_reason": "Đi công tác tại tỉnh"})

    admin = app.test_client()
    assert admin.post("/api/v1/login", json={"role": "admin", "pin": PINS["admin"]}).status_code == 200
    rows = list(csv.reader(io.StringIO(admin.get("/admin/reports/attendance.csv").data.decode("utf-8-sig"))))
    assert rows[0][7:] == ["Tình trạng", "Ghi chú"]
    by_number = {row[1]: row for row in rows if len(row) > 1}
    assert by_number["UBND-001"][7:] == ["Dự thay", "Người dự thay: Nguyễn Văn Thay, Phó trưởng phòng"]
    assert by_number["UBND-002"][7:] == ["Vắng có lý do", "Lý do: Đi công tác tại tỉnh"]
    assert by_number["UBND-003"][7:] == ["Vắng", ""]
    assert any(r[0].endswith("đã đến 1/3 (dự kiến 3), dự thay 1, vắng có lý do 1") for r in rows)
    sheet = openpyxl.load_workbook(io.BytesIO(admin.get("/admin/reports/attendance.xlsx").data)).active
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert "Lý do: Đi công tác tại tỉnh" in cells and "Vắng có lý do" in cells
    pdf = pypdf.PdfReader(io.BytesIO(admin.get("/admin/reports/attendance.pdf").data))
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)  # cells wrap their lines
    assert "Lý do: Đi công tác tại tỉnh" in text and "Người dự thay: Nguyễn Văn Thay" in text

    answer = arrive(client, "UBND-002")  # came after all
    assert answer["attendee"]["absence"] is None
    cleared, = audit("delegate.absence_clear")
    assert cleared.detail["before"] == {"absence_reason": "Đi công tác tại tỉnh"} and cleared.detail["arrived"]
    assert client.get("/api/v1/attendance").get_json()["total"]["excused"] == 0


def test_an_absence_is_refused_for_a_delegate_who_came_and_can_be_cleared(
        client: FlaskClient, login: Callable[[str], None]) -> None:
    login("reception")
    arrive(client, "DU-001")
    refused = client.put(f"/api/v1/attendees/{person('DU-001').id}/absence", json={"reason": "Ốm"})
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "already_arrived"
    assert client.put(f"/api/v1/attendees/{person('DU-002').id}/absence", json={}).status_code == 400
    assert client.put(f"/api/v1/attendees/{person('DU-002').id}/absence", json={"reason": " "}).status_code == 400
    assert client.put("/api/v1/attendees/999999/absence", json={"reason": "Ốm"}).status_code == 404
    assert client.put(f"/api/v1/attendees/{person('DU-002').id}/absence", json={"reason": "Ốm"}).status_code == 200
    assert client.delete(f"/api/v1/attendees/{person('DU-002').id}/absence").get_json()["attendee"]["absence"] is None
    assert [e.detail["before"] for e in audit("delegate.absence_clear")] == [{"absence_reason": "Ốm"}]
    assert client.get("/api/v1/attendance").get_json()["total"]["excused"] == 0
    client.post("/api/v1/logout")
    assert client.put(f"/api/v1/attendees/{person('DU-002').id}/absence", json={"reason": "Ốm"}).status_code == 401


def test_the_minutes_name_the_stand_in_and_the_excused_from_what_the_desk_recorded(
        app: Flask, client: FlaskClient, login: Callable[[str], None]) -> None:
    login("admin")
    arrive(client, "UBND-001", stand_in=STAND_IN)
    assert client.put(f"/api/v1/attendees/{person('UBND-002').id}/absence",
                      json={"reason": "Đi công tác tại tỉnh"}).status_code == 200
    session = db.session()
    event = current_event(session)
    assert event is not None
    group = next(g for g in attendance_summary(session, event).groups if g.code == "UBND")
    assert [(d.number, d.stand_in) for d in group.stand_ins] == [("UBND-001", StandIn(**STAND_IN))]
    assert [(d.number, d.excuse) for d in group.excused] == [("UBND-002", "Đi công tác tại tỉnh")]
    assert [d.number for d in group.absent] == ["UBND-003"]
    minutes = docx.Document(io.BytesIO(client.get("/admin/reports/minutes.docx").data))
    words = " ".join(p.text for p in minutes.paragraphs) + " ".join(
        cell.text for table in minutes.tables for row in table.rows for cell in row.cells)
    assert "Nguyễn Văn Thay" in words and "Đi công tác tại tỉnh" in words
