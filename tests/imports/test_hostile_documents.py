"""Uploads from an attacker or a careless office (issue 14, items 2 and 3), as files made here.

Small files that cost a minute or gigabytes to read are refused at once, naming the
file and the limit, or read for what they really hold; the everyday mistakes (a
CSV saved by Excel for Mac, a quote never closed, a Word file a crash left
half-written) load or are refused naming the line or the part: never a traceback
from `kiosk`, never a server error at /admin/import.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from kiosk.attendees.models import Attendee
from kiosk.attendees.roster_import import RosterCheck, import_roster
from kiosk.events.service import current_event
from kiosk.plans import PlanError, import_plan
from tests import hostile_files as hostile
from tests.conftest import PINS, _installed, db

# The tests that time a refusal (AT_ONCE) run with the machine to themselves (`make test` runs them after the
# others, one at a time); the everyday mistakes and the commands measure nothing and run with the others.
alone = pytest.mark.alone

AT_ONCE = 3.0  # seconds: child process and all, on a busy machine; the holes took 5 s to over a minute
ROSTER = [["Họ và tên", "Chức vụ", "Đơn vị", "Nhóm"], ["Phan Thị Hạnh", "Chuyên viên", "Văn phòng", "PCM"],
          ["Vũ Đức Thắng", "Hiệu trưởng", "Trường THCS", "TH"]]
MAC_CSV = "\r".join(",".join(row) for row in ROSTER).encode("utf-8") + b"\r"  # "CSV (Macintosh)": CR alone
# Row 3's unit opens a quote that is never closed: the rest of the file, 200 kB, becomes one field.
UNCLOSED_QUOTE_CSV = ("Họ và tên,Đơn vị,Nhóm\nLý Văn Tài,Văn phòng,PCM\nMai Thị Hoa,\"Trường" + "x" * 200_000
                      + "\nĐỗ Văn Khoa,Trạm Y tế,YT\n").encode("utf-8")


@pytest.fixture(scope="module")
def plan_zip_bomb() -> bytes:
    """A .docx of 0.3 MB whose document.xml unzips to 300 MB."""
    return hostile.padded_part(hostile.blank_docx(), "word/document.xml", 300)


def refused_plan(filename: str, data: bytes) -> tuple[PlanError, float]:
    started = time.monotonic()
    with pytest.raises(PlanError) as refused:
        import_plan(filename, data)
    return refused.value, time.monotonic() - started


def loaded(check: RosterCheck) -> list[str]:
    assert check.ok, [str(error) for error in check.errors]
    return [row.name for row in check.rows]


def roster(filename: str, data: bytes) -> RosterCheck:
    session = db.session()
    event = current_event(session)
    assert event is not None
    check = import_roster(session, event, filename, data)
    session.commit()
    return check


# --- costly files --------------------------------------------------------------------------------------


@alone
def test_fifty_thousand_empty_paragraphs_are_refused_at_once_naming_the_file_and_the_limit() -> None:
    data = hostile.docx_of_empty_paragraphs(50_000)
    assert len(data) < 40_000
    error, took = refused_plan("ke-hoach-trong.docx", data)
    assert took < AT_ONCE, f"{took:.1f} s"
    assert "ke-hoach-trong.docx" in str(error) and "10.000 đoạn văn" in str(error)


@alone
def test_a_zip_bomb_plan_is_refused_before_it_is_inflated(plan_zip_bomb: bytes) -> None:
    error, took = refused_plan("ke-hoach.docx", plan_zip_bomb)
    assert took < AT_ONCE, f"{took:.1f} s"
    assert "ke-hoach.docx" in str(error) and "300 MB" in str(error) and "64 MB" in str(error)


@alone
def test_a_table_cell_spanning_twenty_million_columns_is_refused() -> None:
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="20000000"/></w:tcPr><w:p><w:r><w:t>Thành phần</w:t></w:r></w:p></w:tc>'
    error, took = refused_plan("bang.docx", hostile.docx_with_body(f"<w:tbl><w:tr>{cell}</w:tr></w:tbl>"))
    assert took < AT_ONCE, f"{took:.1f} s"
    assert "bang.docx" in str(error) and "63" in str(error)


@alone
def test_a_text_plan_of_nine_megabytes_is_refused_at_once() -> None:
    line = "- Phòng Văn hóa - Xã hội trình bày tham luận (10 phút);\n"
    error, took = refused_plan("ke-hoach.txt", (line * (9_000_000 // len(line.encode()))).encode())
    assert took < AT_ONCE, f"{took:.1f} s"
    assert "ke-hoach.txt" in str(error) and "1.000.000 ký tự" in str(error)


@alone
def test_a_sheet_claiming_sixty_million_cells_is_read_for_the_two_delegates_it_holds(app: Flask) -> None:
    data = hostile.xlsx(ROSTER, dimension="A1:ALL60000", last_row=60_000)
    assert len(data) < 6_000
    started = time.monotonic()
    check = roster("dai-bieu.xlsx", data)
    assert time.monotonic() - started < AT_ONCE
    assert loaded(check) == ["Phan Thị Hạnh", "Vũ Đức Thắng"]


@alone
def test_a_zip_bomb_roster_is_refused_before_it_is_inflated(app: Flask) -> None:
    data = hostile.padded_part(hostile.xlsx(ROSTER), "xl/worksheets/sheet1.xml", 300)
    started = time.monotonic()
    check = roster("dai-bieu.xlsx", data)
    assert time.monotonic() - started < AT_ONCE
    assert not check.ok and "dai-bieu.xlsx" in str(check.errors[0]) and "64 MB" in str(check.errors[0])


def test_a_list_longer_than_five_thousand_rows_is_refused_naming_the_limit(app: Flask) -> None:
    rows = [ROSTER[0]] + [[f"Người {n}", "", "Thôn", "THON"] for n in range(5_002)]
    check = roster("dai-bieu.xlsx", hostile.xlsx(rows))
    assert not check.ok and "quá 5000 dòng" in str(check.errors[0])


# --- everyday mistakes ---------------------------------------------------------------------------------


def test_a_csv_saved_by_excel_for_mac_loads_like_any_other(app: Flask) -> None:
    assert loaded(roster("dai-bieu-mac.csv", MAC_CSV)) == ["Phan Thị Hạnh", "Vũ Đức Thắng"]


def test_a_quote_never_closed_is_refused_naming_its_line(app: Flask) -> None:
    before = db.session().scalar(select(func.count()).select_from(Attendee))
    check = roster("dai-bieu.csv", UNCLOSED_QUOTE_CSV)
    assert [str(error) for error in check.errors] == [
        "Dòng 3: một ô dài quá 131.072 ký tự: có thể thiếu dấu ngoặc kép đóng ở dòng này hoặc trước đó"]
    assert db.session().scalar(select(func.count()).select_from(Attendee)) == before


def test_a_word_file_a_crash_left_half_written_is_refused_naming_the_part_and_line() -> None:
    error, _took = refused_plan("ke-hoach.docx", hostile.docx_with_broken_xml())
    assert "word/document.xml, dòng 4" in str(error) and "ke-hoach.docx" in str(error)


# --- the same files on the web and at the command line --------------------------------------------------

UPLOADS = [  # (form, file name, bytes, status, what the page says)
    ("plan", "ke-hoach.docx", hostile.docx_of_empty_paragraphs(50_000), 400, "có hơn 10.000 đoạn văn"),
    ("plan", "ke-hoach.docx", hostile.docx_with_broken_xml(), 400, "phần word/document.xml, dòng 4"),
    ("roster", "dai-bieu.csv", UNCLOSED_QUOTE_CSV, 400, "một ô dài quá 131.072 ký tự"),
    ("roster", "dai-bieu-mac.csv", MAC_CSV, 302, ""),
    ("roster", "dai-bieu.xlsx", hostile.xlsx(ROSTER, dimension="A1:ALL60000", last_row=60_000), 302, ""),
]


@alone
@pytest.mark.parametrize(("form", "filename", "data", "status", "says"), UPLOADS,
                         ids=["paragraphs", "broken-docx", "unclosed-quote", "mac-csv", "lying-xlsx"])
def test_uploads_at_admin_import_get_a_page_never_a_server_error(
        client: FlaskClient, login: Callable[[str], None], form: str, filename: str, data: bytes, status: int,
        says: str) -> None:
    login("admin")
    started = time.monotonic()
    response = client.post(f"/admin/import/{form}", data={form: (io.BytesIO(data), filename)},
                           content_type="multipart/form-data")
    assert time.monotonic() - started < AT_ONCE
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert says in page and (status == 302 or filename in page)


@pytest.fixture(scope="module")
def kiosk_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    instance = tmp_path_factory.mktemp("cli") / "instance"
    env = {**{k: v for k, v in os.environ.items() if k != "DATABASE_URL"}, "KIOSK_INSTANCE": str(instance),
           **{f"KIOSK_{role.upper()}_PIN": pin for role, pin in PINS.items()}}
    shutil.copytree(_installed(True), instance)  # what `kiosk init --demo` leaves, made once for the run
    return env


def kiosk(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk.cli", *args], env=env, capture_output=True, text=True,
                          timeout=60, check=False)


@pytest.mark.parametrize(("command", "filename", "data", "says"), [
    ("import-plan", "ke-hoach.docx", hostile.docx_with_broken_xml(), "phần word/document.xml, dòng 4"),
    ("import-plan", "ke-hoach.docx", hostile.docx_of_empty_paragraphs(50_000), "có hơn 10.000 đoạn văn"),
    ("import-roster", "dai-bieu.csv", UNCLOSED_QUOTE_CSV, "Dòng 3: một ô dài quá 131.072 ký tự"),
], ids=["broken-docx", "paragraphs", "unclosed-quote"])
def test_kiosk_refuses_a_broken_file_by_name_without_a_traceback(
        kiosk_env: dict[str, str], tmp_path: Path, command: str, filename: str, data: bytes, says: str) -> None:
    path = tmp_path / filename
    path.write_bytes(data)
    result = kiosk(kiosk_env, command, str(path))
    assert result.returncode == 1, result.stderr
    assert says in result.stderr and filename in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_kiosk_import_roster_loads_a_csv_saved_by_excel_for_mac(kiosk_env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "dai-bieu-mac.csv"
    path.write_bytes(MAC_CSV)
    result = kiosk(kiosk_env, "import-roster", str(path))
    assert result.returncode == 0, result.stderr
    assert "Đã nạp 2 đại biểu" in result.stdout and "Traceback" not in result.stderr
