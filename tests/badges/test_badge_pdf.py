"""Badge PDFs, read back with pypdf (text, fonts) and pypdfium2 + zxing-cpp (QR codes)."""

import io
import math

import pypdf
import pytest

from kiosk.badges import load_layout, render_pdf

LAYOUTS = ["a4-90x55", "a4-a6", "card-90x55", "card-a6"]


@pytest.fixture(scope="module", params=LAYOUTS)
def rendered(request, badges):
    layout = load_layout(request.param)
    out = io.BytesIO()
    done: list[int] = []
    render_pdf(badges, layout, out, progress=done.append)
    return layout, out.getvalue(), done


def test_every_name_group_and_organiser_is_in_the_text(rendered, badges, pdf_text):
    _, pdf, _ = rendered
    text = pdf_text(pdf)
    assert "Cẩm Giang" in text
    assert "Họ và tên:" in text
    for line in ["Nguyễn Thị Hồng Nhung", "Vũ Mạnh Huy", "Đại biểu thôn 3"]:
        assert line in text
    for badge in badges:
        assert badge.number in text
        for word in badge.group_name.split():  # a long group name may wrap on the band
            assert word in text
    for word in badges[2].name.split():  # wrapped onto two lines, no word lost
        assert word in text


def test_every_font_is_embedded(rendered):
    _, pdf, _ = rendered
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    fonts = [font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()]
    assert fonts
    for font in fonts:
        descriptor = (font["/FontDescriptor"] if "/FontDescriptor" in font
                      else font["/DescendantFonts"][0]["/FontDescriptor"])
        assert "/FontFile2" in descriptor, font["/BaseFont"]


def test_every_qr_code_decodes_to_its_attendee(rendered, badges, pdf_page_images, decoded_attendees):
    layout, pdf, _ = rendered
    per_page = layout.page.badges_per_page
    images = pdf_page_images(pdf)
    assert len(images) == math.ceil(len(badges) / per_page)
    for page_number, image in enumerate(images):
        expected = list(range(page_number * per_page + 1, min(len(badges), (page_number + 1) * per_page) + 1))
        assert sorted(decoded_attendees(image)) == expected


def test_the_document_names_the_event_the_groups_and_the_organiser(rendered, badges):
    _, pdf, _ = rendered
    metadata = pypdf.PdfReader(io.BytesIO(pdf)).metadata
    assert metadata.title == "Thẻ đại biểu — Hội nghị CCHC 6 tháng đầu năm 2026"
    assert metadata.subject == "Thẻ đại biểu — " + "; ".join(badge.group_name for badge in badges)
    assert metadata.author == "Ủy ban nhân dân xã Cẩm Giang"


def test_progress_counts_every_badge(rendered, badges):
    *_, done = rendered
    assert done == list(range(1, len(badges) + 1))


def test_page_is_the_layouts_page(rendered):
    layout, pdf, _ = rendered
    box = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert float(box.width) == pytest.approx(layout.page.width_mm * 72 / 25.4)
    assert float(box.height) == pytest.approx(layout.page.height_mm * 72 / 25.4)


def test_a_path_is_written_whole_and_alone(tmp_path, badges):
    out = tmp_path / "the.pdf"
    render_pdf(badges, load_layout("card-90x55"), out)
    assert out.read_bytes().startswith(b"%PDF") and [p.name for p in tmp_path.iterdir()] == ["the.pdf"]
