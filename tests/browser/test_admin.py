"""The organiser's pages in a real Chromium: imports with their preview and errors, the edit pages, screenshots."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Screenshot

SEED = Path(__file__).parents[1] / "imports" / "data" / "ke-hoach-hoi-nghi-cchc-2026.md"
ROSTER_WITH_ERRORS = ("Họ và tên,Chức vụ,Đơn vị,Nhóm\n"
                      "Nguyễn Thị Ánh,Chuyên viên,Phòng Văn hóa - Xã hội,PCM\n"
                      ",Chuyên viên,Phòng Kinh tế,PCM\n"
                      "Trần Văn Bảy,Hiệu trưởng,Trường Tiểu học Cẩm Giang,Truong hoc\n"
                      "nguyen thi anh,Chuyên viên,PHÒNG VĂN HÓA - XÃ HỘI,PCM\n").encode("utf-8-sig")


def fits(page) -> bool:  # type: ignore[no-untyped-def]
    """Nothing wider than the window: no sideways scrolling of the page itself."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_plan_upload_shows_the_parsed_event_and_what_the_plan_does_not_say(new_page, screenshot: Screenshot) -> None:  # type: ignore[no-untyped-def]
    page = new_page("/admin/import", role="admin")
    page.set_input_files("#plan-file", str(SEED))
    page.get_by_role("button", name="Xem trước").click()
    expect(page.locator(".plan-missing")).to_contain_text('ngày cụ thể (chỉ có "tháng 6/2026")')
    expect(page.locator(".preview-title")).to_have_text(
        "Hội nghị đánh giá công tác cải cách hành chính 6 tháng đầu năm 2026, "
        "triển khai công tác cải cách hành chính 6 tháng cuối năm 2026")
    expect(page.locator(".preview table tbody tr")).to_have_count(9)
    expect(page.locator(".preview .agenda-sublist li")).to_have_count(7)
    assert fits(page)
    screenshot(page, "admin-import-plan-preview.png", full_page=True)


def test_a_roster_with_errors_lists_each_row_and_loads_nothing(new_page, screenshot: Screenshot) -> None:  # type: ignore[no-untyped-def]
    page = new_page("/admin/import", role="admin")
    page.set_input_files("#roster-file", files=[{"name": "dai-bieu.csv", "mimeType": "text/csv",
                                                 "buffer": ROSTER_WITH_ERRORS}])
    page.get_by_role("button", name="Nạp danh sách").click()
    expect(page.locator(".roster-errors tbody tr")).to_have_count(3)
    expect(page.locator(".roster-errors")).to_contain_text("trùng đại biểu ở dòng 2 (cùng họ tên và đơn vị)")
    expect(page.locator("#roster .form-errors")).to_contain_text("3 lỗi, chưa nạp đại biểu nào")
    assert fits(page)
    screenshot(page.locator("#roster"), "admin-import-roster-errors.png")


@pytest.mark.parametrize("path", ["/admin", "/admin/event", "/admin/groups", "/admin/delegates", "/admin/agenda",
                                  "/admin/import", "/admin/audit"])
def test_each_admin_page_fits_the_window(new_page, screenshot: Screenshot, path: str) -> None:  # type: ignore[no-untyped-def]
    page = new_page(path, role="admin")
    expect(page.locator(".admin-nav [aria-current=page]")).to_have_count(1)
    assert fits(page)
    name = path.strip("/").replace("/", "-")
    screenshot(page, f"{name}-1280.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})  # the same page on a phone (the stylesheets ask the width)
    expect(page.locator(".admin-nav [aria-current=page]")).to_have_count(1)
    assert fits(page), f"{path} scrolls sideways on a phone"
    screenshot(page, f"{name}-390.png")


def test_a_bad_value_is_named_beside_its_field_and_a_good_one_saved(new_page, screenshot: Screenshot) -> None:  # type: ignore[no-untyped-def]
    page = new_page("/admin/groups", role="admin")
    card = page.locator(".group-card").nth(5)
    card.locator("input[name=expected]").fill("-3")
    card.get_by_role("button").click()
    expect(page.locator(".field-error")).to_have_text("“Số dự kiến”: phải từ 0 đến 10000.")
    assert page.evaluate("location.hash") == "#group-6"
    screenshot(page.locator(".group-card").nth(5), "admin-groups-error.png")
    card = page.locator(".group-card").nth(5)
    card.locator("input[name=expected]").fill("38")
    card.get_by_role("button").click()
    expect(page.locator(".flash-ok")).to_have_text("Đã lưu nhóm PCM.")

    page.goto("/admin/audit")
    expect(page.locator(".audit-table tbody tr").first).to_contain_text("Sửa nhóm")
    expect(page.locator(".audit-table tbody tr").first).to_contain_text("Số dự kiến: 35 → 38")
    screenshot(page, "admin-audit-entries.png")


def test_revoking_asks_first(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page("/admin/delegates?group=DU", role="admin")
    page.get_by_role("link", name="Đỗ Bích Thảo (mẫu)").click()
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Thu hồi thẻ").click()
    expect(page.locator(".tag-ok")).to_be_visible()  # dismissed: nothing changed
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Thu hồi thẻ").click()
    expect(page.locator(".flash-ok")).to_contain_text("Đã thu hồi thẻ của Đỗ Bích Thảo (mẫu)")
    expect(page.locator(".tag-bad")).to_be_visible()
