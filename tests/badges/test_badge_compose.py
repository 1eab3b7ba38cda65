"""Where text goes: the Vietnamese badge's lines, fitting long texts, colour contrast, staying inside the badge."""

import itertools
import unicodedata

import pytest

from kiosk.badges import Badge, BadgeError, FontSet, load_layout, load_layouts
from kiosk.badges.compose import BLACK, PT_PER_MM, WHITE, Box, QrPlacement, Rule, TextRun, compose, text_colour_on

LAYOUTS = list(load_layouts().values())

FONTS = FontSet.default()


def name_runs(composed):
    size = max(run.size for run in composed.items if isinstance(run, TextRun))
    return [run for run in composed.items if isinstance(run, TextRun) and run.size == size]


@pytest.mark.parametrize("layout_name", ["a4-90x55", "a4-a6"])
def test_short_name_stays_on_one_line_at_full_size(badges, layout_name):
    layout = load_layout(layout_name)
    runs = name_runs(compose(badges[1], layout, FONTS))
    assert [run.text for run in runs] == ["Vũ Mạnh Huy"]
    assert runs[0].size == layout.badge.text["name"].size_pt


@pytest.mark.parametrize("layout_name", ["a4-90x55", "a4-a6", "card-90x55", "card-a6"])
def test_long_name_wraps_onto_two_lines_keeping_every_word(badges, layout_name):
    layout = load_layout(layout_name)
    style = layout.badge.text["name"]
    runs = name_runs(compose(badges[2], layout, FONTS))
    assert len(runs) == 2
    assert " ".join(run.text for run in runs) == badges[2].name
    assert style.min_pt <= runs[0].size <= style.size_pt


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
def test_a_name_too_long_for_its_lines_ends_in_an_ellipsis_instead_of_stopping_the_badge(make_badge, layout):
    badge = make_badge(77, "Nguyễn " * 30, "Trạm Y tế", "#2E7D32")
    runs = name_runs(compose(badge, layout, FONTS))
    assert runs[0].text.startswith("Nguyễn Nguyễn")
    assert runs[-1].text.endswith("Nguyễn…") and len(runs) == layout.badge.text["name"].max_lines


def test_a_column_too_tall_cuts_the_seat_area_to_one_line_before_touching_the_name(longest_badges):
    composed = compose(longest_badges[0], load_layout("a4-90x55"), FONTS)
    texts = [run.text for run in composed.items if isinstance(run, TextRun)]
    seat_area = [text for text in texts if text.startswith("Chỗ ngồi:")]
    assert len(seat_area) == 1 and seat_area[0].endswith("…")
    assert len(name_runs(composed)) == 2


def test_one_unbreakable_word_is_broken_between_letters_not_cut_off(make_badge):
    word = "Nguyễn" * 5
    runs = name_runs(compose(make_badge(78, word, "Trạm Y tế", "#2E7D32"), load_layout("card-90x55"), FONTS))
    assert len(runs) == 2 and "".join(run.text for run in runs) == word


@pytest.mark.parametrize("layout_name", ["a4-90x55", "a4-a6"])
def test_a_long_unit_breaks_before_va_and_keeps_hoi_dong_nhan_dan_whole(make_badge, layout_name):
    unit = "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã Cẩm Giang"
    badge = make_badge(80, "Vũ Mạnh Huy", "Trạm Y tế", "#2E7D32", position="Chánh Văn phòng", unit=unit)
    texts = [run.text for run in compose(badge, load_layout(layout_name), FONTS).items if isinstance(run, TextRun)]
    assert texts[texts.index("Chánh Văn phòng") + 1 :][:2] == ["Văn phòng Hội đồng nhân dân",
                                                              "và Ủy ban nhân dân xã Cẩm Giang"]


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
def test_the_badge_reads_organiser_in_capitals_then_dai_bieu_then_the_name_largest(badges, layout):
    runs = [item for item in compose(badges[0], layout, FONTS).items if isinstance(item, TextRun)]
    texts = [run.text for run in runs]
    assert texts[:2] == ["ỦY BAN NHÂN DÂN XÃ CẨM GIANG", "Hội nghị CCHC 6 tháng đầu năm 2026"]
    heading, name = runs[texts.index("ĐẠI BIỂU")], runs[texts.index("Nguyễn Thị Hồng Nhung")]
    assert heading.baseline < name.baseline < runs[texts.index("Phó Bí thư Thường trực Đảng ủy")].baseline
    assert heading.colour == layout.badge.text["heading"].colour != BLACK
    assert name.size > max(run.size for run in runs if run is not name)


def test_capitals_keep_their_vietnamese_marks(make_badge):
    assert "ủy".upper() == "ỦY"
    badge = make_badge(81, "Vũ Mạnh Huy", "Trạm Y tế", "#2E7D32")
    badge = Badge(**{**badge.__dict__, "organiser": "Ủy ban Mặt trận Tổ quốc Việt Nam xã Đắk Ơ"})
    first = next(item for item in compose(badge, load_layout("card-a6"), FONTS).items if isinstance(item, TextRun))
    assert first.text == "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM XÃ ĐẮK Ơ"


def test_a_group_role_is_the_heading_and_a_seat_label_is_not_headed_twice(make_badge, badges):
    guest = make_badge(82, "Vũ Mạnh Huy", "Khách mời", "#6A1B9A", heading="Khách mời")
    texts = [run.text for run in compose(guest, load_layout("a4-90x55"), FONTS).items if isinstance(run, TextRun)]
    assert "KHÁCH MỜI" in texts and "ĐẠI BIỂU" not in texts
    seat = [run.text for run in compose(badges[3], load_layout("a4-90x55"), FONTS).items if isinstance(run, TextRun)]
    assert "Đại biểu thôn 3" in seat and "ĐẠI BIỂU" not in seat


@pytest.mark.parametrize(("colour", "text"), [("#FFEB3B", BLACK), ("#B71C1C", WHITE), ("#1565C0", WHITE),
                                              ("#FFFFFF", BLACK), ("#000000", WHITE)])
def test_band_text_contrasts_with_the_group_colour(colour, text):
    rgb = tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    assert text_colour_on(rgb) == text


def test_group_name_is_printed_on_its_band(badges):
    composed = compose(badges[0], load_layout("a4-90x55"), FONTS)
    band = next(item for item in composed.items if isinstance(item, Box))
    on_band = [run for run in composed.items
               if isinstance(run, TextRun) and band.y < run.baseline < band.y + band.height]
    assert " ".join(run.text for run in on_band) == "Thường trực Đảng ủy"
    assert all(run.colour == WHITE for run in on_band)


def test_seat_badge_has_its_label_and_a_line_to_write_the_name(badges):
    composed = compose(badges[3], load_layout("a4-90x55"), FONTS)
    texts = [run.text for run in composed.items if isinstance(run, TextRun)]
    assert "Đại biểu thôn 3" in texts and "Họ và tên:" in texts
    assert any(isinstance(item, Rule) for item in composed.items)


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
def test_everything_stays_inside_the_padding_without_overlap(badges, longest_badges, layout):
    padding = layout.badge.padding_mm * PT_PER_MM
    for badge in [*badges, *longest_badges]:
        composed = compose(badge, layout, FONTS)
        for item in composed.items:
            left, right, top, bottom = _extent(item)
            assert padding - 0.01 <= left and right <= composed.width - padding + 0.01, item
            assert padding - 0.01 <= top and bottom <= composed.height - padding + 0.01, item
        qr = next(item for item in composed.items if isinstance(item, QrPlacement))
        band = next(item for item in composed.items if isinstance(item, Box))
        runs = [item for item in composed.items if isinstance(item, TextRun)]
        for run in runs:
            assert not _overlap(_extent(run), _extent(qr)), run
            on_band = band.y < run.baseline < band.y + band.height
            assert on_band or not _overlap(_extent(run), _extent(band)), run
        for first, second in itertools.combinations(runs, 2):
            assert not _overlap(_extent(first), _extent(second)), (first, second)


def _overlap(one, other, tolerance: float = 0.01) -> bool:
    return (one[0] < other[1] - tolerance and other[0] < one[1] - tolerance
            and one[2] < other[3] - tolerance and other[2] < one[3] - tolerance)


def _extent(item) -> tuple[float, float, float, float]:
    """Left, right, top, bottom in points; a text line's box from its measured width."""
    match item:
        case TextRun():
            width = FONTS.width(item.text, item.bold, item.size)
            left = {"left": item.x, "centre": item.x - width / 2, "right": item.x - width}[item.align]
            return left, left + width, item.baseline - item.size, item.baseline + 0.25 * item.size
        case Box():
            return item.x, item.x + item.width, item.y, item.y + item.height
        case Rule():
            return item.x1, item.x2, item.y, item.y
        case QrPlacement():
            return item.x, item.x + item.size, item.y, item.y + item.size


def test_all_drawn_text_is_nfc(make_badge, badges):
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hồng Nhung")
    badge = make_badge(5, decomposed, "Trạm Y tế", "#2E7D32", unit=unicodedata.normalize("NFD", "Phòng Kinh tế"))
    assert badge.name == "Nguyễn Thị Hồng Nhung" != decomposed
    drawn = {
        each.number: [run.text for run in compose(each, load_layout("card-a6"), FONTS).items
                      if isinstance(run, TextRun)]
        for each in [badge, *badges]
    }
    assert all(unicodedata.is_normalized("NFC", text) for texts in drawn.values() for text in texts)
    assert {"Nguyễn Thị Hồng Nhung", "Phòng Kinh tế"} <= set(drawn[badge.number])


def test_blank_name_makes_a_seat_badge(make_badge):
    assert make_badge(6, "  ", "Trạm Y tế", "#2E7D32").is_seat


@pytest.mark.parametrize("colour", ["red", "#12345", "#GGGGGG", ""])
def test_bad_group_colour_is_refused_naming_the_badge(make_badge, colour):
    with pytest.raises(BadgeError, match="PCM-008"):
        make_badge(8, "Vũ Mạnh Huy", "Trạm Y tế", colour)


def test_missing_number_is_refused():
    with pytest.raises(BadgeError, match="number"):
        Badge(event_short="Hội nghị", organiser="UBND xã Cẩm Giang", name="Vũ Mạnh Huy", group_name="Trạm Y tế",
              group_colour="#2E7D32", number=" ", token="K1.X")
