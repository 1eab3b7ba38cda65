"""The organiser's office: the overview, the imports hub, and what every organiser's page shares.

Each domain keeps its own organiser's pages beside its code (Indico's
``controllers/management`` per module): kiosk/events/management.py (the event,
groups), kiosk/attendees/management.py (delegates, the roster import),
kiosk/plans/management.py (the plan import), kiosk/programme/management.py
(the programme and its timing), kiosk/auth/management.py (the audit trail),
kiosk/backup/views.py (the backup). Here: the pages that show them together,
the navigation and the wording they share (kiosk.admin.labels).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, Flask, current_app, render_template
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext

from kiosk.addresses import public_base_url
from kiosk.admin.labels import ACTION_LABELS, AUDIT_DETAILS, AUDIT_FIELDS, KIND_LABELS, LABELS, NAV
from kiosk.attendees.roster_import import SUFFIXES as ROSTER_SUFFIXES
from kiosk.auth.roles import ROLE_NAMES, role_required
from kiosk.badges.layouts import layout_names
from kiosk.badges.service import group_attendees
from kiosk.checkin.service import attendance_by_group
from kiosk.events.models import Event
from kiosk.extensions import db
from kiosk.installation import event_counts
from kiosk.plans import SUFFIXES as PLAN_SUFFIXES
from kiosk.web import require_event

bp = Blueprint("admin", __name__)
ROLE = "admin"


def init_app(app: Flask) -> None:
    """What every organiser's page may use, whichever room's blueprint renders it."""

    @app.context_processor
    def admin_context() -> dict[str, Any]:
        return {"admin_nav": NAV, "labels": LABELS, "kind_labels": KIND_LABELS, "action_labels": ACTION_LABELS,
                "group_options": group_options,
                "audit_fields": AUDIT_FIELDS, "audit_details": AUDIT_DETAILS}

    app.add_template_filter(local_datetime, "local_datetime")
    app.add_template_filter(role_name, "role_name")
    app.add_template_filter(audit_value, "audit_value")


# Who acts, as the audit trail names them: the roles, and the command line and the public pages beside them.
_ACTORS = {**ROLE_NAMES, "cli": lazy_gettext("Dòng lệnh"), "public": lazy_gettext("Công khai")}


def role_name(code: str) -> str:
    """A role (or actor) as people call it: "reception" is "Đón tiếp"; an unknown code as it is."""
    return str(_ACTORS.get(code, code))


def local_datetime(moment: dt.datetime, timezone: str) -> str:
    """dd/mm/yyyy HH:MM:SS in the event's time zone."""
    return moment.astimezone(ZoneInfo(timezone)).strftime("%d/%m/%Y %H:%M:%S")


def audit_value(value: object, timezone: str) -> object:
    """A value of an audit entry as people read it: a moment (kept as ISO text with its UTC offset, as
    kiosk.changes stores it) in the event's time zone; anything else as it is."""
    if isinstance(value, str) and value[10:11] == "T":
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if moment.tzinfo is not None:
            return local_datetime(moment, timezone)
    return value


def group_options(event: Event) -> list[tuple[str, str]]:
    return [(group.code, f"{group.code} – {group.name}") for group in event.groups]


@bp.get("/admin")
@role_required(ROLE)
def overview() -> ResponseReturnValue:
    event = require_event()
    session = db.session()
    return render_template("admin.html", event=event, attendance=attendance_by_group(session, event),
                           attendees=group_attendees(session, event), layouts=layout_names(),
                           phones_closed=not public_base_url(current_app.config))


def imports_page(status: int = 200, **context: Any) -> ResponseReturnValue:
    """The imports hub (plan and roster uploads), with what a room's upload found."""
    event = require_event()
    return render_template("admin/import.html", counts=event_counts(db.session(), event),
                           plan_suffixes=PLAN_SUFFIXES, roster_suffixes=ROSTER_SUFFIXES, **context), status


@bp.get("/admin/import")
@role_required(ROLE)
def imports() -> ResponseReturnValue:
    return imports_page()
