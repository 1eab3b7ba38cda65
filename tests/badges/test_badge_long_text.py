"""The longest texts the system accepts still print: smaller, wrapped, ended in "…", never refused."""

import io

import pytest
from PIL import Image

from kiosk.badges import FontSet, layout_names, load_layout, render_pdf, render_png
from kiosk.badges.compose import TextRun, compose

FONTS = FontSet.default()


@pytest.mark.parametrize("layout_name", layout_names())
def test_a_sheet_with_the_longest_texts_prints_each_name_start_ending_in_an_ellipsis_and_every_qr_scans(
        layout_name, longest_badges, badges, pdf_text, printed_text, pdf_page_images, decoded_attendees):
    sheet = [*longest_badges, badges[0]]
    out = io.BytesIO()
    render_pdf(sheet, load_layout(layout_name), out)
    pdf = out.getvalue()
    lines = pdf_text(pdf).splitlines()
    for text in (longest_badges[0].name, longest_badges[1].name, longest_badges[2].seat_label):
        printed = printed_text(lines, text)
        assert printed.endswith("…") and len(printed) > 20, printed
        assert text.replace(" ", "").startswith(printed.removesuffix("…"))
    assert "Nguyễn Thị Hồng Nhung" in pdf_text(pdf)
    decoded = [attendee for image in pdf_page_images(pdf) for attendee in decoded_attendees(image)]
    assert sorted(decoded) == [1, 11, 12, 13]


@pytest.mark.parametrize("layout_name", layout_names())
@pytest.mark.parametrize("index", [0, 1, 2])
def test_an_e_badge_with_the_longest_texts_scans_as_its_delegate(layout_name, index, longest_badges, decoded_attendees):
    image = Image.open(io.BytesIO(render_png(longest_badges[index], load_layout(layout_name), dpi=200)))
    assert decoded_attendees(image) == [11 + index]


@pytest.mark.parametrize("layout_name", layout_names())
def test_a_cut_name_fills_its_lines_at_the_smallest_size_and_ends_in_an_ellipsis(layout_name, longest_badges):
    layout = load_layout(layout_name)
    style = layout.badge.text["name"]
    for badge in longest_badges[:2]:
        runs = [item for item in compose(badge, layout, FONTS).items if isinstance(item, TextRun)]
        assert max(run.size for run in runs) == style.min_pt
        lines = [run.text for run in runs if run.size == style.min_pt and run.colour == style.colour]
        assert len(lines) == style.max_lines
        assert lines[-1].endswith("…")
        assert badge.name.replace(" ", "").startswith("".join(lines)[:-1].replace(" ", ""))
        if " " in badge.name:  # cut after a whole word, not inside one
            assert lines[-1][:-1].split(" ")[-1] in badge.name.split(" ")
