"""The foundation as a user meets it: init, PIN login, every screen with real data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from kiosk.events.eventfile import EventFileError, default_event_path
from kiosk.installation import InitError, initialise
from kiosk.models import Attendee, AttendeeGroup, Event
from tests.conftest import db

TITLE_START = "Hội nghị đánh giá công tác cải cách hành chính"


def test_init_demo_loads_the_plan_and_120_marked_sample_delegates(app: object) -> None:
    session = db.session()
    assert session.scalar(select(func.count()).select_from(Event)) == 1
    assert session.scalar(select(func.count()).select_from(AttendeeGroup)) == 9
    attendees = session.scalars(select(Attendee)).all()
    assert len(attendees) == 120
    named = [a for a in attendees if a.full_name]
    assert named and all(a.full_name.endswith("(mẫu)") and a.is_sample for a in named)
    seats = [a for a in attendees if a.full_name is None]
    assert len(seats) == 40 and all(a.seat_label and a.group.seats for a in seats)
    assert len({a.number for a in attendees}) == 120


def test_init_refuses_a_second_event_without_force(app: object, instance: Path) -> None:
    with pytest.raises(InitError, match="--force"):
        initialise(db, instance)


def test_a_malformed_event_file_changes_nothing(app: object, instance: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(default_event_path().read_text(encoding="utf-8").replace('colour = "#1565C0"', 'colour = "blue"'),
                   encoding="utf-8")
    with pytest.raises(EventFileError, match=r"bad.toml, dòng \d+: trường “colour”"):
        initialise(db, instance, event_file=bad, force=True)
    assert db.session().scalar(select(func.count()).select_from(Attendee)) == 120


def test_public_screens_show_the_event_in_vietnamese(client: FlaskClient) -> None:
    for path in ("/", "/screen", "/agenda", "/stage"):
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.get_data(as_text=True)
        assert 'lang="vi"' in page
    screen = client.get("/screen").get_data(as_text=True)
    assert TITLE_START in screen
    assert "Trung tâm Phục vụ hành chính công" in screen  # the agenda (its QR: tests/security/test_hosts.py)
    agenda = client.get("/agenda").get_data(as_text=True)
    assert "Tuyên bố lý do, giới thiệu đại biểu" in agenda and "10 phút" in agenda


def test_public_pages_carry_no_delegate_names(client: FlaskClient) -> None:
    name = db.session().scalars(select(Attendee.full_name).where(Attendee.full_name.is_not(None))).first()
    for path in ("/screen", "/agenda", "/stage", "/api/v1/groups", "/api/v1/event"):
        assert name not in client.get(path).get_data(as_text=True), path


@pytest.mark.parametrize(("path", "role"), [("/admin", "admin"), ("/checkin", "reception"), ("/chair", "chair")])
def test_role_pages_ask_for_a_pin_then_show_real_data(client: FlaskClient, login: Callable[[str], None],
                                                      path: str, role: str) -> None:
    locked = client.get(path)
    assert locked.status_code == 401
    assert "Mã PIN" in locked.get_data(as_text=True)
    login(role)
    page = client.get(path).get_data(as_text=True)
    if role == "chair":
        assert "Tuyên bố lý do, giới thiệu đại biểu" in page
    else:
        assert "Thường trực Đảng ủy" in page and "Các thôn và Tổ công nghệ số cộng đồng" in page


def test_admin_may_open_every_role_page(client: FlaskClient, login: Callable[[str], None]) -> None:
    login("admin")
    assert all(client.get(p).status_code == 200 for p in ("/admin", "/checkin", "/chair"))


def test_a_wrong_pin_gets_401_and_a_clear_message(client: FlaskClient) -> None:
    response = client.post("/api/v1/login", json={"role": "admin", "pin": "000000"})
    assert response.status_code == 401
    assert response.get_json()["error"] == {"code": "wrong_pin", "message": "Mã PIN không đúng cho vai trò “Quản trị”."}
    assert client.get("/admin").status_code == 401


@pytest.mark.parametrize("body", [None, [], {"role": "boss", "pin": "1"}, {"role": "admin"},
                                  {"role": "admin", "pin": 5}])
def test_malformed_logins_get_400_with_a_message(client: FlaskClient, body: object) -> None:
    response = client.post("/api/v1/login", json=body) if body is not None else client.post("/api/v1/login", data="x")
    assert response.status_code == 400
    assert response.get_json()["error"]["message"]


def test_pins_are_hashed_at_rest(app: object, pin_env: dict[str, str]) -> None:
    from kiosk.auth.models import RolePin

    stored = {row.role: row.pin_hash for row in db.session().scalars(select(RolePin))}
    assert set(stored) == {"admin", "reception", "chair"}
    assert all(pin_env[role] not in pin_hash for role, pin_hash in stored.items())


def test_groups_api_gives_expected_and_arrived(client: FlaskClient) -> None:
    groups = client.get("/api/v1/groups").get_json()
    assert len(groups) == 9
    assert groups[0] | {} == {"code": "DU", "name": "Thường trực Đảng ủy", "colour": "#B71C1C", "expected": 3,
                              "registered": 3, "arrived": 0, "stand_ins": 0, "excused": 0}
    assert sum(g["expected"] for g in groups) == 120


def test_english_is_the_second_language(client: FlaskClient) -> None:
    page = client.get("/agenda?lang=en").get_data(as_text=True)
    assert 'lang="en"' in page and "Programme" in page
    assert 'lang="en"' in client.get("/screen").get_data(as_text=True), "the choice is remembered"
    assert 'lang="vi"' in client.get("/screen?lang=vi").get_data(as_text=True)


def test_http_errors_read_in_the_pages_language_for_people_and_for_scripts(instance: Path,
                                                                             pin_env: dict[str, str]) -> None:
    """werkzeug's stock texts are English only: a desk in Vietnamese must not show "The server encountered…"."""
    from tests.conftest import kiosk_app

    with kiosk_app(instance, PROPAGATE_EXCEPTIONS=False) as app:
        def broken() -> str:
            raise RuntimeError("a bug")

        app.add_url_rule("/api/v1/broken", view_func=broken)
        app.add_url_rule("/broken", view_func=broken)
        client = app.test_client()
        failed = client.get("/api/v1/broken")
        assert failed.status_code == 500
        assert failed.get_json()["error"]["code"] == "internal_server_error"
        assert failed.get_json()["error"]["message"].startswith("Máy chủ gặp lỗi khi xử lý yêu cầu.")
        assert client.get("/api/v1/broken?lang=en").get_json()["error"]["message"].startswith(
            "The server could not handle the request.")
        page = client.get("/broken?lang=vi")
        assert page.status_code == 500 and "Máy chủ gặp lỗi" in page.get_data(as_text=True)
        missing = client.get("/api/v1/nothing-here")
        assert (missing.status_code, missing.get_json()["error"]["message"]) == (404, "Không có trang hoặc mục này.")
        assert "Không có trang hoặc mục này." in client.get("/khong-co").get_data(as_text=True)
        wrong = client.delete("/api/v1/time?lang=en")
        assert (wrong.status_code, wrong.get_json()["error"]["message"]) == (
            405, "This address does not take this kind of request.")
