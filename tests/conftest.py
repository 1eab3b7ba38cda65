"""Fixtures in the manner of the Flask tutorial: an app on a real SQLite file, a client, a login."""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from sqlalchemy import select, update
from werkzeug.local import LocalProxy

from kiosk.app import create_app
from kiosk.attendees.models import Attendee
from kiosk.config import Config
from kiosk.db import Database
from kiosk.extensions import DB_KEY, PUBLISHER_KEY
from kiosk.installation import initialise
from kiosk.live.publisher import Publisher

PINS = {"admin": "246810", "reception": "135790", "chair": "112233"}
PIN_VARIABLES = tuple(f"KIOSK_{role.upper()}_PIN" for role in PINS)

_apps: list[Flask] = []
db = cast(Database, LocalProxy(lambda: _apps[-1].extensions[DB_KEY]))
"""The test's application's database, outside any request (each request has its own app context, as served)."""
publisher = cast(Publisher, LocalProxy(lambda: _apps[-1].extensions[PUBLISHER_KEY]))
# Property tests (hypothesis) try the same examples on every run, here and in CI, so that a red run is the code's
# fault, never the draw's: derandomize (which also leaves the example database alone), no deadline and no
# too_slow health check (both measure a busy machine). `make fuzz` loads "fuzz" instead: many more examples,
# new ones each run. Either way a failure prints its example and a @reproduce_failure blob; keep it in the
# test as an explicit @example.
settings.register_profile("ci", max_examples=100, derandomize=True, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=1000, derandomize=False, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")  # pytest --hypothesis-profile=fuzz loads the other one after this file

# The layout test's two events ([seed], [long]) each have their own served kiosk (a module fixture with two
# params, which pytest runs one after the other): with --dist loadfile they go to workers as two files would.
SPLIT_BY_PARAM = ("tests/browser/test_layout.py",)


# `make test` hands each worker a whole test file (pytest-xdist --dist loadfile; the layout test's two events
# are two, see SPLIT_BY_PARAM), in this order, the next one to whichever worker is nearly done. The long files
# first, so that no worker is left with a long one at the end while the other waits idle; and the processor's
# two cores kept busy: the files that mostly wait in real time (a clock running down, a server killed and
# started again) go beside the layout test, which keeps Chromium drawing, and the two long property-test files
# run together. Seconds per file measured on two cores with chromium-headless-shell (pytest --durations=0, in
# `make test`); a file not named keeps its place after these.
LONGEST_FIRST = (
    "tests/browser/test_layout.py[seed]",     # 29 s   draws
    "tests/browser/test_chair_on_time.py",    # 26     waits for chimes, a restart
    "tests/browser/test_layout.py[long]",     # 31     draws
    "tests/browser/test_live_clock.py",       # 18     waits for each colour, a restart
    "tests/browser/test_desk.py",             # 43     waits for the camera, three restarts
    "tests/browser/test_screens.py",          # 12
    "tests/browser/test_protocol.py",         # 17
    "tests/browser/test_admin.py",            # 9
    "tests/browser/test_clock_screens.py",    # 9
    "tests/security/test_event_files.py",     # 32     one core
    "tests/security/test_fuzz.py",            # 30     one core
    "tests/security/test_private_files.py",   # 15
    "tests/admin/test_backup.py",             # 11
    "tests/test_eventfile.py",                # 8
    "tests/browser/test_logout.py",           # 6
    "tests/browser/test_https.py",            # 6
    "tests/security/test_sessions.py",        # 6
)


def _scope(item: pytest.Item) -> str:
    """The file of ``item``, and for a file in SPLIT_BY_PARAM its parameter too (``path[seed]``)."""
    path = item.nodeid.split("::", 1)[0]
    return path + item.nodeid[item.nodeid.rindex("["):] if path in SPLIT_BY_PARAM and "[" in item.nodeid else path


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the test files in the order above (a stable sort: the tests of each file keep their order)."""
    rank = {scope: index for index, scope in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(_scope(item), rank.get(item.nodeid.split("::", 1)[0], len(rank))))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    # pytest-xdist would otherwise hand out the files with the most tests first (--loadscope-reorder, its
    # default), not the longest: the property tests' files before the browser's.
    config.option.loadscopereorder = False

    class LoadFileAndLayoutEvent(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            scope = super()._split_scope(nodeid)
            return scope + nodeid[nodeid.rindex("["):] if scope in SPLIT_BY_PARAM and "[" in nodeid else scope

    return LoadFileAndLayoutEvent(config, log)


@pytest.fixture
def pin_env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    for role, pin in PINS.items():
        monkeypatch.setenv(f"KIOSK_{role.upper()}_PIN", pin)
    return PINS


@pytest.fixture
def instance(tmp_path: Path) -> Path:
    return tmp_path / "instance"


_templates: dict[bool, Path] = {}


def install_here(folder: Path, *, event_file: Path | None = None, demo: bool = False) -> None:
    """What ``kiosk init [--event FILE] [--demo]`` does with the tests' PINs on SQLite (the same ``initialise``),
    in this process: without starting a Python that imports kiosk again, seconds a time."""
    saved = {name: os.environ.pop(name, None) for name in ("DATABASE_URL", *PIN_VARIABLES)}
    os.environ.update({f"KIOSK_{role.upper()}_PIN": pin for role, pin in PINS.items()})
    try:
        application = create_app(Config(instance_path=folder, TESTING=True))
        with application.app_context():
            initialise(application.extensions[DB_KEY], folder, event_file=event_file, demo=demo)
        application.extensions[DB_KEY].dispose()
    finally:
        for name, value in saved.items():
            os.environ.pop(name, None)
            if value is not None:
                os.environ[name] = value


def _installed(demo: bool) -> Path:
    """A data folder as ``kiosk init [--demo]`` leaves it, made once per test run: each test copies it.

    Installing (migrations, 120 delegates, three scrypt PIN hashes, the catalogue) takes seconds; a copy, a
    few milliseconds. The copy is the same installation: same rows, audit entries, keys and PINs.
    """
    if demo not in _templates:
        folder = Path(tempfile.mkdtemp(prefix="kiosk-template-")) / "instance"
        atexit.register(shutil.rmtree, folder.parent, True)
        install_here(folder, demo=demo)
        _templates[demo] = folder
    return _templates[demo]


@contextlib.contextmanager
def kiosk_app(instance: Path, *, demo: bool = True, **config: Any) -> Iterator[Flask]:
    """An application on its own SQLite file, reached outside requests through ``db`` and ``publisher``.

    The file is a copy of one installation made once (see :func:`_installed`), unless the test's environment
    asks for another database (DATABASE_URL) or other PINs.
    """
    standard = "DATABASE_URL" not in os.environ and "DATABASE_URL" not in config and all(
        os.environ.get(f"KIOSK_{role.upper()}_PIN") in (None, pin) for role, pin in PINS.items())
    if standard:
        shutil.copytree(_installed(demo), instance)
    application = create_app(Config(instance_path=instance, TESTING=True, **config))
    if not standard:
        with application.app_context():
            initialise(application.extensions[DB_KEY], instance, demo=demo)
    _apps.append(application)
    try:
        yield application
        assert application.extensions[PUBLISHER_KEY].wait_idle(), "a delayed Socket.IO push was still pending"
    finally:
        _apps.remove(application)
        application.extensions[DB_KEY].dispose()


@pytest.fixture
def app(instance: Path, pin_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with kiosk_app(instance) as application:
        yield application


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def admin(client: FlaskClient, login: Callable[[str], None]) -> FlaskClient:
    """The test client, signed in as the organiser."""
    login("admin")
    return client


def person(number: str) -> Attendee:
    """The delegate numbered ``number`` (e.g. "DU-003"), read afresh from the database."""
    db.session.remove()
    return db.session().scalars(select(Attendee).where(Attendee.number == number)).one()


def walk_in_stored_as(client: FlaskClient, full_name: str, group: str = "TH") -> None:
    """A walk-in whose stored name is ``full_name`` as typed, control characters and all: the API refuses
    those now (kiosk.text.is_one_line), but a database from before that rule still holds them."""
    created = client.post("/api/v1/attendees", json={"group": group, "full_name": "Khách tạm"})
    assert created.status_code == 201, created.get_json()
    session = db.session()
    session.execute(update(Attendee).where(Attendee.id == created.get_json()["attendee"]["id"])
                    .values(full_name=full_name))
    session.commit()


@pytest.fixture
def login(client: FlaskClient) -> Callable[[str], None]:
    def sign_in(role: str) -> None:
        response = client.post("/api/v1/login", json={"role": role, "pin": PINS[role]})
        assert response.status_code == 200, response.get_json()

    return sign_in


# --- Chromium, one for the whole run (tests/browser, and the attacker tests that need a real browser) -----------

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]

# Playwright lets Chromium fall back to SwiftShader (a GPU emulated on the processor, for WebGL), which with
# --disable-gpu it then draws every page with; without it Chromium draws them in software, the same pages with
# less processor time (no page here uses WebGL).
PLAYWRIGHT_ARGS_LEFT_OUT = ["--enable-unsafe-swiftshader"]


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    from tests.livekiosk import chromium_path

    path = chromium_path()
    if path is None:
        if os.environ.get("KIOSK_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is required (KIOSK_REQUIRE_BROWSER=1) but not installed: "
                        "apt-get install chromium-headless-shell (or chromium)")
        pytest.skip("Chromium is not installed (apt-get install chromium-headless-shell, or chromium)")
    return path


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance, chromium_executable: str) -> Iterator[object]:  # type: ignore[no-untyped-def]
    browser = playwright_instance.chromium.launch(executable_path=chromium_executable, args=CHROMIUM_ARGS,
                                                  ignore_default_args=PLAYWRIGHT_ARGS_LEFT_OUT)
    yield browser
    browser.close()


