"""Every page fits every screen it is used on, with the built-in event and with the
longest realistic texts (tests/browser/data/long_texts_event.toml).

The screens: hall projectors (1024×768, 1366×768, 1920×1080, 3840×2160), the
chair's tablet both ways (1024×768, 768×1024), phones (360×640, 390×844), the
desk's laptop (1366×768). Each page is opened at the sizes it is used at, in the
states that change its layout (the hall screen and the stage: before the start,
item 2 running, paused, in overtime with a long message, finished, the programme
ended), and fails on:

- the page wider than the window (sideways scrolling);
- text boxes (and form controls) overlapping each other, or sticking out of the
  card (a box with a border or a background) they sit in;
- on /screen and /stage, which nobody can scroll: anything below or beyond the
  screen, and anything cut off inside a box that hides its overflow.

Each page is loaded once and checked at each of its sizes by resizing its window (the stylesheets
ask only the window's width, and static/js/fit.js fits its text again whenever the window changes
size, as a projector's browser does). Screenshots (JPEG) go to build/screenshots/layout/<event>/
(KIOSK_SCREENSHOTS moves build/screenshots) for people to look at: each page in each state at the
first size it is checked at, and every page at every size where a check failed. One browser; one
context signed in as the organiser and one not; the pages checked together are loaded together.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, BrowserContext, Page, expect

from kiosk.cli import cli
from tests.browser.conftest import FIT_SETTLED
from tests.conftest import PINS
from tests.livekiosk import LiveKiosk

pytestmark = pytest.mark.browser

LONG_EVENT = Path(__file__).parent / "data" / "long_texts_event.toml"
# The longest delegate a roster realistically holds (the columns' limits are 200/200/300).
LONG_NAME = "Tôn Nữ Hoàng Phương Quỳnh Như Ngọc Bảo Trâm"
LONG_ROSTER = (
    "Họ và tên,Chức vụ,Đơn vị,Nhóm\n"
    f"{LONG_NAME},"
    "Phó Trưởng phòng phụ trách Phòng Văn hóa - Xã hội kiêm Phó Giám đốc Trung tâm Văn hóa - Thông tin và Thể thao xã,"
    "\"Phòng Văn hóa - Xã hội, Ủy ban nhân dân xã Cẩm Giang (bộ phận phụ trách chuyển đổi số, thông tin và truyền "
    "thông, văn hóa cơ sở, gia đình, thể dục thể thao, du lịch, giáo dục và đào tạo, y tế, lao động, người có công "
    "và xã hội trên địa bàn xã)\",PCM\n"
    "Tôn Nữ Hoàng Phương Quỳnh Như Ngọc Bảo Châu,Chuyên viên,Trung tâm Phục vụ hành chính công xã Cẩm Giang,PCM\n"
)
LONG_MESSAGE = ("Đề nghị đồng chí kết thúc phần trình bày trong 1 phút để Hội nghị chuyển sang phần tham luận của "
                "các cơ quan, đơn vị; phần còn lại của báo cáo xin gửi bằng văn bản tới Văn phòng để tổng hợp.")

PROJECTORS = ((1024, 768), (1366, 768), (1920, 1080), (3840, 2160))
TABLETS = ((1024, 768), (768, 1024))
PHONES = ((360, 640), (390, 844))
LAPTOP = (1366, 768)
ADMIN_PAGES = ("/admin", "/admin/event", "/admin/groups", "/admin/delegates", "/admin/agenda", "/admin/import",
               "/admin/audit")

CHECK = """async ({ projector }) => {
  // the fonts are loaded and fit.js has settled: FIT_SETTLED, evaluated just before
  const problems = [];
  const W = window.innerWidth, H = window.innerHeight;
  const root = document.documentElement;
  const style = (el) => getComputedStyle(el);
  const describe = (el) => {
    let text = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + [...el.classList].map((c) => "." + c).join("");
    const words = (el.innerText || el.value || "").trim().replace(/\\s+/g, " ").slice(0, 50);
    return words ? `${text} “${words}”` : text;
  };
  const round = (r) => `${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)}`;
  const intersect = (a, b) => ({ left: Math.max(a.left, b.left), top: Math.max(a.top, b.top),
    right: Math.min(a.right, b.right), bottom: Math.min(a.bottom, b.bottom) });
  const hidesOverflow = (s) => s.overflowX !== "visible" || s.overflowY !== "visible";
  const isClipped = (s) => s.clip !== "auto" && s.clip !== "" || s.clipPath !== "none";
  /** The part of el's box that can be seen: inside every ancestor that hides its overflow. */
  function visibleBox(el) {
    let box = el.getBoundingClientRect();
    box = { left: box.left, top: box.top, right: box.right, bottom: box.bottom };
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = style(a);
      if (hidesOverflow(s) || isClipped(s)) box = intersect(box, a.getBoundingClientRect());
    }
    return box;
  }
  const shown = (el) => el.getClientRects().length > 0 && style(el).visibility !== "hidden"
    && !el.closest("[hidden], [inert], .visually-hidden") && !el.closest("details:not([open]) > :not(summary)");
  // With a modal dialog open, the page behind it is out of play: only the dialog is checked.
  const scope = document.querySelector("dialog:modal") ?? document.body;
  const isCard = (el) => {
    const s = style(el);
    const background = s.backgroundColor !== "rgba(0, 0, 0, 0)" && s.backgroundColor !== "transparent";
    return background || (parseFloat(s.borderTopWidth) > 0 && parseFloat(s.borderBottomWidth) > 0
      && parseFloat(s.borderLeftWidth) > 0 && parseFloat(s.borderRightWidth) > 0);
  };

  if (root.scrollWidth > W) problems.push(`the page is ${root.scrollWidth}px wide in a ${W}px window`);

  // The page's text boxes: the nearest non-inline box around each piece of text, and every form control.
  const boxes = new Set();
  const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    let el = node.parentElement;
    if (el.closest("script, style, template, noscript, option, select, textarea, svg, title")) continue;
    while (el !== scope && ["inline", "contents"].includes(style(el).display)) el = el.parentElement;
    if (el !== document.body && shown(el)) boxes.add(el);
  }
  for (const el of scope.querySelectorAll("input:not([type=hidden]), select, textarea, button")) {
    if (shown(el)) boxes.add(el);
  }
  const items = [...boxes].map((el) => ({ el, box: visibleBox(el) }))
    .filter(({ box }) => box.right - box.left > 2 && box.bottom - box.top > 2);

  for (let i = 0; i < items.length; i += 1) {
    for (let j = i + 1; j < items.length; j += 1) {
      const a = items[i], b = items[j];
      if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
      const overlap = intersect(a.box, b.box);
      if (overlap.right - overlap.left > 1 && overlap.bottom - overlap.top > 1) {
        problems.push(`${describe(a.el)} overlaps ${describe(b.el)}`);
      }
    }
  }
  for (const { el, box } of items) {  // what can be seen of it: a table scrolling in its box is in its card
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (!isCard(a)) continue;
      const card = a.getBoundingClientRect();
      if (box.left < card.left - 1 || box.right > card.right + 1
          || box.top < card.top - 1 || box.bottom > card.bottom + 1) {
        const seen = { left: box.left, top: box.top, width: box.right - box.left, height: box.bottom - box.top };
        problems.push(`${describe(el)} (${round(seen)}) sticks out of ${describe(a).slice(0, 60)} (${round(card)})`);
        break;
      }
    }
  }

  if (projector) {
    if (root.scrollHeight > H) problems.push(`the page scrolls: ${root.scrollHeight}px tall in a ${H}px window`);
    for (const el of document.body.querySelectorAll("*")) {
      if (!shown(el) || el.closest("svg") && el.tagName !== "svg") continue;
      const s = style(el);
      if (isClipped(s)) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.bottom > H + 1 || r.right > W + 1 || r.top < -1 || r.left < -1) {
        problems.push(`${describe(el)} (${round(r)}) is beyond the ${W}×${H} screen`);
      }
      if (s.overflowY !== "visible" && el.scrollHeight > el.clientHeight + 1
          || s.overflowX !== "visible" && el.scrollWidth > el.clientWidth + 1) {
        problems.push(`${describe(el)} cuts its content off: ${el.scrollWidth}×${el.scrollHeight} in `
          + `${el.clientWidth}×${el.clientHeight}`);
      }
    }
  }
  return problems;
}"""


@dataclass
class Hall:
    """A served event, the windows open on it, and the problems found so far."""

    name: str
    kiosk: LiveKiosk
    browser: Browser
    shots: Path
    counts_down: bool = False  # its start is later today: the screens count down to it
    contexts: dict[bool, BrowserContext] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    shot: set[str] = field(default_factory=set)  # the labels with a screenshot for people to look at

    def context(self, *, signed_in: bool) -> BrowserContext:
        """One context signed in as the organiser and one not, shared by every page."""
        if signed_in not in self.contexts:
            context = self.browser.new_context(base_url=self.kiosk.url, locale="vi-VN")
            if signed_in:
                assert context.request.post("/api/v1/login", data={"role": "admin", "pin": PINS["admin"]}).ok
            self.contexts[signed_in] = context
        return self.contexts[signed_in]

    def open(self, path: str, size: tuple[int, int], *, signed_in: bool = False, wait: bool = True) -> Page:
        """The page at ``path`` in a window of ``size``, loaded; or, with ``wait=False``, on its way (call
        ``page.wait_for_load_state()`` before looking at it): pages opened together load together."""
        page = self.context(signed_in=signed_in).new_page()
        page.set_viewport_size({"width": size[0], "height": size[1]})
        page.goto(path, wait_until="load" if wait else "commit")
        return page

    @staticmethod
    def resized(page: Page, sizes: tuple[tuple[int, int], ...]) -> Iterator[tuple[int, int]]:
        """The page's window at each of ``sizes`` in turn (the page is not reloaded)."""
        for size in sizes:
            page.set_viewport_size({"width": size[0], "height": size[1]})
            yield size

    def check(self, page: Page, label: str, *, projector: bool = False) -> None:
        """Check the page as it is now; keep its screenshot if the check failed, or if it is the first of its
        label (each page in each state, at the first size it is checked at)."""
        width, height = page.viewport_size["width"], page.viewport_size["height"]  # type: ignore[index]
        page.bring_to_front()  # a tab behind another draws no frames (nor fits its text)
        page.evaluate(FIT_SETTLED)
        found = page.evaluate(CHECK, {"projector": projector})
        shown = found if len(found) <= 8 else [*found[:8], f"… and {len(found) - 8} more"]
        self.problems += [f"{self.name} {label} at {width}×{height}: {problem}" for problem in shown]
        if found or label not in self.shot:
            self.shot.add(label)
            page.screenshot(path=self.shots / f"{label}-{width}x{height}.jpeg", type="jpeg", quality=70,
                            full_page=not projector, animations="disabled")

    def chair(self, command: str, body: dict[str, object] | None = None) -> dict[str, object]:
        request = self.context(signed_in=True).request
        response = request.post(f"/api/v1/timer/{command}", data=body or {})
        assert response.ok, response.text()
        return response.json()

    def close(self) -> None:
        for context in self.contexts.values():
            context.close()

    def assert_fits(self) -> None:
        assert not self.problems, f"{len(self.problems)} layout problems:\n" + "\n".join(self.problems[:80])


def long_event(folder: Path) -> tuple[Path, bool]:
    """The long-texts event, starting 90 minutes from now; and whether that is still today."""
    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    now = dt.datetime.now(zone)
    start = now + dt.timedelta(minutes=90)
    text = LONG_EVENT.read_text(encoding="utf-8")
    text = text.replace('date = "2026-06-18"', f'date = "{start:%Y-%m-%d}"')
    text = text.replace('start_time = "07:30"', f'start_time = "{start:%H:%M}"')
    path = folder / "long.toml"
    path.write_text(text, encoding="utf-8")
    return path, start.date() == now.date()


@pytest.fixture(scope="module", params=["seed", "long"])
def hall(request: pytest.FixtureRequest, browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hall]:
    """The built-in event (its date a month) or the long-texts one, with sample delegates, served."""
    folder = tmp_path_factory.mktemp(request.param)
    kiosk = LiveKiosk(instance=folder / "instance", pins=dict(PINS))
    counts_down = False
    if request.param == "seed":
        kiosk.init("--demo")
    else:
        event, counts_down = long_event(folder)
        kiosk.init("--event", str(event), "--demo")
        roster = folder / "long-roster.csv"
        roster.write_text(LONG_ROSTER, encoding="utf-8")
        loaded = CliRunner(env={**kiosk.env, "DATABASE_URL": None}).invoke(cli, ["import-roster", str(roster)])
        assert loaded.exit_code == 0, (loaded.output, loaded.exception)
    kiosk.start()
    shots = Path(os.environ.get("KIOSK_SCREENSHOTS", "build/screenshots")) / "layout" / request.param
    shots.mkdir(parents=True, exist_ok=True)
    hall = Hall(request.param, kiosk, browser, shots, counts_down)
    try:
        yield hall
    finally:
        hall.close()
        kiosk.stop()


# Where each page that shows the chair's clock is used, and the states each is checked in.
CLOCK_PAGES = {
    "screen": (PROJECTORS, False),
    "stage": (PROJECTORS, False),
    "chair": ((*TABLETS, LAPTOP, PHONES[1]), True),
    "agenda": ((*PHONES, TABLETS[1], LAPTOP), False),
}
ALL = frozenset(CLOCK_PAGES)
PROJECTED = frozenset({"screen", "stage"})


def test_every_page_with_the_clock_fits_its_screens_in_every_state(hall: Hall) -> None:
    """The only test that runs the clock: the hall, the stage, the chair and the phones follow it together."""
    pages = {name: hall.open(f"/{name}", sizes[0], signed_in=signed_in, wait=False)
             for name, (sizes, signed_in) in CLOCK_PAGES.items()}
    for page in pages.values():
        page.wait_for_load_state()
        expect(page.locator("[data-live-status]").first).to_have_text("Đã kết nối trực tiếp")
    staff = hall.context(signed_in=True).request

    def check_all(state: str, names: frozenset[str], ready: Callable[[Page], None]) -> None:
        for name, page in pages.items():
            ready(page)
            if name in names:
                for _size in hall.resized(page, CLOCK_PAGES[name][0]):
                    hall.check(page, f"{name}-{state}", projector=name in PROJECTED)

    check_all("before-start", ALL,
              lambda page: expect(page.locator("body")).to_have_class(re.compile(r"\bnot-started\b")))
    for name, page in pages.items():
        if name != "stage":  # no delay before the first item starts: the planned start instead
            expect(page.locator("[data-delay]").first).to_contain_text("Bắt đầu lúc")
            expect(page.locator("[data-delay]").first).not_to_contain_text("Chậm")
            if hall.counts_down:  # and on its day, how long until then
                expect(page.locator("[data-delay]").first).to_contain_text(re.compile(r"còn 1 giờ (29|30) phút"))

    hall.chair("start")
    hall.chair("next")
    hall.chair("start")
    check_all("item2-running", ALL,
              lambda page: expect(page.locator("body")).to_have_class(re.compile(r"\bphase-normal\b")))
    hall.chair("pause")
    check_all("item2-paused", PROJECTED,
              lambda page: expect(page.locator("body")).to_have_attribute("data-status", "paused"))
    hall.chair("resume")
    hall.chair("add", {"seconds": -3600})  # stops at 00:00; overtime a second later
    assert staff.post("/api/v1/messages", data={"text": LONG_MESSAGE}).ok
    check_all("item2-overtime-message", PROJECTED | {"chair"}, lambda page: expect(page.locator("body")).to_have_class(
        re.compile(r"\bphase-overtime\b.*\bhas-message\b|\bhas-message\b.*\bphase-overtime\b")))
    assert staff.delete("/api/v1/messages").ok
    hall.chair("finish")
    check_all("item2-finished", PROJECTED | {"chair"},
              lambda page: expect(page.locator("body")).to_have_attribute("data-status", "finished"))
    state = hall.chair("next")
    while state["upcoming"]:
        state = hall.chair("next")
    hall.chair("start")
    hall.chair("finish")
    check_all("programme-ended", PROJECTED | {"agenda"},
              lambda page: expect(page.locator("body")).to_have_class(re.compile(r"\bprogramme-ended\b")))
    hall.assert_fits()


def test_the_entrance_and_the_pin_page_fit_phones_tablets_and_laptops(hall: Hall) -> None:
    sizes = (*PHONES, *TABLETS, LAPTOP)
    page = hall.open("/", sizes[0])
    for _size in hall.resized(page, sizes):
        hall.check(page, "index")
    page.close()
    page = hall.open("/chair", sizes[0])  # the PIN page
    for _size in hall.resized(page, sizes):
        expect(page.locator("#pin")).to_be_visible()
        hall.check(page, "pin")
    page.fill("#pin", "000000")
    page.click("button[type=submit]")
    for _size in hall.resized(page, sizes):
        expect(page.locator("#login-error")).to_be_visible()
        hall.check(page, "pin-wrong")
    page.close()
    hall.assert_fits()


def test_the_desk_and_its_walk_in_dialog_fit_laptops_tablets_and_phones(hall: Hall) -> None:
    """The desk before and after a delegate chosen from several arrives: the search list, the answer, the
    walk-in dialog; then the same search with the delegate marked arrived, and the answer to a repeat."""
    name = LONG_NAME if hall.name == "long" else "Nguyễn Văn An (mẫu)"
    typed = "ton nu hoang" if hall.name == "long" else "nguyen van an"
    sizes = (LAPTOP, *TABLETS, *PHONES)
    page = hall.open("/checkin", sizes[0], signed_in=True)
    expect(page.locator("[data-live-status]").first).to_have_text("Đã kết nối trực tiếp")
    chosen = page.locator("#search-results li", has_text=name).first
    for _size in hall.resized(page, sizes):
        hall.check(page, "checkin")
    for arrived in (False, True):
        page.fill("#scan-input", typed)
        if arrived:
            expect(chosen).to_contain_text("✓")
        for _size in hall.resized(page, sizes):
            expect(chosen).to_be_visible()
            hall.check(page, "checkin-search-arrived" if arrived else "checkin-search")
        chosen.click()  # one of several: chosen from the list
        expect(page.locator("#result")).to_have_class(
            "result result-already_checked_in" if arrived else "result result-checked_in")
        for _size in hall.resized(page, sizes):
            expect(page.locator("#result")).to_contain_text(name)
            hall.check(page, "checkin-result-repeat" if arrived else "checkin-result")
        if not arrived:
            page.click("#walkin-open")
            for _size in hall.resized(page, sizes):
                expect(page.locator("#walkin")).to_be_visible()
                hall.check(page, "checkin-walkin")
            page.click("#walkin-cancel")
            expect(page.locator("#walkin")).to_be_hidden()
    page.close()
    hall.assert_fits()


def test_every_admin_page_fits_laptops_tablets_and_phones(hall: Hall) -> None:
    sizes = (LAPTOP, TABLETS[0], PHONES[1])
    pages = {path: hall.open(path, sizes[0], signed_in=True, wait=False) for path in ADMIN_PAGES}
    for path, page in pages.items():
        page.wait_for_load_state()
        for size in hall.resized(page, sizes):
            expect(page.locator(".admin-nav [aria-current=page]")).to_have_count(1)
            hall.check(page, path.strip("/").replace("/", "-"))
            if path == "/admin/audit" and size in PHONES:  # one card an entry on a phone, nothing to scroll sideways
                assert page.evaluate("[...document.querySelectorAll('.table-scroll')]"
                                     ".every((box) => box.scrollWidth <= box.clientWidth)"), size
        page.close()
    hall.assert_fits()
