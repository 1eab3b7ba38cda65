"""The protocol desk in Chromium: the MC's introductions live, the desk's stand-in and excused absence, and the
hall screen's welcome banner until the chair starts."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import Screenshot
from tests.livekiosk import LiveKiosk

STAND_IN = {"name": "Nguyễn Văn Thay", "position": "Phó trưởng phòng"}


def roster(page: Page) -> dict[str, dict]:
    return {a["number"]: a for a in page.request.get("/api/v1/desk/roster").json()["attendees"]}


def check_in(desk: Page, number: str, **extra: object) -> None:
    response = desk.request.post("/api/v1/checkins", data={"attendee_id": roster(desk)[number]["id"], "desk": "Bàn 1",
                                                           **extra})
    assert response.ok, response.text()


def people_in(page: Page, group: str) -> list[str]:
    return page.locator(f'[data-group="{group}"] .intro-person').all_inner_texts()


def fits_the_width(page: Page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")


def test_the_mc_reads_who_came_in_protocol_order_and_sees_a_late_arrival_in_its_place(  # type: ignore[no-untyped-def]
        new_page, screenshot: Screenshot) -> None:
    desk = new_page("/checkin", role="reception")
    people = roster(desk)
    for number in ("DU-003", "HDND-001", "DU-001"):
        check_in(desk, number)
    check_in(desk, "UBND-001", stand_in=STAND_IN)

    mc = new_page("/introductions", role="chair", width=1024, height=768)
    expect(mc.locator("[data-live-status]")).to_have_text("Đã kết nối trực tiếp")
    expect(mc.locator("section[data-group]")).to_have_count(3)
    assert [mc.locator("section[data-group]").nth(i).get_attribute("data-group") for i in range(3)] == [
        "DU", "HDND", "UBND"]
    du = people_in(mc, "DU")
    assert len(du) == 2 and people["DU-001"]["name"] in du[0] and people["DU-003"]["name"] in du[1]
    expect(mc.locator('[data-group="UBND"] .intro-line')).to_have_text(
        f"Về phía Ủy ban nhân dân xã, có đồng chí Nguyễn Văn Thay, Phó trưởng phòng, dự thay đồng chí "
        f"{people['UBND-001']['name']}.")
    expect(mc.locator(".intro-opening")).to_have_text("Đến dự Hội nghị hôm nay, chúng tôi trân trọng giới thiệu:")
    expect(mc.locator(".is-new")).to_have_count(0)  # what was there when the MC opened the page is seen
    expect(mc.locator("[data-intro-counts]")).to_contain_text("Có mặt 4/120 · dự thay 1")
    assert fits_the_width(mc)
    screenshot(mc, "introductions-1024.png", full_page=True)

    check_in(desk, "DU-002")  # late: appears between DU-001 and DU-003, marked new
    new = mc.locator(f'[data-group="DU"] .intro-person[data-delegate="{people["DU-002"]["id"]}"]')
    expect(new).to_have_class("intro-part intro-person is-new", timeout=3000)
    expect(new).to_contain_text("MỚI")
    du = people_in(mc, "DU")
    assert [next(n for n in ("DU-001", "DU-002", "DU-003") if people[n]["name"] in text) for text in du] == [
        "DU-001", "DU-002", "DU-003"]
    expect(mc.locator("[data-mark-seen]")).to_have_text("Đã xem 1 đại biểu mới")
    expect(mc.locator("[data-intro-counts]")).to_contain_text("Có mặt 5/120")
    screenshot(mc, "introductions-new-1024.png", full_page=True)
    mc.click("[data-mark-seen]")
    expect(mc.locator(".is-new")).to_have_count(0)
    expect(mc.locator("[data-mark-seen]")).to_be_hidden()
    mc.reload()  # what the MC has seen stays seen
    expect(mc.locator("section[data-group]")).to_have_count(3)
    expect(mc.locator(".is-new")).to_have_count(0)

    phone = new_page("/introductions", role="chair", width=390, height=844)
    expect(phone.locator('[data-group="UBND"] .intro-line')).to_contain_text("dự thay đồng chí")
    assert fits_the_width(phone)
    screenshot(phone, "introductions-390.png", full_page=True)


def test_the_desk_records_a_stand_in_and_an_excused_absence(  # type: ignore[no-untyped-def]
        new_page, screenshot: Screenshot) -> None:
    desk = new_page("/checkin", role="reception")
    people = roster(desk)
    delegate, absent = people["MTTQ-002"], people["MTTQ-003"]
    expect(desk.locator("#missing-count")).not_to_have_text("…")  # the desk has its copy of the list
    desk.fill("#scan-input", "MTTQ-002")
    desk.locator("#search-results li", has_text=delegate["name"]).click()
    expect(desk.locator("#result")).to_have_class("result result-checked_in")

    desk.click("#stand-in-open")
    expect(desk.locator("#protocol-chosen-name")).to_have_text(delegate["name"])  # the delegate just answered
    desk.fill("[name=stand_in_name]", "Trần Thị Dự")
    desk.fill("[name=stand_in_position]", "Ủy viên Ủy ban MTTQ xã")
    desk.click("#protocol-submit")
    result = desk.locator("#result")
    expect(result).to_have_class("result result-stand_in")
    expect(result).to_contain_text("NGƯỜI DỰ THAY")
    expect(result).to_contain_text("Trần Thị Dự, Ủy viên Ủy ban MTTQ xã")
    expect(result).to_contain_text(f"dự thay {delegate['name']}")
    screenshot(desk, "desk-stand-in-1280.png")
    assert roster(desk)["MTTQ-002"]["stand_in"] == {"name": "Trần Thị Dự", "position": "Ủy viên Ủy ban MTTQ xã"}

    desk.click("#absence-open")
    expect(desk.locator("#protocol-search")).to_be_focused()
    desk.keyboard.type("mttq-003")
    desk.locator("#protocol-matches li", has_text=absent["name"]).click()
    expect(desk.locator("#protocol-chosen-name")).to_have_text(absent["name"])
    desk.fill("[name=reason]", "Đi công tác tại huyện")
    desk.click("#protocol-submit")
    expect(result).to_have_class("result result-absence")
    expect(result).to_contain_text("VẮNG CÓ LÝ DO")
    expect(result).to_contain_text("Lý do: Đi công tác tại huyện")
    screenshot(desk, "desk-absence-1280.png")
    groups = {g["code"]: g for g in desk.request.get("/api/v1/attendance").json()["groups"]}
    assert (groups["MTTQ"]["stand_ins"], groups["MTTQ"]["excused"]) == (1, 1)

    phone = new_page("/checkin", role="reception", width=390, height=844)
    phone.click("#absence-open")
    phone.keyboard.type("mttq 003")  # typed at once: the matches come when the list has loaded
    phone.locator("#protocol-matches li", has_text=absent["name"]).click()
    expect(phone.locator("#absence-current")).to_have_text("Đã ghi vắng: Đi công tác tại huyện")
    assert fits_the_width(phone)
    screenshot(phone, "desk-absence-dialog-390.png")
    phone.click("#absence-clear")
    expect(phone.locator("#result")).to_contain_text("ĐÃ BỎ GHI VẮNG")


def test_the_hall_screen_welcomes_the_delegates_until_the_chair_starts(  # type: ignore[no-untyped-def]
        new_page, live_kiosk: LiveKiosk, screenshot: Screenshot) -> None:
    screen = new_page("/screen", width=1920, height=1080)
    banner = screen.locator("[data-welcome]")
    expect(banner).to_be_visible()
    expect(banner.locator(".welcome-cheer")).to_have_text("NHIỆT LIỆT CHÀO MỪNG")
    expect(banner.locator(".welcome-delegates")).to_have_text("CÁC ĐỒNG CHÍ ĐẠI BIỂU VỀ DỰ HỘI NGHỊ")
    expect(banner.locator(".welcome-organiser")).to_have_text("Ủy ban nhân dân xã Cẩm Giang")
    arrived = screen.request.get("/api/v1/attendance").json()["total"]["checked_in"]
    expect(banner.locator("[data-welcome-arrived]")).to_have_text(str(arrived))
    expect(screen.locator("[data-live-status]")).to_have_text("Đã kết nối trực tiếp")
    expect(banner.locator(".welcome-offline")).to_be_hidden()
    screenshot(screen, "welcome-1920.png")
    small = new_page("/screen", width=1024, height=768)
    expect(small.locator("[data-welcome-arrived]")).to_have_text(str(arrived))
    expect(small.locator("[data-live-status]").first).to_have_text("Đã kết nối trực tiếp")
    assert small.evaluate("[...document.querySelectorAll('.welcome > *')].every((el) => {"
                          " const box = el.getBoundingClientRect();"
                          " return box.top >= 0 && box.bottom <= innerHeight"
                          " && box.left >= 0 && box.right <= innerWidth; })"), "the banner falls off a 1024×768 screen"
    screenshot(small, "welcome-1024.png")

    desk = new_page("/checkin", role="reception")
    check_in(desk, "YT-001")
    expect(banner.locator("[data-welcome-arrived]")).to_have_text(str(arrived + 1), timeout=3000)

    live_kiosk.kill()  # a lost connection shows on the banner too
    expect(banner.locator(".welcome-offline")).to_have_text("Mất kết nối — đang thử lại")
    live_kiosk.start()
    expect(banner.locator(".welcome-offline")).to_be_hidden(timeout=10_000)

    chair = new_page("/chair", role="chair")
    assert chair.request.post("/api/v1/timer/start").ok
    expect(banner).to_be_hidden(timeout=3000)
    expect(screen.locator("h1.screen-title")).to_be_visible()
    reloaded = new_page("/screen", width=1920, height=1080)
    expect(reloaded.locator("[data-welcome]")).to_be_hidden()  # started: the server renders it hidden too


def test_the_desks_not_arrived_list_follows_a_delegate_moved_in_admin(new_page) -> None:  # type: ignore[no-untyped-def]
    desk = new_page("/checkin", role="reception")
    people = roster(desk)
    expect(desk.locator("#missing-count")).not_to_have_text("…")
    desk.click("details.missing summary")
    names = [people[f"CQDU-00{n}"]["name"] for n in (1, 2, 3)]
    listed = desk.locator("#missing-list li", has_text="CQDU")
    expect(listed.first).to_contain_text(names[0])
    admin = new_page("/admin", role="admin")
    assert admin.request.post(f"/admin/delegates/{people['CQDU-003']['id']}/move", form={"place": "1"}).ok
    expect(listed.first).to_contain_text(names[2], timeout=3000)  # the push, sorted by the server's order
    assert [text.split(" — ")[0] for text in listed.all_inner_texts()[:3]] == [names[2], names[0], names[1]]


def test_after_an_undo_the_stand_in_dialog_starts_from_nobody(new_page) -> None:  # type: ignore[no-untyped-def]
    """The dialog starts from the delegate the desk last let in; once that arrival is undone, from nobody, so a
    stand-in is never written against the person just taken back."""
    desk = new_page("/checkin", role="reception")
    delegate = roster(desk)["MTTQ-004"]
    expect(desk.locator("#missing-count")).not_to_have_text("…")
    desk.fill("#scan-input", "MTTQ-004")
    desk.locator("#search-results li", has_text=delegate["name"]).click()
    expect(desk.locator("#result")).to_have_class("result result-checked_in")
    desk.once("dialog", lambda dialog: dialog.accept("Quét nhầm người"))
    desk.click("#undo")
    expect(desk.locator("#result")).to_have_class("result result-undone")
    desk.click("#stand-in-open")
    desk.keyboard.type("mttq")  # the matches come once the dialog has its list: nobody was chosen for the desk
    expect(desk.locator("#protocol-matches li").first).to_be_visible()
    expect(desk.locator("#protocol-chosen")).to_be_hidden()
