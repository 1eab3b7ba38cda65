"""The reception desk in Chromium: USB scanner, camera, name search, offline queue."""

from __future__ import annotations

import json
import re
import time
import unicodedata
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from kiosk.badges.render_png import render_png
from kiosk.badges.token import sign
from kiosk.secretfile import BADGE_SECRET_FILE, load_or_create_secret
from tests.browser.conftest import CHROMIUM_ARGS, Screenshot
from tests.livekiosk import LiveKiosk


def roster(page: Page) -> dict[str, dict]:
    body = page.request.get("/api/v1/desk/roster").json()
    return {a["number"]: a | {"event_id": body["event_id"]} for a in body["attendees"]}


def token(kiosk: LiveKiosk, attendee: dict) -> str:
    secret = load_or_create_secret(kiosk.instance / BADGE_SECRET_FILE)
    return sign(secret, event_id=attendee["event_id"], attendee_id=attendee["id"], version=attendee["badge_version"])


def arrived_total(page: Page) -> int:
    return page.request.get("/api/v1/attendance").json()["total"]["checked_in"]


def scan_with_keyboard(page: Page, text: str) -> None:
    """A USB scanner is a keyboard: it types the code and presses Enter into whatever has focus."""
    page.keyboard.type(text, delay=2)
    page.keyboard.press("Enter")


def test_the_usb_scanner_checks_in_then_sees_a_repeat(new_page, live_kiosk: LiveKiosk, screenshot: Screenshot) -> None:  # type: ignore[no-untyped-def]
    page = new_page("/checkin", role="reception")
    delegate = roster(page)["MTTQ-001"]
    expect(page.locator("#scan-input")).to_be_focused()
    scan_with_keyboard(page, token(live_kiosk, delegate))
    result = page.locator("#result")
    expect(result).to_have_class("result result-checked_in")
    expect(result).to_contain_text("ĐÃ ĐIỂM DANH")
    expect(result).to_contain_text(delegate["name"])
    expect(result).to_contain_text("Thường trực Ủy ban MTTQ Việt Nam xã")
    expect(page.locator('tr[data-group="MTTQ"] [data-arrived]')).to_have_text("1")
    expect(page.locator("#scan-input")).to_be_focused()
    screenshot(page, "desk-checked-in-1280.png")

    scan_with_keyboard(page, token(live_kiosk, delegate))
    expect(result).to_have_class("result result-already_checked_in")
    expect(result).to_contain_text("ĐÃ ĐIỂM DANH TRƯỚC ĐÓ")
    screenshot(page, "desk-repeat-1280.png")

    good = token(live_kiosk, delegate)
    middle = len(good) - 10  # a changed signature character, still well-formed base32
    forged = good[:middle] + ("A" if good[middle] != "A" else "B") + good[middle + 1:]
    scan_with_keyboard(page, forged)
    expect(result).to_have_class("result result-invalid")
    expect(result).to_contain_text("THẺ KHÔNG HỢP LỆ")
    expect(result).to_contain_text("chữ ký sai")
    screenshot(page, "desk-invalid-1280.png")


def test_a_second_desk_sees_the_arrival_live(new_page, live_kiosk: LiveKiosk) -> None:  # type: ignore[no-untyped-def]
    watcher = new_page("/checkin", role="reception")
    expect(watcher.locator("[data-live-status]")).to_have_text("Đã kết nối trực tiếp")
    before = int(watcher.locator('tr[data-group="YT"] [data-arrived]').inner_text())
    desk = new_page("/checkin", role="reception")
    scan_with_keyboard(desk, token(live_kiosk, roster(desk)["YT-002"]))
    expect(desk.locator("#result")).to_have_class("result result-checked_in")
    expect(watcher.locator('tr[data-group="YT"] [data-arrived]')).to_have_text(str(before + 1), timeout=1000)


def test_find_a_delegate_by_name_without_diacritics(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page("/checkin", role="reception", width=390, height=844)
    delegate = roster(page)["CQDU-003"]
    from kiosk.text import fold

    page.fill("#scan-input", fold(delegate["full_name"].replace(" (mẫu)", "")))
    expect(page.locator("#search-results li").first).to_contain_text(delegate["full_name"])
    page.keyboard.press("Enter")
    expect(page.locator("#result")).to_have_class("result result-checked_in")
    expect(page.locator("#result")).to_contain_text(delegate["full_name"])


def test_enter_on_an_exact_badge_number_or_a_name_no_one_else_has_checks_that_delegate_in(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page("/checkin", role="reception", width=1024, height=768)
    people = roster(page)
    before = arrived_total(page)
    matches = page.locator("#search-results li")
    page.locator("#scan-input").press_sequentially("du-002", delay=5)  # also inside "CQDU-002"
    expect(matches.first).to_contain_text(people["DU-002"]["name"])
    expect(matches.first).to_have_class("is-selected")
    assert matches.count() > 1
    page.keyboard.press("Enter")
    expect(page.locator("#result")).to_have_class("result result-checked_in")
    expect(page.locator("#result")).to_contain_text(people["DU-002"]["name"])

    page.locator("#scan-input").press_sequentially("nguyen van an (mau)", delay=5)  # "Nguyễn Văn An (mẫu)"
    expect(matches.first).to_contain_text(people["DU-001"]["name"])
    page.keyboard.press("Enter")
    expect(page.locator("#result")).to_contain_text(people["DU-001"]["name"])
    expect(page.locator("#result")).to_have_class("result result-checked_in")
    assert arrived_total(page) == before + 2


def test_enter_on_several_matches_checks_in_nobody_until_one_is_chosen(new_page, screenshot: Screenshot) -> None:  # type: ignore[no-untyped-def]
    page = new_page("/checkin", role="reception", width=1024, height=768)
    before = arrived_total(page)
    page.locator("#scan-input").press_sequentially("pho chu tich", delay=5)
    matches = page.locator("#search-results li")
    expect(matches).to_have_count(7)
    page.keyboard.press("Enter")
    expect(page.locator("#search-hint")).to_be_visible()
    expect(page.locator("#search-hint")).to_contain_text("7 đại biểu khớp")
    expect(page.locator("#search-results")).to_have_class(re.compile(r"\bneeds-choice\b"))
    screenshot(page, "desk-search-choose-1024.png")
    expect(page.locator("#result")).to_have_class("result result-ready")
    assert arrived_total(page) == before
    expect(page.locator("#scan-input")).to_have_value("pho chu tich")  # nothing typed is lost

    for key in ("ArrowUp", "ArrowUp", "ArrowDown"):  # from none, up is the last; then one up, one down
        page.keyboard.press(key)
    expect(matches.nth(6)).to_have_class("is-selected")
    expect(page.locator("#search-results .is-selected")).to_have_count(1)
    expect(page.locator("#search-hint")).to_be_hidden()
    last = matches.nth(6).locator("strong").inner_text()
    page.keyboard.press("Enter")
    expect(page.locator("#result")).to_have_class("result result-checked_in")
    expect(page.locator("#result")).to_contain_text(last)
    assert arrived_total(page) == before + 1

    page.locator("#scan-input").press_sequentially("pho chu tich", delay=5)
    other = matches.nth(5).locator("strong").inner_text()
    matches.nth(5).click()  # a click chooses
    expect(page.locator("#result")).to_contain_text(other)
    expect(page.locator("#result")).to_have_class("result result-checked_in")
    assert arrived_total(page) == before + 2


def test_the_desk_name_reads_as_one_name(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page("/checkin", role="reception")
    name = page.get_by_label("Tên bàn")
    expect(name).to_have_value("Bàn 1")
    assert page.locator(".desk-bar").inner_text().split()[:1] != ["Bàn"]  # no "Bàn [Bàn 1]"
    name.fill("Cửa chính")
    name.press("Tab")
    page.reload()
    expect(page.get_by_label("Tên bàn")).to_have_value("Cửa chính")


def test_a_seat_badge_asks_for_the_holder(new_page, live_kiosk: LiveKiosk) -> None:  # type: ignore[no-untyped-def]
    page = new_page("/checkin", role="reception")
    seat = roster(page)["THON-005"]
    scan_with_keyboard(page, token(live_kiosk, seat))
    expect(page.locator("#result")).to_contain_text("Đại biểu thôn 3")
    expect(page.locator("#holder-name")).to_be_focused()
    page.keyboard.type("Trần Văn Hải")
    page.keyboard.press("Enter")
    expect(page.locator("#recent")).to_contain_text("Trần Văn Hải")
    expect(page.locator("#scan-input")).to_be_focused()


def test_offline_scans_are_queued_across_a_reload_and_counted_once(new_page, live_kiosk: LiveKiosk) -> None:  # type: ignore[no-untyped-def]
    page = new_page("/checkin", role="reception")
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null || "
                           "navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now under the service worker's control
    people = roster(page)
    before = arrived_total(page)
    live_kiosk.kill()
    for number in ("PCM-010", "PCM-011", "PCM-012"):
        scan_with_keyboard(page, token(live_kiosk, people[number]))
        expect(page.locator("#result")).to_contain_text(people[number]["name"])
        expect(page.locator("#result")).to_have_class("result result-queued")
        # Without the server nobody checks the signature: the desk says so, and what to look at instead.
        expect(page.locator("#result")).to_contain_text("Chưa kiểm tra được chữ ký thẻ khi mất mạng")
    expect(page.locator("#queue-status")).to_have_text("3 lượt chờ gửi")
    page.reload()  # served from the service worker's cache; the queue lives in localStorage
    expect(page.locator("#queue-status")).to_have_text("3 lượt chờ gửi")
    live_kiosk.start()
    expect(page.locator("#queue-status")).to_be_hidden(timeout=15000)
    assert arrived_total(page) == before + 3
    expect(page.locator("#recent")).to_contain_text(people["PCM-012"]["name"])


def wait_for_the_desk_worker(page: Page) -> None:
    """Until the desk's service worker has installed (stored every file) and activated."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")


def test_a_desk_works_offline_from_its_first_visit(new_page, live_kiosk: LiveKiosk,  # type: ignore[no-untyped-def]
                                                   screenshot: Screenshot) -> None:
    page = new_page("/checkin", role="reception")
    wait_for_the_desk_worker(page)  # the first visit only: no reload while online
    worker = page.request.get("/desk-sw.js").text()
    manifest = json.loads(worker.split("\n", 1)[0].removeprefix("self.DESK = ").removesuffix(";"))
    stored = page.evaluate("""async () => {
        const names = await caches.keys();
        const cache = await caches.open(names[0]);
        return { names, urls: (await cache.keys()).map((request) => new URL(request.url).pathname) };
    }""")
    assert stored["names"] == [manifest["cache"]]
    assert set(manifest["assets"]) <= set(stored["urls"])  # all of it, when the worker installed
    people = roster(page)
    numbers = ("TH-010", "TH-011", "TH-012")
    before = arrived_total(page)
    arrived_cell = page.locator('tr[data-group="TH"] [data-arrived]')
    th_before = int(arrived_cell.inner_text())
    live_kiosk.kill()
    try:
        page.reload()  # as staff do when something looks stuck: the page comes from the worker's cache
        expect(page.locator("[data-live-status]")).to_have_text("Mất kết nối — đang thử lại", timeout=10000)
        styles = page.evaluate("""() => ({
            border: getComputedStyle(document.getElementById('scan-input')).borderTopWidth,
            font: document.fonts.check('16px "Source Sans Pro"'),
        })""")
        assert styles == {"border": "3px", "font": True}  # the stylesheet and its font came from the cache
        page.evaluate("window.notReloaded = true")
        missing = int(page.locator("#missing-count").inner_text())
        for number in numbers:
            scan_with_keyboard(page, token(live_kiosk, people[number]))
            expect(page.locator("#result")).to_have_class("result result-queued")
            expect(page.locator("#result")).to_contain_text(people[number]["name"])
        expect(page.locator("#queue-status")).to_have_text("3 lượt chờ gửi")
        expect(arrived_cell).to_have_text(str(th_before + 3))  # the counts follow the desk's own copy
        expect(page.locator("#missing-count")).to_have_text(str(missing - 3))
        screenshot(page, "desk-offline-queued-1280.png")
    finally:
        live_kiosk.start()
    expect(page.locator("#queue-status")).to_be_hidden(timeout=20000)  # sent by itself
    assert page.evaluate("window.notReloaded") is True
    assert arrived_total(page) == before + 3
    assert all(roster(page)[number]["checked_in_at"] for number in numbers)
    expect(arrived_cell).to_have_text(str(th_before + 3))
    expect(page.locator("#recent")).to_contain_text(people["TH-012"]["name"])


def test_a_queued_scan_the_server_refuses_turns_the_answer_red(new_page, live_kiosk: LiveKiosk,  # type: ignore[no-untyped-def]
                                                               screenshot: Screenshot) -> None:
    page = new_page("/checkin", role="reception")
    expect(page.locator("[data-live-status]")).to_have_text("Đã kết nối trực tiếp")
    delegate = roster(page)["TH-020"]
    good = token(live_kiosk, delegate)
    middle = len(good) - 10  # a forged signature: the desk cannot tell offline, the server can
    forged = good[:middle] + ("A" if good[middle] != "A" else "B") + good[middle + 1:]
    missing = page.locator("#missing-count")
    expect(missing).not_to_have_text("…")  # the desk has its copy of the list (the offline guess starts from it)
    live_kiosk.kill()
    try:
        expect(page.locator("[data-live-status]")).to_have_text("Mất kết nối — đang thử lại", timeout=10000)
        missing_before = int(missing.inner_text())
        scan_with_keyboard(page, forged)
        expect(page.locator("#result")).to_have_class("result result-queued")
        expect(missing).to_have_text(str(missing_before - 1))
    finally:
        live_kiosk.start()
    result = page.locator("#result")
    expect(result).to_have_class("result result-invalid", timeout=20000)
    expect(result.locator(".result-title")).to_have_text("THẺ KHÔNG HỢP LỆ")
    expect(result).to_contain_text(delegate["name"])
    expect(result).to_contain_text("chữ ký sai")
    expect(page.locator("#queue-status")).to_be_hidden()
    expect(missing).to_have_text(str(missing_before))  # the desk's guess gives way to the server's list
    screenshot(page, "desk-refused-at-sync-1280.png")


@pytest.mark.alone  # "within 1 s"
def test_a_revoked_badge_reaches_the_desk_at_once_and_is_refused_there_offline(new_page, live_kiosk: LiveKiosk,  # type: ignore[no-untyped-def]
                                                                               screenshot: Screenshot) -> None:
    desk = new_page("/checkin", role="reception")
    expect(desk.locator("[data-live-status]")).to_have_text("Đã kết nối trực tiếp")
    people = roster(desk)
    revoked, reissued = people["PCM-030"], people["PCM-031"]
    old_badge = token(live_kiosk, reissued)
    registered = desk.locator('tr[data-group="PCM"] [data-registered]')
    registered_before = int(registered.inner_text())
    admin = new_page("/admin", role="admin")
    assert admin.request.post(f"/admin/delegates/{revoked['id']}/revoke", max_redirects=0).status == 302
    assert admin.request.post(f"/admin/delegates/{reissued['id']}/reissue", max_redirects=0).status == 302
    committed = time.monotonic()

    def desk_copy() -> dict[int, dict]:
        stored = desk.evaluate("(key) => localStorage.getItem(key)", f"kiosk.roster.{revoked['event_id']}")
        return {a["id"]: a for a in json.loads(stored)}

    while not (desk_copy()[revoked["id"]]["revoked"] and desk_copy()[reissued["id"]]["badge_version"] == 2):
        assert time.monotonic() - committed < 1.0, "the desk's copy did not follow the revoke within 1 s"
        time.sleep(0.02)
    expect(registered).to_have_text(str(registered_before - 1), timeout=1000)  # a revoked badge is not registered
    live_kiosk.kill()
    try:
        for badge, reason in ((token(live_kiosk, revoked), "đã bị xóa khỏi danh sách"), (old_badge, "cấp lại thẻ mới")):
            scan_with_keyboard(desk, badge)
            expect(desk.locator("#result")).to_have_class("result result-revoked")
            expect(desk.locator("#result")).to_contain_text("THẺ ĐÃ THU HỒI")
            expect(desk.locator("#result")).to_contain_text(reason)
        expect(desk.locator("#queue-status")).to_be_hidden()  # refused as the server would: nothing to send
        screenshot(desk, "desk-offline-revoked-1280.png")
    finally:
        live_kiosk.start()


def _y4m(image: Image.Image, path: Path, width: int = 640, height: int = 480) -> Path:
    """A one-frame YUV4MPEG2 video of ``image`` centred on white, for Chromium's fake camera."""
    frame = Image.new("RGB", (width, height), "white")
    image.thumbnail((width - 40, height - 40))
    frame.paste(image, ((width - image.width) // 2, (height - image.height) // 2))
    y, cb, cr = frame.convert("YCbCr").split()
    half = (width // 2, height // 2)
    data = y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
    path.write_bytes(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode() + b"FRAME\n" + data)
    return path


def test_the_camera_reads_a_badge_made_by_the_badge_code(playwright_instance, chromium_executable: str,  # type: ignore[no-untyped-def]
                                                         live_kiosk: LiveKiosk, tmp_path: Path,
                                                         screenshot: Screenshot) -> None:
    import io

    from kiosk.badges.model import Badge

    probe = playwright_instance.request.new_context(base_url=live_kiosk.url)
    probe.post("/api/v1/login", data={"role": "reception", "pin": live_kiosk.pins["reception"]})
    delegate = {a["number"]: a for a in probe.get("/api/v1/desk/roster").json()["attendees"]}["UBND-002"]
    event_id = probe.get("/api/v1/desk/roster").json()["event_id"]
    png = render_png(Badge(event_short="Hội nghị CCHC", organiser="UBND xã Cẩm Giang", name=delegate["name"],
                           group_name=delegate["group"]["name"], group_colour=delegate["group"]["colour"],
                           number=delegate["number"],
                           token=token(live_kiosk, delegate | {"event_id": event_id})), dpi=150)
    video = _y4m(Image.open(io.BytesIO(png)), tmp_path / "badge.y4m")
    browser = playwright_instance.chromium.launch(executable_path=chromium_executable, args=[
        *CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}"])
    try:
        context = browser.new_context(base_url=live_kiosk.url, viewport={"width": 1280, "height": 900})
        context.grant_permissions(["camera"])
        context.request.post("/api/v1/login", data={"role": "reception", "pin": live_kiosk.pins["reception"]})
        page = context.new_page()
        page.goto("/checkin")
        page.click("#camera-toggle")
        expect(page.locator("#result")).to_have_class("result result-checked_in", timeout=15000)
        expect(page.locator("#result")).to_contain_text(delegate["name"])
        screenshot(page, "desk-camera-1280.png")
        # The fake camera shows one still frame: a badge that stays in front of the lens. It is read once.
        page.wait_for_timeout(8000)
        expect(page.locator("#result")).to_have_class("result result-checked_in")
        expect(page.locator("#recent li", has_text=delegate["name"])).to_have_count(1)
    finally:
        browser.close()
        probe.dispose()


def test_the_organiser_sees_arrivals_live(new_page, live_kiosk: LiveKiosk) -> None:  # type: ignore[no-untyped-def]
    admin = new_page("/admin", role="admin")
    expect(admin.locator("[data-live-status]").first).to_have_text("Đã kết nối trực tiếp")
    cell = admin.locator('tr[data-group="HDND"] [data-arrived]')
    before = int(cell.inner_text())
    desk = new_page("/checkin", role="reception")
    scan_with_keyboard(desk, token(live_kiosk, roster(desk)["HDND-003"]))
    expect(desk.locator("#result")).to_have_class("result result-checked_in")
    expect(cell).to_have_text(str(before + 1), timeout=1000)


@pytest.mark.parametrize("width,height", [(390, 844), (1024, 768), (1280, 800)])
def test_each_answer_fills_the_screen_on_a_phone_and_a_laptop(new_page, live_kiosk: LiveKiosk, screenshot: Screenshot,  # type: ignore[no-untyped-def]
                                                              width: int, height: int) -> None:
    page = new_page("/checkin", role="reception", width=width, height=height)
    screenshot(page, f"desk-ready-{width}.png")
    delegate = roster(page)[{390: "PCM-020", 1024: "PCM-022", 1280: "PCM-021"}[width]]
    good = token(live_kiosk, delegate)
    secret = load_or_create_secret(live_kiosk.instance / BADGE_SECRET_FILE)
    old_badge = sign(secret, event_id=delegate["event_id"], attendee_id=delegate["id"], version=0)
    middle = len(good) - 10
    answers = [
        (good, "checked_in", "ĐÃ ĐIỂM DANH"),
        (good, "already_checked_in", "ĐÃ ĐIỂM DANH TRƯỚC ĐÓ"),
        (good[:middle] + ("A" if good[middle] != "A" else "B") + good[middle + 1:], "invalid", "THẺ KHÔNG HỢP LỆ"),
        (old_badge, "revoked", "THẺ ĐÃ THU HỒI"),
    ]
    result = page.locator("#result")
    for code, status, title in answers:
        scan_with_keyboard(page, code)
        expect(result).to_have_class(f"result result-{status}")
        expect(result.locator(".result-title")).to_have_text(title)
        box = result.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(page, f"desk-{status}-{width}.png")


def test_a_walk_in_already_on_the_list_is_caught_and_a_namesake_can_still_be_registered(  # type: ignore[no-untyped-def]
        new_page, screenshot: Screenshot) -> None:
    desk = new_page("/checkin", role="reception", width=390, height=844)
    on_list = roster(desk)["HDND-001"]
    registered = len(roster(desk))
    desk.click("#walkin-open")
    desk.select_option("#walkin select[name=group]", "HDND")
    desk.fill("#walkin input[name=full_name]", on_list["name"])
    desk.click("#walkin button[type=submit]")
    expect(desk.locator("#walkin-error")).to_contain_text("HDND-001")
    expect(desk.locator("#walkin-namesake")).to_be_visible()
    assert desk.evaluate("(d => d.scrollWidth <= d.clientWidth)(document.querySelector('#walkin'))")
    screenshot(desk, "desk-walkin-same-name-390.png")
    assert len(roster(desk)) == registered
    desk.check("#walkin-namesake input")
    desk.click("#walkin button[type=submit]")
    expect(desk.locator("#walkin-badge img")).to_be_visible()
    expect(desk.locator("#walkin-namesake")).to_be_hidden()
    assert len(roster(desk)) == registered + 1


def test_a_walk_in_registered_by_mistake_leaves_the_list_with_its_undone_arrival(  # type: ignore[no-untyped-def]
        new_page, screenshot: Screenshot) -> None:
    """Undone, a walk-in's arrival takes the registration with it once the desk confirms: the minutes would
    otherwise list a person who never came as absent."""
    desk = new_page("/checkin", role="reception", width=1366, height=768)
    registered = desk.locator('tr[data-group="TH"] [data-registered]')
    expect(desk.locator("#missing-count")).not_to_have_text("…")
    before = int(registered.inner_text())
    desk.click("#walkin-open")
    desk.select_option("#walkin select[name=group]", "TH")
    desk.fill("#walkin input[name=full_name]", "Khách Đăng Ký Nhầm")
    desk.click("#walkin button[type=submit]")
    expect(desk.locator("#walkin-badge img")).to_be_visible()
    desk.click("#walkin-cancel")
    expect(desk.locator("#result")).to_have_class("result result-checked_in")
    expect(registered).to_have_text(str(before + 1))

    asked: list[str] = []

    def answer(dialog) -> None:  # type: ignore[no-untyped-def]
        asked.append(dialog.message)
        dialog.accept("Đăng ký nhầm người" if dialog.type == "prompt" else "")

    desk.on("dialog", answer)
    desk.click("#undo")
    expect(desk.locator("#result .result-title")).to_have_text("ĐÃ HỦY ĐIỂM DANH VÀ ĐĂNG KÝ")
    expect(registered).to_have_text(str(before))
    assert asked[1].startswith("Khách Đăng Ký Nhầm được đăng ký tại bàn.")
    withdrawn = next(a for a in roster(desk).values() if a["full_name"] == "Khách Đăng Ký Nhầm")
    assert withdrawn["revoked"] and withdrawn["checked_in_at"] is None
    screenshot(desk, "desk-walk-in-withdrawn-1366.png")


def test_a_desk_opened_again_lists_the_arrivals_it_recorded_at_their_times(  # type: ignore[no-untyped-def]
        new_page) -> None:
    desk = new_page("/checkin", role="reception", width=1366, height=768)
    people = roster(desk)
    expect(desk.locator("#missing-count")).not_to_have_text("…")
    desk.fill("#desk-name", unicodedata.normalize("NFD", "Bàn cổng phụ"))  # as Unikey's "tổ hợp" types it
    desk.press("#desk-name", "Enter")
    for number in ("HDND-002", "MTTQ-002"):
        desk.fill("#scan-input", number)
        desk.keyboard.press("Enter")
        expect(desk.locator("#result .result-detail")).to_contain_text(people[number]["name"])
    other = desk.request.post("/api/v1/checkins", data={"attendee_id": people["YT-003"]["id"], "desk": "Bàn 1"})
    assert other.ok
    times = {number: roster(desk)[number]["checked_in_at"] for number in ("HDND-002", "MTTQ-002")}

    desk.reload()
    recent = desk.locator("#recent li")
    expect(recent).to_have_count(2)  # this desk's two, newest first; not the other desk's
    shown = recent.all_inner_texts()
    assert people["MTTQ-002"]["name"] in shown[0] and people["HDND-002"]["name"] in shown[1]
    clock = desk.evaluate("(iso) => new Intl.DateTimeFormat('vi-VN', {hour: '2-digit', minute: '2-digit', "
                          "hour12: false, timeZone: 'Asia/Ho_Chi_Minh'}).format(new Date(iso))", times["MTTQ-002"])
    assert shown[0].startswith(f"{clock} · ✓")

    desk.fill("#desk-name", "Bàn cổng chính")  # another desk's name: its arrivals (none), not the old name's
    desk.press("#desk-name", "Enter")
    expect(recent).to_have_count(0)
    desk.fill("#desk-name", "Bàn cổng phụ")
    desk.press("#desk-name", "Enter")
    expect(recent).to_have_count(2)


def test_a_desk_never_named_keeps_its_first_name_when_the_page_turns_english(new_page) -> None:  # type: ignore[no-untyped-def]
    """An unnamed desk switching language must not become "Desk 1": its list and its Undo would be another desk's."""
    desk = new_page("/checkin", role="reception", width=1366, height=768)
    expect(desk.locator("#desk-name")).to_have_value("Bàn 1")
    desk.goto("/checkin?lang=en")
    expect(desk.locator("#scan-input")).to_have_attribute("placeholder", re.compile("Scan"))
    expect(desk.locator("#desk-name")).to_have_value("Bàn 1")
    desk.goto("/checkin?lang=vi")


def test_a_queued_answer_still_on_the_desk_turns_green_once_the_server_took_the_scan(  # type: ignore[no-untyped-def]
        new_page, live_kiosk: LiveKiosk) -> None:
    desk = new_page("/checkin", role="reception")
    people = roster(desk)
    expect(desk.locator("#missing-count")).not_to_have_text("…")
    desk.context.set_offline(True)
    try:
        scan_with_keyboard(desk, token(live_kiosk, people["TH-015"]))
        expect(desk.locator("#result")).to_have_class("result result-queued")
    finally:
        desk.context.set_offline(False)
    expect(desk.locator("#queue-status")).to_be_hidden(timeout=15000)
    # The blue "queued" answer was still up: it is now the server's, green, and says it was sent.
    expect(desk.locator("#result")).to_have_class("result result-checked_in")
    expect(desk.locator("#result")).to_contain_text("Đã gửi lên máy chủ khi có mạng lại.")
    expect(desk.locator("#result")).to_contain_text(people["TH-015"]["name"])
