"""A real ``kiosk serve`` in a subprocess, for browser tests and benchmarks.

Started on a free port over its own data directory; ``restart`` kills it with
SIGKILL (nothing acknowledged may be lost) and starts it again on the same data.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.events.eventfile import default_event_path

KIOSK = [sys.executable, "-m", "kiosk.cli"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class LiveKiosk:
    instance: Path
    pins: dict[str, str]
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    https: bool = False
    extra_env: dict[str, str] = field(default_factory=dict)  # e.g. DATABASE_URL, KIOSK_MESSAGE_QUEUE

    @property
    def url(self) -> str:
        return f"{'https' if self.https else 'http'}://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["KIOSK_INSTANCE"] = str(self.instance)
        # Tests and benchmarks scan from one address far faster than a desk does.
        env["KIOSK_CHECKIN_RATE_LIMIT"] = "10000 per second"
        env.update({f"KIOSK_{role.upper()}_PIN": pin for role, pin in self.pins.items()})
        env.update(self.extra_env)
        return env

    def init(self, *args: str) -> None:
        """``kiosk init`` with ``args``. With the tests' PINs on SQLite, into a new folder, the same ``initialise``
        runs in this process instead (tests.conftest.install_here), seconds saved each time; plain ``--demo``
        copies the installation the run made once (tests.conftest._installed). The command itself is tested
        where it is the subject (tests/test_cli.py, tests/security/test_private_files.py and others)."""
        from tests.conftest import PINS, _installed, install_here

        if self.pins == PINS and "DATABASE_URL" not in self.extra_env and not self.instance.exists():
            if args == ("--demo",):
                shutil.copytree(_installed(True), self.instance)
                return
            here = _init_arguments(args)
            if here is not None:
                install_here(self.instance, event_file=here[0], demo=here[1])
                return
        subprocess.run([*KIOSK, "init", *args], env=self.env, check=True, capture_output=True)

    def start(self) -> None:
        log = (self.instance / "serve.log").open("ab")
        command = [*KIOSK, "serve", "--port", str(self.port), *(["--https"] if self.https else [])]
        self.process = subprocess.Popen(command, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"kiosk serve exited: {(self.instance / 'serve.log').read_text()}")
            try:
                with urllib.request.urlopen(self.url + "/api/v1/time", timeout=1, context=self.ssl_context()):
                    return
            except OSError:
                time.sleep(0.02)  # a refused connection costs nothing: the tests start ~40 servers, each waited on
        raise RuntimeError("kiosk serve did not answer within 60 s")

    def ssl_context(self) -> ssl.SSLContext | None:
        """Trust exactly the certificate this kiosk made (once it exists)."""
        cert = self.instance / "tls-cert.pem"
        return ssl.create_default_context(cafile=str(cert)) if self.https and cert.exists() else None

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def restart(self) -> None:
        self.kill()
        self.start()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.kill()


def _init_arguments(args: tuple[str, ...]) -> tuple[Path | None, bool] | None:
    """``kiosk init``'s ``--event FILE`` and ``--demo`` read from ``args``; None for anything else."""
    event: Path | None = None
    demo = False
    rest = list(args)
    while rest:
        option = rest.pop(0)
        if option == "--demo" and not demo:
            demo = True
        elif option == "--event" and event is None and rest:
            event = Path(rest.pop(0))
        else:
            return None
    return event, demo


def event_starting_now(folder: Path, *, amber_seconds: int, red_seconds: int) -> Path:
    """The built-in event file, dated today and starting this minute, with the given thresholds."""
    now = dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh"))
    text = default_event_path().read_text(encoding="utf-8")
    text = text.replace('date = "2026-06"', f'date = "{now:%Y-%m-%d}"')
    text = text.replace('start_time = "08:00"', f'start_time = "{now:%H:%M}"')
    text = re.sub(r"(?m)^amber_seconds = \d+", f"amber_seconds = {amber_seconds}", text)
    text = re.sub(r"(?m)^red_seconds = \d+", f"red_seconds = {red_seconds}", text)
    path = folder / "event.toml"
    path.write_text(text, encoding="utf-8")
    return path


def login_cookie(url: str, role: str, pin: str | None = None, timeout: float = 30) -> str:
    """Sign in at a plain-HTTP kiosk (or the nginx in front of one): the ``Cookie`` header value to send."""
    from tests.conftest import PINS

    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    connection.request("POST", "/api/v1/login", json.dumps({"role": role, "pin": pin or PINS[role]}),
                       {"Content-Type": "application/json"})
    response = connection.getresponse()
    response.read()
    assert response.status == 200, response.status
    return response.getheader("Set-Cookie", "").split(";", 1)[0]


@contextlib.contextmanager
def served(instance: Path, *init_args: str, https: bool = False) -> Iterator[LiveKiosk]:
    """``kiosk init`` with ``init_args``, then ``kiosk serve`` until the block ends."""
    from tests.conftest import PINS

    kiosk = LiveKiosk(instance=instance, pins=dict(PINS), https=https)
    kiosk.init(*init_args)
    kiosk.start()
    try:
        yield kiosk
    finally:
        kiosk.stop()


def chromium_path() -> str | None:
    """The Chromium the tests drive: KIOSK_CHROMIUM if set (``KIOSK_CHROMIUM=/usr/bin/chromium`` runs them in the
    full browser), else Debian's chromium-headless-shell where it is installed, else its chromium.

    The shell is the same Chromium (the same version, Blink and fonts) without the desktop browser around it,
    which Playwright itself runs for headless tests: a page costs it about a third of the processor it costs
    ``chromium --headless``, and the browser tests take half the time."""
    return (os.environ.get("KIOSK_CHROMIUM") or shutil.which("chromium-headless-shell") or shutil.which("chromium")
            or shutil.which("chromium-browser"))
