"""The MC's page (/introductions), its API and downloads; excused absences from a desk or a script.

- ``GET /introductions`` (chair, admin): the delegates who came, worded to be read
  aloud, following the pushes on /live (static/js/introductions.js);
- ``GET /api/v1/introductions``: the same as JSON (kiosk.protocol.service.introductions_json);
- ``GET /introductions.pdf``, ``/introductions.docx``: for the running script;
- ``PUT /api/v1/attendees/<id>/absence`` ``{"reason": "…"}`` and ``DELETE`` (reception, admin).
"""

from __future__ import annotations

import io

from flask import Blueprint, jsonify, render_template, send_file
from flask.typing import ResponseReturnValue

from kiosk.attendees.models import Attendee
from kiosk.auth.roles import role_required
from kiosk.checkin.desk import attendance_json, desk_row
from kiosk.checkin.service import first_arrival
from kiosk.db import column_limit, utcnow
from kiosk.extensions import db
from kiosk.protocol import absence
from kiosk.protocol.documents import introductions_docx, introductions_pdf
from kiosk.protocol.service import introductions, introductions_json
from kiosk.web import json_object, require_event, text_field

bp = Blueprint("protocol", __name__)
MC = "chair"  # the MC reads from the chair's table; the organiser (admin) holds every role
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@bp.get("/introductions")
@role_required(MC)
def introductions_page() -> ResponseReturnValue:
    event = require_event()
    session = db.session()
    return render_template("introductions.html", introduction=introductions_json(introductions(session, event)),
                           attendance=attendance_json(session, event))


@bp.get("/api/v1/introductions")
@role_required(MC)
def introductions_api() -> ResponseReturnValue:
    return jsonify(introductions_json(introductions(db.session(), require_event())))


@bp.get("/introductions.pdf")
@role_required(MC)
def introductions_pdf_download() -> ResponseReturnValue:
    event = require_event()
    data = introductions_pdf(event, introductions(db.session(), event), utcnow())
    return send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=True,
                     download_name="gioi-thieu-dai-bieu.pdf")


@bp.get("/introductions.docx")
@role_required(MC)
def introductions_docx_download() -> ResponseReturnValue:
    event = require_event()
    data = introductions_docx(event, introductions(db.session(), event), utcnow())
    return send_file(io.BytesIO(data), mimetype=DOCX, as_attachment=True, download_name="gioi-thieu-dai-bieu.docx")


@bp.put("/api/v1/attendees/<int:attendee_id>/absence")
@role_required("reception")
def record_absence(attendee_id: int) -> ResponseReturnValue:
    """The delegate sent apologies: ``{"reason": "…"}``."""
    reason = text_field(json_object(), "reason", column_limit(Attendee.absence_reason), required=True) or ""
    session = db.session()
    attendee = absence.record_absence(session, require_event(), attendee_id, reason)
    return jsonify({"attendee": desk_row(attendee)})


@bp.delete("/api/v1/attendees/<int:attendee_id>/absence")
@role_required("reception")
def clear_absence(attendee_id: int) -> ResponseReturnValue:
    session = db.session()
    attendee = absence.clear_absence(session, require_event(), attendee_id)
    return jsonify({"attendee": desk_row(attendee, first_arrival(session, attendee.id))})
