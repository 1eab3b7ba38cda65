"""Languages: Vietnamese is the source text of every screen; English is a catalogue.

The catalogue's .po file is the source; it is compiled into the data directory
at start-up (when missing or older), so no generated .mo is ever committed.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, request
from flask_babel import Babel

babel = Babel()


def compile_catalogues(out_dir: Path) -> Path:
    source_root = Path(str(resources.files("kiosk") / "translations"))
    for po_path in source_root.glob("*/LC_MESSAGES/messages.po"):
        mo_path = out_dir / po_path.relative_to(source_root).with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with po_path.open("rb") as po_file:
            catalogue = read_po(po_file)
        tmp = mo_path.with_suffix(".tmp")
        with tmp.open("wb") as mo_file:
            write_mo(mo_file, catalogue)
        tmp.replace(mo_path)
    return out_dir


def select_locale() -> str:
    """``?lang=en`` switches (and is remembered in a cookie); Vietnamese otherwise."""
    from flask import current_app

    languages = current_app.config["LANGUAGES"]
    chosen = request.args.get("lang") or request.cookies.get("lang")
    if chosen is not None and chosen in languages:
        return chosen
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def init_app(app: Flask) -> None:
    out_dir = compile_catalogues(Path(app.config["INSTANCE_PATH"]) / "translations")
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(out_dir)
    babel.init_app(app, locale_selector=select_locale)

    @app.after_request
    def remember_language(response):
        lang = request.args.get("lang")
        if lang in app.config["LANGUAGES"]:
            response.set_cookie("lang", lang, max_age=365 * 86400, samesite="Lax")
        return response
