"""The timing report for the minutes: from the CLI and from /admin, as PDF, CSV and XLSX, in Vietnamese."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient
from openpyxl import load_workbook
from pypdf import PdfReader

from kiosk.cli import cli
from kiosk.timer.report import COLUMNS, delay_phrase
from tests.checkin.test_reports import assert_a_vietnamese_pdf_for_the_minutes


@pytest.fixture
def ran(client: FlaskClient, login: Callable[[str], None]) -> FlaskClient:
    """The first item started, paused, resumed, given a minute and moved on from; the second skipped."""
    login("admin")
    for command, body in [("start", None), ("pause", None), ("resume", None), ("add", {"seconds": 60}),
                          ("next", None), ("next", None)]:
        assert client.post(f"/api/v1/timer/{command}", json=body).status_code == 200
    return client


def test_delay_is_said_to_the_minute() -> None:
    assert [delay_phrase(s) for s in (360, 29, -29, -120)] == ["Chậm 6 phút", "Đúng giờ", "Đúng giờ", "Sớm 2 phút"]


def test_csv_has_planned_against_actual_per_item_and_the_delay(ran: FlaskClient) -> None:
    response = ran.get("/admin/reports/timing.csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == "attachment; filename=bao-cao-thoi-gian.csv"
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff"), "a byte-order mark, for Excel"
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:4] == ["STT", "Nội dung", "Đơn vị trình bày", "Trạng thái"]
    first, second = rows[1], rows[2]
    assert first[1] == "Tuyên bố lý do, giới thiệu đại biểu" and first[3] == "Đã xong"
    assert (first[5], first[6], first[7]) == ("05:00", "+01:00", "06:00"), "planned, added, allotted"
    assert first[8] and first[9] and first[10] == "00:00"
    assert second[3] == "Đã bỏ qua" and second[8] == "" and second[13] == ""
    summary = dict(row for row in rows if len(row) == 2)
    assert re.fullmatch(r"Chậm \d+ phút|Đúng giờ|Sớm \d+ phút", summary["Tổng thời gian chậm/sớm"])
    assert summary["Bắt đầu theo kế hoạch"] == "08:00"


def test_an_item_left_midway_when_the_chair_went_back_is_not_called_paused(client: FlaskClient,
                                                                           login: Callable[[str], None]) -> None:
    login("admin")
    for command in ("start", "next", "start", "previous"):  # item 2 runs, the chair goes back to item 1
        assert client.post(f"/api/v1/timer/{command}", json=None).status_code == 200
    rows = list(csv.reader(io.StringIO(client.get("/admin/reports/timing.csv").get_data().decode("utf-8-sig"))))
    assert (rows[1][3], rows[2][3]) == ("Đang tạm dừng", "Dừng giữa chừng")  # the current one is paused


def test_a_report_before_the_first_item_starts_says_so_not_a_delay(client: FlaskClient,
                                                                   login: Callable[[str], None]) -> None:
    login("admin")
    rows = list(csv.reader(io.StringIO(client.get("/admin/reports/timing.csv").get_data().decode("utf-8-sig"))))
    summary = dict(row for row in rows if len(row) == 2)
    assert summary["Tổng thời gian chậm/sớm"] == "chưa bắt đầu"


def test_xlsx_and_pdf_downloads_for_the_admin_only(ran: FlaskClient, client: FlaskClient) -> None:
    book = load_workbook(io.BytesIO(ran.get("/admin/reports/timing.xlsx").get_data()))
    sheet = book["Thời gian"]
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert "Tuyên bố lý do, giới thiệu đại biểu" in cells and "Đã bỏ qua" in cells
    pdf = ran.get("/admin/reports/timing.pdf")
    assert pdf.mimetype == "application/pdf"
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf.get_data())).pages)
    for phrase in ("BÁO CÁO THỜI GIAN", "Tuyên bố lý do, giới thiệu đại biểu", "Văn phòng HĐND&UBND xã", "Đã bỏ qua",
                   "Trung tâm Phục vụ hành chính công"):
        assert phrase in text, phrase
    assert ran.get("/admin/reports/timing.doc").status_code == 404
    ran.post("/api/v1/logout")
    assert client.get("/admin/reports/timing.pdf").status_code == 401


def test_the_cli_writes_each_format(ran: FlaskClient, instance: Path, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_INSTANCE", str(instance))
    for fmt in ("pdf", "csv", "xlsx"):
        out = tmp_path / f"report.{fmt}"
        result = CliRunner().invoke(cli, ["report", "timing", "--format", fmt, "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert str(out) in result.output and out.stat().st_size > 500
    assert "Tuyên bố lý do" in (tmp_path / "report.csv").read_text(encoding="utf-8-sig")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["report", "timing"]).exit_code == 0
    assert (tmp_path / "bao-cao-thoi-gian.pdf").read_bytes().startswith(b"%PDF")


def test_a_programme_line_typed_like_a_formula_stays_text_and_times_read_as_times(
        client: FlaskClient, login: Callable[[str], None]) -> None:
    """The organiser (or whoever has the PIN) types a formula as a line of the programme: the CSV neutralises it
    with a quote and the workbook holds it as text; the report's own figures (+01:00, -04:58) stay as they are."""
    login("admin")
    added = client.post("/admin/agenda", data={"kind": "other", "title": "=1+2", "presenter": "@SUM(A1:A9)",
                                               "minutes": "5"})
    assert added.status_code == 302
    for command, body in [("start", None), ("add", {"seconds": 60}), ("next", None)]:
        assert client.post(f"/api/v1/timer/{command}", json=body).status_code == 200

    rows = list(csv.reader(io.StringIO(client.get("/admin/reports/timing.csv").get_data().decode("utf-8-sig"))))
    typed = next(row for row in rows if row[1].endswith("=1+2"))
    assert (typed[1], typed[2]) == ("'=1+2", "'@SUM(A1:A9)")
    added, difference = COLUMNS.index("Thêm/bớt"), COLUMNS.index("Chênh lệch")
    first = rows[1]
    assert first[added] == "+01:00" and re.fullmatch(r"-0[45]:\d\d", first[difference]), first  # ended ~5 min early
    totals = next(row for row in rows if row[1] == "Tổng cộng")
    assert totals[added] == "+01:00" and totals[difference].startswith("-"), totals

    book = load_workbook(io.BytesIO(client.get("/admin/reports/timing.xlsx").get_data()))
    cells = {cell.value: cell for row in book["Thời gian"].iter_rows() for cell in row if cell.value is not None}
    assert not [cell.coordinate for cell in cells.values() if cell.data_type == "f"]
    assert cells["=1+2"].data_type == cells["@SUM(A1:A9)"].data_type == cells["+01:00"].data_type == "s"
    assert cells[first[difference]].data_type == "s"


def test_the_timing_pdf_embeds_its_vietnamese_font_and_says_what_it_is(ran: FlaskClient) -> None:
    from kiosk.events.service import current_event
    from tests.conftest import db

    event = current_event(db.session())
    text = assert_a_vietnamese_pdf_for_the_minutes(ran.get("/admin/reports/timing.pdf").get_data(),
                                                   "BÁO CÁO THỜI GIAN THỰC HIỆN CHƯƠNG TRÌNH HỘI NGHỊ", event.title,
                                                   event.organiser)
    assert "Tuyên bố lý do, giới thiệu đại biểu" in text and "Tổng thời gian chậm/sớm" in text


def test_the_csv_download_says_its_charset_once(ran: FlaskClient) -> None:
    assert ran.get("/admin/reports/timing.csv").headers["Content-Type"] == "text/csv; charset=utf-8"
