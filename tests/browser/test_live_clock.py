"""The chair's clock in real Chromium pages against a real ``kiosk serve``: the chair's
keys drive /screen and /stage, which count down by themselves from server
timestamps, change colour at the event's thresholds, flash in overtime, show a
lost connection, and come back running after the server is killed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.livekiosk import LiveKiosk, event_starting_now, served

CONNECTED = "Đã kết nối trực tiếp"
# The countdown's colour on the dark projector pages; /stage turns all red in overtime, white digits.
COLOURS = {"normal": "rgb(245, 247, 250)", "amber": "rgb(255, 179, 0)", "red": "rgb(255, 82, 82)",
           "overtime": "rgb(255, 82, 82)"}
STAGE_OVERTIME = {"color": "rgb(255, 255, 255)", "background-color": "rgb(183, 28, 28)"}


@pytest.fixture(scope="module")
def live_kiosk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveKiosk]:
    """The built-in event starting now, its clock amber 4 s and red 2 s before the end, so that
    every colour is reached within seconds."""
    folder = tmp_path_factory.mktemp("clock")
    with served(folder / "instance", "--event",
                str(event_starting_now(folder, amber_seconds=4, red_seconds=2))) as kiosk:
        yield kiosk


def shown_seconds(page: Page) -> int:
    text = page.locator("[data-countdown]").inner_text()
    minutes, seconds = text.lstrip("-").split(":")
    return (-1 if text.startswith("-") else 1) * (int(minutes) * 60 + int(seconds))


def assert_matches_the_server(page: Page) -> None:
    """The countdown drawn by the page is the server's remaining time, to the second."""
    shown = shown_seconds(page)
    remaining = page.request.get("/api/v1/timer").json()["remaining_seconds"]
    # The page shows whole seconds rounded up, redrawn every 0.1 s; asking takes a moment.
    assert -0.3 <= shown - remaining <= 1.3, (shown, remaining)


def expect_phase(page: Page, phase: str, timeout: float) -> None:
    expect(page.locator("body")).to_have_class(re.compile(rf"\bphase-{phase}\b"), timeout=timeout)


def test_screens_follow_the_chair_through_every_colour_and_a_server_restart(new_page, live_kiosk) -> None:  # type: ignore[no-untyped-def]
    chair = new_page("/chair", role="chair")
    screen = new_page("/screen", width=1920, height=1080)
    stage = new_page("/stage", width=1280, height=720)
    shows = (screen, stage)
    for page in (chair, *shows):
        expect(page.locator("[data-live-status]").first).to_have_text(CONNECTED)
    expect(stage.locator("[data-countdown]")).to_have_text("05:00")
    expect(chair.locator(".shortcuts")).to_contain_text("Space")

    chair.keyboard.press("Space")  # start
    for page in shows:
        expect(page.locator("body")).to_have_attribute("data-status", "running", timeout=1000)
    expect(stage.locator("[data-countdown]")).to_have_text("04:59", timeout=2000)
    for page in shows:
        assert_matches_the_server(page)
        expect(page.locator("[data-countdown]")).to_have_css("color", COLOURS["normal"])

    # Leave 6 s: normal, then amber at 4 s left, red at 2 s, overtime after 0 s.
    remaining = chair.request.get("/api/v1/timer").json()["remaining_seconds"]
    assert chair.request.post("/api/v1/timer/add", data={"seconds": -int(remaining - 6)}).ok
    for phase in ("normal", "amber", "red", "overtime"):
        for page in shows:
            expect_phase(page, phase, timeout=4000)
        expect(screen.locator("[data-countdown]")).to_have_css("color", COLOURS[phase])
        if phase != "overtime":
            expect(stage.locator("[data-countdown]")).to_have_css("color", COLOURS[phase])
        assert_matches_the_server(stage)
    expect(stage.locator("[data-countdown]")).to_have_css("color", STAGE_OVERTIME["color"])
    expect(stage.locator("body")).to_have_css("background-color", STAGE_OVERTIME["background-color"])
    for page in shows:
        expect(page.locator("[data-countdown]")).to_have_css("animation-name", "flash")
        expect(page.locator("[data-now-status]")).to_have_text("Quá giờ")

    chair.get_by_role("button", name="Còn 2 phút").click()
    expect(stage.locator("[data-message]")).to_have_text("Còn 2 phút", timeout=1000)

    live_kiosk.kill()  # restart() in two steps, to see the lost connection on the screens
    for page in shows:
        expect(page.locator("body")).to_have_class(re.compile(r"\bis-offline\b"))
        expect(page.locator("[data-live-status]")).to_have_text("Mất kết nối — đang thử lại")
    live_kiosk.start()
    for page in shows:
        expect(page.locator("[data-live-status]")).to_have_text(CONNECTED, timeout=10_000)
        expect_phase(page, "overtime", timeout=1000)
        before = page.locator("[data-countdown]").inner_text()
        expect(page.locator("[data-countdown]")).not_to_have_text(before, timeout=2000)
        assert_matches_the_server(page)
    expect(stage.locator("[data-message]")).to_have_text("Còn 2 phút")

    chair.keyboard.press("n")  # next item
    expect(screen.locator("[data-now-title]")).to_contain_text("2. Báo cáo kết quả công tác cải cách hành chính")
    expect(stage.locator("[data-now-presenter]")).to_have_text("Phòng Văn hóa - Xã hội")
    expect(stage.locator("[data-countdown]")).to_have_text("20:00")
    expect(stage.locator("body")).to_have_attribute("data-status", "idle")
    expect(screen.locator('[data-item-id] [data-item-status]').first).to_have_text("Đã xong")

    chair.get_by_role("button", name="Xóa tin nhắn").click()
    expect(stage.locator("[data-message]")).to_be_hidden()
