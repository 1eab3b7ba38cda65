"""Writing event files: the inverse of kiosk.events.eventfile, comments included.

The standard library reads TOML but does not write it; tomlkit writes it
(every string quoted and escaped, control characters and DEL included;
moments with their offsets; numbers exactly), so a spec the reader accepts
comes back from its file unchanged. What is decided here is the layout people
read: comments at the top (what an imported plan did not say), then
``[event]``, ``[timing]``, each ``[[groups]]``, each ``[[agenda]]`` with its
``[[agenda.items]]`` indented under it, a blank line between tables. A backup
(kiosk.backup.export) is the same document with more tables added by
:func:`add_table` and :func:`add_rows`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence

import tomlkit
from tomlkit.items import Table
from tomlkit.toml_document import TOMLDocument

from kiosk.events.eventfile import AgendaSpec, EventSpec

# What a TOML comment may not hold (control characters but tab, and DEL), shown as \uXXXX instead.
_NOT_IN_COMMENT = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def new_document(comments: Sequence[str] = ()) -> TOMLDocument:
    """An empty TOML document headed by ``comments`` (each line a ``# …`` line), then a blank line."""
    document = tomlkit.document()
    lines = [line for comment in comments for line in comment.split("\n")]
    for line in lines:
        document.add(tomlkit.comment(_NOT_IN_COMMENT.sub(lambda c: f"\\u{ord(c.group()):04x}", line.rstrip())))
    if lines:
        document.add(tomlkit.nl())
    return document


def table(fields: Mapping[str, object], *, indent: int = 0) -> Table:
    """A table of ``fields`` in their order; None values are left out."""
    result = tomlkit.table()
    for key, value in fields.items():
        if value is not None:
            result.add(key, _value(value))
    if indent:
        result.indent(indent)
    return result


def add_table(document: TOMLDocument, name: str, fields: Mapping[str, object]) -> None:
    """A ``[name]`` table at the end of ``document``."""
    document.add(name, table(fields))


def add_rows(document: TOMLDocument, name: str, rows: Iterable[Mapping[str, object]]) -> None:
    """One ``[[name]]`` table per row at the end of ``document`` (nothing when there are none)."""
    array = tomlkit.aot()
    for row in rows:
        array.append(table(row))
    if len(array):
        document.add(name, array)


def _value(value: object) -> object:
    """What tomlkit writes for ``value``; a mapping inside a table is an inline table ``{ … }``."""
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        raise ValueError("naive datetime: an event file stores moments with their offset")
    if isinstance(value, Mapping):
        inline = tomlkit.inline_table()
        inline.update({key: _value(item) for key, item in value.items() if item is not None})
        return inline
    if isinstance(value, (list, tuple)):
        return [_value(item) for item in value]
    if isinstance(value, (str, bool, int, float, dt.datetime)):
        return value
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def event_document(spec: EventSpec, *, comments: Sequence[str] = ()) -> TOMLDocument:
    """The event file for ``spec`` as a document (a backup adds its tables to it).

    Every value is written out (no defaults left implicit), and each row's id
    when the spec has one (a backup).
    """
    document = new_document(comments)
    add_table(document, "event", {
        "id": spec.id, "title": spec.title, "short_title": spec.short_title, "organiser": spec.organiser,
        "organiser_short": spec.organiser_short, "place": spec.place, "date": spec.date,
        "start_time": spec.start_time, "timezone": spec.timezone, "reference": spec.reference,
        "signer_title": spec.signer_title, "signer_name": spec.signer_name,
        "chair_name": spec.chair_name, "chair_title": spec.chair_title,
        "secretary_name": spec.secretary_name, "secretary_title": spec.secretary_title,
    })
    add_table(document, "timing", {
        "presentation_minutes": spec.presentation_minutes, "amber_seconds": spec.amber_seconds,
        "red_seconds": spec.red_seconds, "fit_floor_minutes": spec.fit_floor_seconds // 60,
    })
    add_table(document, "chair", {"quick_messages": list(spec.quick_messages)})
    add_rows(document, "groups", ({
        "id": group.id, "code": group.code, "name": group.name, "colour": group.colour,
        "expected": group.expected, "seat_area": group.seat_area, "seats": group.seats,
        "introduce": group.introduce, "introduce_as": group.introduce_as or None, "summary": group.summary or None,
    } for group in spec.groups))
    agenda = tomlkit.aot()
    for item in spec.agenda:
        row = table(_agenda_fields(item))
        if item.items:
            children = tomlkit.aot()
            for child in item.items:
                children.append(table(_agenda_fields(child), indent=2))
            row.add("items", children)
        agenda.append(row)
    if len(agenda):
        document.add("agenda", agenda)
    return document


def event_file_text(spec: EventSpec, *, comments: Sequence[str] = ()) -> str:
    """The event file for ``spec``: parsing it with parse_event_text gives ``spec`` back."""
    return tomlkit.dumps(event_document(spec, comments=comments))


def _agenda_fields(item: AgendaSpec) -> dict[str, object]:
    return {"id": item.id, "number": item.number, "kind": item.kind, "title": item.title,
            "presenter": item.presenter, "minutes": item.planned_seconds // 60}
