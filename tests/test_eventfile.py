"""The event file: the built-in Cẩm Giang plan, and bad files named by file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.events.eventfile import EventFileError, default_event_path, parse_event_file, parse_event_text

SEED_TITLE = ("Hội nghị đánh giá công tác cải cách hành chính 6 tháng đầu năm 2026, "
              "triển khai công tác cải cách hành chính 6 tháng cuối năm 2026")


def test_default_event_carries_the_seed_plan() -> None:
    spec = parse_event_file(default_event_path())
    assert spec.title == SEED_TITLE
    assert spec.organiser == "Ủy ban nhân dân xã Cẩm Giang"
    assert spec.place == "Hội trường Ủy ban nhân dân xã"
    assert spec.date == "2026-06"
    assert spec.signer_name == "Vũ Mạnh Huy"
    assert len(spec.groups) == 9
    assert len({g.colour for g in spec.groups}) == 9, "each group has its own colour"
    assert [g.name for g in spec.groups][0] == "Thường trực Đảng ủy"
    assert [g.code for g in spec.groups if g.seats] == ["THON"]
    assert [item.number for item in spec.agenda] == ["1", "2", "3", "4"]
    presentations = spec.agenda[2].items
    assert [p.presenter for p in presentations] == [
        "Phòng Văn hóa - Xã hội", "Văn phòng HĐND&UBND xã", "Phòng Kinh tế",
        "Trung tâm Phục vụ hành chính công", "Trung tâm Dịch vụ sự nghiệp công", "Trạm Y tế xã",
        "Nhà trường trên địa bàn xã",
    ]
    assert all(p.planned_seconds == 600 and p.kind == "presentation" for p in presentations)
    assert spec.presentation_seconds == 600
    assert (spec.amber_seconds, spec.red_seconds) == (120, 60)


@pytest.mark.parametrize(
    ("old", "new", "field", "line_of"),
    [
        ('colour = "#2E7D32"', 'colour = "xanh"', "colour", "itself"),
        ('date = "2026-06"', 'date = "06/2026"', "date", "itself"),
        ('expected = 35', 'expected = "ba mươi"', "expected", "itself"),
        ('code = "YT"', 'code = "PCM"', "code", "itself"),
        ("red_seconds = 60 ", "red_seconds = 600 ", "red_seconds", "itself"),
        # A missing field is named at the header of its table.
        ('  title = "Tham luận của Phòng Kinh tế"', '  tieu_de = "x"', "title", "header"),
    ],
)
def test_a_bad_field_is_named_with_its_file_and_line(old: str, new: str, field: str, line_of: str) -> None:
    text = default_event_path().read_text(encoding="utf-8")
    assert old in text
    lines = text.splitlines()
    line = next(i for i, row in enumerate(lines, start=1) if row.startswith(old))
    if line_of == "header":
        line = max(i for i in range(1, line) if lines[i - 1].strip().startswith("[["))
    with pytest.raises(EventFileError) as caught:
        parse_event_text(text.replace(old, new, 1), "su-kien.toml")
    error = caught.value
    assert (error.path, error.line, error.field_name) == ("su-kien.toml", line, field)
    assert f"su-kien.toml, dòng {line}" in str(error) and f"“{field}”" in str(error)


def test_broken_toml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "hong.toml"
    path.write_text('[event]\ntitle = "Hội nghị\nplace = "x"\n', encoding="utf-8")
    with pytest.raises(EventFileError) as caught:
        parse_event_file(path)
    assert caught.value.line == 2 and str(path) in str(caught.value)


def test_text_is_stored_nfc(tmp_path: Path) -> None:
    import unicodedata

    text = default_event_path().read_text(encoding="utf-8")
    decomposed = unicodedata.normalize("NFD", text)
    spec = parse_event_text(decomposed)
    assert spec.title == SEED_TITLE
