"""kiosk.documents, the administrative document's layout, for any document: how its header names things, and
one description set alike as .docx and as PDF; the timing and attendance reports as Word files through it."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable

import docx
import pypdf
import pytest
from docx.shared import Mm
from flask.testing import FlaskClient

from kiosk.documents import Document, DottedLines, Grid, Header, Para, Signature, Span, render
from kiosk.documents.naming import abbreviation, issuing_body, locality, number_line, place_and_date
from kiosk.documents.word import FONT
from tests.checkin.test_reports import pdf_fonts
from tests.minutes.scripted import docx_lines, docx_tables


@pytest.mark.parametrize(("organiser", "short", "lines", "place", "code"), [
    ("Ủy ban nhân dân xã Cẩm Giang", "UBND xã Cẩm Giang", ("ỦY BAN NHÂN DÂN", "XÃ CẨM GIANG"), "Cẩm Giang", "UBND"),
    ("Hội đồng nhân dân phường Hồng Hà", "", ("HỘI ĐỒNG NHÂN DÂN", "PHƯỜNG HỒNG HÀ"), "Hồng Hà", "HĐND"),
    ("Ủy ban nhân dân thị trấn Lai Cách", "", ("ỦY BAN NHÂN DÂN", "THỊ TRẤN LAI CÁCH"), "Lai Cách", "UBND"),
    ("Phòng Văn hóa - Xã hội huyện Kim Sơn", "Phòng VH-XH", ("PHÒNG VĂN HÓA - XÃ HỘI", "HUYỆN KIM SƠN"), "Kim Sơn",
     "PVHXH"),
    ("Văn phòng HĐND&UBND xã", "VP", ("VĂN PHÒNG HĐND&UBND XÃ",), "", "VP"),
])
def test_the_header_names_the_issuing_body_its_place_and_its_code_as_the_decree_writes_them(
        organiser: str, short: str, lines: tuple[str, ...], place: str, code: str) -> None:
    assert issuing_body(organiser) == lines
    assert locality(organiser) == place
    assert abbreviation(organiser, short) == code
    assert number_line("BB", organiser, short) == f"Số: ……/BB-{code}"


def test_days_under_ten_and_january_and_february_take_a_leading_zero() -> None:
    assert place_and_date("Cẩm Giang", 2026, 6, 18) == "Cẩm Giang, ngày 18 tháng 6 năm 2026"
    assert place_and_date("Cẩm Giang", 2026, 2, 5) == "Cẩm Giang, ngày 05 tháng 02 năm 2026"
    assert place_and_date("Cẩm Giang", 2026, 12, 1) == "Cẩm Giang, ngày 01 tháng 12 năm 2026"
    assert place_and_date("", 2026, 6, None) == "……, ngày …… tháng 6 năm 2026"


SAMPLE = Document(
    name="GIẤY MỜI", subject="Dự hội nghị tổng kết năm 2026",
    header=Header(body=("ỦY BAN NHÂN DÂN", "XÃ CẨM GIANG"), parent=("HUYỆN CẨM GIÀNG",), number="Số: ……/GM-UBND",
                  place_date="Cẩm Giang, ngày 05 tháng 02 năm 2026"),
    blocks=(Para((Span("Kính gửi: ", bold=True), Span("các đồng chí đại biểu; ơ ư đ ạ ặ ữ ỹ Ỵ."))),
            DottedLines(2, lead="Ghi chú: "), Grid(("STT", "Nội dung"), (("1", "Khai mạc"),), (10, 60)),
            Para.of("Trân trọng kính mời./.", italic=True, align="right", indent=False)),
    signatures=(Signature(("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), "Vũ Mạnh Huy"),),
    author="Ủy ban nhân dân xã Cẩm Giang",
)


def test_one_description_is_set_alike_as_a_word_file_and_a_pdf() -> None:
    word = render(SAMPLE, "docx")
    lines = docx_lines(word)
    assert lines[:7] == ["HUYỆN CẨM GIÀNG", "ỦY BAN NHÂN DÂN", "XÃ CẨM GIANG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                         "Độc lập - Tự do - Hạnh phúc", "Số: ……/GM-UBND", "Cẩm Giang, ngày 05 tháng 02 năm 2026"]
    assert lines[7:9] == ["GIẤY MỜI", "Dự hội nghị tổng kết năm 2026"]
    assert "Ghi chú: \t" in lines and lines[-3:] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Vũ Mạnh Huy"]
    parsed = docx.Document(io.BytesIO(word))
    parent = parsed.tables[0].cell(0, 0).paragraphs[0]
    assert parent.text == "HUYỆN CẨM GIÀNG" and not parent.runs[0].font.bold, "the parent body is not bold"
    assert parsed.core_properties.title == "Giấy mời — Dự hội nghị tổng kết năm 2026"

    pdf = pypdf.PdfReader(io.BytesIO(render(SAMPLE, "pdf")))
    text = unicodedata.normalize("NFC", " ".join(page.extract_text() for page in pdf.pages))
    for line in [*lines[:9], "Kính gửi: các đồng chí đại biểu; ơ ư đ ạ ặ ữ ỹ Ỵ.", "Trân trọng kính mời./.",
                 "Vũ Mạnh Huy"]:
        assert line in text, line
    fonts = pdf_fonts(pdf)
    assert fonts and all(fonts.values()), fonts
    assert pdf.metadata.title == "Giấy mời — Dự hội nghị tổng kết năm 2026"


def test_a_wide_table_turns_the_page_to_landscape() -> None:
    wide = Document(name="BÁO CÁO", blocks=(Grid(tuple("ABCDEFGHIJ"), (tuple("0123456789"),), (25,) * 10),),
                    landscape=True)
    section = docx.Document(io.BytesIO(render(wide, "docx"))).sections[0]
    assert abs(section.page_width - Mm(297)) < Mm(0.1) and abs(section.page_height - Mm(210)) < Mm(0.1)
    page = pypdf.PdfReader(io.BytesIO(render(wide, "pdf"))).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)


@pytest.fixture
def ran(client: FlaskClient, login: Callable[[str], None]) -> FlaskClient:
    login("admin")
    for command in ("start", "next", "next"):
        assert client.post(f"/api/v1/timer/{command}").status_code == 200
    return client


def test_the_timing_report_is_a_word_document_too(ran: FlaskClient) -> None:
    response = ran.get("/admin/reports/timing.docx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == "attachment; filename=bao-cao-thoi-gian.docx"
    data = response.get_data()
    lines = docx_lines(data)
    assert "BÁO CÁO THỜI GIAN THỰC HIỆN CHƯƠNG TRÌNH HỘI NGHỊ" in lines and "ỦY BAN NHÂN DÂN" in lines
    table = next(t for t in docx_tables(data) if t[0][:2] == ("STT", "Nội dung"))
    assert table[1][:4] == ("1", "Tuyên bố lý do, giới thiệu đại biểu", "Văn phòng HĐND&UBND xã", "Đã xong")
    assert table[2][3] == "Đã bỏ qua" and table[-1][1] == "Tổng cộng"
    word = docx.Document(io.BytesIO(data))
    assert abs(word.sections[0].page_width - Mm(297)) < Mm(0.1), "14 columns: landscape"
    assert {run.font.name for paragraph in word.paragraphs for run in paragraph.runs} == {FONT}


def test_kiosk_report_writes_the_timing_and_attendance_reports_as_word_files(
        ran: FlaskClient, instance: object, tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    from pathlib import Path

    from click.testing import CliRunner

    from kiosk.cli import cli

    monkeypatch.setenv("KIOSK_INSTANCE", str(instance))
    for name, title in (("timing", "BÁO CÁO THỜI GIAN THỰC HIỆN CHƯƠNG TRÌNH HỘI NGHỊ"),
                        ("attendance", "BÁO CÁO ĐIỂM DANH ĐẠI BIỂU DỰ HỘI NGHỊ")):
        out = Path(str(tmp_path)) / f"{name}.docx"
        result = CliRunner().invoke(cli, ["report", name, "--format", "docx", "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert title in docx_lines(out.read_bytes())
    assert ran.get("/admin/reports/attendance.docx").status_code == 200
    assert "docx" in ran.get("/admin/reports/attendance.doc").get_data(as_text=True), "the choices are named"
