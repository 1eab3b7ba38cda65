"""The organiser's pages: edits that are kept and audited, refusals that name the field and change nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from kiosk.attendees.models import Attendee
from kiosk.auth.models import AuditEntry
from kiosk.badges.token import sign
from kiosk.events.models import AgendaItem, AttendeeGroup, Event
from kiosk.events.service import current_event
from tests.conftest import db

PAGES = ["/admin", "/admin/event", "/admin/groups", "/admin/delegates", "/admin/delegates/1", "/admin/agenda",
         "/admin/import", "/admin/audit", "/admin/export"]
POSTS = ["/admin/event", "/admin/groups/1", "/admin/delegates", "/admin/delegates/1", "/admin/delegates/1/revoke",
         "/admin/delegates/1/reissue", "/admin/agenda", "/admin/agenda/1", "/admin/agenda/1/delete",
         "/admin/agenda/1/move", "/admin/import/plan", "/admin/import/plan/apply", "/admin/import/roster"]


def event() -> Event:
    db.session.remove()
    found = current_event(db.session())
    assert found is not None
    return found


def audit(action: str) -> list[AuditEntry]:
    return list(db.session().scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def page(response) -> str:  # type: ignore[no-untyped-def]
    return response.get_data(as_text=True)


def snapshot() -> list[tuple[object, ...]]:
    """Every row an admin page can change, to show a refusal changed nothing."""
    session = db.session()
    rows: list[tuple[object, ...]] = []
    for model, columns in ((Event, ("title", "short_title", "place", "date", "start_time", "presentation_seconds",
                                     "amber_seconds", "red_seconds")),
                           (AttendeeGroup, ("name", "colour", "expected", "seat_area", "seats")),
                           (AgendaItem, ("position", "number", "kind", "title", "presenter", "planned_seconds",
                                         "parent_id")),
                           (Attendee, ("number", "group_id", "full_name", "position", "unit", "badge_version",
                                       "revoked"))):
        rows += [tuple(getattr(row, c) for c in ("id", *columns)) for row in session.scalars(select(model))]
    changes = select(func.count()).select_from(AuditEntry).where(AuditEntry.action.not_like("auth.%"))
    return [*rows, ("audit", session.scalar(changes))]  # signing in and out is audited too, and changes nothing


def test_no_admin_page_or_form_without_the_admin_pin(app: Flask, client: FlaskClient,
                                                     login: Callable[[str], None]) -> None:
    before = snapshot()
    for role in (None, "reception", "chair"):
        if role:
            login(role)
        assert {path: client.get(path).status_code for path in PAGES} == dict.fromkeys(PAGES, 401)
        assert {path: client.post(path, data={"title": "x"}).status_code for path in POSTS} == \
            dict.fromkeys(POSTS, 401)
    assert snapshot() == before


def test_every_admin_page_renders_with_the_navigation(admin: FlaskClient) -> None:
    for path in PAGES[:-1]:
        response = admin.get(path)
        assert response.status_code == 200, path
        assert 'class="admin-nav"' in page(response) and 'aria-current="page"' in page(response)


def test_the_event_is_edited_and_the_change_audited(admin: FlaskClient) -> None:
    form = {"title": "Hội nghị sơ kết 6 tháng", "short_title": "Sơ kết 6 tháng", "place": "Hội trường tầng 2",
            "date": "18/06/2026", "start_time": "7:30", "presentation_minutes": "7", "amber_seconds": "90",
            "red_seconds": "30"}
    response = admin.post("/admin/event", data=form)
    assert response.status_code == 302
    saved = event()
    assert (saved.title, saved.place, saved.date, saved.start_time) == ("Hội nghị sơ kết 6 tháng",
                                                                        "Hội trường tầng 2", "2026-06-18", "07:30")
    assert (saved.presentation_seconds, saved.amber_seconds, saved.red_seconds) == (420, 90, 30)
    presentations = [item for item in saved.agenda if item.kind == "presentation"]
    assert presentations and all(item.planned_seconds == 420 for item in presentations)  # they follow
    entry, = audit("event.update")
    assert entry.role == "admin"
    assert entry.detail["before"]["date"] == "2026-06" and entry.detail["after"]["date"] == "2026-06-18"
    assert entry.detail["after"]["presentations_following"] == [p.number for p in presentations]
    assert "Đã lưu thông tin hội nghị." in page(admin.get("/admin/event"))
    assert 'value="18/06/2026"' in page(admin.get("/admin/event"))


@pytest.mark.parametrize(("field", "value", "message"), [
    ("title", "  ", "“Tên hội nghị”: không được để trống."),
    ("place", "Hội\x00trường", "“Địa điểm”: có ký tự điều khiển hoặc ký tự đảo chiều văn bản; hãy gõ lại."),
    ("title", "Hội nghị \u202eCCHC", "“Tên hội nghị”: có ký tự điều khiển hoặc ký tự đảo chiều văn bản; hãy gõ lại."),
    ("date", "31/02/2026", "“Ngày”: phải là ngày dạng dd/mm/yyyy, hoặc mm/yyyy khi mới biết tháng."),
    ("start_time", "25:00", "“Giờ bắt đầu”: phải là giờ dạng HH:MM (24 giờ), ví dụ 07:30."),
    ("presentation_minutes", "mười", "“Thời lượng mỗi tham luận (phút)”: phải là số nguyên, đang là “mười”."),
    ("red_seconds", "200", "“Ngưỡng đỏ (giây còn lại)”: ngưỡng đỏ phải nhỏ hơn hoặc bằng ngưỡng vàng."),
])
def test_a_bad_event_field_is_named_and_nothing_changes(admin: FlaskClient, field: str, value: str,
                                                        message: str) -> None:
    before = snapshot()
    form = {"title": "Mới", "short_title": "Mới", "place": "Nơi mới", "date": "06/2026", "start_time": "08:00",
            "presentation_minutes": "10", "amber_seconds": "120", "red_seconds": "60", field: value}
    response = admin.post("/admin/event", data=form)
    assert response.status_code == 400
    assert message in page(response)
    assert 'aria-invalid="true"' in page(response)
    assert snapshot() == before


def test_a_group_gets_a_new_colour_and_expected_count(admin: FlaskClient) -> None:
    group = event().groups[5]
    code, colour, expected = group.code, group.colour, group.expected
    response = admin.post(f"/admin/groups/{group.id}", data={
        "name": group.name, "colour": "#123abc", "expected": "42", "seat_area": "Khu B – Hàng 3"})
    assert response.status_code == 302
    saved = event().groups[5]
    assert (saved.colour, saved.expected, saved.seat_area, saved.seats) == ("#123ABC", 42, "Khu B – Hàng 3", False)
    entry, = audit("group.update")
    assert entry.detail["target"] == code
    assert entry.detail["before"] == {"colour": colour, "expected": expected, "seat_area": "Khu B"}
    assert entry.detail["after"] == {"colour": "#123ABC", "expected": 42, "seat_area": "Khu B – Hàng 3"}

    before = snapshot()
    refused = admin.post(f"/admin/groups/{group.id}", data={"name": "", "colour": "đỏ", "expected": "-1"})
    assert refused.status_code == 400
    text = page(refused)
    assert "“Tên nhóm”: không được để trống." in text
    assert "“Màu thẻ”: phải là mã màu dạng #RRGGBB, đang là “ĐỎ”." in text
    assert "“Số dự kiến”: phải từ 0 đến 10000." in text
    assert snapshot() == before


def test_a_delegate_is_added_edited_revoked_and_given_a_new_badge(app: Flask, admin: FlaskClient) -> None:
    response = admin.post("/admin/delegates", data={"group": "PCM", "full_name": " Nguyễn  Văn Mới ",
                                                    "position": "Chuyên viên", "unit": "Phòng Kinh tế"})
    assert response.status_code == 302
    person = db.session().scalars(select(Attendee).where(Attendee.full_name == "Nguyễn Văn Mới")).one()
    assert person.number == "PCM-036" and person.group.code == "PCM"
    assert "Đã thêm Nguyễn Văn Mới, thẻ số PCM-036." in page(admin.get(response.location))
    assert admin.get("/admin/delegates?q=nguyen van moi").get_data(as_text=True).count("Nguyễn Văn Mới") == 1

    moved = admin.post(f"/admin/delegates/{person.id}", data={"group": "TH", "full_name": "Nguyễn Văn Mới",
                                                              "position": "Giáo viên tin học", "unit": "Trường THCS"})
    assert moved.status_code == 302
    db.session.remove()
    person = db.session().get(Attendee, person.id)
    assert (person.group.code, person.number, person.position) == ("TH", "TH-021", "Giáo viên tin học")
    entry, = audit("delegate.update")
    assert entry.detail["before"]["number"] == "PCM-036" and entry.detail["after"]["group"] == "TH"

    old_token = sign(app.config["BADGE_SECRET"], event_id=person.event_id, attendee_id=person.id, version=1)
    assert admin.post(f"/admin/delegates/{person.id}/reissue").status_code == 302
    scan = admin.post("/api/v1/checkins", json={"token": old_token, "desk": "Bàn 1", "client_id": "old-1"})
    assert scan.get_json()["status"] == "revoked"
    new_token = sign(app.config["BADGE_SECRET"], event_id=person.event_id, attendee_id=person.id, version=2)

    assert admin.post(f"/admin/delegates/{person.id}/revoke").status_code == 302
    scan = admin.post("/api/v1/checkins", json={"token": new_token, "desk": "Bàn 1", "client_id": "new-1"})
    assert scan.get_json()["status"] == "revoked"
    assert admin.post(f"/admin/delegates/{person.id}/revoke", data={"restore": "1"}).status_code == 302
    scan = admin.post("/api/v1/checkins", json={"token": new_token, "desk": "Bàn 1", "client_id": "new-2"})
    assert scan.get_json()["status"] == "checked_in"
    assert [e.action for e in db.session().scalars(select(AuditEntry).where(AuditEntry.action.startswith("delegate."))
                                                   .order_by(AuditEntry.id))] == [
        "delegate.add", "delegate.update", "delegate.reissue", "delegate.revoke", "delegate.restore"]
    assert audit("delegate.reissue")[0].detail["after"] == {"badge_version": 2}


def test_a_delegate_without_a_name_or_group_is_refused(admin: FlaskClient) -> None:
    before = snapshot()
    response = admin.post("/admin/delegates", data={"group": "XYZ", "full_name": "", "unit": "x" * 301})
    assert response.status_code == 400
    text = page(response)
    assert "“Nhóm”: hãy chọn một giá trị trong danh sách." in text
    assert "“Họ và tên”: cần họ và tên (hoặc tên ghế cho ghế đại diện)." in text
    assert "“Đơn vị”: dài quá 300 ký tự." in text
    assert snapshot() == before


def agenda_rows() -> list[tuple[str, str, str, int]]:
    return [(item.number, item.kind, item.title, item.planned_seconds) for item in event().agenda]


def test_the_programme_gets_an_item_a_new_order_and_loses_one(admin: FlaskClient) -> None:
    section = next(item for item in event().agenda if item.kind == "section")
    added = admin.post("/admin/agenda", data={"parent_id": str(section.id), "kind": "presentation",
                                              "title": "Tham luận của Công an xã", "presenter": "Công an xã",
                                              "minutes": "10"})
    assert added.status_code == 302
    rows = agenda_rows()
    assert rows[10] == ("3.8", "presentation", "Tham luận của Công an xã", 600)
    assert rows[11][0] == "4"

    pause = admin.post("/admin/agenda", data={"parent_id": "", "kind": "break", "title": "Giải lao", "minutes": "15"})
    assert pause.status_code == 302
    item = next(item for item in event().agenda if item.title == "Giải lao")
    assert item.number == "5"
    assert admin.post(f"/admin/agenda/{item.id}/move", data={"direction": "up"}).status_code == 302
    assert admin.post(f"/admin/agenda/{item.id}/move", data={"direction": "up"}).status_code == 302
    assert [row[:3] for row in agenda_rows() if "." not in row[0]] == [
        ("1", "opening", "Tuyên bố lý do, giới thiệu đại biểu"),
        ("2", "report", agenda_rows()[1][2]), ("3", "break", "Giải lao"),
        ("4", "section", "Báo cáo tham luận tại Hội nghị"), ("5", "direction", agenda_rows()[-1][2])]
    assert [row[0] for row in agenda_rows() if row[0].startswith("4.")] == [f"4.{n}" for n in range(1, 9)]

    first_talk = next(item for item in event().agenda if item.number == "4.1")
    assert admin.post(f"/admin/agenda/{first_talk.id}", data={
        "kind": "presentation", "title": first_talk.title, "presenter": first_talk.presenter,
        "minutes": "12"}).status_code == 302
    assert admin.post(f"/admin/agenda/{item.id}/delete").status_code == 302
    assert "Giải lao" not in [row[2] for row in agenda_rows()]
    assert next(i for i in event().agenda if i.id == first_talk.id).planned_seconds == 720
    assert [e.action for e in db.session().scalars(select(AuditEntry).where(AuditEntry.action.startswith("agenda."))
                                                   .order_by(AuditEntry.id))] == [
        "agenda.add", "agenda.add", "agenda.move", "agenda.move", "agenda.update", "agenda.remove"]
    assert audit("agenda.remove")[0].detail["before"] == {"items": ["3 Giải lao"]}
    assert "Đã xóa mục 3 “Giải lao”." in page(admin.get("/admin/agenda"))


def test_an_item_the_chair_has_started_keeps_its_place_and_length(admin: FlaskClient,
                                                                  login: Callable[[str], None]) -> None:
    login("chair")
    assert admin.post("/api/v1/timer/start").status_code == 200
    login("admin")
    started = next(item for item in event().agenda if item.timed)
    before = snapshot()
    refused = admin.post(f"/admin/agenda/{started.id}/delete")
    assert refused.status_code == 409
    assert "Đồng hồ của chủ trì đã chạy mục này" in page(refused)
    assert admin.post(f"/admin/agenda/{started.id}/move", data={"direction": "down"}).status_code == 409
    longer = admin.post(f"/admin/agenda/{started.id}", data={"kind": started.kind, "title": started.title,
                                                             "presenter": "", "minutes": "30"})
    assert longer.status_code == 409 and "“Số phút”: Đồng hồ của chủ trì đã chạy mục này" in page(longer)
    assert snapshot() == before
    renamed = admin.post(f"/admin/agenda/{started.id}", data={"kind": started.kind, "title": "Khai mạc hội nghị",
                                                              "presenter": "", "minutes": "5"})
    assert renamed.status_code == 302  # a new wording is fine; the clock keeps running
    assert admin.get("/api/v1/timer").get_json()["current"]["title"] == "Khai mạc hội nghị"


def test_a_bad_programme_line_is_named(admin: FlaskClient) -> None:
    before = snapshot()
    response = admin.post("/admin/agenda", data={"parent_id": "", "kind": "meeting", "title": "", "minutes": "-5"})
    assert response.status_code == 400
    text = page(response)
    assert "“Loại”: hãy chọn một giá trị trong danh sách." in text
    assert "“Tên mục”: không được để trống." in text and "“Số phút”: phải từ 0 đến 600." in text
    opening = event().agenda[0]
    nested = admin.post("/admin/agenda", data={"parent_id": str(opening.id), "kind": "other", "title": "Con",
                                               "minutes": "3"})
    assert nested.status_code == 409 and "“Thuộc phần”: chỉ xếp được vào một mục loại" in page(nested)
    assert snapshot() == before
