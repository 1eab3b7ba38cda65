"""Loading delegate lists: encodings, headers, XLSX, every error named, and all-or-nothing."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from flask import Flask
from sqlalchemy import select

from kiosk.attendees.models import Attendee
from kiosk.attendees.roster_import import RosterCheck, import_roster
from kiosk.auth.models import AuditEntry
from kiosk.cli import cli
from kiosk.events.service import current_event
from tests.conftest import db

ROSTER = """Họ và tên,Chức vụ,Đơn vị,Nhóm
Nguyễn Thị Ánh,Chuyên viên,Phòng Văn hóa - Xã hội,PCM
Đặng Văn Lộc,Hiệu trưởng,Trường THCS Cẩm Giang,"lanh dao cac truong hoc, giao vien tin hoc cac nha truong"
Hoàng Thị Thuỷ,Trạm trưởng,Trạm Y tế xã,yt
"""
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def windows_1258(text: str) -> bytes:
    """As Vietnamese Windows writes it: base letters precomposed (â, ơ, đ…), tone marks combining."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        try:
            char.encode("cp1258")
            out.append(char)
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
            out.append(base + "".join(c for c in parts if c in TONE_MARKS))
    return "".join(out).encode("cp1258")


def run(filename: str, data: bytes, *, dry_run: bool = False) -> RosterCheck:
    session = db.session()
    check = import_roster(session, current_event(session), filename, data, dry_run=dry_run)
    session.commit()
    return check


def delegates() -> list[tuple[object, ...]]:
    rows = db.session().scalars(select(Attendee).order_by(Attendee.id))
    return [(a.id, a.number, a.full_name, a.seat_label, a.position, a.unit, a.group_id, a.badge_version, a.revoked)
            for a in rows]


def added(names: list[str]) -> dict[str, Attendee]:
    rows = db.session().scalars(select(Attendee).where(Attendee.full_name.in_(names)))
    return {a.full_name: a for a in rows}  # type: ignore[misc]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_each_encoding_an_office_writes_is_read_and_stored_nfc(app: Flask, encoding: str) -> None:
    data = windows_1258(ROSTER) if encoding == "cp1258" else ROSTER.encode(encoding)
    if encoding == "cp1258":
        assert "\u0301".encode("cp1258") in data  # the marks really are combining in the file
    check = run("dai-bieu.csv", data)
    assert check.ok, [str(e) for e in check.errors]
    people = added(["Nguyễn Thị Ánh", "Đặng Văn Lộc", "Hoàng Thị Thuỷ"])
    assert len(people) == 3
    assert all(unicodedata.is_normalized("NFC", a.full_name or "") for a in people.values())
    assert people["Đặng Văn Lộc"].group.code == "TH"  # the group named by its name
    assert people["Hoàng Thị Thuỷ"].group.code == "YT"  # the code in any case
    assert people["Nguyễn Thị Ánh"].number.startswith("PCM-")
    assert people["Nguyễn Thị Ánh"].unit == "Phòng Văn hóa - Xã hội"


def test_an_xlsx_with_english_headers_a_title_row_and_a_seat_column(app: Flask) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH ĐẠI BIỂU"])
    sheet.append(["No.", "Full name", "Title", "Organisation", "Group", "Seat"])
    sheet.append([1, "Lê Minh Quân", "Trưởng thôn", "Thôn 5", "THON", "Đại biểu thôn 5"])
    sheet.append([2, None, "Đại diện thôn", "Thôn 21", "Các thôn và Tổ công nghệ số cộng đồng", "Đại biểu thôn 21"])
    out = io.BytesIO()
    book.save(out)
    check = run("delegates.xlsx", out.getvalue())
    assert check.ok, [str(e) for e in check.errors]
    assert [r.row for r in check.rows] == [3, 4]
    quan = added(["Lê Minh Quân"])["Lê Minh Quân"]
    assert (quan.position, quan.unit, quan.seat_label, quan.group.code) == ("Trưởng thôn", "Thôn 5", "Đại biểu thôn 5",
                                                                             "THON")
    seat = db.session().scalars(select(Attendee).where(Attendee.seat_label == "Đại biểu thôn 21")).one()
    assert seat.full_name is None


def test_headers_without_accents_in_any_case_and_semicolons(app: Flask) -> None:
    text = "HO TEN;chuc vu;CO QUAN;thanh phan\nTrần Văn Bảy;Phó Chủ tịch;UBND xã;UBND\n"
    check = run("ds.csv", text.encode("utf-8"))
    assert check.ok, [str(e) for e in check.errors]
    assert added(["Trần Văn Bảy"])["Trần Văn Bảy"].position == "Phó Chủ tịch"


def test_every_error_is_named_by_row_column_and_reason_and_nothing_changes(app: Flask) -> None:
    before = delegates()
    existing = db.session().scalars(select(Attendee).where(Attendee.number == "PCM-001")).one()
    text = "\n".join([
        "STT,Họ và tên,Chức vụ,Đơn vị,Nhóm",
        "1,Nguyễn Văn A,Chuyên viên,Phòng Kinh tế,PCM",  # fine on its own
        "2,,Chuyên viên,Phòng Kinh tế,PCM",  # empty name
        "3,Trần Thị B,Giáo viên,Trường Tiểu học,Truong hoc",  # unknown group, a close one exists
        "4,nguyen van a,Chuyên viên,PHÒNG KINH TẾ,PCM",  # the same person as row 2, folded
        f"5,{existing.full_name},{existing.position},{existing.unit},PCM",  # already registered
        "6,Lê Văn C,Chuyên viên,Phòng Kinh tế,",  # no group
    ]) + "\n"
    check = run("loi.csv", text.encode("utf-8"))
    assert not check.ok
    messages = [str(error) for error in check.errors]
    assert messages == [
        "Dòng 3, cột B (Họ và tên): họ tên trống",
        "Dòng 4, cột E (Nhóm): không có nhóm “Truong hoc”; có phải “TH – Lãnh đạo các trường học, "
        "giáo viên tin học các nhà trường”?",
        "Dòng 5, cột B (Họ và tên): trùng đại biểu ở dòng 2 (cùng họ tên và đơn vị)",
        f"Dòng 6, cột B (Họ và tên): đại biểu đã có trong danh sách (thẻ {existing.number})",
        "Dòng 7, cột E (Nhóm): thiếu nhóm",
    ]
    assert delegates() == before


def test_a_line_break_in_a_cell_is_a_space_and_a_control_or_bidi_character_is_refused_by_row_and_column(
        app: Flask) -> None:
    """Excel's Alt+Enter in a cell is a space; what would turn a name around on /stage (U+202E) or ring a bell
    (BEL) is named, and nothing is loaded."""
    before = delegates()
    text = ("STT,Họ và tên,Chức vụ,Đơn vị,Nhóm\n"
            '1,"Nguyễn Văn\nNăm",Chuyên viên,Phòng Kinh tế,PCM\n'
            "2,Trần Thị \u202eSáu,Chuyên viên,Phòng Kinh tế,PCM\n"
            "3,Lê Văn Bảy,Chuyên\x07viên,Phòng Kinh tế,PCM\n")
    check = run("dieu-khien.csv", text.encode("utf-8"))
    assert [str(error) for error in check.errors] == [
        "Dòng 3, cột B (Họ và tên): có ký tự điều khiển hoặc ký tự đảo chiều văn bản",
        "Dòng 4, cột C (Chức vụ): có ký tự điều khiển hoặc ký tự đảo chiều văn bản",
    ]
    assert delegates() == before
    fine = run("xuong-dong.csv", 'Họ và tên,Nhóm\n"Nguyễn Văn\nNăm",PCM\n'.encode())
    assert fine.ok and [row.name for row in fine.rows] == ["Nguyễn Văn Năm"]


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("ds.csv", b"\x81\x8d\x8f\x90\x9d\x9e", "không đọc được tệp"),
    ("ds.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", ".xls"),
    ("ds.xlsx", b"PK\x03\x04broken", "tệp hỏng"),
    ("ds.csv", "Số thứ tự,Ghi chú\n1,x\n".encode(), "không thấy dòng tiêu đề"),
    ("ds.csv", "Họ tên,Chức vụ\nA,B\n".encode(), "không có cột nhóm"),
])
def test_an_unreadable_file_is_refused_and_changes_nothing(app: Flask, name: str, data: bytes, reason: str) -> None:
    before = delegates()
    check = run(name, data)
    assert len(check.errors) == 1 and reason in str(check.errors[0])
    assert delegates() == before


def test_kiosk_import_roster_prints_every_error_or_loads_all(app: Flask, tmp_path: Path) -> None:
    before = delegates()
    bad = tmp_path / "loi.csv"
    bad.write_text("Họ tên,Nhóm\n,PCM\nAn,XYZ\n", encoding="utf-8")
    runner = CliRunner(env={"KIOSK_INSTANCE": app.instance_path})
    result = runner.invoke(cli, ["import-roster", str(bad)])
    assert result.exit_code == 1
    assert "Dòng 2, cột A (Họ tên): họ tên trống" in result.output
    assert "Dòng 3, cột B (Nhóm): không có nhóm “XYZ”" in result.output
    assert "2 lỗi" in result.output
    assert delegates() == before

    good = tmp_path / "dung.csv"
    good.write_text(ROSTER, encoding="utf-8")
    dry = runner.invoke(cli, ["import-roster", str(good), "--dry-run"])
    assert dry.exit_code == 0 and "3 đại biểu" in dry.output
    db.session.remove()
    assert delegates() == before

    loaded = runner.invoke(cli, ["import-roster", str(good)])
    assert loaded.exit_code == 0, loaded.output
    db.session.remove()
    assert len(delegates()) == len(before) + 3
    entry = db.session().scalars(select(AuditEntry).where(AuditEntry.action == "roster.import")).one()
    assert (entry.role, entry.detail["added"], entry.detail["file"]) == ("cli", 3, "dung.csv")
