"""Line breaks in Vietnamese units and titles: at phrase boundaries, never inside an administrative phrase."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.badges import FontSet, wrap

FONTS = FontSet.default()
UNITS = [
    "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã Cẩm Giang",
    "Ủy ban Mặt trận Tổ quốc Việt Nam xã Cẩm Giang",
    "Phó Chủ tịch Thường trực Hội đồng nhân dân xã, kiêm Trưởng ban Pháp chế",
    "Lãnh đạo, chuyên viên các phòng chuyên môn, cơ quan đơn vị thuộc Ủy ban nhân dân xã",
    "Phòng Văn hóa - Xã hội; Trung tâm Dịch vụ sự nghiệp công",
    "ỦY BAN NHÂN DÂN XÃ CẨM GIANG",
]
WIDTHS = range(60, 400, 7)
"""Points, for 8 pt text: from a word or two a line to a whole unit on one."""


def measure(text: str) -> float:
    return FONTS.width(text, False, 8)


def lines_at(text: str, width: float) -> tuple[str, ...]:
    fitted = wrap.fit(text, width=width, size=1, min_size=1, max_lines=8, measure=measure, line_height=1.25)
    assert not fitted.truncated and " ".join(fitted.lines) == text
    return fitted.lines


@pytest.mark.parametrize("text", UNITS)
def test_no_width_breaks_inside_an_administrative_phrase(text):
    folded = text.casefold()
    phrases = [text[at : at + len(phrase)]
               for phrase in wrap.KEEP_TOGETHER if (at := folded.find(phrase.casefold())) >= 0]
    assert phrases
    for width in WIDTHS:
        lines = lines_at(text, width)
        for phrase in (phrase for phrase in phrases if measure(phrase) <= width):  # a wider one must break
            assert any(phrase in line for line in lines), (width, phrase, lines)


@pytest.mark.parametrize("text", UNITS)
def test_no_line_ends_in_va_or_starts_with_a_dash(text):
    for width in WIDTHS:
        for line in lines_at(text, width):
            assert not line.endswith(" và") and not line.startswith("-"), (width, line)


def test_two_lines_break_after_a_comma_or_a_dash_and_before_va():
    def two_lines(text: str) -> tuple[str, ...]:
        width = FONTS.width(text, False, 1) * 0.75
        return wrap.fit(text, width=width, size=1, min_size=1, max_lines=2,
                        measure=lambda part: FONTS.width(part, False, 1), line_height=1.25).lines

    assert two_lines("Phòng Văn hóa - Xã hội")[0] == "Phòng Văn hóa -"
    assert two_lines("Chuyên viên, Phòng Kinh tế")[0] == "Chuyên viên,"
    assert two_lines("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã Cẩm Giang")[1].startswith("và ")


def test_a_place_stays_whole():
    assert [piece.text for piece in wrap.pieces("Đảng ủy xã Cẩm Giang, thôn 3")] == [
        "Đảng ủy", "xã Cẩm Giang,", "thôn 3"]


def test_a_cut_text_keeps_its_letters_marks_and_ends_in_an_ellipsis():
    text = "Nguyễn" * 40
    fitted = wrap.fit(text, width=100, size=10, min_size=8, max_lines=2,
                      measure=lambda part: FONTS.width(part, True, 1), line_height=1.25)
    assert fitted.truncated and fitted.size == 8 and len(fitted.lines) == 2
    assert fitted.lines[-1].endswith("…")
    assert text.startswith("".join(fitted.lines)[:-1])
    assert all(FONTS.width(line, True, 8) <= 100 for line in fitted.lines)


def test_a_phrase_with_its_dash_too_wide_for_a_line_breaks_between_its_words():
    """Found by the long-text checks: "Văn hóa -" split into itself again and never ended."""
    width = measure("Văn hóa -") - 0.01
    fitted = wrap.fit("Phòng Văn hóa - Xã hội", width=width, size=1, min_size=1, max_lines=5, measure=measure,
                      line_height=1.25)
    assert fitted.lines == ("Phòng", "Văn hóa", "- Xã hội") and not fitted.truncated


WORDS = ["Nguyễn", "Thị", "và", "Ủy", "ban", "nhân", "dân", "Hội", "đồng", "xã", "Cẩm", "Giang", "-", "&", "Phòng,",
         "thôn", "3", "Văn", "hóa", "Mặt", "trận", "Tổ", "quốc", "Việt", "Nam", "NguyễnNguyễnNguyễnNguyễn", "ỦY", "BAN"]


@settings(max_examples=400, deadline=None, derandomize=True)
@given(words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=50), width=st.floats(20, 300),
       max_lines=st.integers(1, 3))
def test_any_text_fits_its_width_and_loses_nothing_unless_it_ends_in_an_ellipsis(words, width, max_lines):
    text = " ".join(words)
    fitted = wrap.fit(text, width=width, size=10, min_size=8, max_lines=max_lines,
                      measure=lambda part: FONTS.width(part, False, 1), line_height=1.25)
    assert 1 <= len(fitted.lines) <= max_lines and 8 <= fitted.size <= 10
    assert all(FONTS.width(line, False, fitted.size) <= width + 1e-6 for line in fitted.lines)
    printed, compact = "".join(fitted.lines).replace(" ", ""), text.replace(" ", "")
    if fitted.truncated:
        assert printed.endswith("…") and compact.startswith(printed.removesuffix("…"))
    else:
        assert printed == compact
