"""Where text goes: fitting long names, colour contrast, staying inside the badge."""

import unicodedata

import pytest

from kiosk.badges import Badge, BadgeError, BadgeFitError, FontSet, load_layout, load_layouts
from kiosk.badges.compose import BLACK, PT_PER_MM, WHITE, Box, QrPlacement, Rule, TextRun, compose, text_colour_on

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


def test_name_that_cannot_fit_names_the_badge(make_badge):
    badge = make_badge(77, "Nguyễn " * 30, "Trạm Y tế", "#2E7D32")
    with pytest.raises(BadgeFitError, match="PCM-077"):
        compose(badge, load_layout("a4-90x55"), FONTS)


def test_too_many_lines_for_the_badge_is_an_error_naming_it(make_badge):
    long_text = "Phó Giám đốc Trung tâm phục vụ hành chính công kiêm phụ trách công tác chuyển đổi số"
    badge = make_badge(79, "Tôn Nữ Thị Phương Thảo Nguyễn Hoàng Bảo Ngọc", "Trạm Y tế", "#2E7D32",
                       position=long_text, unit=long_text, seat_area="Khu A")
    with pytest.raises(BadgeFitError, match="PCM-079.*a4-90x55.*cao hơn"):
        compose(badge, load_layout("a4-90x55"), FONTS)


def test_one_unbreakable_word_too_wide_is_an_error_not_a_cut(make_badge):
    badge = make_badge(78, "Nguyễn" * 12, "Trạm Y tế", "#2E7D32")
    with pytest.raises(BadgeFitError, match="không vừa"):
        compose(badge, load_layout("card-90x55"), FONTS)


@pytest.mark.parametrize(("colour", "text"), [("#FFEB3B", BLACK), ("#B71C1C", WHITE), ("#1565C0", WHITE), ("#FFFFFF", BLACK), ("#000000", WHITE)])
def test_band_text_contrasts_with_the_group_colour(colour, text):
    rgb = tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    assert text_colour_on(rgb) == text


def test_group_name_is_printed_on_its_band(badges):
    composed = compose(badges[0], load_layout("a4-90x55"), FONTS)
    band = next(item for item in composed.items if isinstance(item, Box))
    on_band = [run for run in composed.items if isinstance(run, TextRun) and band.y < run.baseline < band.y + band.height]
    assert " ".join(run.text for run in on_band) == "Thường trực Đảng ủy"
    assert all(run.colour == WHITE for run in on_band)


def test_seat_badge_has_its_label_and_a_line_to_write_the_name(badges):
    composed = compose(badges[3], load_layout("a4-90x55"), FONTS)
    texts = [run.text for run in composed.items if isinstance(run, TextRun)]
    assert "Đại biểu thôn 3" in texts and "Họ và tên:" in texts
    assert any(isinstance(item, Rule) for item in composed.items)


@pytest.mark.parametrize("layout", load_layouts().values(), ids=lambda layout: layout.name)
def test_everything_stays_inside_the_padding_without_overlap(badges, layout):
    padding = layout.badge.padding_mm * PT_PER_MM
    for badge in badges:
        composed = compose(badge, layout, FONTS)
        for item in composed.items:
            left, right, top, bottom = _extent(item)
            assert padding - 0.01 <= left and right <= composed.width - padding + 0.01, item
            assert padding - 0.01 <= top and bottom <= composed.height - padding + 0.01, item
        qr = next(item for item in composed.items if isinstance(item, QrPlacement))
        for run in (item for item in composed.items if isinstance(item, TextRun)):
            left, right, top, bottom = _extent(run)
            overlaps_qr = left < qr.x + qr.size and right > qr.x and top < qr.y + qr.size and bottom > qr.y
            assert not overlaps_qr, run


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
        each.number: [run.text for run in compose(each, load_layout("card-a6"), FONTS).items if isinstance(run, TextRun)]
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
