"""The organiser's backup download (as ``kiosk export``)."""

from __future__ import annotations

import io

from flask import Blueprint, send_file
from flask.typing import ResponseReturnValue

from kiosk.auth.roles import role_required
from kiosk.backup.export import export_event
from kiosk.db import utcnow
from kiosk.extensions import db
from kiosk.web import require_event

bp = Blueprint("backup_admin", __name__)


@bp.get("/admin/export")
@role_required("admin")
def export() -> ResponseReturnValue:
    now = utcnow()
    data = export_event(db.session(), require_event(), now).encode("utf-8")
    return send_file(io.BytesIO(data), mimetype="application/toml", as_attachment=True,
                     download_name=f"sao-luu-kiosk-{now:%Y%m%d-%H%M%S}.toml")
