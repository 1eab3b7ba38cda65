"""Writing event files: the inverse of kiosk.events.eventfile, comments included.

The standard library reads TOML but does not write it, and the files written
here carry comments for people (what an imported plan did not say), so this
is a small writer for exactly the values an event file holds.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping, Sequence

from kiosk.events.eventfile import AgendaSpec, EventSpec

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        # JSON's escapes are a subset of TOML's basic-string escapes; DEL is the one control JSON leaves.
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime: an event file stores moments with their offset")
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        pairs = ", ".join(f"{_key(k)} = {toml_value(v)}" for k, v in value.items())
        return "{ " + pairs + " }" if pairs else "{}"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else toml_value(key)


def toml_table(header: str, fields: Mapping[str, object], *, array: bool = False, indent: str = "") -> list[str]:
    """A ``[header]`` (or ``[[header]]``) table; None values are left out."""
    brackets = ("[[", "]]") if array else ("[", "]")
    lines = [f"{indent}{brackets[0]}{header}{brackets[1]}"]
    lines += [f"{indent}{_key(k)} = {toml_value(v)}" for k, v in fields.items() if v is not None]
    return lines


def comment_lines(comments: Iterable[str]) -> list[str]:
    return [f"# {line}".rstrip() for comment in comments for line in comment.splitlines() or [""]]


def event_file_text(spec: EventSpec, *, comments: Sequence[str] = ()) -> str:
    """The event file for ``spec``: parsing it with parse_event_text gives ``spec`` back.

    Every value is written out (no defaults left implicit), and each row's id
    when the spec has one (a backup).
    """
    lines = comment_lines(comments)
    if lines:
        lines.append("")
    lines += toml_table("event", {
        "id": spec.id, "title": spec.title, "short_title": spec.short_title, "organiser": spec.organiser,
        "organiser_short": spec.organiser_short, "place": spec.place, "date": spec.date,
        "start_time": spec.start_time, "timezone": spec.timezone, "reference": spec.reference,
        "signer_title": spec.signer_title, "signer_name": spec.signer_name,
    })
    lines += [""] + toml_table("timing", {
        "presentation_minutes": spec.presentation_minutes, "amber_seconds": spec.amber_seconds,
        "red_seconds": spec.red_seconds,
    })
    for group in spec.groups:
        lines += [""] + toml_table("groups", {
            "id": group.id, "code": group.code, "name": group.name, "colour": group.colour,
            "expected": group.expected, "seat_area": group.seat_area, "seats": group.seats,
            "introduce": group.introduce, "introduce_as": group.introduce_as or None, "summary": group.summary or None,
        }, array=True)
    for item in spec.agenda:
        lines += [""] + toml_table("agenda", _agenda_fields(item), array=True)
        for child in item.items:
            lines += [""] + toml_table("agenda.items", _agenda_fields(child), array=True, indent="  ")
    return "\n".join(lines) + "\n"


def _agenda_fields(item: AgendaSpec) -> dict[str, object]:
    return {"id": item.id, "number": item.number, "kind": item.kind, "title": item.title,
            "presenter": item.presenter, "minutes": item.planned_seconds // 60}
