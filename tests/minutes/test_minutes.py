"""The minutes (biên bản hội nghị) of a scripted conference day: from `kiosk report minutes` and /admin, read back
as a Word file and a PDF, every figure and diacritic checked against the script."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Callable
from pathlib import Path

import docx
import pypdf
import pypdfium2
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn
from docx.shared import Mm
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from kiosk.attendees.models import Attendee
from kiosk.checkin.service import StandIn
from kiosk.checkin.summary import ProtocolRecords
from kiosk.cli import cli
from kiosk.events.service import current_event
from kiosk.minutes.record import minutes_file
from kiosk.text import format_clock
from tests.checkin.test_reports import pdf_fonts
from tests.conftest import db, walk_in_stored_as
from tests.minutes.scripted import (
    ARRIVALS,
    OPENED,
    RUNS,
    UNDONE,
    Script,
    arrive,
    at,
    docx_lines,
    docx_tables,
    run_programme,
)

TITLE = ("Hội nghị đánh giá công tác cải cách hành chính 6 tháng đầu năm 2026, triển khai công tác cải cách hành "
         "chính 6 tháng cuối năm 2026")
PRESENT = len(ARRIVALS) - 1  # one arrival was undone


@pytest.fixture
def day(app: Flask) -> Script:
    arrive(app)
    return run_programme()


def _minutes(instance: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> bytes:
    monkeypatch.setenv("KIOSK_INSTANCE", str(instance))
    out = tmp_path / f"bien-ban.{fmt}"
    result = CliRunner().invoke(cli, ["report", "minutes", "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert str(out) in result.output
    return out.read_bytes()


def _hhmm(moment: dt.datetime | None) -> str:
    assert moment is not None
    return f"{moment:%H:%M}"


def test_the_minutes_from_kiosk_report_say_what_happened_that_day(day: Script, instance: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    data = _minutes(instance, tmp_path, monkeypatch, "docx")
    lines = docx_lines(data)
    text = "\n".join(lines)
    assert unicodedata.is_normalized("NFC", text)
    for line in ("ỦY BAN NHÂN DÂN", "XÃ CẨM GIANG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 "Số: ……/BB-UBND", "Cẩm Giang, ngày 18 tháng 6 năm 2026", "BIÊN BẢN", TITLE):
        assert line in lines, line
    assert "DỰ THẢO" not in text and "Bản dự thảo" not in text, "the programme has ended: not a draft"

    # The real opening, to the minute, against the plan, with room for the reason it was late.
    assert ("1. Thời gian: hội nghị bắt đầu lúc 08 giờ 07 phút, ngày 18 tháng 6 năm 2026, bắt đầu chậm 7 phút so "
            "với kế hoạch (08 giờ 00 phút).") in lines
    assert "Lý do bắt đầu chậm: \t" in lines
    assert "2. Địa điểm: Hội trường Ủy ban nhân dân xã." in lines
    # Who chairs (the seed's), and the secretary still to be written in.
    assert "1. Chủ trì: đồng chí Vũ Mạnh Huy - Phó Chủ tịch UBND xã." in lines
    assert "2. Thư ký: đồng chí ………………………… - …………………………." in lines

    # Invited, present, by stand-in, excused, absent: until the protocol desk records the two middle ones, 0.
    assert (f"3. Đại biểu: được mời 120 đại biểu; có mặt {PRESENT} đại biểu (trong đó dự thay: 0); vắng có lý do: 0; "
            f"vắng không lý do: {120 - PRESENT}.") in lines
    assert "- Đại biểu dự thay: không có." in lines
    assert "- Đại biểu vắng có lý do: không có." in lines
    attendance = next(table for table in docx_tables(data) if table[0][1] == "Thành phần")
    assert attendance[0] == ("STT", "Thành phần", "Được mời", "Có mặt", "Dự thay", "Vắng có lý do", "Vắng không lý do")
    assert attendance[1] == ("1", "Thường trực Đảng ủy", "3", "2", "0", "0", "1")
    assert attendance[6] == ("6", "Lãnh đạo, chuyên viên các phòng chuyên môn, cơ quan, đơn vị thuộc UBND xã",
                             "35", "1", "0", "0", "34"), "PCM-002's arrival was undone: absent"
    assert attendance[9] == ("9", "Các thôn và Tổ công nghệ số cộng đồng", "40", "1", "0", "0", "39")
    assert attendance[-1] == ("", "Tổng cộng", "120", str(PRESENT), "0", "0", str(120 - PRESENT))
    undone = db.session().scalars(select(Attendee).where(Attendee.number == UNDONE)).one()
    absent = next(line for line in lines if line.startswith("+ Lãnh đạo, chuyên viên các phòng chuyên môn"))
    assert f"đồng chí {undone.full_name} ({undone.position})" in absent

    # Each item in running order: presenter, actual start and end, length, the time it had, overrun.
    programme = next(table for table in docx_tables(data) if table[0][1] == "Nội dung")
    assert programme[0] == ("STT", "Nội dung", "Người trình bày", "Bắt đầu", "Kết thúc", "Thời lượng", "Được dành",
                            "Quá giờ")
    rows = {row[0]: row for row in programme[1:]}
    assert rows["1"] == ("1", "Tuyên bố lý do, giới thiệu đại biểu", "Văn phòng HĐND&UBND xã", "08:07", "08:14",
                         "06:30", "05:00", "+01:30"), "over by a minute and a half"
    assert rows["2"][3:] == ("08:14", "08:33", "17:00", "20:00", "—"), "under, its pause not counted"
    assert rows["3.2"][1:] == ("Tham luận của Văn phòng HĐND&UBND xã (không thực hiện)", "Văn phòng HĐND&UBND xã",
                               "—", "—", "—", "10:00", "—")
    assert rows["3.5"][5:] == ("11:40", "10:00", "+01:40")
    planned = dict(zip(["1", "2", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "4"],
                       [300, 1200, *[600] * 7, 1200], strict=True))
    for (number, start, end), seconds in zip(day.items, RUNS, strict=True):
        if seconds is not None:
            assert rows[number][3:6] == (_hhmm(start), _hhmm(end), format_clock(seconds)), number
            overrun = seconds - planned[number]
            assert rows[number][7] == ("+" + format_clock(overrun) if overrun > 0 else "—"), number
    section = next(row for row in programme if row[0].startswith("3. "))
    assert set(section) == {"3. Báo cáo tham luận tại Hội nghị"}, "the section's title across the table"
    assert [row[0] for row in programme[1:]] == ["1", "2", section[0], "3.1", "3.2", "3.3", "3.4", "3.5", "3.6",
                                                 "3.7", "4"]
    assert "Tổng thời gian các nội dung: 1 giờ 36 phút 15 giây (theo kế hoạch: 1 giờ 55 phút 00 giây)." in lines

    # Room to write the discussion and the conclusions, then the closing time and the signatures.
    discussion = lines.index("IV. Ý KIẾN THẢO LUẬN")
    conclusions = lines.index("V. KẾT LUẬN CỦA CHỦ TRÌ HỘI NGHỊ")
    assert lines[discussion + 1:conclusions] == ["\t"] * 6
    assert day.closed == at(9, 48, 5)
    assert ("Hội nghị kết thúc lúc 09 giờ 48 phút cùng ngày, sớm 7 phút so với kế hoạch (09 giờ 55 phút)./."
            in lines)
    assert lines[-4:] == ["THƯ KÝ", "…………………………", "CHỦ TRÌ", "Vũ Mạnh Huy"]


def _fonts(element: object) -> dict[str, str | None]:
    fonts = element.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    return {key: fonts.get(qn(f"w:{key}")) if fonts is not None else None
            for key in ("ascii", "hAnsi", "eastAsia", "cs")}


def test_every_run_of_the_minutes_is_times_new_roman_on_an_a4_page_with_the_decrees_margins(
        day: Script, instance: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    word = docx.Document(io.BytesIO(_minutes(instance, tmp_path, monkeypatch, "docx")))
    times = dict.fromkeys(("ascii", "hAnsi", "eastAsia", "cs"), "Times New Roman")
    runs = list(word.element.body.iter(qn("w:r")))
    assert len(runs) > 100
    assert [run for run in runs if _fonts(run.find(qn("w:rPr"))) != times] == []
    defaults = word.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert _fonts(defaults) == times and _fonts(word.styles["Normal"].element.rPr) == times
    assert all(run.get_or_add_rPr().find(qn("w:color")).get(qn("w:val")) == "000000"
               for run in runs if run.find(qn("w:t")) is not None), "black"

    section = word.sections[0]
    for measured, millimetres in ((section.page_width, 210), (section.page_height, 297), (section.top_margin, 20),
                                  (section.bottom_margin, 20), (section.left_margin, 30), (section.right_margin, 15)):
        assert abs(measured - Mm(millimetres)) < Mm(0.1), (measured.mm, millimetres)

    paragraphs = {paragraph.text: paragraph for paragraph in word.paragraphs if paragraph.text}
    cells = {paragraph.text: paragraph for table in word.tables for row in table.rows for cell in row.cells
             for paragraph in cell.paragraphs if paragraph.text}

    def style(paragraph: object) -> tuple[float, bool, bool]:
        run = paragraph.runs[0]  # type: ignore[attr-defined]
        return run.font.size.pt, bool(run.font.bold), bool(run.font.italic)

    assert style(cells["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]) == (12.5, True, False)
    assert style(cells["Độc lập - Tự do - Hạnh phúc"]) == (13.5, True, False)
    assert style(cells["ỦY BAN NHÂN DÂN"]) == style(cells["XÃ CẨM GIANG"]) == (13, True, False)
    assert style(cells["Cẩm Giang, ngày 18 tháng 6 năm 2026"]) == (14, False, True)
    assert style(paragraphs["BIÊN BẢN"]) == style(paragraphs[TITLE]) == (14, True, False)
    assert paragraphs["BIÊN BẢN"].alignment == 1, "centred"
    body = next(p for text, p in paragraphs.items() if text.startswith("1. Thời gian"))
    assert body.alignment == 3 and all(run.font.size.pt == 14 for run in body.runs), "14 pt, justified"
    assert abs(body.paragraph_format.first_line_indent - Mm(10)) < Mm(0.1)
    header_table = word.tables[0]
    borders = header_table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}, "the header's table has no borders"
    assert word.core_properties.author == "Ủy ban nhân dân xã Cẩm Giang"
    assert word.core_properties.subject == TITLE and word.core_properties.language == "vi-VN"


def test_the_minutes_pdf_embeds_its_fonts_says_what_it_is_and_sets_the_header_in_two_columns(
        day: Script, instance: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _minutes(instance, tmp_path, monkeypatch, "pdf")
    reader = pypdf.PdfReader(io.BytesIO(data))
    fonts = pdf_fonts(reader)
    assert fonts and all(fonts.values()), f"fonts not embedded: {fonts}"
    assert not [name for name in fonts if "Helvetica" in name]
    assert any("SourceSerifPro" in name for name in fonts), fonts
    assert (reader.metadata.title, reader.metadata.subject, reader.metadata.author) == (
        f"Biên bản — {TITLE}", TITLE, "Ủy ban nhân dân xã Cẩm Giang")
    text = unicodedata.normalize("NFC", " ".join(" ".join(page.extract_text().split()) for page in reader.pages))
    for phrase in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BIÊN BẢN",
                   "Cẩm Giang, ngày 18 tháng 6 năm 2026", "08 giờ 07 phút", "bắt đầu chậm 7 phút",
                   "Hội nghị kết thúc lúc 09 giờ 48 phút cùng ngày", "Tuyên bố lý do, giới thiệu đại biểu",
                   "Văn phòng HĐND&UBND xã", "Đại biểu vắng có lý do: không có", "THƯ KÝ", "CHỦ TRÌ", "Vũ Mạnh Huy"):
        assert phrase in text, phrase
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842), "A4 portrait"

    document = pypdfium2.PdfDocument(data)
    try:
        image = document[0].render(scale=100 / 72).to_pil().convert("L")
    finally:
        document.close()
    width = image.size[0]  # 827 pixels at 100 dpi: 3.94 a millimetre

    def inked(left_mm: float, top_mm: float, right_mm: float, bottom_mm: float) -> int:
        box = image.crop(tuple(round(v * width / 210) for v in (left_mm, top_mm, right_mm, bottom_mm)))
        return sum(box.histogram()[:128])

    assert inked(30, 20, 95, 40) > 300, "the issuing body in the left column"
    assert inked(95, 20, 195, 40) > 600, "the nation's name and motto in the right column"
    assert inked(0, 0, 30, 297) == inked(0, 0, 210, 20) == 0, "nothing in the left and top margins"


def test_before_the_programme_ends_the_minutes_are_a_draft_as_of_their_time(app: Flask) -> None:
    arrive(app)
    script = run_programme(until=at(9, 0))
    session = db.session()
    event = current_event(session)
    assert event is not None
    now = at(9, 0, 30)
    data = minutes_file(session, event, "docx", now.timestamp())
    lines = docx_lines(data)
    assert lines[0] == "DỰ THẢO"
    assert "Bản dự thảo: hội nghị chưa kết thúc; thời gian và số đại biểu tính đến 09:00 ngày 18/06/2026." in lines
    rows = {row[0]: row for row in next(t for t in docx_tables(data) if t[0][1] == "Nội dung")}
    running = next(start for number, start, _end in script.items if number == "3.4")
    assert running is not None and running < now < running + dt.timedelta(seconds=600)
    assert rows["3.4"][3:6] == (_hhmm(running), "đang diễn ra", format_clock((now - running).total_seconds()))
    assert rows["3.5"][1].endswith("(chưa thực hiện)") and rows["3.5"][3] == "—"
    assert "Hội nghị kết thúc lúc (theo kế hoạch: 09 giờ 55 phút): \t" in lines
    assert "Đến 09:00, hội nghị chưa kết thúc./." in lines
    assert not [line for line in lines if line.startswith("Hội nghị kết thúc lúc 09")]
    pdf = minutes_file(session, event, "pdf", now.timestamp())
    assert pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().lstrip().startswith("DỰ THẢO")


def test_minutes_made_before_the_chair_starts_say_the_conference_has_not_begun(app: Flask) -> None:
    session = db.session()
    event = current_event(session)
    assert event is not None
    lines = docx_lines(minutes_file(session, event, "docx", at(7, 30).timestamp()))
    assert lines[0] == "DỰ THẢO"
    assert ("1. Thời gian: theo kế hoạch, hội nghị bắt đầu lúc 08 giờ 00 phút, ngày …… tháng 6 năm 2026; đến 07:30 "
            "hội nghị chưa bắt đầu.") in lines, "a month-only date: the day is left to the pen"
    assert "Cẩm Giang, ngày …… tháng 6 năm 2026" in lines
    assert "3. Đại biểu: được mời 120 đại biểu; có mặt 0 đại biểu (trong đó dự thay: 0); vắng có lý do: 0; " \
           "vắng không lý do: 120." in lines


def test_stand_ins_and_excused_absences_once_recorded_are_counted_and_named(
        app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the protocol desk will record, plugged in where kiosk.checkin.summary says it plugs in."""
    arrive(app)
    session = db.session()
    people = {p.number: p for p in session.scalars(select(Attendee).where(Attendee.number.in_(["DU-001", "DU-003"])))}

    def recorded(delegates: list[Attendee], counted: dict[int, object]) -> ProtocolRecords:
        return ProtocolRecords(stand_ins={people["DU-001"].id: StandIn("Trần Văn Bình", "Phó Bí thư Đảng ủy")},
                               excuses={people["DU-003"].id: "Đi công tác tỉnh"})

    monkeypatch.setattr("kiosk.checkin.summary.protocol_records", recorded)
    event = current_event(session)
    assert event is not None
    data = minutes_file(session, event, "docx", at(7, 59).timestamp())
    lines = docx_lines(data)
    assert (f"3. Đại biểu: được mời 120 đại biểu; có mặt {PRESENT} đại biểu (trong đó dự thay: 1); vắng có lý do: 1; "
            f"vắng không lý do: {120 - PRESENT - 1}.") in lines
    du1, du3 = people["DU-001"], people["DU-003"]
    assert "- Đại biểu dự thay (1):" in lines
    assert (f"+ đồng chí Trần Văn Bình, Phó Bí thư Đảng ủy, dự thay đồng chí {du1.full_name}, {du1.position}, "
            f"{du1.unit}." in lines)
    assert "- Đại biểu vắng có lý do (1):" in lines
    assert f"+ đồng chí {du3.full_name}, {du3.position}, {du3.unit}: Đi công tác tỉnh." in lines
    attendance = next(table for table in docx_tables(data) if table[0][1] == "Thành phần")
    assert attendance[1] == ("1", "Thường trực Đảng ủy", "3", "2", "1", "1", "0")


def test_the_organiser_downloads_the_minutes_from_admin_in_vietnamese_whatever_the_pages_language(
        day: Script, client: FlaskClient, login: Callable[[str], None]) -> None:
    login("admin")
    page = client.get("/admin").get_data(as_text=True)
    assert "Biên bản hội nghị" in page and 'href="/admin/reports/minutes.docx"' in page
    assert 'href="/admin/reports/minutes.pdf"' in page and 'href="/admin/reports/timing.docx"' in page
    english = client.get("/admin?lang=en").get_data(as_text=True)
    assert "Minutes of the conference" in english and "Biên bản hội nghị" not in english

    word = client.get("/admin/reports/minutes.docx")
    assert word.status_code == 200
    assert word.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert word.headers["Content-Disposition"] == "attachment; filename=bien-ban-hoi-nghi.docx"
    assert "BIÊN BẢN" in docx_lines(word.get_data()), "the minutes stay in Vietnamese, as filed"
    pdf = client.get("/admin/reports/minutes.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.get_data().startswith(b"%PDF")
    refused = client.get("/admin/reports/minutes.csv")
    assert refused.status_code == 404 and "docx, pdf" in refused.get_data(as_text=True)
    client.post("/api/v1/logout")
    assert client.get("/admin/reports/minutes.docx").status_code == 401


def test_the_cli_writes_the_minutes_as_docx_by_default(day: Script, instance: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_INSTANCE", str(instance))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["report", "minutes"])
    assert result.exit_code == 0, result.output
    assert "BIÊN BẢN" in docx_lines((tmp_path / "bien-ban-hoi-nghi.docx").read_bytes())
    assert CliRunner().invoke(cli, ["report", "minutes", "--format", "xlsx"]).exit_code == 2


def test_the_opening_counts_the_minutes_between_the_plan_and_the_minute_the_chair_started(app: Flask) -> None:
    """08:07:40 is "08 giờ 07 phút", 7 minutes late, not 8 (nor 7.7)."""
    run_programme(until=OPENED + dt.timedelta(seconds=1))
    session = db.session()
    event = current_event(session)
    assert event is not None
    lines = docx_lines(minutes_file(session, event, "docx", at(8, 9).timestamp()))
    assert next(line for line in lines if line.startswith("1. Thời gian")).endswith(
        "08 giờ 07 phút, ngày 18 tháng 6 năm 2026, bắt đầu chậm 7 phút so với kế hoạch (08 giờ 00 phút).")


def test_a_control_character_typed_into_a_name_does_not_break_the_minutes(
        client: FlaskClient, login: Callable[[str], None]) -> None:
    """Word's XML cannot hold most control characters (python-docx raised, a server error): they are left out,
    in the Word file and in the PDF alike. The API refuses them now (kiosk.text.is_one_line); a name stored
    before that rule still holds them."""
    login("admin")
    walk_in_stored_as(client, "Lê\x01 Văn\x0b Tám\x7f")
    word = client.get("/admin/reports/minutes.docx")
    assert word.status_code == 200
    absent = next(line for line in docx_lines(word.get_data()) if line.startswith("+ Lãnh đạo các trường học"))
    assert "đồng chí Lê Văn Tám" in absent
    pdf = client.get("/admin/reports/minutes.pdf")
    assert pdf.status_code == 200
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.get_data())).pages)
    assert "Lê Văn Tám" in unicodedata.normalize("NFC", text)
