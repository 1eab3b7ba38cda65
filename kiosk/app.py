"""The application factory.

It lives here rather than in ``kiosk/__init__.py`` so that ``kiosk serve`` can
monkey-patch gevent before Flask or anything else is imported (see kiosk.cli).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from flask import Flask, send_from_directory
from flask.typing import ResponseReturnValue
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from kiosk import i18n, security
from kiosk.addresses import HostCheck
from kiosk.config import Config
from kiosk.db import Database
from kiosk.extensions import DB_KEY, PUBLISHER_KEY
from kiosk.live import socket as live
from kiosk.live.publisher import Publisher
from kiosk.secretfile import BADGE_SECRET_FILE, load_or_create_secret
from kiosk.web import MAX_DB_ID

PACKAGE_DIR = Path(__file__).resolve().parent
mimetypes.add_type("application/wasm", ".wasm")  # the camera scanner's decoder


def _shipped_dir(name: str) -> Path:
    """``templates``/``static`` sit at the top of a checkout and inside the installed package."""
    installed = PACKAGE_DIR / name
    return installed if installed.is_dir() else PACKAGE_DIR.parent / name


class RowIdConverter(IntegerConverter):
    """``<int:…>`` in every route stops at the largest id a database holds: a huge number is a 404, not an overflow."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_DB_ID)
        super().__init__(map, *args, **kwargs)


def create_app(config: Config | None = None, **overrides: Any) -> Flask:
    """A new application with its own database, Socket.IO server and publisher."""
    config = config or Config(**overrides)
    app = Flask(
        __name__,
        instance_path=str(config.INSTANCE_PATH),
        template_folder=str(_shipped_dir("templates")),
        static_folder=str(_shipped_dir("static")),
    )
    app.config.from_mapping(config.as_dict())
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_or_create_secret(Path(app.instance_path) / "session.key")
    app.config["BADGE_SECRET"] = load_or_create_secret(Path(app.instance_path) / BADGE_SECRET_FILE)

    database = Database(app.config["DATABASE_URL"])
    app.extensions[DB_KEY] = database
    i18n.init_app(app)
    security.init_app(app)
    socketio = live.init_app(app)
    app.extensions[PUBLISHER_KEY] = Publisher(app, socketio, database)
    app.wsgi_app = HostCheck(app.wsgi_app, app.config)  # type: ignore[method-assign]  # Socket.IO's requests too
    if app.config.get("PROXIES"):  # outermost, so that Socket.IO sees the client's address too
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXIES"], x_proto=app.config["PROXIES"])  # type: ignore[method-assign]

    app.url_map.converters["int"] = RowIdConverter
    from kiosk import admin
    from kiosk.admin.views import bp as admin_bp
    from kiosk.attendees.management import bp as attendees_admin_bp
    from kiosk.attendees.views import bp as attendees_bp
    from kiosk.auth.management import bp as auth_admin_bp
    from kiosk.auth.views import bp as auth_bp
    from kiosk.backup.views import bp as backup_admin_bp
    from kiosk.badges.views import bp as badges_bp
    from kiosk.checkin.views import bp as checkin_bp
    from kiosk.events.management import bp as events_admin_bp
    from kiosk.events.views import bp as events_bp
    from kiosk.minutes.views import bp as minutes_bp
    from kiosk.plans.management import bp as plans_admin_bp
    from kiosk.programme.management import bp as programme_admin_bp
    from kiosk.protocol.views import bp as protocol_bp
    from kiosk.screens.views import bp as screens_bp
    from kiosk.timer.views import bp as timer_bp

    for blueprint in (auth_bp, events_bp, screens_bp, timer_bp, checkin_bp, attendees_bp, badges_bp, admin_bp,
                      events_admin_bp, attendees_admin_bp, plans_admin_bp, programme_admin_bp, auth_admin_bp,
                      backup_admin_bp, minutes_bp, protocol_bp):
        app.register_blueprint(blueprint)
    admin.views.init_app(app)

    from kiosk.web import register_boundary, register_common

    register_boundary(app)
    register_common(app)

    @app.get("/fonts/<path:filename>")
    def font(filename: str) -> ResponseReturnValue:
        """Source Sans Pro, from its PyPI package: every Vietnamese glyph, no CDN."""
        import font_source_sans_pro

        return send_from_directory(font_source_sans_pro.font_directory, filename, max_age=86400)

    return app
