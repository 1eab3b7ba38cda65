"""The attendance report for the minutes, in each format, from /admin and the command line."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import openpyxl
import pypdf
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from kiosk.attendees.models import Attendee
from tests.conftest import db


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
