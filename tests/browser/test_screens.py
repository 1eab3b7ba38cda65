"""Every screen in a real Chromium, in Vietnamese, with the live connection up."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Screenshot

TITLE = ("Hội nghị đánh giá công tác cải cách hành chính 6 tháng đầu năm 2026, "
         "triển khai công tác cải cách hành chính 6 tháng cuối năm 2026")


def test_the_hall_screen_shows_the_event_title_and_goes_live(new_page, screenshot: Screenshot) -> None:  # type: ignore[no-untyped-def]
    page = new_page("/screen", width=1920, height=1080)
    expect(page.locator("h1.screen-title")).to_have_text(TITLE)
    expect(page.locator("[data-live-status]").first).to_have_text("Đã kết nối trực tiếp")
    screenshot(page, "screen-1920.png")
    # Served on loopback, no phone can open any address: no QR (the Host header never makes one;
    # on the LAN it carries the LAN address: tests/security/test_hosts.py).
    expect(page.locator(".agenda-qr svg")).to_have_count(0)


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
def test_each_screen_shows_real_data(new_page, screenshot: Screenshot, path: str, role: str | None, text: str) -> None:  # type: ignore[no-untyped-def]
    page = new_page(path, role=role)
    expect(page.locator("main").get_by_text(text, exact=False).locator("visible=true").first).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "vi"
    screenshot(page, f"{path.strip('/')}-1280.png", full_page=True)


def test_a_wrong_pin_is_refused_in_the_page(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page("/admin")
    page.fill("#pin", "999999")
    page.click("button[type=submit]")
    expect(page.locator("#login-error")).to_have_text("Mã PIN không đúng cho vai trò “Quản trị”.")
    page.fill("#pin", "246810")
    page.click("button[type=submit]")
    expect(page.locator("h2").first).to_have_text("Thành phần: các nhóm đại biểu")


def test_english_switch(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page("/agenda?lang=en")
    expect(page.locator("h2").first).to_have_text("Conference programme")
    expect(page.locator("[data-live-status]")).to_have_text("Live")


STAFF_PAGES = ("/checkin", "/chair", "/admin")


@pytest.mark.parametrize("path", ["/agenda", "/screen", "/stage"])
def test_the_public_pages_link_to_no_staff_page(new_page, path: str) -> None:  # type: ignore[no-untyped-def]
    page = new_page(path, width=390, height=844)
    expect(page.locator("[data-live-status]").first).to_have_text("Đã kết nối trực tiếp")
    links = page.eval_on_selector_all("a[href]", "links => links.map((a) => new URL(a.href).pathname)")
    assert not [link for link in links if link.startswith(STAFF_PAGES) or link == "/"], links


def test_every_page_shows_the_kiosks_icon(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page("/agenda")
    icon = page.locator("link[rel=icon]").get_attribute("href")
    for path in (icon, "/favicon.ico"):
        response = page.request.get(path)
        assert response.ok and response.headers["content-type"].startswith("image/svg+xml"), path
        assert response.body().startswith(b"<svg")


def test_the_english_admin_calls_its_groups_tab_groups(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page("/admin?lang=en", role="admin")
    expect(page.locator(".admin-nav")).to_contain_text("Groups")
    expect(page.locator(".admin-nav a", has_text="Group")).to_have_text("Groups")


def test_the_browsers_checks_and_file_pickers_speak_the_pages_language(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page("/chair")  # the PIN page
    page.click("button[type=submit]")
    assert page.eval_on_selector("#pin", "pin => pin.validationMessage") == "Hãy điền vào ô này."
    page.fill("#pin", "12")
    assert page.eval_on_selector("#pin", "pin => pin.validity.valid")

    page = new_page("/admin/import", role="admin")
    expect(page.locator("label[for=plan-file].file-button")).to_have_text("Chọn tệp…")
    expect(page.locator("[data-file-name-for=plan-file]")).to_have_text("Chưa chọn tệp")
    assert not page.locator("#plan-file").is_visible() or page.locator("#plan-file").bounding_box()["width"] <= 1
    page.get_by_role("button", name="Xem trước").click()
    assert page.eval_on_selector("#plan-file", "f => f.validationMessage") == "Hãy chọn một tệp."
    page.set_input_files("#plan-file", files=[{"name": "ke-hoach.md", "mimeType": "text/markdown", "buffer": b"# x"}])
    expect(page.locator("[data-file-name-for=plan-file]")).to_have_text("ke-hoach.md")


def test_a_missing_camera_is_said_in_the_pages_language(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page("/checkin", role="reception")
    page.context.grant_permissions(["camera"])  # allowed, but this machine has none
    page.click("#camera-toggle")
    expect(page.locator("#result")).to_contain_text("Không mở được camera")
    expect(page.locator("#result")).to_contain_text("Không tìm thấy camera nào trên máy này.")
    expect(page.locator("#result")).not_to_contain_text("device")


def test_on_loopback_the_organiser_not_the_hall_is_told_how_to_let_phones_in(new_page,  # type: ignore[no-untyped-def]
                                                                               screenshot: Screenshot) -> None:
    """Served on loopback only, a QR would open nothing on a phone. The hall sees the programme, not a shell
    command; /admin tells the organiser what to run."""
    for width, height in ((1024, 768), (1920, 1080)):
        screen = new_page("/screen", width=width, height=height)
        expect(screen.locator("[data-live-status]").first).to_have_text("Đã kết nối trực tiếp")
        expect(screen.locator(".agenda-qr")).to_have_count(0)
        expect(screen.locator("body")).not_to_contain_text("kiosk serve")
    admin = new_page("/admin", role="admin", width=1366, height=768)
    advice = admin.locator("[data-phones-closed]")
    expect(advice).to_contain_text("Điện thoại chưa mở được chương trình.")
    expect(advice).to_contain_text("kiosk serve --host 0.0.0.0")
    screenshot(admin, "admin-phones-closed-1366.png")
