"""Sample badges with real Vietnamese names, and readers that see badges as a machine would.

Helpers are fixtures (not imports) so these tests work in any pytest import mode.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable

import pypdf
import pypdfium2
import pytest
import zxingcpp
from PIL import Image

from kiosk.badges import Badge, token

SECRET = bytes(range(32))
EVENT_ID = 2026


def _make_badge(attendee_id: int, name: str | None, group: str, colour: str, **fields: str) -> Badge:
    return Badge(
        event_short="Hội nghị CCHC 6 tháng đầu năm 2026",
        organiser="Ủy ban nhân dân xã Cẩm Giang",
        name=name,
        group_name=group,
        group_colour=colour,
        number=f"PCM-{attendee_id:03d}",
        token=token.sign(SECRET, event_id=EVENT_ID, attendee_id=attendee_id, version=1),
        **fields,
    )


@pytest.fixture(scope="session")
def make_badge() -> Callable[..., Badge]:
    """make_badge(attendee_id, name, group, colour, **other fields), signed for the test event."""
    return _make_badge


@pytest.fixture(scope="session")
def badges() -> list[Badge]:
    """A named delegate, a pale group colour, a name long enough to wrap, and a seat badge."""
    return [
        _make_badge(
            1, "Nguyễn Thị Hồng Nhung", "Thường trực Đảng ủy", "#B71C1C",
            position="Phó Bí thư Thường trực Đảng ủy", unit="Đảng ủy xã Cẩm Giang", seat_area="Khu A, hàng 1",
        ),
        _make_badge(
            2, "Vũ Mạnh Huy", "Lãnh đạo, chuyên viên các phòng chuyên môn", "#FFEB3B",
            position="Chuyên viên", unit="Phòng Kinh tế", seat_area="Khu B",
        ),
        _make_badge(
            3, "Tôn Nữ Thị Phương Thảo Nguyễn Hoàng Bảo Ngọc", "Trạm Y tế", "#2E7D32",
            position="Trưởng trạm", unit="Trạm Y tế xã Cẩm Giang",
        ),
        _make_badge(4, None, "Các thôn và Tổ công nghệ số cộng đồng", "#1565C0", seat_label="Đại biểu thôn 3"),
    ]


def _longest(text: str, limit: int) -> str:
    """``text`` repeated to exactly ``limit`` characters (NFC, as the API counts them), ending in a letter."""
    repeated = (unicodedata.normalize("NFC", text) * (limit // len(text) + 1))[:limit]
    return repeated if not repeated[-1].isspace() else repeated[:-1] + "x"


LONGEST_NAME = _longest("Tôn Nữ Thị Phương Thảo Nguyễn Hoàng Bảo Ngọc ", 200)
LONGEST_WORD = _longest("Nguyễn", 200)
LONGEST_POSITION = _longest("Phó Giám đốc Trung tâm Phục vụ hành chính công kiêm phụ trách chuyển đổi số, ", 200)
LONGEST_UNIT = _longest("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã Cẩm Giang; ", 300)


@pytest.fixture(scope="session")
def longest_texts() -> dict[str, str]:
    """The longest name (with spaces, and as one word), position and unit the API accepts: 200, 200, 300."""
    return {"name": LONGEST_NAME, "word": LONGEST_WORD, "position": LONGEST_POSITION, "unit": LONGEST_UNIT}


@pytest.fixture(scope="session")
def longest_badges() -> list[Badge]:
    """Delegates 11 and 12 with the longest accepted texts (a spaced name, a one-word name), and
    a seat badge 13 whose every text, from organiser to group, is as long as the event file allows."""
    return [
        _make_badge(11, LONGEST_NAME, "Trạm Y tế", "#2E7D32", position=LONGEST_POSITION, unit=LONGEST_UNIT,
                    seat_area=_longest("Khu A, hàng 1, ", 100)),
        _make_badge(12, LONGEST_WORD, "Thường trực Đảng ủy", "#B71C1C", position=LONGEST_POSITION, unit=LONGEST_UNIT),
        Badge(
            event_short=_longest("Hội nghị đánh giá công tác cải cách hành chính 6 tháng đầu năm 2026, ", 200),
            organiser=_longest("Ủy ban nhân dân xã Cẩm Giang, ", 200), name=None,
            seat_label=_longest("Đại biểu thôn 3 và Tổ công nghệ số cộng đồng ", 200),
            position=LONGEST_POSITION, unit=LONGEST_UNIT, group_name=_longest("Các thôn và Tổ công nghệ số ", 300),
            group_colour="#1565C0", seat_area=_longest("Khu D; ", 100), number="THON-013",
            token=token.sign(SECRET, event_id=EVENT_ID, attendee_id=13, version=1),
        ),
    ]


@pytest.fixture(scope="session")
def printed_text() -> Callable[[list[str], str], str]:
    """The lines of ``text`` as printed, read from a PDF's text lines: from the line ``text`` starts
    with up to the line ending in "…" (or to where ``text`` is all there), joined without spaces."""

    def find(lines: list[str], text: str) -> str:
        lines = [line.strip() for line in lines]
        compact = text.replace(" ", "")
        start = next(i for i, line in enumerate(lines) if line and compact.startswith(line.replace(" ", "")))
        printed = ""
        for line in lines[start:]:
            printed += line.replace(" ", "")
            if printed.endswith("…") or printed == compact or not compact.startswith(printed):
                break
        return printed

    return find


@pytest.fixture(scope="session")
def pdf_text() -> Callable[[bytes], str]:
    def read(pdf: bytes) -> str:
        reader = pypdf.PdfReader(io.BytesIO(pdf))
        return unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in reader.pages))

    return read


@pytest.fixture(scope="session")
def pdf_page_images() -> Callable[[bytes], list[Image.Image]]:
    def render(pdf: bytes, dpi: int = 150) -> list[Image.Image]:
        document = pypdfium2.PdfDocument(pdf)
        try:
            return [page.render(scale=dpi / 72).to_pil() for page in document]
        finally:
            document.close()

    return render


@pytest.fixture(scope="session")
def decoded_attendees() -> Callable[[Image.Image], list[int]]:
    """Attendee ids of every QR code in an image, each token verified with the test secret."""

    def decode(image: Image.Image) -> list[int]:
        results = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        return [token.verify(result.text, SECRET, event_id=EVENT_ID).attendee_id for result in results]

    return decode
