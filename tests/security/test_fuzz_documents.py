"""Hostile documents: any plan and any roster file gets a clear refusal or a result, never a crash.

A plan that parses must also give an event file that kiosk itself accepts; a
roster with errors must leave the delegate list exactly as it was.
"""

from __future__ import annotations

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from kiosk.attendees.models import Attendee
from kiosk.attendees.roster_import import import_roster
from tests.conftest import db
from kiosk.events.eventfile import EventFileError, parse_event_text
from kiosk.events.service import current_event
from kiosk.plans import PlanError, import_plan

PLAN_WORDS = [
    "KẾ HOẠCH", "Tổ chức Hội nghị", "I. MỤC ĐÍCH", "II. NỘI DUNG", "III. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN",
    "1. Thời gian:", "2. Địa điểm:", "3. Thành phần:", "IV. TỔ CHỨC THỰC HIỆN", "không quá 10 phút",
    "không quá 07 phút", "- ", "+ ", "a) ", "**", "...", ";", ".", "Hội trường", "tháng 6/2026",
    "ngày 18/6/2026", "lúc 8 giờ 00", "Phòng Văn hóa - Xã hội", "Trạm Y tế", "Các thôn",
    "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Ủy ban nhân dân phường", "\n", "\n\n", "\t", "\u0301", "\x00",
]
plan_text = st.lists(st.one_of(st.sampled_from(PLAN_WORDS), st.text(max_size=30)), max_size=60).map("".join)


@settings(max_examples=150, deadline=None)
@given(text=plan_text, suffix=st.sampled_from([".md", ".txt"]))
def test_any_plan_text_is_read_or_refused_with_a_reason(text: str, suffix: str) -> None:
    try:
        plan = import_plan(f"ke-hoach{suffix}", text.encode("utf-8", "surrogatepass"))
    except PlanError as error:
        assert str(error)
        return
    try:
        parse_event_text(plan.event_file("ke-hoach" + suffix), "ke-hoach.toml")
    except EventFileError as error:  # the reviewer is told what to fix, by line and field
        assert error.field_name and str(error)


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".docx", ".md", ".txt", ".doc", ".pdf", ""]))
def test_any_bytes_as_a_plan_are_read_or_refused(data: bytes, suffix: str) -> None:
    try:
        import_plan(f"ke-hoach{suffix}", data)
    except PlanError as error:
        assert str(error)


HEADERS = ["Họ và tên", "ho ten", "Name", "Chức vụ", "Đơn vị", "Nhóm", "Group", "Ghế", "", "x"]
cells = st.one_of(st.sampled_from(["PCM", "th", "Trạm Y tế", "Nguyễn Văn An", "", ";", '"', "\u0301"]),
                  st.text(max_size=20))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=6),
       rows=st.lists(st.lists(cells, max_size=6), max_size=8),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1258"]),
       raw=st.one_of(st.none(), st.binary(max_size=200)))
def test_any_roster_is_loaded_whole_or_refused_whole(app: object, header: list[str], rows: list[list[str]],
                                                     encoding: str, raw: bytes | None) -> None:
    session = db.session()
    event = current_event(session)
    before = session.scalar(select(func.count()).select_from(Attendee))
    if raw is None:
        text = io.StringIO()
        for line in [header, *rows]:
            text.write(",".join('"' + cell.replace('"', '""') + '"' for cell in line) + "\r\n")
        raw = text.getvalue().encode(encoding, "replace")
    check = import_roster(session, event, "dai-bieu.csv", raw)
    after = session.scalar(select(func.count()).select_from(Attendee))
    if check.ok:
        assert after == before + len(check.rows)
    else:
        assert after == before and check.errors and all(str(error) for error in check.errors)
    session.rollback()  # every example starts from the same list
