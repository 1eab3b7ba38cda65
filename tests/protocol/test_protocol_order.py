"""Protocol order is one rule (groups in the event file's order, then each delegate's rank), set by the roster's
rows or its order column, changed in /admin, and followed by every list: the desks, /admin/delegates, the
report and the introductions."""

from __future__ import annotations

import csv
import io

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from kiosk.attendees.models import Attendee
from kiosk.attendees.roster_import import import_roster
from kiosk.auth.models import AuditEntry
from kiosk.events.service import current_event
from tests.conftest import db, person


def report_numbers(client: FlaskClient, group: str) -> list[str]:
    rows = csv.reader(io.StringIO(client.get("/admin/reports/attendance.csv").data.decode("utf-8-sig")))
    return [row[1] for row in rows if len(row) > 1 and row[1].startswith(f"{group}-")]


def desk_numbers(client: FlaskClient, group: str) -> list[str]:
    rows = client.get("/api/v1/desk/roster").get_json()["attendees"]
    return [row["number"] for row in rows if row["group"]["code"] == group]


def admin_numbers(client: FlaskClient, group: str) -> list[str]:
    page = client.get(f"/admin/delegates?group={group}").get_data(as_text=True)
    numbers = [part.split("<", 1)[0] for part in page.split('<span class="swatch" aria-hidden="true"></span>')[1:]]
    return [n for n in numbers if n.startswith(f"{group}-")]


def test_the_report_lists_each_group_in_the_rosters_order_not_by_name(admin: FlaskClient) -> None:
    # By given name the party's standing deputy secretary (Trung) would come after the deputy (Thảo).
    assert report_numbers(admin, "DU") == ["DU-001", "DU-002", "DU-003"]
    assert report_numbers(admin, "HDND") == ["HDND-001", "HDND-002", "HDND-003"]


def test_every_list_follows_a_delegate_moved_in_admin_and_the_move_is_audited(admin: FlaskClient) -> None:
    standing = person("DU-002")
    response = admin.post(f"/admin/delegates/{standing.id}/move", data={"direction": "up"})
    assert response.status_code == 302
    expected = ["DU-002", "DU-001", "DU-003"]
    assert report_numbers(admin, "DU") == expected
    assert desk_numbers(admin, "DU") == expected
    assert admin_numbers(admin, "DU") == expected
    rows = {row["number"]: row for row in admin.get("/api/v1/desk/roster").get_json()["attendees"]}
    assert rows["DU-002"]["order"] < rows["DU-001"]["order"] < rows["DU-003"]["order"] < rows["HDND-001"]["order"]
    for number in ("DU-001", "DU-003", "DU-002"):
        admin.post("/api/v1/checkins", json={"attendee_id": person(number).id, "desk": "Bàn 1"})
    introduced = admin.get("/api/v1/introductions").get_json()["groups"][0]["delegates"]
    assert [d["number"] for d in introduced] == expected

    assert admin.post(f"/admin/delegates/{person('DU-001').id}/move", data={"place": "3"}).status_code == 302
    assert report_numbers(admin, "DU") == ["DU-002", "DU-003", "DU-001"]
    db.session.remove()
    moves = db.session().scalars(select(AuditEntry).where(AuditEntry.action == "delegate.move")
                                 .order_by(AuditEntry.id)).all()
    assert [(m.role, m.detail["target"], m.detail["before"], m.detail["after"]) for m in moves] == [
        ("admin", "DU-002", {"rank": 2}, {"rank": 1}), ("admin", "DU-001", {"rank": 2}, {"rank": 3})]
    assert "Đổi thứ tự đại biểu" in admin.get("/admin/audit").get_data(as_text=True)


def test_a_place_outside_the_group_is_refused_and_nothing_moves(admin: FlaskClient) -> None:
    for place in ("0", "4", "hai"):
        response = admin.post(f"/admin/delegates/{person('DU-001').id}/move", data={"place": place})
        assert response.status_code == 400
        assert "Thứ tự trong nhóm" in response.get_data(as_text=True)
    assert report_numbers(admin, "DU") == ["DU-001", "DU-002", "DU-003"]
    assert admin.post(f"/admin/delegates/{person('DU-001').id}/move", data={"direction": "up"}).status_code == 302
    assert report_numbers(admin, "DU") == ["DU-001", "DU-002", "DU-003"]  # the first stays first


def test_a_walk_in_and_a_delegate_moved_to_another_group_come_last_in_it(admin: FlaskClient) -> None:
    added = admin.post("/api/v1/attendees", json={"group": "DU", "full_name": "Lê Văn Mới Đến"}).get_json()
    assert desk_numbers(admin, "DU")[-1] == added["attendee"]["number"]
    mover = person("HDND-002")
    response = admin.post(f"/admin/delegates/{mover.id}", data={"group": "DU", "full_name": mover.full_name,
                                                                  "position": mover.position, "unit": mover.unit})
    assert response.status_code == 302
    assert desk_numbers(admin, "DU")[-1] == person_by_id(mover.id).number


def person_by_id(attendee_id: int) -> Attendee:
    db.session.remove()
    found = db.session().get(Attendee, attendee_id)
    assert found is not None
    return found


def load(text: str) -> list[str]:
    session = db.session()
    event = current_event(session)
    assert event is not None
    check = import_roster(session, event, "ds.csv", text.encode("utf-8"))
    session.commit()
    assert check.ok, [str(error) for error in check.errors]
    return [a.full_name or "" for a in session.scalars(select(Attendee).where(Attendee.full_name.like("% Mới %"))
                                                       .order_by(Attendee.group_id, Attendee.rank))]


def test_a_roster_without_an_order_column_ranks_in_its_row_order(app: Flask) -> None:
    names = load("Họ và tên,Nhóm\nZ Mới Một,TH\nA Mới Hai,TH\nM Mới Ba,TH\n")
    assert names == ["Z Mới Một", "A Mới Hai", "M Mới Ba"]


def test_a_rosters_order_column_ranks_its_rows_and_a_row_without_a_number_follows_the_row_above(app: Flask) -> None:
    names = load("STT,Họ và tên,Nhóm\n3,Ba Mới A,YT\n1,Một Mới B,YT\n,Sau Một Mới C,YT\n2.,Hai Mới D,YT\n")
    assert names == ["Một Mới B", "Sau Một Mới C", "Hai Mới D", "Ba Mới A"]
    numbers = {a.full_name: a.number for a in db.session().scalars(select(Attendee).where(Attendee.unit == ""))
               if a.full_name and "Mới" in a.full_name}
    assert sorted(numbers, key=numbers.__getitem__) == names  # badge numbers follow the order too


def test_a_bad_order_number_is_named_by_row_and_column(app: Flask) -> None:
    session = db.session()
    event = current_event(session)
    assert event is not None
    check = import_roster(session, event, "ds.csv", "Thứ tự,Họ và tên,Nhóm\n1,A Mới,TH\nhai,B Mới,TH\n".encode())
    assert [str(error) for error in check.errors] == ["Dòng 3, cột A (Thứ tự): số thứ tự “hai” phải là số nguyên"]
