"""Read-only JSON about the event: its groups and its agenda."""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from kiosk.checkin.service import attendance_by_group
from kiosk.events.models import AgendaItem, Event
from kiosk.extensions import db
from kiosk.web import require_event

bp = Blueprint("events", __name__)


def event_json(event: Event) -> dict[str, object]:
    return {
        "title": event.title, "short_title": event.short_title, "organiser": event.organiser,
        "place": event.place, "date": event.date, "start_time": event.start_time,
        "timezone": event.timezone, "presentation_seconds": event.presentation_seconds,
        "amber_seconds": event.amber_seconds, "red_seconds": event.red_seconds,
    }


def agenda_item_json(item: AgendaItem) -> dict[str, object]:
    return {
        "id": item.id, "number": item.number, "kind": item.kind, "title": item.title,
        "presenter": item.presenter, "planned_seconds": item.planned_seconds,
        "parent_id": item.parent_id, "timed": item.timed,
    }


@bp.get("/api/v1/event")
def event_view() -> ResponseReturnValue:
    return jsonify(event_json(require_event()))


@bp.get("/api/v1/groups")
def groups() -> ResponseReturnValue:
    """Each attendee group with its expected and arrived counts (public: no names)."""
    rows = attendance_by_group(db.session(), require_event())
    return jsonify([asdict(row) for row in rows])
