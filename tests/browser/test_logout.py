"""Logging out in Chromium: the desk's queue is sent first, then nothing of the desk is left in the browser."""

from __future__ import annotations

import json
import time

from playwright.sync_api import Page, expect

from tests.livekiosk import LiveKiosk


def desk_storage(page: Page) -> dict[str, object]:
    """What the desk keeps in this browser: its rosters and its queue."""
    return json.loads(page.evaluate(
        "JSON.stringify(Object.fromEntries(Object.keys(localStorage)"
        ".filter((k) => k.startsWith('kiosk.roster.') || k === 'kiosk.queue')"
        ".map((k) => [k, JSON.parse(localStorage.getItem(k))])))"))


def wait_until(page: Page, expression: str, timeout: float = 15) -> None:
    """Poll ``expression`` in the page (wait_for_function would need eval, which the kiosk's CSP forbids)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"never true: {expression}"
        time.sleep(0.1)


def cached_desk_page(page: Page) -> bool:
    """Whether the service worker still keeps a copy of the desk page to show offline."""
    return page.evaluate("caches.match('/checkin', { ignoreSearch: true }).then((hit) => hit !== undefined)")


def arrived(page: Page, attendee_id: int) -> bool:
    return any(a["id"] == attendee_id and a["checked_in_at"] for a in page.request.get("/api/v1/attendees").json()
               ["attendees"])


def open_desk(new_page) -> Page:  # type: ignore[no-untyped-def]
    page = new_page("/checkin", role="reception")
    wait_until(page, "Object.keys(localStorage).some((k) => k.startsWith('kiosk.roster.') && "
                     "JSON.parse(localStorage.getItem(k)).length > 100)")
    wait_until(page, "navigator.serviceWorker.ready.then(() => caches.match('/checkin')).then((hit) => !!hit)")
    return page


def queue_a_scan_offline(page: Page, name: str) -> None:
    """The server cannot be reached for this one scan: the desk queues it (blue, waiting to be sent)."""
    page.route("**/api/v1/checkins", lambda route: route.abort())
    page.fill("#scan-input", name)
    page.locator("#search-results li").first.click()
    expect(page.locator("#result")).to_have_class("result result-queued")
    expect(page.locator("#queue-status")).to_have_text("1 lượt chờ gửi")


def test_logging_out_at_the_desk_sends_the_queue_then_forgets_the_delegates(new_page, browser,  # type: ignore[no-untyped-def]
                                                                         live_kiosk: LiveKiosk) -> None:
    page = open_desk(new_page)
    roster = next(value for key, value in desk_storage(page).items() if key.startswith("kiosk.roster."))
    person = next(a for a in roster if not a["checked_in_at"] and a["name"].startswith("Nguyễn"))
    queue_a_scan_offline(page, person["full_name"].split(" (")[0])
    admin = browser.new_context(base_url=live_kiosk.url)
    admin.request.post("/api/v1/login", data={"role": "admin", "pin": live_kiosk.pins["admin"]})
    try:
        assert not arrived(admin, person["id"])
        page.unroute("**/api/v1/checkins")
        page.get_by_role("button", name="Đăng xuất").click()
        expect(page.locator("#login-form")).to_be_visible()  # the desk page now asks for the PIN
        assert arrived(admin, person["id"]), "the queued scan was not sent before logging out"
    finally:
        admin.close()
    assert desk_storage(page) == {}
    assert not cached_desk_page(page)
    assert page.request.get("/api/v1/session").json() == {"roles": []}
    assert page.request.get("/api/v1/desk/roster").status == 401


def test_a_queue_that_cannot_be_sent_is_kept_unless_the_user_drops_it(new_page) -> None:  # type: ignore[no-untyped-def]
    page = open_desk(new_page)
    roster = next(value for key, value in desk_storage(page).items() if key.startswith("kiosk.roster."))
    person = next(a for a in roster if not a["checked_in_at"] and a["name"].startswith("Trần"))
    queue_a_scan_offline(page, person["full_name"].split(" (")[0])
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Đăng xuất").click()
    deadline = time.monotonic() + 15
    while not asked and time.monotonic() < deadline:
        page.wait_for_timeout(100)  # the desk tries to send the queue first, then asks
    assert asked and "1 lượt điểm danh chưa gửi" in asked[0], asked
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_enabled()
    expect(page.locator("#queue-status")).to_have_text("1 lượt chờ gửi")
    assert page.request.get("/api/v1/session").json() == {"roles": ["reception"]}  # still signed in
    assert len(desk_storage(page)["kiosk.queue"]) == 1  # type: ignore[arg-type]


def test_a_desk_whose_session_ended_elsewhere_forgets_its_delegates(new_page) -> None:  # type: ignore[no-untyped-def]
    page = open_desk(new_page)
    assert page.request.post("/api/v1/logout").ok  # ended from another tab, or by a new PIN, or at the day's end
    page.reload()
    expect(page.locator("#login-form")).to_be_visible()
    wait_until(page, "!Object.keys(localStorage).some((k) => k.startsWith('kiosk.roster.'))")
    assert [key for key in desk_storage(page) if key.startswith("kiosk.roster.")] == []
