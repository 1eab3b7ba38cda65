"""`kiosk serve --https`: a phone on the hall's LAN gets a secure context, so the camera scanner works.

The phone is Chromium told that this machine's name resolves to 127.0.0.1 (all
traffic stays on loopback) — a name that is not "localhost", so without HTTPS
the browser refuses the camera, exactly as a phone does on http://192.168.x.x.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM_ARGS
from tests.livekiosk import LiveKiosk, served


@pytest.fixture(scope="module")
def https_kiosk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveKiosk]:
    with served(tmp_path_factory.mktemp("tls") / "instance", "--demo", https=True) as kiosk:
        yield kiosk


def test_the_printed_fingerprint_is_the_certificates(https_kiosk: LiveKiosk) -> None:
    cert = x509.load_pem_x509_certificate((https_kiosk.instance / "tls-cert.pem").read_bytes())
    fingerprint = ":".join(f"{b:02X}" for b in cert.fingerprint(hashes.SHA256()))
    log = (https_kiosk.instance / "serve.log").read_text(encoding="utf-8")
    assert fingerprint in log
    assert f"https://127.0.0.1:{https_kiosk.port}/" in log
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert socket.gethostname() in names.get_values_for_type(x509.DNSName)


def test_https_gives_the_phone_a_secure_context_and_a_camera(playwright_instance, chromium_executable: str,  # type: ignore[no-untyped-def]
                                                            https_kiosk: LiveKiosk, live_kiosk: LiveKiosk) -> None:
    host = socket.gethostname()
    browser = playwright_instance.chromium.launch(executable_path=chromium_executable, args=[
        *CHROMIUM_ARGS, f"--host-resolver-rules=MAP {host} 127.0.0.1", "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream"])
    try:
        def phone_page(base: str, pin: str):  # type: ignore[no-untyped-def]
            phone = browser.new_context(ignore_https_errors=True, viewport={"width": 390, "height": 844})
            phone.request.post(f"{base}/api/v1/login", data={"role": "reception", "pin": pin})
            page = phone.new_page()
            page.goto(f"{base}/checkin")
            return phone, page

        phone, page = phone_page(f"https://{host}:{https_kiosk.port}", https_kiosk.pins["reception"])
        assert page.evaluate("window.isSecureContext") is True
        page.click("#camera-toggle")
        expect(page.locator("#camera")).to_be_visible()
        assert next(c for c in phone.cookies() if c["name"] == "session")["secure"] is True

        _plain, insecure = phone_page(f"http://{host}:{live_kiosk.port}", live_kiosk.pins["reception"])
        assert insecure.evaluate("window.isSecureContext") is False
        insecure.click("#camera-toggle")
        expect(insecure.locator("#result")).to_contain_text("Camera cần HTTPS")
    finally:
        browser.close()
