"""The minutes for the organiser to download: /admin/reports/minutes.docx (or .pdf), as of now."""

from __future__ import annotations

import time

from flask import Blueprint
from flask.typing import ResponseReturnValue

from kiosk.auth.roles import role_required
from kiosk.extensions import db
from kiosk.minutes.record import FORMATS, STEM, minutes_file
from kiosk.web import report_download, require_event

bp = Blueprint("minutes", __name__)


@bp.get("/admin/reports/minutes.<fmt>")
@role_required("admin")
def minutes_download(fmt: str) -> ResponseReturnValue:
    """The minutes (biên bản), a draft until the programme has ended."""
    return report_download(STEM, fmt, lambda chosen: minutes_file(db.session(), require_event(), chosen, time.time()),
                           formats=FORMATS)
