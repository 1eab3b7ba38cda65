"""The chair finishes on time, in real Chromium pages against a real ``kiosk serve``: /stage and /screen chime
at amber, red and zero once each (when switched on by a tap, remembered on the device); /chair fits the
programme to an end time and the agenda follows; a "+1 phút" whose answer was lost is pressed again without
adding two minutes; the saved messages edited on /admin reach the chair's buttons without a reload.

The tests run in order on one served event (amber 4 s and red 2 s before the end, so every colour is reached
within seconds).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import time
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, Request, Route, expect

from tests.browser.conftest import Screenshot
from tests.livekiosk import LiveKiosk, event_starting_now, served

CONNECTED = "Đã kết nối trực tiếp"
# Every call of play() on the page, muted or not (chime.js unlocks its sounds with a muted play inside a tap).
SPY = """
window.__plays = [];
const play = HTMLMediaElement.prototype.play;
HTMLMediaElement.prototype.play = function () {
  window.__plays.push({ chime: this.dataset.chime, muted: this.muted, at: performance.now() });
  return play.call(this).catch(() => undefined);
};
"""
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(scope="module")
def live_kiosk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveKiosk]:
    folder = tmp_path_factory.mktemp("on-time")
    event = event_starting_now(folder, amber_seconds=4, red_seconds=2)
    with served(folder / "instance", "--event", str(event)) as kiosk:
        yield kiosk


def chimes(page: Page) -> list[dict[str, object]]:
    return [play for play in page.evaluate("window.__plays") if not play["muted"]]


def wait_for_chimes(page: Page, count: int, timeout: float) -> list[dict[str, object]]:
    """The page's chimes once there are ``count`` (polled from here: the page's CSP forbids evaluated strings)."""
    deadline = time.monotonic() + timeout
    while len(plays := chimes(page)) < count and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    return plays


def timer(page: Page) -> dict[str, object]:
    return page.request.get("/api/v1/timer").json()


def leave(chair: Page, seconds: float) -> None:
    """Take time off the current item so that about ``seconds`` are left."""
    remaining = timer(chair)["remaining_seconds"]
    assert chair.request.post("/api/v1/timer/add", data={"seconds": -int(remaining - seconds)}).ok


def test_stage_and_screen_chime_once_at_amber_red_and_zero(new_page, live_kiosk: LiveKiosk,  # type: ignore[no-untyped-def]
                                                            screenshot: Screenshot) -> None:
    stage = new_page("/stage", width=1280, height=720, script=SPY)
    screen = new_page("/screen", width=1920, height=1080, script=SPY)
    quiet = new_page("/screen", width=1280, height=720, script=SPY)  # nobody taps its switch
    chair = new_page("/chair", role="chair")
    for page in (stage, screen, quiet):
        switch = page.locator("[data-chime-switch]")
        expect(switch).to_have_attribute("aria-pressed", "false")
        expect(switch).to_contain_text("Chuông: tắt")
        sounds = page.locator("audio[data-chime]")
        expect(sounds).to_have_count(3)
        for sound in ("amber", "red", "zero"):
            src = page.locator(f'audio[data-chime="{sound}"]').get_attribute("src")
            response = page.request.get(src or "")
            assert response.ok and response.headers["content-type"].startswith("audio/"), src
            assert response.body()[:4] == b"RIFF" and len(response.body()) > 10_000
    for page in (stage, screen):
        page.locator("[data-chime-switch]").click()
        screenshot(page, f"chime-on-{page.viewport_size['width']}.png")  # type: ignore[index]
        expect(page.locator("[data-chime-switch]")).to_have_attribute("aria-pressed", "true")
        expect(page.locator("[data-chime-switch]")).to_contain_text("Chuông: bật")
        assert page.evaluate("localStorage.getItem('kiosk.chime')") == "on"
    for page in (stage, screen, quiet, chair):
        expect(page.locator("[data-live-status]").first).to_have_text(CONNECTED)

    assert chair.request.post("/api/v1/timer/start").ok
    leave(chair, 7)  # amber in 3 s, red in 5 s, zero in 7 s
    for page in (stage, screen):
        plays = wait_for_chimes(page, 3, timeout=15)
        assert [play["chime"] for play in plays] == ["amber", "red", "zero"]
        # Two seconds apart, as the thresholds are (the pages look five times a second).
        for earlier, later in itertools.pairwise(plays):
            assert 1300 <= float(later["at"]) - float(earlier["at"]) <= 2700, plays  # type: ignore[arg-type]
    assert chimes(quiet) == [], "switched off: silent"

    # Not again on a redraw, a new message or a reconnect after the server was killed.
    assert chair.request.post("/api/v1/messages", data={"text": "Đề nghị kết thúc"}).ok
    live_kiosk.restart()
    for page in (stage, screen):
        expect(page.locator("[data-live-status]")).to_have_text(CONNECTED, timeout=20_000)
    stage.wait_for_timeout(1500)
    assert len(chimes(stage)) == len(chimes(screen)) == 3

    # The switch is remembered on the device; after a reload one tap anywhere lets it sound.
    stage.reload()
    expect(stage.locator("[data-chime-switch]")).to_have_attribute("aria-pressed", "true")
    expect(stage.locator("[data-chime-switch]")).to_contain_text("Chuông: chạm vào màn hình để nghe")
    expect(stage.locator("[data-live-status]")).to_have_text(CONNECTED)
    stage.locator("[data-countdown]").click()
    expect(stage.locator("[data-chime-switch]")).to_contain_text("Chuông: bật")
    stage.wait_for_timeout(600)
    assert chimes(stage) == [], "the overtime it opened on was not seen crossing"
    assert chair.request.post("/api/v1/timer/next").ok and chair.request.post("/api/v1/timer/start").ok
    leave(chair, 1)  # from 20 minutes to under 2 s: amber and red at once, one chime (the red one)
    assert [play["chime"] for play in wait_for_chimes(stage, 2, timeout=10)] == ["red", "zero"]


def test_the_chair_fits_the_programme_to_an_end_and_the_agenda_follows(new_page, screenshot: Screenshot) -> None:  # type: ignore[no-untyped-def]
    chair = new_page("/chair", role="chair")
    agenda = new_page("/agenda", width=390, height=844)
    for page in (chair, agenda):
        expect(page.locator("[data-live-status]").first).to_have_text(CONNECTED)
    state = timer(chair)
    waiting = [item for item in state["items"] if item["status"] == "idle"]  # type: ignore[index,union-attr]
    assert len(waiting) == 8

    # Too early an end: refused with the earliest possible, which the chair can take with one tap.
    soon = dt.datetime.fromtimestamp(float(state["server_time"]) + 20 * 60, ZONE)  # type: ignore[arg-type]
    chair.locator("#fit-end").fill(f"{soon:%H:%M}")
    chair.get_by_role("button", name="Xem đề xuất").click()
    error = chair.locator("[data-fit-error]")
    expect(error).to_contain_text(f"Không thể kết thúc lúc {soon:%H:%M}")
    error.get_by_role("button").click()
    rows = chair.locator("[data-fit-rows] tr")
    expect(rows).to_have_count(8)
    expect(chair.locator("[data-fit-summary]")).to_contain_text("8 nội dung chưa bắt đầu")
    assert timer(chair)["revision"] == state["revision"], "a proposal changes nothing"

    # "Đúng kế hoạch": the proposal beside the plan, applied with one tap.
    chair.locator("[data-fit-planned]").click()
    planned_end = dt.datetime.fromtimestamp(float(state["planned_end"]), ZONE)  # type: ignore[arg-type]
    expect(chair.locator("#fit-end")).to_have_value(f"{planned_end:%H:%M}")
    expect(rows.first.locator("td").first).to_have_text("10:00")  # planned
    screenshot(chair, "chair-fit-proposal.png", full_page=True)
    chair.get_by_role("button", name="Áp dụng").click()
    expect(chair.locator("[data-fit-done]")).to_contain_text("Đã chia lại thời lượng để kết thúc lúc")
    expect(chair.locator("[data-fit-proposal]")).to_be_hidden()
    applied = timer(chair)
    assert applied["revision"] == state["revision"] + 1  # type: ignore[operator]
    assert abs(float(applied["projected_end"]) - float(applied["planned_end"])) < 2  # type: ignore[arg-type]
    lengths = {item["item_id"]: item["allotted_seconds"] for item in applied["items"]}  # type: ignore[union-attr,index]
    for item in waiting:
        minutes = math.floor(lengths[item["item_id"]] / 60 + 0.5)
        shown = agenda.locator(f'[data-item-id="{item["item_id"]}"] [data-item-minutes]')
        expect(shown).to_have_text(f"{minutes} phút")
    first = waiting[0]["item_id"]
    expect(chair.locator(f'[data-upcoming] li[data-item-id="{first}"]')).to_contain_text(
        f"{math.floor(lengths[first] / 60 + 0.5)}′")


def test_a_minute_whose_answer_was_lost_is_pressed_again_without_adding_two(new_page) -> None:  # type: ignore[no-untyped-def]
    chair = new_page("/chair", role="chair")
    expect(chair.locator("[data-live-status]").first).to_have_text(CONNECTED)
    if timer(chair)["status"] != "running":
        assert chair.request.post("/api/v1/timer/next").ok and chair.request.post("/api/v1/timer/start").ok
    before = int(timer(chair)["allotted_seconds"])  # type: ignore[call-overload]
    bodies: list[dict[str, object]] = []

    def sent(request: Request) -> None:
        if request.url.endswith("/api/v1/timer/add"):
            bodies.append(json.loads(request.post_data or "{}"))

    chair.on("request", sent)

    def lose_the_answer(route: Route) -> None:
        route.fetch()  # the server applies it...
        route.abort()  # ...and the tablet never hears back

    chair.route("**/api/v1/timer/add", lose_the_answer)
    plus = chair.get_by_role("button", name="+1 phút")
    plus.click()
    expect(chair.locator("[data-chair-error]")).to_contain_text("Bấm lại đúng nút đó để gửi lại")
    chair.unroute("**/api/v1/timer/add")
    expect(plus).to_be_enabled()
    with chair.expect_response("**/api/v1/timer/add") as retried:
        plus.click()
    assert retried.value.json()["replayed"] is True
    expect(chair.locator("[data-chair-error]")).to_be_hidden()
    assert int(timer(chair)["allotted_seconds"]) == before + 60, "pressed twice, applied once"  # type: ignore[call-overload]
    with chair.expect_response("**/api/v1/timer/add") as pressed:
        plus.click()
    assert "replayed" not in pressed.value.json()
    assert int(timer(chair)["allotted_seconds"]) == before + 120, "a new press adds a minute"  # type: ignore[call-overload]
    keys = [body["client_id"] for body in bodies]
    assert len(keys) == 3 and keys[0] == keys[1] != keys[2], bodies
    assert all(isinstance(key, str) and len(key) == 32 for key in keys)
    assert all(body["seconds"] == 60 for body in bodies)


def test_saved_messages_edited_on_admin_reach_the_chairs_buttons(new_page) -> None:  # type: ignore[no-untyped-def]
    chair = new_page("/chair", role="chair")
    stage = new_page("/stage", width=1280, height=720)
    for page in (chair, stage):
        expect(page.locator("[data-live-status]").first).to_have_text(CONNECTED)
    buttons = chair.locator("[data-quick-messages] button")
    expect(buttons).to_have_text(["Còn 2 phút", "Còn 1 phút", "Đề nghị kết thúc", "Xin cảm ơn"])
    admin = new_page("/admin/agenda", role="admin")
    admin.locator("#message-text").fill("Đề nghị giữ trật tự")
    admin.get_by_role("button", name="Thêm tin nhắn").click()
    expect(admin.locator("#quick-messages")).to_contain_text("Đề nghị giữ trật tự")
    admin.get_by_role("button", name="Lên trên: Đề nghị giữ trật tự").click()
    expect(buttons).to_have_text(["Còn 2 phút", "Còn 1 phút", "Đề nghị kết thúc", "Đề nghị giữ trật tự",
                                  "Xin cảm ơn"])
    buttons.filter(has_text="giữ trật tự").click()
    expect(stage.locator("[data-message]")).to_have_text("Đề nghị giữ trật tự")
