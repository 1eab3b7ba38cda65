"""Browser tests: Debian's Chromium driven by Playwright against a real ``kiosk serve``.

Without Chromium these tests skip, unless KIOSK_REQUIRE_BROWSER=1 (set by
.ci/run), where a missing browser fails the run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM_ARGS  # noqa: F401 (browser tests import it from here)
from tests.livekiosk import LiveKiosk, served

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live_kiosk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveKiosk]:
    """One served demo event per test module (reset it in a test that needs a clean one)."""
    with served(tmp_path_factory.mktemp("live") / "instance", "--demo") as kiosk:
        yield kiosk


@pytest.fixture
def new_page(browser, live_kiosk: LiveKiosk) -> Iterator[Callable[..., object]]:  # type: ignore[no-untyped-def]
    """Open pages in fresh contexts; ``role=`` signs the context in with that role's PIN first."""
    contexts = []

    def open_page(path: str = "/", *, role: str | None = None, width: int = 1280, height: int = 800):  # type: ignore[no-untyped-def]
        context = browser.new_context(viewport={"width": width, "height": height}, base_url=live_kiosk.url)
        contexts.append(context)
        page = context.new_page()
        if role:
            response = context.request.post("/api/v1/login", data={"role": role, "pin": live_kiosk.pins[role]})
            assert response.ok, response.text()
        page.goto(path)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot_dir() -> Path:
    """Where browser tests leave screenshots to look at (git-ignored)."""
    path = Path(os.environ.get("KIOSK_SCREENSHOTS", "build/screenshots"))
    path.mkdir(parents=True, exist_ok=True)
    return path
