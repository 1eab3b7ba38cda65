"""E-badge PNGs decoded as a phone would: full size and scaled down to a screen."""

import io

import pytest
from PIL import Image

from kiosk.badges import FontSet, load_layout, render_png
from kiosk.badges.compose import QrPlacement, compose


@pytest.mark.parametrize("index", [0, 3])
def test_qr_decodes_full_size_and_on_a_phone_screen(badges, decoded_attendees, index):
    badge = badges[index]
    image = Image.open(io.BytesIO(render_png(badge)))
    assert image.format == "PNG" and image.size == (1240, 1748)  # A6 at 300 dpi
    assert round(image.info["dpi"][0]) == 300
    phone = image.resize((600, round(600 * image.height / image.width)), Image.Resampling.LANCZOS)
    expected = [index + 1]
    assert decoded_attendees(image) == expected
    assert decoded_attendees(phone) == expected


def test_qr_modules_are_whole_pixels(badges):
    """No grey edges in the QR code, so a messaging app's rescaling keeps it sharp."""
    layout, dpi = load_layout("card-90x55"), 200
    placement = next(
        item for item in compose(badges[0], layout, FontSet.default()).items if isinstance(item, QrPlacement)
    )
    image = Image.open(io.BytesIO(render_png(badges[0], layout, dpi=dpi))).convert("L")
    scale = dpi / 72
    box = [round(v * scale)
           for v in (placement.x, placement.y, placement.x + placement.size, placement.y + placement.size)]
    assert {colour for _, colour in image.crop(box).getcolors()} == {0, 255}
