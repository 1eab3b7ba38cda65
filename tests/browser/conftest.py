"""Browser tests: Debian's Chromium driven by Playwright against a real ``kiosk serve``.

Without Chromium these tests skip, unless KIOSK_REQUIRE_BROWSER=1 (set by
.ci/run), where a missing browser fails the run.

Pictures: a test that fails leaves one of each page it opened (``new_page``), as it was when the test
failed, in build/screenshots/failed/ (KIOSK_SCREENSHOTS moves build/screenshots). The pictures the tests
name (``screenshot``) are taken only when KIOSK_SCREENSHOTS is set: drawing and encoding a picture costs
more processor than most checks, and `make test` would otherwise take ~150 that nobody looks at. The
layout test (test_layout.py) always leaves its set, each page in each state, for people to look at.
"""

from __future__ import annotations

import contextlib
import os
import re
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


CALL_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Remember whether the test itself failed, for the fixtures' teardown (``new_page``)."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.when == "call":
        item.stash[CALL_FAILED] = report.failed


def screenshots() -> Path:
    """Where browser tests leave pictures to look at (git-ignored)."""
    return Path(os.environ.get("KIOSK_SCREENSHOTS", "build/screenshots"))


@pytest.fixture
def new_page(browser, live_kiosk: LiveKiosk, request: pytest.FixtureRequest) -> Iterator[Callable[..., object]]:  # type: ignore[no-untyped-def]
    """Open pages in fresh contexts; ``role=`` signs the context in with that role's PIN first. If the test
    fails, each page still open is pictured as it is then, in build/screenshots/failed/."""
    contexts = []

    def open_page(path: str = "/", *, role: str | None = None, width: int = 1280, height: int = 800,  # type: ignore[no-untyped-def]
                  script: str | None = None):
        """``script``: run in the page before its own scripts, from the first load on."""
        context = browser.new_context(viewport={"width": width, "height": height}, base_url=live_kiosk.url)
        contexts.append(context)
        if script:
            context.add_init_script(script)
        page = context.new_page()
        if role:
            response = context.request.post("/api/v1/login", data={"role": role, "pin": live_kiosk.pins[role]})
            assert response.ok, response.text()
        page.goto(path)
        return page

    yield open_page
    if request.node.stash.get(CALL_FAILED, False):
        folder = screenshots() / "failed"
        folder.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "-", request.node.name)
        pages = [page for context in contexts for page in context.pages]
        for number, page in enumerate(pages, start=1):
            with contextlib.suppress(Exception):  # a page the test broke: the failure itself is what matters
                page.screenshot(path=folder / f"{name}-{number}.png", full_page=True)
    for context in contexts:
        context.close()


Screenshot = Callable[..., None]


@pytest.fixture
def screenshot() -> Screenshot:
    """``screenshot(page_or_element, "name.png", **options)``: a picture to look at, taken only when
    KIOSK_SCREENSHOTS names the folder for it (see the module's docstring)."""
    wanted = "KIOSK_SCREENSHOTS" in os.environ

    def take(target, name: str, **options: object) -> None:  # type: ignore[no-untyped-def]
        if wanted:
            screenshots().mkdir(parents=True, exist_ok=True)
            target.screenshot(path=screenshots() / name, **options)

    return take


# Until the fonts are loaded and the text that fits its box (static/js/fit.js) has settled after a resize: no
# fitting pass due and none run for three frames in a row (at most 5 s), before a layout is checked or pictured.
# A page without fit.js (it runs on /screen and /stage) lays itself out when asked: no wait.
FIT_SETTLED = """async () => {
  await document.fonts.ready;
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const html = document.documentElement;
  const fitted = "fitPasses" in html.dataset || "fitPending" in html.dataset;  // the page runs fit.js
  for (let quiet = 0, last = html.dataset.fitPasses, start = performance.now();
    fitted && quiet < 3 && performance.now() - start < 5000;) {
    await frame();
    const now = html.dataset.fitPasses;
    quiet = now === last && !("fitPending" in html.dataset) ? quiet + 1 : 0;
    last = now;
  }
}"""
