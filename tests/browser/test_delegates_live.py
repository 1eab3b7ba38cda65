"""The organiser's list of delegates in Chromium: arrivals appear live, and the arrived/not arrived filter follows."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import Screenshot
from tests.browser.test_desk import roster, scan_with_keyboard, token
from tests.livekiosk import LiveKiosk


def row(page: Page, attendee_id: int):  # type: ignore[no-untyped-def]
    return page.locator(f'tr[data-attendee="{attendee_id}"]')


def test_an_arrival_shows_in_the_organisers_list_at_once_and_leaves_the_not_arrived_list(  # type: ignore[no-untyped-def]
        new_page, live_kiosk: LiveKiosk, screenshot: Screenshot) -> None:
    everyone = new_page("/admin/delegates?group=DU", role="admin", width=1280, height=800)
    missing = new_page("/admin/delegates?group=DU&arrival=missing", role="admin", width=390, height=844)
    for page in (everyone, missing):
        expect(page.locator("[data-live-status]")).to_have_text("Đã kết nối trực tiếp")
    desk = new_page("/checkin", role="reception")
    delegate = roster(desk)["DU-003"]
    expect(row(everyone, delegate["id"]).locator("[data-arrival]")).to_have_text("—")
    expect(row(missing, delegate["id"])).to_be_visible()
    count_before = int(missing.locator("[data-delegates-count]").inner_text().split()[0])

    scan_with_keyboard(desk, token(live_kiosk, delegate))
    expect(desk.locator("#result")).to_have_class("result result-checked_in")
    expect(row(everyone, delegate["id"]).locator("[data-arrival]")).to_have_text(
        re.compile(r"^✓ \d\d:\d\d · Bàn 1$"), timeout=2000)
    expect(row(missing, delegate["id"])).to_be_hidden(timeout=2000)
    expect(missing.locator("[data-delegates-count]")).to_have_text(f"{count_before - 1} đại biểu")
    screenshot(everyone, "admin-delegates-arrived-1280.png", full_page=True)
    screenshot(missing, "admin-delegates-missing-390.png", full_page=True)
    # The time is the one the server shows once the page is loaded again: the event's time zone, both ways.
    shown = row(everyone, delegate["id"]).locator("[data-arrival]").inner_text()
    everyone.reload()
    expect(row(everyone, delegate["id"]).locator("[data-arrival]")).to_have_text(shown)

    undone = desk.request.post("/api/v1/checkins/undo", data={"desk": "Bàn 1", "reason": "quét nhầm",
                                                               "attendee_id": delegate["id"]})
    assert undone.ok, undone.text()
    expect(row(everyone, delegate["id"]).locator("[data-arrival]")).to_have_text("—", timeout=2000)
    expect(row(missing, delegate["id"])).to_be_visible(timeout=2000)
    expect(missing.locator("[data-delegates-count]")).to_have_text(f"{count_before} đại biểu")
