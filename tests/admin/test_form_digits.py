"""The organiser's forms take numbers, dates and times in the digits 0-9 and dates an event file can carry.

Python's ``int()`` reads "٣" and "３" as 3, and ``str.isdigit`` calls "²" a
digit that ``int()`` then refuses: the forms say which digits to use instead.
A date past 2099 (31/12/9999) is refused too: the screens' and reports' date
arithmetic runs past what Python's datetime holds.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kiosk.events.service import current_event
from tests.conftest import db
from tests.screens import event_rows, every_screen_answers, hall

EVENT_FORM = {"title": "Hội nghị sơ kết", "short_title": "Sơ kết", "place": "Hội trường", "date": "18/06/2026",
              "start_time": "08:00", "presentation_minutes": "10", "amber_seconds": "120", "red_seconds": "60"}
DIGITS = "chỉ viết bằng chữ số 0-9"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, FlaskClient]]:
    with hall(tmp_path_factory.mktemp("forms")) as both:
        yield both


@pytest.mark.parametrize(("field", "value", "message"), [
    ("date", "31/12/9999", "“Ngày”: năm phải từ 2000 đến 2099."),
    ("date", "12/9999", "“Ngày”: năm phải từ 2000 đến 2099."),
    ("date", "18/06/1999", "“Ngày”: năm phải từ 2000 đến 2099."),
    ("date", "١٨/٠٦/٢٠٢٦", f"“Ngày”: {DIGITS}, đang là “١٨/٠٦/٢٠٢٦”."),
    ("date", "2026-٠٦", f"“Ngày”: {DIGITS}, đang là “2026-٠٦”."),
    ("start_time", "٠٨:٣٠", f"“Giờ bắt đầu”: {DIGITS}, đang là “٠٨:٣٠”."),
    ("start_time", "08:３０", f"“Giờ bắt đầu”: {DIGITS}, đang là “08:３０”."),
    ("presentation_minutes", "٣", f"“Thời lượng mỗi tham luận (phút)”: {DIGITS}, đang là “٣”."),
    ("presentation_minutes", "１０", f"“Thời lượng mỗi tham luận (phút)”: {DIGITS}, đang là “１０”."),
    ("amber_seconds", "²", f"“Ngưỡng vàng (giây còn lại)”: {DIGITS}, đang là “²”."),
], ids=["31/12/9999", "12/9999", "18/06/1999", "arabic-indic-date", "arabic-indic-month", "arabic-indic-time",
        "full-width-minutes-of-time", "arabic-indic-integer", "full-width-integer", "superscript-two"])
def test_the_event_form_refuses_other_digits_and_years_past_2099(
        installed: tuple[Flask, FlaskClient], field: str, value: str, message: str) -> None:
    _app, admin = installed
    before = event_rows()
    response = admin.post("/admin/event", data={**EVENT_FORM, field: value})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert event_rows() == before
    assert every_screen_answers(admin)


@pytest.mark.parametrize("value", ["３５", "٣٥", "3²"], ids=["full-width", "arabic-indic", "superscript"])
def test_a_groups_expected_count_in_other_digits_is_refused(installed: tuple[Flask, FlaskClient], value: str) -> None:
    _app, admin = installed
    group = current_event(db.session()).groups[5]  # type: ignore[union-attr]
    before = event_rows()
    response = admin.post(f"/admin/groups/{group.id}", data={"name": group.name, "colour": group.colour,
                                                              "expected": value, "seat_area": group.seat_area})
    assert response.status_code == 400
    assert f"“Số dự kiến”: {DIGITS}, đang là “{value}”." in response.get_data(as_text=True)
    assert event_rows() == before


@pytest.mark.parametrize(("field", "value", "message"), [
    ("parent_id", "²", "“Thuộc phần”: hãy chọn một giá trị trong danh sách."),
    ("parent_id", "٣", "“Thuộc phần”: hãy chọn một giá trị trong danh sách."),
    ("parent_id", "abc", "“Thuộc phần”: hãy chọn một giá trị trong danh sách."),
    ("minutes", "٣", f"“Số phút”: {DIGITS}, đang là “٣”."),
    ("minutes", "²", f"“Số phút”: {DIGITS}, đang là “²”."),
], ids=["parent-superscript-two", "parent-arabic-indic-three", "parent-letters", "minutes-arabic-indic",
        "minutes-superscript-two"])
def test_a_programme_line_with_other_digits_is_refused_not_a_server_error(
        installed: tuple[Flask, FlaskClient], field: str, value: str, message: str) -> None:
    _app, admin = installed
    before = event_rows()
    response = admin.post("/admin/agenda", data={"parent_id": "", "kind": "presentation", "title": "Tham luận mới",
                                                 "minutes": "10", field: value})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert event_rows() == before
    assert every_screen_answers(admin)
