"""Hostile documents: any plan and any roster file gets a clear refusal or a result, never a crash.

A plan that parses must also give an event file that kiosk itself accepts; a
roster with errors must leave the delegate list exactly as it was.

Uploads are read in a child process (kiosk.sandbox), which turns a reader's
crash into a polite refusal: the properties therefore call the readers in this
process (`read_plan_file`, `check_file`, what the child runs), where a crash is
a failing test. The same examples run every time (tests/conftest.py); what the
properties found is kept below as explicit examples.
"""

from __future__ import annotations

import io

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from sqlalchemy import func, select

from kiosk.attendees.models import Attendee
from kiosk.attendees.roster_import import GroupName, check_file, import_roster
from kiosk.events.eventfile import EventFileError, default_event_path, parse_event_file, parse_event_text
from kiosk.events.service import current_event
from kiosk.plans import PlanError, read_plan_file
from tests import hostile_files as hostile
from tests.conftest import db
from tests.security.test_fuzz import examples

PLAN_WORDS = [
    "KẾ HOẠCH", "Tổ chức Hội nghị", "I. MỤC ĐÍCH", "II. NỘI DUNG", "III. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN",
    "1. Thời gian:", "2. Địa điểm:", "3. Thành phần:", "IV. TỔ CHỨC THỰC HIỆN", "không quá 10 phút",
    "không quá 07 phút", "- ", "+ ", "a) ", "**", "...", ";", ".", "Hội trường", "tháng 6/2026",
    "ngày 18/6/2026", "lúc 8 giờ 00", "Phòng Văn hóa - Xã hội", "Trạm Y tế", "Các thôn",
    "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Ủy ban nhân dân phường", "\n", "\n\n", "\t", "\u0301", "\x00",
]
plan_text = st.lists(st.one_of(st.sampled_from(PLAN_WORDS), st.text(max_size=30)), max_size=60).map("".join)


@examples(150)
@given(text=plan_text, suffix=st.sampled_from([".md", ".txt"]))
def test_any_plan_text_is_read_or_refused_with_a_reason(text: str, suffix: str) -> None:
    try:
        plan = read_plan_file(f"ke-hoach{suffix}", text.encode("utf-8", "surrogatepass"))
    except PlanError as error:
        assert str(error)
        return
    try:
        parse_event_text(plan.event_file("ke-hoach" + suffix), "ke-hoach.toml")
    except EventFileError as error:  # the reviewer is told what to fix, by line and field
        assert error.field_name and str(error)


@examples(100)
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".docx", ".md", ".txt", ".doc", ".pdf", ""]))
# Found by people (issue 14): a Word file a crash left half-written raised lxml's XMLSyntaxError; 50,000 empty
# paragraphs took a minute; a table cell spanning twenty million columns, as long.
@example(data=hostile.docx_with_broken_xml(), suffix=".docx")
@example(data=hostile.docx_of_empty_paragraphs(50_000), suffix=".docx")
@example(data=hostile.docx_with_body('<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="20000000"/></w:tcPr><w:p/>'
                                     "</w:tc></w:tr></w:tbl>"), suffix=".docx")
def test_any_bytes_as_a_plan_are_read_or_refused(data: bytes, suffix: str) -> None:
    try:
        read_plan_file(f"ke-hoach{suffix}", data)
    except PlanError as error:
        assert str(error)


HEADERS = ["Họ và tên", "ho ten", "Name", "Chức vụ", "Đơn vị", "Nhóm", "Group", "Ghế", "", "x"]
cells = st.one_of(st.sampled_from(["PCM", "th", "Trạm Y tế", "Nguyễn Văn An", "", ";", '"', "\u0301", "\r"]),
                  st.text(max_size=20))
GROUPS = [GroupName(group.code, group.name) for group in parse_event_file(default_event_path()).groups]


def roster_bytes(header: list[str], rows: list[list[str]], encoding: str, ending: str) -> bytes:
    text = io.StringIO()
    for line in [header, *rows]:
        text.write(",".join('"' + cell.replace('"', '""') + '"' for cell in line) + ending)
    return text.getvalue().encode(encoding, "replace")


roster_files = st.one_of(
    st.builds(roster_bytes, header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=6),
              rows=st.lists(st.lists(cells, max_size=6), max_size=8),
              encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1258"]),
              ending=st.sampled_from(["\r\n", "\n", "\r"])),
    st.binary(max_size=200),
)


@examples(300)
@given(data=roster_files, suffix=st.sampled_from([".csv", ".xlsx", ".xls", ""]))
# Found by this property: lines ending in CR alone (Excel for Mac) raised csv.Error.
@example(data=b"Ho va ten,Nhom\rAn,PCM\r", suffix=".csv")
@example(data=b'\r"', suffix=".csv")
# Found by people (issue 14): a field past csv's 128 KiB raised csv.Error; a sheet claiming 60 million cells.
@example(data=b'Ho ten,Nhom\nAn,"' + b"x" * 140_000, suffix=".csv")
@example(data=hostile.xlsx([["Họ và tên", "Nhóm"], ["An", "PCM"]], dimension="A1:ALL60000", last_row=60_000),
         suffix=".xlsx")
def test_any_roster_file_is_checked_row_by_row_or_refused_never_a_crash(data: bytes, suffix: str) -> None:
    check = check_file(f"dai-bieu{suffix}", data, GROUPS, {})
    assert check.ok == (not check.errors)
    assert all(str(error) for error in check.errors)
    assert all(row.name or row.seat_label for row in check.rows)
    assert all(row.group in {group.code for group in GROUPS} for row in check.rows)


@examples(25)
@given(data=roster_files)
@example(data=b"Ho va ten,Nhom\rAn,PCM\rBinh,th\r")
@pytest.mark.usefixtures("app")
def test_any_roster_is_loaded_whole_or_refused_whole(data: bytes) -> None:
    session = db.session()
    event = current_event(session)
    assert event is not None
    before = session.scalar(select(func.count()).select_from(Attendee)) or 0
    check = import_roster(session, event, "dai-bieu.csv", data)
    after = session.scalar(select(func.count()).select_from(Attendee)) or 0
    if check.ok:
        assert after == before + len(check.rows)
    else:
        assert after == before and check.errors and all(str(error) for error in check.errors)
    session.rollback()  # every example starts from the same list
