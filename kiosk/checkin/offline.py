"""What a reception desk needs to work offline: every file /checkin loads, found in the page itself.

The desk's service worker (static/js/desk-sw.js) stores these files when it
installs, so a desk that loses the server and reloads still gets the whole page
(styles, scripts, fonts, the camera decoder). The list is never kept by hand:
:func:`page_assets` reads it from the rendered page, following its stylesheets
(``url(…)``, ``@import``) and its scripts (module imports, and string literals
naming ``/static/…`` or ``/fonts/…``, as the camera's decoder is named). A file
added to the page is stored without anyone editing a list.

:func:`cache_name` is a hash of the list and of every file's bytes: a deploy
that changes any asset changes the worker's script, so browsers install the new
worker, which stores the new files and drops the old cache.

Plain Python, no Flask: the caller says how a URL path maps to a file.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

LOCAL_PREFIXES = ("/static/", "/fonts/")
"""URL paths of files the kiosk serves itself; only these are stored (a page never loads anything else)."""

_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")\s]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
_JS_IMPORT = re.compile(r"""(?:\bimport|\bexport)\s*(?:[\w*{}\s,$]+\s*from\s*)?\(?\s*(['"])([^'"\n]+)\1""")
_JS_LOCAL_LITERAL = re.compile(r"""(['"`])((?:/static/|/fonts/)[^'"`\s]+)\1""")


@dataclass(frozen=True)
class Asset:
    url: str  # the path the page loads it from, e.g. "/static/js/checkin.js"
    path: Path  # the file served at that path


class _References(HTMLParser):
    """The ``src`` of scripts and images, the ``href`` of stylesheets, icons and preloads."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "img", "source", "audio", "video") and values.get("src"):
            self.urls.append(values["src"] or "")
        elif tag == "link" and values.get("href"):
            self.urls.append(values["href"] or "")


def _local_path(base: str, reference: str) -> str | None:
    """``reference`` (relative to ``base``) as a local URL path without query or fragment; None if elsewhere."""
    parts = urlsplit(urljoin(base, reference))
    if parts.scheme not in ("", "http", "https") or (parts.netloc and parts.netloc != "local"):
        return None
    return parts.path if parts.path.startswith(LOCAL_PREFIXES) else None


def _references(url: str, text: str) -> Iterable[str]:
    if url.endswith(".css"):
        for match in _CSS_URL.finditer(text):
            yield match.group(2) or match.group(4)
    elif url.endswith((".js", ".mjs")):
        for match in _JS_IMPORT.finditer(text):
            yield match.group(2)
        for match in _JS_LOCAL_LITERAL.finditer(text):
            yield match.group(2)


def page_assets(html: str, resolve: Callable[[str], Path | None], page_url: str = "/checkin") -> list[Asset]:
    """Every local file the page at ``page_url`` loads, directly or through its styles and scripts, in order found.

    ``resolve`` maps a URL path ("/static/js/x.js") to the file served there, or None when there is none
    (such a reference is left out: the page could not load it either).
    """
    parser = _References()
    parser.feed(html)
    base = f"http://local{page_url}"
    pending = [path for path in (_local_path(base, url) for url in parser.urls) if path]
    found: dict[str, Asset] = {}
    while pending:
        url = pending.pop(0)
        if url in found:
            continue
        path = resolve(url)
        if path is None:
            continue
        found[url] = Asset(url, path)
        if url.endswith((".css", ".js", ".mjs")):
            text = path.read_text(encoding="utf-8", errors="replace")
            for reference in _references(url, text):
                local = _local_path(f"http://local{url}", reference)
                if local and local not in found:
                    pending.append(local)
    return list(found.values())


def resolver(roots: dict[str, Path]) -> Callable[[str], Path | None]:
    """A ``resolve`` for :func:`page_assets` over folders served at URL prefixes, e.g. {"/static/": static}.

    A path that leaves its folder ("/static/../x") or names no file resolves to None.
    """

    def resolve(url: str) -> Path | None:
        for prefix, root in roots.items():
            if url.startswith(prefix):
                base = root.resolve()
                path = (base / url[len(prefix):]).resolve()
                return path if path.is_file() and path.is_relative_to(base) else None
        return None

    return resolve


_digests: dict[tuple[Path, int, int], bytes] = {}


def _digest(path: Path) -> bytes:
    """A file's SHA-256, remembered while its size and modification time stay the same."""
    stat = path.stat()
    key = (path, stat.st_mtime_ns, stat.st_size)
    if key not in _digests:
        _digests[key] = hashlib.sha256(path.read_bytes()).digest()
    return _digests[key]


def cache_name(assets: Iterable[Asset], extra: str = "") -> str:
    """``kiosk-desk-<hash>``: changes when the list of assets, any asset's bytes, or ``extra`` change."""
    digest = hashlib.sha256(extra.encode())
    for asset in assets:
        digest.update(asset.url.encode() + b"\0" + _digest(asset.path))
    return f"kiosk-desk-{digest.hexdigest()[:16]}"
