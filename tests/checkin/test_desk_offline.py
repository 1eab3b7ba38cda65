"""The desk's service worker stores everything /checkin loads, read from the page, under a name that follows
a deploy."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kiosk.checkin.offline import page_assets, resolver


def manifest(client: FlaskClient) -> dict:
    response = client.get("/desk-sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    first_line = response.get_data(as_text=True).split("\n", 1)[0]
    match = re.fullmatch(r"self\.DESK = (.*);", first_line)
    assert match, first_line
    return json.loads(match.group(1))


class _Loads(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and values.get("src"):
            self.urls.append(values["src"] or "")
        if tag == "link" and values.get("rel") == "stylesheet":
            self.urls.append(values["href"] or "")


def test_the_worker_stores_every_script_style_font_and_the_camera_decoder_the_desk_loads(
        app: Flask, client: FlaskClient, login: Callable[[str], None]) -> None:
    login("reception")
    page = client.get("/checkin").get_data(as_text=True)
    parser = _Loads()
    parser.feed(page)
    stored = set(manifest(client)["assets"])
    assert "/checkin" in stored
    assert parser.urls and set(parser.urls) <= stored  # every script and stylesheet the page names
    static = Path(app.static_folder or "")
    modules = {f"/static/js/{path.relative_to(static / 'js').as_posix()}"
               for path in (static / "js").rglob("*.js") if path.name != "desk-sw.js"}
    desk_modules = {"/static/js/checkin.js", "/static/js/live.js", "/static/js/attendance.js",
                    "/static/js/sounds.js", "/static/js/text.js", "/static/js/token.js"}
    desk_modules |= {url for url in modules if url.startswith("/static/js/desk/")}
    assert desk_modules <= stored  # modules imported by modules, not named in the page
    assert {"/fonts/SourceSansPro-Regular.ttf", "/fonts/SourceSansPro-Semibold.ttf",
            "/fonts/SourceSansPro-Bold.ttf"} <= stored  # from the stylesheet
    if (static / "vendor" / "zxing_reader.wasm").exists():
        assert "/static/vendor/zxing_reader.wasm" in stored  # named in camera.js
    for url in stored:  # and each is served
        assert client.get(url).status_code == 200, url


def test_a_changed_asset_renames_the_cache_so_desks_get_the_new_files(
        app: Flask, client: FlaskClient, tmp_path: Path) -> None:
    copy = tmp_path / "static"
    shutil.copytree(app.static_folder or "", copy)
    app.static_folder = str(copy)
    before = manifest(client)
    assert before["cache"].startswith("kiosk-desk-") and manifest(client) == before  # stable while nothing changes
    sounds = copy / "js" / "sounds.js"
    sounds.write_text(sounds.read_text(encoding="utf-8") + "\n// a new deploy\n", encoding="utf-8")
    after = manifest(client)
    assert after["assets"] == before["assets"]
    assert after["cache"] != before["cache"]


def test_a_script_added_to_the_page_is_stored_without_editing_a_list(tmp_path: Path) -> None:
    (tmp_path / "js" / "parts").mkdir(parents=True)
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "a.css").write_text('@import "b.css"; body { background: url(../img/x.png) }', encoding="utf-8")
    (tmp_path / "css" / "b.css").write_text("@font-face { src: url('/fonts/F.ttf') }", encoding="utf-8")
    (tmp_path / "js" / "main.js").write_text(
        'import { a } from "./parts/a.js";\nimport "./parts/b.js";\nconst wasm = "/static/w.wasm";\n'
        'import("https://cdn.example/x.js");\n', encoding="utf-8")
    (tmp_path / "js" / "parts" / "a.js").write_text('export * from "../main.js";\nexport const a = 1;\n',
                                                    encoding="utf-8")
    (tmp_path / "js" / "parts" / "b.js").write_text("", encoding="utf-8")
    (tmp_path / "w.wasm").write_bytes(b"\0asm")
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "x.png").write_bytes(b"png")
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (fonts / "F.ttf").write_bytes(b"ttf")
    html = ('<link rel="stylesheet" href="/static/css/a.css?v=1"><script src="/static/missing.js"></script>'
            '<script type="module" src="/static/js/main.js"></script><a href="/static/not-loaded.pdf">x</a>')
    found = page_assets(html, resolver({"/static/": tmp_path, "/fonts/": fonts}))
    assert [asset.url for asset in found] == [
        "/static/css/a.css", "/static/js/main.js", "/static/css/b.css", "/static/img/x.png",
        "/static/js/parts/a.js", "/static/js/parts/b.js", "/static/w.wasm", "/fonts/F.ttf"]


@pytest.mark.parametrize("url", ["/static/../secret.key", "/static/js", "/static/nothing.js", "/elsewhere/a.js"])
def test_a_path_outside_the_served_folders_is_never_stored(tmp_path: Path, url: str) -> None:
    (tmp_path / "static" / "js").mkdir(parents=True)
    (tmp_path / "secret.key").write_text("x", encoding="utf-8")
    assert resolver({"/static/": tmp_path / "static"})(url) is None
