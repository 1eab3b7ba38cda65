"""Every clock screen in every colour, on a projector (1920×1080) and a phone (390×844):
nothing overflows, the countdown is whole and on screen, the colour is the
phase's. Each page is loaded once and its window resized to each size (the
stylesheets ask only the width; static/js/fit.js fits the text again on a
resize). With KIOSK_SCREENSHOTS set, screenshots are left there to look at."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import FIT_SETTLED, Screenshot
from tests.livekiosk import LiveKiosk, event_starting_now, served

PAGES = {"screen": None, "stage": None, "chair": "chair", "agenda": None}
SIZES = ((1920, 1080), (390, 844))
@pytest.fixture(scope="module")
def live_kiosk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveKiosk]:
    """The built-in event (amber at 2 minutes left, red at 1) starting now."""
    folder = tmp_path_factory.mktemp("screens")
    with served(folder / "instance", "--event",
                str(event_starting_now(folder, amber_seconds=120, red_seconds=60))) as kiosk:
        yield kiosk


def check_layout(page: Page, name: str, width: int, height: int) -> None:
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} at {width}×{height} is {overflow}px too wide"
    box = page.locator("[data-countdown]").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (name, box)
    if name in ("screen", "stage") and width > height:
        assert page.evaluate("() => document.documentElement.scrollHeight") <= height, f"{name} scrolls"
        assert box["y"] + box["height"] <= height


def test_each_screen_in_each_colour(new_page, screenshot: Screenshot) -> None:  # type: ignore[no-untyped-def]
    pages = {name: new_page(f"/{name}", role=role, width=SIZES[0][0], height=SIZES[0][1])
             for name, role in PAGES.items()}
    chair = pages["chair"]
    for page in pages.values():
        expect(page.locator("[data-live-status]").first).to_have_text("Đã kết nối trực tiếp")

    def run(command: str, body: dict[str, object] | None = None) -> dict[str, object]:
        response = chair.request.post(f"/api/v1/timer/{command}", data=body or {})
        assert response.ok, response.text()
        return response.json()

    run("start")
    for phase in ("normal", "amber", "red", "overtime"):
        state = chair.request.get("/api/v1/timer").json()
        if phase == "amber":
            run("add", {"seconds": -int(state["remaining_seconds"] - 100)})
        elif phase == "red":
            run("add", {"seconds": -50})
            assert chair.request.post("/api/v1/messages", data={"text": "Còn 1 phút"}).ok
        elif phase == "overtime":
            run("add", {"seconds": -state["allotted_seconds"]})
        for name, page in pages.items():
            for width, height in SIZES:
                page.set_viewport_size({"width": width, "height": height})
                expect(page.locator("body")).to_have_class(re.compile(rf"\bphase-{phase}\b"))
                page.bring_to_front()  # a tab behind another draws no frames (nor fits its text)
                page.evaluate(FIT_SETTLED)
                check_layout(page, name, width, height)
                screenshot(page, f"{name}-{phase}-{width}x{height}.png", full_page=name in ("chair", "agenda"),
                           animations="disabled")


def test_an_item_left_midway_when_the_chair_goes_back_is_not_shown_as_paused(new_page) -> None:  # type: ignore[no-untyped-def]
    agenda = new_page("/agenda", width=390, height=844)
    chair = new_page("/chair", role="chair", width=1920, height=1080)
    for page in (agenda, chair):
        expect(page.locator("[data-live-status]").first).to_have_text("Đã kết nối trực tiếp")
    for command in ("next", "start", "previous"):  # the next item runs; the chair goes back to the one before
        assert chair.request.post(f"/api/v1/timer/{command}", data={}).ok
    state = chair.request.get("/api/v1/timer").json()
    left = next(item for item in state["items"]
                if item["status"] == "paused" and item["item_id"] != state["current_id"])
    status = agenda.locator(f'[data-item-id="{left["item_id"]}"] [data-item-status]').first
    expect(status).to_have_text("Dừng giữa chừng")
    reopened = next(item for item in state["items"] if item["item_id"] == state["current_id"])
    current = agenda.locator(f'[data-item-id="{state["current_id"]}"] [data-item-status]').first
    expect(current).to_have_text({"paused": "Đang tạm dừng", "idle": "Chưa bắt đầu"}[reopened["status"]])
