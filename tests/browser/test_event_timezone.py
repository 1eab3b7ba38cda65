"""Times of day in the browser are the event's: an event held in Tokyo shows Tokyo's wall
clock, planned times and arrival times, whatever zone the browser itself is set to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect

from kiosk.badges.token import sign
from kiosk.events.eventfile import default_event_path
from kiosk.secretfile import BADGE_SECRET_FILE, load_or_create_secret
from tests.livekiosk import LiveKiosk, served

EVENT_ZONE = ZoneInfo("Asia/Tokyo")  # two hours ahead of the built-in event's Asia/Ho_Chi_Minh
BROWSER_ZONE = "America/Sao_Paulo"  # the desk's laptop, set to neither


@pytest.fixture(scope="module")
def live_kiosk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveKiosk]:
    """The built-in event with its sample delegates, held in Tokyo (its date a month: planned for today)."""
    folder = tmp_path_factory.mktemp("tokyo")
    text = default_event_path().read_text(encoding="utf-8")
    assert 'timezone = "Asia/Ho_Chi_Minh"' in text
    event = folder / "event.toml"
    event.write_text(text.replace('timezone = "Asia/Ho_Chi_Minh"', 'timezone = "Asia/Tokyo"'), encoding="utf-8")
    with served(folder / "instance", "--event", str(event), "--demo") as kiosk:
        yield kiosk


@pytest.fixture
def open_page(browser: Browser, live_kiosk: LiveKiosk) -> Iterator[Callable[..., Page]]:
    """Pages in a browser whose own time zone is São Paulo's."""
    contexts = []

    def open_in_sao_paulo(path: str, *, role: str | None = None) -> Page:
        context = browser.new_context(base_url=live_kiosk.url, timezone_id=BROWSER_ZONE)
        contexts.append(context)
        page = context.new_page()
        if role:
            assert context.request.post("/api/v1/login", data={"role": role, "pin": live_kiosk.pins[role]}).ok
        page.goto(path)
        assert page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone") == BROWSER_ZONE
        return page

    yield open_in_sao_paulo
    for context in contexts:
        context.close()


def tokyo_minutes_around_now() -> set[str]:
    """HH:MM in Tokyo now and a minute either side (the page and the test may straddle a minute)."""
    now = dt.datetime.now(EVENT_ZONE)
    return {(now + dt.timedelta(minutes=step)).strftime("%H:%M") for step in (-1, 0, 1)}


def test_the_hall_screen_shows_the_wall_clock_and_the_planned_end_in_the_events_zone(open_page) -> None:  # type: ignore[no-untyped-def]
    page = open_page("/screen")
    clock = page.locator("[data-wall-clock]")
    expect(clock).not_to_have_text("--:--")
    assert clock.inner_text() in tokyo_minutes_around_now()
    # The programme starts at 08:00 in Tokyo and runs its planned minutes.
    state = page.request.get("/api/v1/timer").json()
    planned_end = dt.datetime.fromtimestamp(state["planned_end"], EVENT_ZONE)
    expect(page.locator("[data-planned-end]").first).to_have_text(planned_end.strftime("%H:%M"))


def test_the_agenda_plans_the_first_item_at_the_events_start_time(open_page) -> None:  # type: ignore[no-untyped-def]
    page = open_page("/agenda")
    expect(page.locator("[data-item-planned]").first).to_have_text("08:00")


def test_the_desk_tells_when_a_delegate_first_arrived_in_the_events_zone(open_page, live_kiosk: LiveKiosk) -> None:  # type: ignore[no-untyped-def]
    page = open_page("/checkin", role="reception")
    body = page.request.get("/api/v1/desk/roster").json()
    delegate = next(a for a in body["attendees"] if a["number"] == "MTTQ-001")
    secret = load_or_create_secret(Path(live_kiosk.instance) / BADGE_SECRET_FILE)
    badge = sign(secret, event_id=body["event_id"], attendee_id=delegate["id"], version=delegate["badge_version"])
    expect(page.locator("#scan-input")).to_be_focused()
    for _ in range(2):  # a USB scanner types the code and presses Enter
        page.keyboard.type(badge, delay=2)
        page.keyboard.press("Enter")
        expect(page.locator("#result")).to_contain_text(delegate["name"])
    expect(page.locator("#result")).to_have_class("result result-already_checked_in")
    detail = page.locator("#result .result-detail span").first.inner_text()  # "Lúc HH:MM tại …"
    assert detail.startswith("Lúc ") and detail[4:9] in tokyo_minutes_around_now(), detail
    recent = page.locator("#recent li").first.inner_text()  # "HH:MM · ! name"
    assert recent[:5] in tokyo_minutes_around_now(), recent
