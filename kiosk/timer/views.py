"""The chair's console."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from kiosk.auth.roles import role_required
from kiosk.web import require_event

bp = Blueprint("timer", __name__)


@bp.get("/chair")
@role_required("chair")
def chair() -> ResponseReturnValue:
    return render_template("chair.html", event=require_event())
