"""Every screen in a real Chromium, in Vietnamese, with the live connection up."""

from __future__ import annotations

from pathlib import Path

import io

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

TITLE = ("Hội nghị đánh giá công tác cải cách hành chính 6 tháng đầu năm 2026, "
         "triển khai công tác cải cách hành chính 6 tháng cuối năm 2026")


def test_the_hall_screen_shows_the_event_title_and_goes_live(new_page, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    page = new_page("/screen", width=1920, height=1080)
    expect(page.locator("h1.screen-title")).to_have_text(TITLE)
    expect(page.locator("[data-live-status]").first).to_have_text("Đã kết nối trực tiếp")
    expect(page.locator(".agenda-qr svg")).to_be_visible()
    page.screenshot(path=screenshot_dir / "screen-1920.png")
    # Before the chair starts, the welcome banner covers the programme and shows the same QR (kiosk.protocol).
    qr_image = Image.open(io.BytesIO(page.locator(".welcome-qr svg").screenshot()))
    assert [code.text for code in zxingcpp.read_barcodes(qr_image)] == [page.url.replace("/screen", "/agenda")]


@pytest.mark.parametrize(
    ("path", "role", "text"),
    [
        ("/agenda", None, "Tuyên bố lý do, giới thiệu đại biểu"),
        ("/stage", None, "Văn phòng HĐND&UBND xã"),
        ("/chair", "chair", "Tuyên bố lý do, giới thiệu đại biểu"),
        ("/checkin", "reception", "Các thôn và Tổ công nghệ số cộng đồng"),
        ("/admin", "admin", "Lãnh đạo, chuyên viên các phòng chuyên môn, cơ quan, đơn vị thuộc UBND xã"),
    ],
)
def test_each_screen_shows_real_data(new_page, screenshot_dir: Path, path: str, role: str | None, text: str) -> None:  # type: ignore[no-untyped-def]
    page = new_page(path, role=role)
    expect(page.locator("main").get_by_text(text, exact=False).locator("visible=true").first).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "vi"
    page.screenshot(path=screenshot_dir / f"{path.strip('/')}-1280.png", full_page=True)


def test_a_wrong_pin_is_refused_in_the_page(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page("/admin")
    page.fill("#pin", "999999")
    page.click("button[type=submit]")
    expect(page.locator("#login-error")).to_have_text("Mã PIN không đúng cho vai trò “admin”.")
    page.fill("#pin", "246810")
    page.click("button[type=submit]")
    expect(page.locator("h2").first).to_have_text("Thành phần: các nhóm đại biểu")


def test_english_switch(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page("/agenda?lang=en")
    expect(page.locator("h2").first).to_have_text("Conference programme")
    expect(page.locator("[data-live-status]")).to_have_text("Live")
