"""Reading organisers' plans ("Kế hoạch") into event files: the Cẩm Giang seed and plans of other shapes."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from kiosk.cli import cli
from kiosk.events.eventfile import EventSpec, parse_event_file, parse_event_text
from kiosk.plans import PlanError, import_plan
from kiosk.plans.structure import outline

DATA = Path(__file__).parent / "data"
SEED = DATA / "ke-hoach-hoi-nghi-cchc-2026.md"
SEED_TITLE = ("Hội nghị đánh giá công tác cải cách hành chính 6 tháng đầu năm 2026, "
              "triển khai công tác cải cách hành chính 6 tháng cuối năm 2026")


def imported(path: Path) -> tuple[EventSpec, str]:
    """The parsed plan, and its event file read back through the event file parser."""
    plan = import_plan(path.name, path.read_bytes())
    text = plan.event_file(path.name)
    assert parse_event_text(text, "imported.toml") == plan.spec
    return plan.spec, text


def test_the_seed_plan_gives_the_cam_giang_conference() -> None:
    spec, text = imported(SEED)
    assert spec.title == SEED_TITLE
    assert (spec.organiser, spec.organiser_short) == ("Ủy ban nhân dân xã Cẩm Giang", "UBND xã Cẩm Giang")
    assert spec.place == "Hội trường Ủy ban nhân dân xã"
    assert spec.date == "2026-06"
    assert spec.reference.startswith("Thực hiện Quyết định số 1619/QĐ-UBND ngày 30/12/2025")
    assert (spec.signer_title, spec.signer_name) == ("KT. Chủ tịch, Phó Chủ tịch", "Vũ Mạnh Huy")

    assert len(spec.groups) == 9
    assert [g.code for g in spec.groups] == ["DU", "HDND", "UBND", "CQDU", "MTTQ", "PCM", "TH", "YT", "THON"]
    assert spec.groups[0].name == "Thường trực Đảng ủy"
    assert spec.groups[2].name == "Chủ tịch và các phó Chủ tịch Ủy ban nhân dân xã"  # "Đồng chí" dropped
    assert len({g.colour for g in spec.groups}) == 9
    assert all(g.expected == 0 for g in spec.groups)
    assert [g.code for g in spec.groups if g.seats] == ["THON"]

    assert [item.number for item in spec.agenda] == ["1", "2", "3", "4"]
    assert [item.kind for item in spec.agenda] == ["opening", "report", "section", "direction"]
    presentations = spec.agenda[2]
    assert presentations.title == "Báo cáo tham luận tại Hội nghị"
    assert [p.presenter for p in presentations.items] == [
        "Phòng Văn hóa - Xã hội", "Văn phòng HĐND&UBND xã", "Phòng Kinh tế",  # "Kinh tế" named as in IV.3
        "Trung tâm phục vụ hành chính công", "Trung tâm Dịch vụ sự nghiệp công", "Trạm y tế",
        "Nhà trường trên địa bàn xã",
    ]
    assert all(p.planned_seconds == 600 and p.kind == "presentation" for p in presentations.items)
    assert spec.presentation_seconds == 600

    assert '# KHÔNG TÌM THẤY: ngày cụ thể (chỉ có "tháng 6/2026")' in text
    assert "# KHÔNG TÌM THẤY: giờ bắt đầu (tạm đặt 08:00)" in text
    assert "# KHÔNG TÌM THẤY: số người dự kiến của nhóm DU, HDND" in text
    assert '"..." sau "Nhà trường trên địa bàn xã"' in text  # the open list is pointed out


def test_a_ward_plan_with_numbered_attendees_letter_headings_and_plus_lists() -> None:
    spec, text = imported(DATA / "ke-hoach-phuong-hong-ha.md")
    assert spec.title == "Hội nghị sơ kết công tác chuyển đổi số quý I năm 2026"
    assert spec.organiser == "Ủy ban nhân dân phường Hồng Hà"  # from the two-line header in capitals
    assert (spec.date, spec.start_time) == ("2026-03-19", "14:00")
    assert spec.place == "Hội trường tầng 3, trụ sở Ủy ban nhân dân phường"
    assert spec.reference.startswith("Căn cứ Luật Tổ chức chính quyền địa phương")
    assert "xây dựng Kế hoạch" not in spec.reference
    assert (spec.signer_title, spec.signer_name) == ("TM. Ủy ban nhân dân, Chủ tịch", "Nguyễn Thị Lan")

    assert [g.name for g in spec.groups][4:] == ["Công an phường", "Bí thư chi bộ, Tổ trưởng các tổ dân phố",
                                                 "Thành viên Tổ công nghệ số cộng đồng"]
    assert [g.code for g in spec.groups] == ["DU", "HDND", "UBND", "MTTQ", "CA", "TDP", "TVTCN"]
    assert spec.groups[5].expected == 24 and spec.groups[5].seats

    assert spec.presentation_seconds == 7 * 60  # "không quá 07 phút"
    opening, report, talks, pause, closing = spec.agenda
    assert (opening.kind, opening.planned_seconds, opening.title) == ("opening", 300, "Khai mạc, giới thiệu đại biểu")
    assert (report.presenter, report.kind) == ("Văn phòng HĐND và UBND phường", "report")
    assert [(p.title, p.presenter, p.planned_seconds) for p in talks.items] == [
        ("Tham luận của Công an phường", "Công an phường", 420),
        ("Tham luận của Phòng Văn hóa - Xã hội", "Phòng Văn hóa - Xã hội", 420),
        ("Tham luận của Tổ công nghệ số cộng đồng tổ dân phố số 5", "Tổ công nghệ số cộng đồng tổ dân phố số 5", 420),
    ]
    assert (pause.kind, pause.planned_seconds) == ("break", 600)
    assert closing.kind == "direction"
    assert "# KHÔNG TÌM THẤY: ngày" not in text


def test_a_text_plan_with_times_in_the_programme_and_attendees_on_one_line() -> None:
    spec, _text = imported(DATA / "ke-hoach-thi-tran-phu-my.txt")
    assert spec.title == "Hội thảo góp ý dự thảo Đề án xây dựng đô thị văn minh"
    assert spec.organiser == "Ủy ban nhân dân thị trấn Phú Mỹ"
    assert (spec.date, spec.start_time, spec.place) == ("2026-04-20", "07:30", "Nhà văn hóa thị trấn Phú Mỹ")
    assert [g.name for g in spec.groups] == ["Thường trực Đảng ủy thị trấn", "Lãnh đạo UBND thị trấn",
                                             "Đại diện các doanh nghiệp trên địa bàn", "Trưởng các khu phố"]
    assert [(item.title, item.planned_seconds // 60) for item in spec.agenda] == [
        ("Đón tiếp đại biểu", 30), ("Tuyên bố lý do, giới thiệu đại biểu", 10), ("Trình bày dự thảo Đề án", 30),
        ("Ý kiến góp ý của các đại biểu, mỗi ý kiến tối đa 05 phút", 80), ("Kết luận của Chủ tịch UBND thị trấn", 15),
    ]
    assert spec.agenda[2].presenter == "Phòng Kinh tế, Hạ tầng và Đô thị"


def _word_plan() -> bytes:
    """A Word plan as offices write them: header and signature in tables, bold headings, Word's own numbering."""
    document = docx.Document()
    header = document.add_table(rows=1, cols=2)
    header.cell(0, 0).paragraphs[0].add_run("ỦY BAN NHÂN DÂN").bold = True
    header.cell(0, 0).add_paragraph().add_run("XÃ AN BÌNH").bold = True
    header.cell(0, 0).add_paragraph("Số: 21/KH-UBND")
    header.cell(0, 1).paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold = True
    header.cell(0, 1).add_paragraph("An Bình, ngày 04 tháng 5 năm 2026")
    document.add_paragraph().add_run("KẾ HOẠCH").bold = True
    document.add_paragraph().add_run("Tổ chức Hội nghị tổng kết phong trào thi đua năm học 2025-2026").bold = True
    document.add_paragraph("Căn cứ Kế hoạch số 3/KH-UBND ngày 05/01/2026 của UBND xã An Bình;")
    document.add_paragraph("Căn cứ tình hình thực tế, Ủy ban nhân dân xã An Bình ban hành kế hoạch như sau:")
    document.add_heading("I. NỘI DUNG", level=2)
    for line in ("Báo cáo tổng kết phong trào thi đua năm học 2025-2026;", "Tham luận của các nhà trường;",
                 "Khen thưởng tập thể, cá nhân tiêu biểu (15 phút);", "Phát biểu chỉ đạo của lãnh đạo xã."):
        document.add_paragraph(line, style="List Number")
    document.add_paragraph().add_run("II. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN").bold = True
    for label, rest in (("1. Thời gian:", " 8 giờ 00 phút, ngày 25/5/2026."),
                        ("2. Địa điểm:", " Hội trường Trường THCS An Bình."), ("3. Thành phần:", "")):
        paragraph = document.add_paragraph()
        paragraph.add_run(label).bold = True
        paragraph.add_run(rest)
    for line in ("Lãnh đạo Đảng ủy, HĐND, UBND xã;", "Ban giám hiệu các trường Mầm non, Tiểu học, THCS;",
                 "Giáo viên, học sinh tiêu biểu (40 người)."):
        document.add_paragraph(line, style="List Bullet")
    document.add_paragraph().add_run("III. TỔ CHỨC THỰC HIỆN").bold = True
    document.add_paragraph("Các trường chuẩn bị tham luận: Trường Mầm non An Bình, Trường Tiểu học An Bình, "
                           "Trường THCS An Bình; mỗi tham luận trình bày không quá 08 phút.")
    signature = document.add_table(rows=1, cols=2)
    signature.cell(0, 0).paragraphs[0].add_run("Nơi nhận:").bold = True
    signature.cell(0, 0).add_paragraph("- Như thành phần;")
    signature.cell(0, 1).paragraphs[0].add_run("TM. ỦY BAN NHÂN DÂN").bold = True
    signature.cell(0, 1).add_paragraph().add_run("CHỦ TỊCH").bold = True
    signature.cell(0, 1).add_paragraph().add_run("Lê Văn Nam").bold = True
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_word_plan_with_tables_bold_headings_and_numbered_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach-an-binh.docx"
    path.write_bytes(_word_plan())
    spec, _text = imported(path)
    assert spec.title == "Hội nghị tổng kết phong trào thi đua năm học 2025-2026"
    assert spec.organiser == "Ủy ban nhân dân xã An Bình"
    assert (spec.date, spec.start_time, spec.place) == ("2026-05-25", "08:00", "Hội trường Trường THCS An Bình")
    assert spec.reference == "Căn cứ Kế hoạch số 3/KH-UBND ngày 05/01/2026 của UBND xã An Bình"
    assert [g.code for g in spec.groups] == ["DU", "TH", "GVHST"]
    assert spec.groups[2].expected == 40
    assert [item.number for item in spec.agenda] == ["1", "2", "3", "4"]  # Word's numbering, not in the text
    talks = spec.agenda[1]
    assert talks.kind == "section"
    assert [(p.presenter, p.planned_seconds) for p in talks.items] == [
        ("Trường Mầm non An Bình", 480), ("Trường Tiểu học An Bình", 480), ("Trường THCS An Bình", 480)]
    assert spec.agenda[2].planned_seconds == 15 * 60
    assert (spec.signer_title, spec.signer_name) == ("TM. Ủy ban nhân dân, Chủ tịch", "Lê Văn Nam")


def test_nesting_is_read_from_the_numbers() -> None:
    root = outline([*map(_line, ["III. THÀNH PHẦN", "1. Thời gian: sáng", "2. Thành phần:", "1. Đảng ủy;",
                                 "2. HĐND;", "3. Địa điểm: hội trường", "a) Khu A", "+ Hàng 1", "+ Hàng 2",
                                 "b) Khu B", "IV. KHÁC"])])
    third, fourth = root.children
    assert [c.text for c in third.children] == ["Thời gian: sáng", "Thành phần:", "Địa điểm: hội trường"]
    assert [c.text for c in third.children[1].children] == ["Đảng ủy;", "HĐND;"]
    assert [c.text for c in third.children[2].children] == ["Khu A", "Khu B"]
    assert [c.text for c in third.children[2].children[0].children] == ["Hàng 1", "Hàng 2"]
    assert fourth.text == "KHÁC"


def _line(text: str):  # type: ignore[no-untyped-def]
    from kiosk.plans.structure import Paragraph

    return Paragraph(text)


@pytest.mark.parametrize(("name", "data", "message"), [
    ("ke-hoach.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50, ".docx"),
    ("ke-hoach.pdf", b"%PDF-1.7\n", "PDF"),
    ("ke-hoach.docx", b"PK\x03\x04not a zip", "Word"),
    ("thu-moi.txt", "Kính mời quý vị đến dự.".encode(), "Thành phần"),
])
def test_what_is_not_a_plan_is_refused_with_the_reason(name: str, data: bytes, message: str) -> None:
    with pytest.raises(PlanError, match=message):
        import_plan(name, data)


def test_kiosk_import_plan_writes_an_event_file_to_review(tmp_path: Path) -> None:
    out = tmp_path / "su-kien.toml"
    result = CliRunner().invoke(cli, ["import-plan", str(SEED), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "9 nhóm" in result.output and "KHÔNG TÌM THẤY" in result.output
    assert str(out) in result.output
    assert parse_event_file(out).title == SEED_TITLE

    refused = CliRunner().invoke(cli, ["import-plan", str(tmp_path / "khong-co.docx")])
    assert refused.exit_code != 0
