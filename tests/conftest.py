"""Fixtures in the manner of the Flask tutorial: an app on a real SQLite file, a client, a login."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings

from kiosk.app import create_app
from kiosk.config import Config
from kiosk.db import db
from kiosk.installation import initialise
from kiosk.live.socket import wait_for_pushes

PINS = {"admin": "246810", "reception": "135790", "chair": "112233"}

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


@pytest.fixture
def app(instance: Path, pin_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    application = create_app(Config(instance_path=instance, TESTING=True))
    initialise(db, instance, demo=True)
    yield application
    assert wait_for_pushes(), "a delayed Socket.IO push was still pending after 2 s"
    db.session.remove()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def login(client: FlaskClient) -> Callable[[str], None]:
    def sign_in(role: str) -> None:
        response = client.post("/api/v1/login", json={"role": role, "pin": PINS[role]})
        assert response.status_code == 200, response.get_json()

    return sign_in
