"""POST /api/v1/checkins and friends, as a desk or a script uses them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from kiosk.attendees.models import Attendee
from kiosk.badges.token import sign
from kiosk.checkin.models import CheckIn
from tests.conftest import db


def token_for(app: Flask, attendee: Attendee, version: int | None = None) -> str:
    return sign(app.config["BADGE_SECRET"], event_id=attendee.event_id, attendee_id=attendee.id,
                version=attendee.badge_version if version is None else version)


@pytest.fixture
def desk(client: FlaskClient, login: Callable[[str], None]) -> FlaskClient:
    login("reception")
    return client


def named(number: str) -> Attendee:
    return db.session().scalars(select(Attendee).where(Attendee.number == number)).one()


def checkin_rows() -> int:
    return db.session().scalar(select(func.count()).select_from(CheckIn)) or 0


def test_a_good_badge_checks_in_and_counts_once(app: Flask, desk: FlaskClient) -> None:
    delegate = named("PCM-001")
    answer = desk.post("/api/v1/checkins", json={"token": token_for(app, delegate), "desk": "Bàn 1",
                                                 "client_id": "a1"}).get_json()
    assert answer["status"] == "checked_in"
    assert answer["attendee"]["name"] == delegate.full_name
    assert answer["attendee"]["group"]["name"] == ("Lãnh đạo, chuyên viên các phòng chuyên môn, cơ quan, "
                                                   "đơn vị thuộc UBND xã")
    assert answer["attendee"]["group"]["seat_area"] == "Khu B"
    first_at = answer["first_checked_in_at"]

    again = desk.post("/api/v1/checkins", json={"token": token_for(app, delegate), "desk": "Bàn 2",
                                                "client_id": "b1"}).get_json()
    assert again["status"] == "already_checked_in"
    assert (again["first_checked_in_at"], again["first_desk"]) == (first_at, "Bàn 1")

    groups = {g["code"]: g for g in desk.get("/api/v1/attendance").get_json()["groups"]}
    assert groups["PCM"]["checked_in"] == 1
    assert desk.get("/api/v1/attendance").get_json()["total"]["checked_in"] == 1


def test_a_retried_request_gets_the_same_answer_and_changes_nothing(app: Flask, desk: FlaskClient) -> None:
    body = {"token": token_for(app, named("DU-001")), "desk": "Bàn 1", "client_id": "retry-1"}
    first = desk.post("/api/v1/checkins", json=body).get_json()
    rows = checkin_rows()
    second = desk.post("/api/v1/checkins", json=body).get_json()
    assert first["status"] == second["status"] == "checked_in"
    assert second["replayed"] is True and first["checkin_id"] == second["checkin_id"]
    assert checkin_rows() == rows


def test_forged_truncated_empty_and_garbage_tokens_are_invalid(app: Flask, desk: FlaskClient) -> None:
    good = token_for(app, named("DU-002"))
    middle = len(good) - 10  # inside the signature, where every base32 character carries 5 whole bits
    forged = good[:middle] + ("A" if good[middle] != "A" else "B") + good[middle + 1:]
    cases = {forged: "bad_signature", good[:-6]: "malformed", "": "empty", "hello": "malformed",
             sign(b"x" * 32, event_id=1, attendee_id=named("DU-002").id, version=1): "bad_signature"}
    for token, reason in cases.items():
        answer = desk.post("/api/v1/checkins", json={"token": token, "desk": "Bàn 1"}).get_json()
        assert (answer["status"], answer["reason"]) == ("invalid", reason), token
        assert answer["message"]
    assert checkin_rows() == 0


def test_a_reissued_badge_and_a_removed_delegate_are_revoked(app: Flask, desk: FlaskClient) -> None:
    delegate = named("HDND-001")
    old = token_for(app, delegate)
    delegate.badge_version += 1
    removed = named("HDND-002")
    removed.revoked = True
    db.session().commit()
    answer = desk.post("/api/v1/checkins", json={"token": old, "desk": "Bàn 1"}).get_json()
    assert (answer["status"], answer["reason"]) == ("revoked", "revoked")
    assert desk.post("/api/v1/checkins", json={"token": token_for(app, delegate), "desk": "Bàn 1"}).get_json()[
        "status"] == "checked_in"
    answer = desk.post("/api/v1/checkins", json={"token": token_for(app, removed), "desk": "Bàn 1"}).get_json()
    assert (answer["status"], answer["reason"]) == ("revoked", "removed")


def test_check_in_by_name_search_result(desk: FlaskClient) -> None:
    seat = named("THON-001")
    answer = desk.post("/api/v1/checkins", json={"attendee_id": seat.id, "desk": "Bàn 3"}).get_json()
    assert answer["status"] == "checked_in" and answer["attendee"]["seat"] is True
    named_holder = desk.patch(f"/api/v1/checkins/{answer['checkin_id']}", json={"holder_name": "Nguyễn Văn Bình"})
    assert named_holder.get_json()["holder_name"] == "Nguyễn Văn Bình"
    assert desk.post("/api/v1/checkins",
                     json={"attendee_id": 999999, "desk": "Bàn 3"}).get_json()["status"] == "invalid"


@pytest.mark.parametrize("body", [
    {"desk": "Bàn 1"},
    {"token": "K1.X", "attendee_id": 1, "desk": "Bàn 1"},
    {"attendee_id": "12", "desk": "x"},
    {"attendee_id": True},
    {"token": 5},
    {"token": "K1.X", "scanned_at": "yesterday"},
    {"token": "K1.X", "desk": "x" * 500},
])
def test_malformed_bodies_get_400_naming_the_field_and_change_nothing(desk: FlaskClient, body: dict) -> None:
    response = desk.post("/api/v1/checkins", json=body)
    assert response.status_code == 400
    assert response.get_json()["error"]["message"]
    assert checkin_rows() == 0


def test_no_login_is_401_and_the_chair_is_403(app: Flask, client: FlaskClient,
                                              login: Callable[[str], None]) -> None:
    body = {"token": token_for(app, named("DU-001")), "desk": "Bàn 1"}
    assert client.post("/api/v1/checkins", json=body).status_code == 401
    login("chair")
    assert client.post("/api/v1/checkins", json=body).status_code == 403
    assert checkin_rows() == 0


def test_offline_desks_end_with_the_earliest_scan(app: Flask, desk: FlaskClient) -> None:
    """Desk B's later scan reaches the server first; desk A's earlier one then takes the check-in."""
    delegate = named("TH-001")
    now = dt.datetime.now(dt.UTC).timestamp()
    b = desk.post("/api/v1/checkins", json={"token": token_for(app, delegate), "desk": "B", "client_id": "B-1",
                                            "scanned_at": now - 60}).get_json()
    a = desk.post("/api/v1/checkins", json={"token": token_for(app, delegate), "desk": "A", "client_id": "A-1",
                                            "scanned_at": now - 120}).get_json()
    assert b["status"] == "checked_in" and a["status"] == "checked_in"
    assert a["first_desk"] == "A"
    roster = {row["id"]: row for row in desk.get("/api/v1/desk/roster").get_json()["attendees"]}
    assert roster[delegate.id]["checked_in_desk"] == "A"
    assert desk.get("/api/v1/attendance").get_json()["total"]["checked_in"] == 1
    # B's retry still hears what it heard, but the counting check-in is A's.
    retry = desk.post("/api/v1/checkins", json={"token": token_for(app, delegate), "desk": "B", "client_id": "B-1",
                                                "scanned_at": now - 60}).get_json()
    assert retry["status"] == "checked_in" and retry["first_desk"] == "A"


def test_undo_needs_a_reason_and_is_kept(app: Flask, desk: FlaskClient) -> None:
    delegate = named("YT-001")
    desk.post("/api/v1/checkins", json={"token": token_for(app, delegate), "desk": "Bàn 1"})
    assert desk.post("/api/v1/checkins/undo", json={"desk": "Bàn 1"}).status_code == 400
    undone = desk.post("/api/v1/checkins/undo", json={"desk": "Bàn 1", "reason": "Quét nhầm thẻ"})
    assert undone.status_code == 200 and undone.get_json()["attendee"]["id"] == delegate.id
    assert desk.get("/api/v1/attendance").get_json()["total"]["checked_in"] == 0
    undo_row = db.session().scalars(select(CheckIn).where(CheckIn.action == "undo")).one()
    assert (undo_row.reason, undo_row.desk) == ("Quét nhầm thẻ", "Bàn 1")
    assert desk.post("/api/v1/checkins/undo", json={"desk": "Bàn 1", "reason": "x"}).status_code == 404
    again = desk.post("/api/v1/checkins", json={"token": token_for(app, delegate), "desk": "Bàn 1"}).get_json()
    assert again["status"] == "checked_in"


def test_the_roster_and_attendees_need_their_roles(client: FlaskClient, login: Callable[[str], None]) -> None:
    assert client.get("/api/v1/desk/roster").status_code == 401
    assert client.get("/api/v1/attendees").status_code == 401
    login("reception")
    roster = client.get("/api/v1/desk/roster").get_json()["attendees"]
    assert len(roster) == 120
    assert client.get("/api/v1/attendees").status_code == 403


def test_public_attendance_has_counts_only(client: FlaskClient) -> None:
    body = client.get("/api/v1/attendance").get_json()
    assert body["total"] == {"expected": 120, "registered": 120, "checked_in": 0, "stand_ins": 0, "excused": 0,
                             "absent": 120}
    assert "(mẫu)" not in str(body)


@pytest.mark.parametrize("name", ["\u202eNguyễn Văn Khách", "Nguyễn\u0007 Văn Khách", "Nguyễn Văn\nKhách",
                                  "Nguyễn\u2067 Văn Khách", "Nguyễn\u009b Văn Khách"])
def test_a_name_with_a_control_or_bidi_character_is_refused_by_field_and_nothing_is_added(
        desk: FlaskClient, name: str) -> None:
    """A U+202E would turn the name around on /stage and in the PDFs; a BEL or a line break breaks reports."""
    before = len(desk.get("/api/v1/desk/roster").get_json()["attendees"])
    walk_in = desk.post("/api/v1/attendees", json={"group": "TH", "full_name": name})
    assert walk_in.status_code == 400 and walk_in.get_json()["error"]["field"] == "full_name"
    assert "điều khiển" in walk_in.get_json()["error"]["message"]
    stand_in = desk.post("/api/v1/checkins", json={"attendee_id": named("DU-001").id, "desk": "Bàn 1",
                                                   "stand_in": {"name": name}})
    assert stand_in.status_code == 400 and stand_in.get_json()["error"]["field"] == "stand_in.name"
    assert len(desk.get("/api/v1/desk/roster").get_json()["attendees"]) == before
    assert checkin_rows() == 0


def test_a_walk_in_whose_name_is_on_the_list_is_refused_unless_the_desk_says_it_is_a_namesake(
        desk: FlaskClient) -> None:
    """The Bí thư missed by the search and registered again would be introduced twice by the MC."""
    on_list = named("DU-001")
    before = len(desk.get("/api/v1/desk/roster").get_json()["attendees"])
    typed = on_list.full_name.upper().replace("Ễ", "E")  # as typed in a hurry: other case, a mark missing
    again = desk.post("/api/v1/attendees", json={"group": "DU", "full_name": typed})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "same_name_on_list"
    assert "DU-001" in again.get_json()["error"]["message"]
    assert len(desk.get("/api/v1/desk/roster").get_json()["attendees"]) == before
    english = desk.post("/api/v1/attendees?lang=en", json={"group": "TH", "full_name": on_list.full_name})
    assert english.get_json()["error"]["message"].startswith(f"“{on_list.full_name}” is on the list already: DU-001")
    namesake = desk.post("/api/v1/attendees", json={"group": "TH", "full_name": on_list.full_name,
                                                    "same_name": True})
    assert namesake.status_code == 201
    assert len(desk.get("/api/v1/desk/roster").get_json()["attendees"]) == before + 1


def test_a_walk_in_registered_by_mistake_goes_with_its_undone_arrival_and_the_minutes_do_not_list_it_absent(
        desk: FlaskClient) -> None:
    from kiosk.auth.models import AuditEntry
    from kiosk.checkin.summary import attendance_summary
    from kiosk.events.service import current_event

    registered = desk.get("/api/v1/attendance").get_json()["total"]["registered"]
    walk_in = desk.post("/api/v1/attendees", json={"group": "TH", "full_name": "Người Đăng Ký Nhầm"}).get_json()
    delegate = walk_in["attendee"]
    assert delegate["walk_in"] is True
    desk.post("/api/v1/checkins", json={"attendee_id": delegate["id"], "desk": "Bàn 1", "client_id": "mistake-1"})
    assert desk.get("/api/v1/attendance").get_json()["total"]["registered"] == registered + 1

    undone = desk.post("/api/v1/checkins/undo", json={"desk": "Bàn 1", "reason": "Đăng ký nhầm người",
                                                      "withdraw_walk_in": True}).get_json()
    assert undone["walk_in_withdrawn"] is True and undone["attendee"]["revoked"] is True
    assert desk.get("/api/v1/attendance").get_json()["total"]["registered"] == registered
    session = db.session()
    event = current_event(session)
    assert event is not None
    assert delegate["number"] not in {d.number for d in attendance_summary(session, event).absent}
    withdrawn = session.scalars(select(AuditEntry).where(AuditEntry.action == "delegate.walk_in_withdrawn")).one()
    assert withdrawn.role == "reception"
    assert withdrawn.detail["target"] == delegate["number"]
    assert withdrawn.detail["after"] == {"revoked": True, "reason": "Đăng ký nhầm người"}


def test_undoing_a_delegate_from_the_list_keeps_them_registered_even_when_asked_to_withdraw_a_walk_in(
        app: Flask, desk: FlaskClient) -> None:
    delegate = named("YT-002")
    desk.post("/api/v1/checkins", json={"token": token_for(app, delegate), "desk": "Bàn 1"})
    refused = desk.post("/api/v1/checkins/undo", json={"desk": "Bàn 1", "reason": "Quét nhầm",
                                                       "withdraw_walk_in": "yes"})
    assert refused.status_code == 400 and refused.get_json()["error"]["field"] == "withdraw_walk_in"
    assert desk.get("/api/v1/attendance").get_json()["total"]["checked_in"] == 1  # nothing changed

    undone = desk.post("/api/v1/checkins/undo", json={"desk": "Bàn 1", "reason": "Quét nhầm",
                                                      "withdraw_walk_in": True}).get_json()
    assert undone["walk_in_withdrawn"] is False and undone["attendee"]["revoked"] is False
    assert desk.get("/api/v1/attendance").get_json()["total"] == {
        "expected": 120, "registered": 120, "checked_in": 0, "stand_ins": 0, "excused": 0, "absent": 120}
