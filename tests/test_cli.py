"""What the ``kiosk`` command says to the person at the keyboard: a --help that ends its
sentences, and every screen's address when the server starts."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kiosk.cli import SCREENS, _print_addresses, cli


def test_help_lists_every_command_with_its_whole_summary_in_both_languages() -> None:
    shown = CliRunner().invoke(cli, ["--help"], terminal_width=80).output
    assert "..." not in shown.split("Commands:")[1]
    unwrapped = " ".join(shown.split())
    assert "In thẻ đại biểu có mã QR: mỗi nhóm một tệp PDF (hoặc ảnh PNG từng người)." in unwrapped
    assert "Make QR badges: one PDF per attendee group (or a PNG per delegate)." in unwrapped
    report = " ".join(CliRunner().invoke(cli, ["report", "--help"], terminal_width=80).output.split())
    assert "kế hoạch và thực tế từng nội dung, quá giờ, tổng thời gian chậm." in report


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0"])
def test_serve_prints_the_address_of_every_screen(host: str, capsys: pytest.CaptureFixture[str]) -> None:
    _print_addresses("http", host, 5000, None)
    printed = capsys.readouterr().out
    for path in ("/screen", "/checkin", "/chair", "/stage", "/agenda", "/admin"):
        assert f"http://127.0.0.1:5000{path}\n" in printed
    assert len(SCREENS) == 6
    # On loopback only, it says how to let phones in; on every interface, how to reach it from them.
    assert ("kiosk serve --host 0.0.0.0" in printed) == (host == "127.0.0.1")
    assert ("KIOSK_HOST=0.0.0.0 make run" in printed) == (host == "127.0.0.1")
    assert ("địa chỉ IP của máy này" in printed) == (host == "0.0.0.0")


def test_serve_prints_the_address_phones_open_when_there_is_one(capsys: pytest.CaptureFixture[str]) -> None:
    _print_addresses("https", "0.0.0.0", 5000, "https://192.168.1.20:5000")
    assert "https://192.168.1.20:5000/" in capsys.readouterr().out
