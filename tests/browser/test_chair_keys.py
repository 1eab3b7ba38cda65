"""The chair's shortcuts keep working whatever was clicked or typed last."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def status(page: Page) -> str:
    return page.request.get("/api/v1/timer").json()["status"]


def test_after_sending_a_message_space_pauses_the_clock(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page("/chair", role="chair", width=1024, height=768)
    expect(page.locator("[data-live-status]").first).to_have_text("Đã kết nối trực tiếp")
    page.keyboard.press("Space")
    expect(page.locator("body")).to_have_attribute("data-status", "running")

    page.fill("#message-text", "Xin mời đồng chí phát biểu")
    expect(page.locator(".typing-hint")).to_be_visible()  # the page says the keys are the text's now
    page.keyboard.press("Enter")
    expect(page.locator("[data-message]").first).to_have_text("Xin mời đồng chí phát biểu")
    expect(page.locator("#message-text")).to_have_value("")
    page.keyboard.press("Space")
    expect(page.locator("body")).to_have_attribute("data-status", "paused")
    assert status(page) == "paused"
    expect(page.locator("#message-text")).to_have_value("")  # no space went into the box


def test_escape_leaves_the_text_box_and_a_pressed_button_does_not_keep_the_keys(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page("/chair", role="chair", width=768, height=1024)
    expect(page.locator("[data-live-status]").first).to_have_text("Đã kết nối trực tiếp")
    allotted = page.request.get("/api/v1/timer").json()["allotted_seconds"]

    page.fill("#message-text", "Còn")
    page.keyboard.press("+")  # typed, not a minute
    expect(page.locator("#message-text")).to_have_value("Còn+")
    page.keyboard.press("Escape")
    before = page.locator("[data-countdown]").inner_text()  # the clock stands (idle or paused)
    page.keyboard.press("+")
    expect(page.locator("[data-countdown]")).not_to_have_text(before)
    assert page.request.get("/api/v1/timer").json()["allotted_seconds"] == allotted + 60

    # a quick message, then Space: the clock, not the message again
    page.get_by_role("button", name="Còn 2 phút").click()
    expect(page.locator("[data-message]").first).to_have_text("Còn 2 phút")
    page.keyboard.press("Space")
    expect(page.locator("body")).to_have_attribute("data-status", "running")
    page.keyboard.press("n")
    expect(page.locator("[data-now-title]")).to_contain_text("2. Báo cáo")


def test_a_pasted_message_too_long_is_counted_and_refused_beside_the_box_not_cut(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page("/chair", role="chair", width=1024, height=768)
    expect(page.locator("[data-live-status]").first).to_have_text("Đã kết nối trực tiếp")
    before = page.request.get("/api/v1/timer").json()["message"]
    long = "Đề nghị đồng chí trình bày ngắn gọn, tập trung vào các giải pháp cải cách hành chính. " * 3  # 255
    page.fill("#message-text", long)  # as a paste: the whole text stays in the box, nothing cut
    expect(page.locator("#message-text")).to_have_value(long)
    count = len(long.strip())
    expect(page.locator("[data-message-count]")).to_have_text(f"{count}/200")
    expect(page.locator("[data-message-count]")).to_have_class("message-count over")
    error = page.locator("[data-message-error]")
    expect(error).to_have_text(f"Tin nhắn dài {count} ký tự: tối đa 200 ký tự. Hãy rút gọn rồi gửi.")
    page.keyboard.press("Enter")
    expect(error).to_be_visible()
    assert page.request.get("/api/v1/timer").json()["message"] == before  # nothing sent, nothing cut

    page.fill("#message-text", "Đề nghị đồng chí trình bày ngắn gọn")
    expect(error).to_be_hidden()
    page.keyboard.press("Enter")
    expect(page.locator("[data-message]").first).to_have_text("Đề nghị đồng chí trình bày ngắn gọn")
    expect(page.locator("[data-message-count]")).to_have_text("")
