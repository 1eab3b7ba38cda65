"""Per-application state, reached from views: each app's own database and publisher.

create_app gives every application its own (``app.extensions``); these proxies
find the current application's, so views write ``db.session()`` and two
applications in one process never share a database. Domain code takes a
session as an argument and never imports this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from flask import current_app
from werkzeug.local import LocalProxy

if TYPE_CHECKING:
    from kiosk.db import Database
    from kiosk.live.publisher import Publisher

DB_KEY, PUBLISHER_KEY = "kiosk.db", "kiosk.publisher"

db = cast("Database", LocalProxy(lambda: current_app.extensions[DB_KEY]))
publisher = cast("Publisher", LocalProxy(lambda: current_app.extensions[PUBLISHER_KEY]))
