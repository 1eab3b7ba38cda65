"""The introductions as the running script's documents: a .docx in Times New Roman, a PDF with its font embedded."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable

import docx
import pypdf
from docx.shared import Pt
from flask.testing import FlaskClient
from sqlalchemy import select

from kiosk.attendees.models import Attendee
from tests.conftest import db


def arrive(client: FlaskClient, number: str, **extra: object) -> None:
    person = db.session().scalars(select(Attendee).where(Attendee.number == number)).one()
    assert client.post("/api/v1/checkins", json={"attendee_id": person.id, "desk": "Bàn 1", **extra}).status_code == 200


def scene(client: FlaskClient, login: Callable[[str], None]) -> dict[str, object]:
    login("reception")
    for number in ("DU-003", "HDND-001", "DU-001", "TH-002"):
        arrive(client, number)
    arrive(client, "UBND-001", stand_in={"name": "Nguyễn Thị Thủy", "position": "Phó trưởng phòng"})
    login("chair")
    return client.get("/api/v1/introductions").get_json()  # type: ignore[no-any-return]


def test_the_docx_reads_the_words_in_order_with_every_diacritic_in_times_new_roman(
        client: FlaskClient, login: Callable[[str], None]) -> None:
    body = scene(client, login)
    response = client.get("/introductions.docx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment; filename=gioi-thieu-dai-bieu.docx")
    document = docx.Document(io.BytesIO(response.data))
    paragraphs = [p.text for p in document.paragraphs if p.text]
    lines = body["text"].split("\n")
    start = paragraphs.index(lines[0])
    assert paragraphs[start:start + len(lines)] == lines  # every word, in order, exactly as the API says them
    chairman = db.session().scalars(select(Attendee).where(Attendee.number == "UBND-001")).one()
    assert ("Về phía Ủy ban nhân dân xã, có đồng chí Nguyễn Thị Thủy, Phó trưởng phòng, dự thay đồng chí "
            f"{chairman.full_name};") in paragraphs
    assert "Cùng đại diện lãnh đạo các trường học, giáo viên tin học các nhà trường trên địa bàn xã." in paragraphs
    assert all(unicodedata.is_normalized("NFC", text) for text in paragraphs)
    assert "GIỚI THIỆU ĐẠI BIỂU" in paragraphs and paragraphs[-1].startswith("Theo điểm danh lúc")
    header = document.tables[0].rows[0].cells
    assert [p.text for p in header[0].paragraphs if p.text] == ["ỦY BAN NHÂN DÂN", "XÃ CẨM GIANG"]
    assert [p.text for p in header[1].paragraphs if p.text] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                                                "Độc lập - Tự do - Hạnh phúc"]

    runs = [run for p in document.paragraphs for run in p.runs] + [
        run for cell in header for p in cell.paragraphs for run in p.runs]
    assert {run.font.name for run in runs} == {"Times New Roman"}
    body_runs = [run for p in document.paragraphs if p.text in lines for run in p.runs]
    assert {run.font.size for run in body_runs} == {Pt(14)}
    section = document.sections[0]
    millimetres = [round(length.mm) for length in (section.page_width, section.page_height, section.left_margin,
                                                   section.right_margin, section.top_margin, section.bottom_margin)]
    assert millimetres == [210, 297, 30, 15, 20, 20]  # A4 portrait, NĐ 30's margins (stored in twips)
    properties = document.core_properties
    assert properties.author == "Ủy ban nhân dân xã Cẩm Giang"
    assert properties.subject.startswith("Hội nghị đánh giá công tác cải cách hành chính")
    assert properties.title.startswith("Giới thiệu đại biểu — Hội nghị")


def test_the_pdf_embeds_its_font_and_says_whose_it_is(client: FlaskClient, login: Callable[[str], None]) -> None:
    body = scene(client, login)
    response = client.get("/introductions.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = pypdf.PdfReader(io.BytesIO(response.data))
    fonts = [font.get_object() for page in pdf.pages
             for font in page["/Resources"]["/Font"].values()]
    assert fonts
    for font in fonts:
        described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = described["/FontDescriptor"]
        assert any(key in descriptor for key in ("/FontFile2", "/FontFile", "/FontFile3")), font["/BaseFont"]
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    for line in body["text"].split("\n"):
        assert " ".join(line.split()) in text
    assert pdf.metadata.title.startswith("Giới thiệu đại biểu — Hội nghị")
    assert pdf.metadata.author == "Ủy ban nhân dân xã Cẩm Giang"
    assert pdf.metadata.subject.startswith("Hội nghị đánh giá")


def test_with_nobody_arrived_the_documents_say_so(client: FlaskClient, login: Callable[[str], None]) -> None:
    login("admin")
    document = docx.Document(io.BytesIO(client.get("/introductions.docx").data))
    assert "Chưa có đại biểu nào điểm danh." in [p.text for p in document.paragraphs]
    assert client.get("/introductions.pdf").status_code == 200
