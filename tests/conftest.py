"""Fixtures in the manner of the Flask tutorial: an app on a real SQLite file, a client, a login."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.local import LocalProxy
from hypothesis import HealthCheck, settings

from kiosk.app import create_app
from kiosk.config import Config
from kiosk.db import Database
from kiosk.extensions import DB_KEY, PUBLISHER_KEY
from kiosk.installation import initialise
from kiosk.live.publisher import Publisher

PINS = {"admin": "246810", "reception": "135790", "chair": "112233"}

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


@pytest.fixture
def pin_env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    for role, pin in PINS.items():
        monkeypatch.setenv(f"KIOSK_{role.upper()}_PIN", pin)
    return PINS


@pytest.fixture
def instance(tmp_path: Path) -> Path:
    return tmp_path / "instance"


@contextlib.contextmanager
def kiosk_app(instance: Path, *, demo: bool = True, **config: Any) -> Iterator[Flask]:
    """An application on its own SQLite file, reached outside requests through ``db`` and ``publisher``."""
    application = create_app(Config(instance_path=instance, TESTING=True, **config))
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
def login(client: FlaskClient) -> Callable[[str], None]:
    def sign_in(role: str) -> None:
        response = client.post("/api/v1/login", json={"role": role, "pin": PINS[role]})
        assert response.status_code == 200, response.get_json()

    return sign_in
