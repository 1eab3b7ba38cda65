"""The Host header, as a page on the hall's Wi-Fi would abuse it: a rebound name, a forged QR code.

Against a real ``kiosk serve`` on all interfaces (``KIOSK_HOST=0.0.0.0``) and
on loopback; the public URL and the parsing in-process.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from kiosk.addresses import PublicUrlError, host_name, lan_addresses, parse_public_url, public_base_url
from kiosk.qrsvg import qr_svg
from tests.conftest import kiosk_app
from tests.livekiosk import LiveKiosk
from tests.security.attacker import call, kiosk_with

EVIL = "rebind.example"


@pytest.fixture(scope="module")
def lan_kiosk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveKiosk]:
    with kiosk_with(tmp_path_factory.mktemp("lan") / "instance", {"KIOSK_HOST": "0.0.0.0"}) as served:
        yield served


@pytest.fixture(scope="module")
def loopback_kiosk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveKiosk]:
    with kiosk_with(tmp_path_factory.mktemp("loopback") / "instance") as served:
        yield served


def test_on_the_lan_a_rebound_name_is_refused_everywhere(lan_kiosk: LiveKiosk) -> None:
    for path in ("/api/v1/timer", "/", "/screen", "/socket.io/?EIO=4&transport=polling"):
        refused = call(lan_kiosk, "GET", path, headers={"Host": f"{EVIL}:{lan_kiosk.port}"})
        assert (refused.status, refused.code) == (421, "unknown_host"), path
    assert call(lan_kiosk, "POST", "/api/v1/login", {"role": "admin", "pin": "0"},
                headers={"Host": EVIL}).status == 421


def test_on_the_lan_a_request_without_a_host_is_refused(lan_kiosk: LiveKiosk) -> None:
    with socket.create_connection(("127.0.0.1", lan_kiosk.port), timeout=10) as raw:
        raw.sendall(b"GET /api/v1/timer HTTP/1.0\r\n\r\n")  # HTTP/1.0 may leave Host out; the check must not
        answer = raw.makefile("rb").read()
    assert answer.startswith(b"HTTP/1.1 421") and b"unknown_host" in answer and b"Host" in answer


def test_on_the_lan_the_machines_own_names_are_served(lan_kiosk: LiveKiosk) -> None:
    own = ["127.0.0.1", "localhost", socket.gethostname(), f"{socket.gethostname()}.local", *lan_addresses()]
    for name in own:
        assert call(lan_kiosk, "GET", "/api/v1/timer", headers={"Host": f"{name}:{lan_kiosk.port}"}).status == 200, name


def test_on_the_lan_the_hall_screens_qr_is_the_lan_address(lan_kiosk: LiveKiosk) -> None:
    addresses = lan_addresses()
    if not addresses:
        pytest.skip("this machine has no LAN address")
    screen = call(lan_kiosk, "GET", "/screen", headers={"Host": f"localhost:{lan_kiosk.port}"}).body.decode()
    assert str(qr_svg(f"http://{addresses[0]}:{lan_kiosk.port}/agenda")) in screen


def test_the_host_header_never_reaches_the_hall_screens_qr(loopback_kiosk: LiveKiosk) -> None:
    """On loopback the Host is not checked (a proxy may stand in front), but the QR does not follow it."""
    screen = call(loopback_kiosk, "GET", "/screen", headers={"Host": EVIL}).body.decode()
    assert str(qr_svg(f"http://{EVIL}/agenda")) not in screen
    assert 'class="agenda-qr"' not in screen  # loopback only: no phone could open any address


# --- in-process --------------------------------------------------------------------------


@pytest.fixture
def public_app(instance: Path, pin_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with kiosk_app(instance, PUBLIC_URL="https://kiosk.example.vn/", SERVE_HOST="0.0.0.0", SERVE_PORT=5000) as app:
        yield app


def test_a_public_url_is_what_the_qr_carries_and_its_host_is_served(public_app: Flask) -> None:
    client = public_app.test_client()
    screen = client.get("/screen", base_url="https://kiosk.example.vn/")
    assert screen.status_code == 200
    assert str(qr_svg("https://kiosk.example.vn/agenda")) in screen.get_data(as_text=True)
    assert client.get("/screen", base_url=f"http://{EVIL}/").status_code == 421


def test_the_public_url_and_host_headers_are_read_strictly() -> None:
    assert parse_public_url(" https://kiosk.example.vn/hoi-nghi/ ") == "https://kiosk.example.vn/hoi-nghi"
    for bad in ("kiosk.example.vn", "ftp://kiosk.example.vn", "https://", "https://kiosk.example.vn/?a=1"):
        with pytest.raises(PublicUrlError, match="KIOSK_PUBLIC_URL"):
            parse_public_url(bad)
    assert host_name("Kiosk.Example.VN.:5000") == "kiosk.example.vn"
    assert host_name("[::1]:5000") == "::1" and host_name("192.168.1.10") == "192.168.1.10"
    lan = {"SERVE_HOST": "0.0.0.0", "SERVE_PORT": 5000}
    assert public_base_url(lan, lambda: ["192.168.1.10"]) == "http://192.168.1.10:5000"
    assert public_base_url({**lan, "SERVE_HTTPS": True, "SERVE_PORT": 443}, lambda: ["10.0.0.5"]) == "https://10.0.0.5"
    assert public_base_url({"SERVE_HOST": "127.0.0.1", "SERVE_PORT": 5000}) is None
    assert public_base_url({}) is None


def test_on_the_lan_the_qr_the_hall_sees_decodes_to_the_lan_address(lan_kiosk: LiveKiosk, browser) -> None:  # type: ignore[no-untyped-def]
    """What a phone reads off the projector: the QR as Chromium draws it, decoded, is this machine's LAN address."""
    import io

    import zxingcpp
    from PIL import Image

    addresses = lan_addresses()
    if not addresses:
        pytest.skip("this machine has no LAN address")
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        page.goto(f"{lan_kiosk.url}/screen")
        # before the chair starts, the welcome banner carries the QR (then the agenda column does)
        shot = page.locator(".welcome-qr svg").screenshot(path="build/screenshots/screen-qr-lan.png")
    finally:
        page.close()
    found = [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))]
    assert found == [f"http://{addresses[0]}:{lan_kiosk.port}/agenda"]
    assert not found[0].startswith(("http://127.", "http://localhost"))
