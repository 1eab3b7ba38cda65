"""Layout files: the shipped ones, sheet geometry, and clear errors for bad files."""

import io
from pathlib import Path

import pytest

from kiosk.badges import LayoutError, layout_names, layouts_dir, load_layout, render_pdf

REPO_LAYOUTS = Path(__file__).resolve().parents[2] / "badges" / "layouts"


def test_layouts_come_from_the_checkout():
    assert Path(str(layouts_dir())) == REPO_LAYOUTS
    assert {"a4-90x55", "a4-a6", "card-90x55", "card-a6"} <= set(layout_names())


@pytest.mark.parametrize(
    ("name", "page_mm", "badge_mm", "per_page"),
    [
        ("a4-90x55", (210, 297), (90, 55), 10),
        ("a4-a6", (210, 297), (105, 148), 4),
        ("card-90x55", (90, 55), (90, 55), 1),
        ("card-a6", (105, 148), (105, 148), 1),
    ],
)
def test_shipped_layouts(name, page_mm, badge_mm, per_page):
    layout = load_layout(name)
    assert (layout.page.width_mm, layout.page.height_mm) == page_mm
    assert (layout.badge.width_mm, layout.badge.height_mm) == badge_mm
    assert len(layout.slots()) == layout.page.badges_per_page == per_page
    assert bool(layout.cut_lines()) == name.startswith("a4-")


def test_cut_marks_of_a_sheet_with_margins_stay_in_the_margins():
    layout = load_layout("a4-90x55")
    left, top = layout.page.margin_left_mm, layout.page.margin_top_mm
    right, bottom = left + 2 * 90, top + 5 * 55
    lines = layout.cut_lines()
    assert len(lines) == 2 * 3 + 2 * 6  # 3 vertical and 6 horizontal cuts, a mark at each end
    for line in lines:
        outside = (max(line.y1, line.y2) < top or min(line.y1, line.y2) > bottom
                   or max(line.x1, line.x2) < left or min(line.x1, line.x2) > right)
        assert outside, line
        assert min(line.x1, line.x2) >= 0 and max(line.x1, line.x2) <= 210


def test_cut_marks_of_a_marginless_sheet_lie_on_the_cut_lines():
    lines = load_layout("a4-a6").cut_lines()
    assert {line.x1 for line in lines if line.x1 == line.x2} == {105}
    assert {line.y1 for line in lines if line.y1 == line.y2} == {148.5}


BASE = (REPO_LAYOUTS / "a4-90x55.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("qr_size_mm = 24 ", "qr_size_mm = 12 ", "badge.qr_size_mm"),
        ("columns = 2", "columns = 3", "page.columns"),
        ("rows = 5", "rows = 6", "page.rows"),
        ('size = "A4"', 'size = "A9"', "page.size"),
        ('qr_position = "right"', 'qr_position = "left"', "badge.qr_position"),
        ("width_mm = 90", 'width_mm = "90"', "badge.width_mm"),
        ("padding_mm = 3.5", "padding_mm = -1", "badge.padding_mm"),
        ("[badge.text.name]\nsize_pt = 15\nmin_pt = 11", "[badge.text.name]\nsize_pt = 15\nmin_pt = 18",
         "badge.text.name.min_pt"),
        ("max_lines = 2\nbold = true\n\n[badge.text.detail]", "max_lines = 4\nbold = true\n\n[badge.text.detail]",
         "badge.text.name.max_lines"),
        ('colour = "#B71C1C"', 'colour = "red"', "badge.text.heading.colour"),
        ("uppercase = true            #", "uppercase = 1            #", "badge.text.organiser.uppercase"),
        ("[badge.text.heading]", "[badge.text.heading_]", "badge.text.heading"),
        ("height_mm = 55", "height_mm = 42", "badge.height_mm"),
        ("band_height_mm = 8 ", "band_height_mm = 3 ", "badge.band_height_mm"),
        ("[badge.text.name]\nsize_pt = 15\nmin_pt = 11", "[badge.text.name]\nsize_pt = 15\nmin_pt = 7",
         "badge.text.heading.min_pt"),
        ("cut_marks = true", "cut_mark = true", "page.cut_mark"),
        ("[badge.text.number]", "[badge.text.numero]", "badge.text.number"),
        ("rows = 5", "rows = 0", "page.rows"),
        ("cut_marks = true", "cut_marks = true\nmargin_left_mm = 40", "page.margin_left_mm"),
    ],
)
def test_bad_field_is_named_with_its_file(tmp_path, old, new, field):
    assert old in BASE
    (tmp_path / "broken.toml").write_text(BASE.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(LayoutError) as caught:
        load_layout("broken", tmp_path)
    assert caught.value.field == field
    assert "broken.toml" in str(caught.value) and field in str(caught.value)


def test_unreadable_toml_is_named(tmp_path):
    (tmp_path / "broken.toml").write_text("[page\nsize = ", encoding="utf-8")
    with pytest.raises(LayoutError, match=r"broken\.toml"):
        load_layout("broken", tmp_path)


def test_unknown_layout_lists_the_known_ones(tmp_path):
    (tmp_path / "mine.toml").write_text(BASE, encoding="utf-8")
    with pytest.raises(LayoutError, match="mine"):
        load_layout("yours", tmp_path)


def test_a_new_holder_size_is_just_a_new_file(tmp_path, badges, pdf_text):
    cr80 = BASE.replace("width_mm = 90", "width_mm = 86").replace("height_mm = 55", "height_mm = 54")
    (tmp_path / "a4-cr80.toml").write_text(cr80, encoding="utf-8")
    layout = load_layout("a4-cr80", tmp_path)
    out = io.BytesIO()
    render_pdf(badges, layout, out)
    assert "Vũ Mạnh Huy" in pdf_text(out.getvalue())
