"""The organiser's audit trail (/admin/audit): every change by every role, newest first."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from kiosk.auth.audit import latest
from kiosk.auth.roles import role_required
from kiosk.extensions import db
from kiosk.web import require_event

bp = Blueprint("auth_admin", __name__)


@bp.get("/admin/audit")
@role_required("admin")
def audit() -> ResponseReturnValue:
    require_event()
    return render_template("admin/audit.html", entries=latest(db.session()))
