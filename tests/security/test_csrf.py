"""Cross-site requests that ride on a staff member's cookie, against a real ``kiosk serve``.

A page on another port of the same host is *same-site* for the Lax cookie, so
the browser sends the cookie with its form's POST; re-posted through a 307
redirect, the form arrives with ``Origin: null``. Such requests are refused,
and the JSON API takes JSON only (a form can send nothing else than a form
or plain text). The organiser's own forms and a Stream Deck's PIN headers
keep working.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest

from tests.livekiosk import LiveKiosk, free_port
from tests.security.attacker import call, kiosk_with, login, pin_headers


@pytest.fixture(scope="module")
def kiosk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveKiosk]:
    with kiosk_with(tmp_path_factory.mktemp("csrf") / "instance") as served:
        yield served


def revision(kiosk: LiveKiosk) -> int:
    return call(kiosk, "GET", "/api/v1/timer").json["revision"]  # type: ignore[no-any-return]


def test_a_post_with_origin_null_and_the_cookie_is_refused(kiosk: LiveKiosk) -> None:
    chair = login(kiosk, "chair")
    before = revision(kiosk)
    answer = call(kiosk, "POST", "/api/v1/timer/next", raw=b"x=1",
                  headers={"Cookie": chair, "Origin": "null", "Content-Type": "text/plain"})
    assert (answer.status, answer.code) == (403, "foreign_origin")
    assert revision(kiosk) == before


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x"])
def test_the_api_takes_json_only(kiosk: LiveKiosk, content_type: str) -> None:
    """What a cross-site form can send, even where the browser sends no Origin at all."""
    chair = login(kiosk, "chair")
    before = revision(kiosk)
    answer = call(kiosk, "POST", "/api/v1/timer/next", raw=b'{"x": 1}',
                  headers={"Cookie": chair, "Content-Type": content_type})
    assert (answer.status, answer.code) == (415, "unsupported_media_type")
    assert revision(kiosk) == before


def test_the_organisers_forms_and_the_stream_deck_keep_working(kiosk: LiveKiosk) -> None:
    admin = login(kiosk, "admin")
    origin = f"http://127.0.0.1:{kiosk.port}"
    form = call(kiosk, "POST", "/admin/delegates", raw="group=TH&full_name=Nguyễn Văn Mới".encode(),
                headers={"Cookie": admin, "Origin": origin, "Content-Type": "application/x-www-form-urlencoded"})
    assert form.status == 302
    before = revision(kiosk)
    deck = pin_headers("chair", kiosk.pins["chair"])
    assert call(kiosk, "POST", "/api/v1/timer/toggle", {}, headers=deck).status == 200  # Companion: JSON body
    assert call(kiosk, "POST", "/api/v1/timer/toggle", headers=deck).status == 200  # curl -X POST: no body
    assert revision(kiosk) == before + 2
    page = call(kiosk, "POST", "/api/v1/messages", {"text": "Còn 2 phút"},
                headers={"Cookie": login(kiosk, "chair"), "Origin": origin})
    assert page.status == 200  # the chair's page: same origin, JSON


# --- the attack itself, in Chromium ---------------------------------------------------


class _Attacker(http.server.BaseHTTPRequestHandler):
    """Another port of the same host: a page whose form posts to itself, and a 307 on to the kiosk."""

    target = ""

    def do_GET(self) -> None:
        page = (b"<!doctype html><form id=f method=post action=/go enctype=text/plain>"
                b"<input name=x value=1></form><script>document.getElementById('f').submit()</script>")
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(307)
        self.send_header("Location", self.target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_args: object) -> None:
        pass


def test_a_page_on_another_port_cannot_move_the_clock_through_a_307(kiosk: LiveKiosk, browser) -> None:  # type: ignore[no-untyped-def]
    handler = type("Attacker", (_Attacker,), {"target": f"{kiosk.url}/api/v1/timer/next"})
    attacker = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=attacker.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        assert context.request.post(f"{kiosk.url}/api/v1/login",
                                    data={"role": "chair", "pin": kiosk.pins["chair"]}).ok
        before = revision(kiosk)
        page = context.new_page()
        responses: list[object] = []
        page.on("response", lambda r: responses.append(r) if r.url.endswith("/api/v1/timer/next") else None)
        page.goto(f"http://127.0.0.1:{attacker.server_address[1]}/")
        page.wait_for_url(f"{kiosk.url}/api/v1/timer/next")
        seen = [(r.status, r.request.header_value("origin"), bool(r.request.header_value("cookie")))  # type: ignore[attr-defined]
                for r in responses]
        assert seen == [(403, "null", True)], seen  # it came with the cookie, as Origin: null
        assert revision(kiosk) == before
    finally:
        context.close()
        attacker.shutdown()
