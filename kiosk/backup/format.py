"""The backup format: an event file with every row's id, plus what the event recorded.

``kiosk export`` writes it (kiosk.backup.export), ``kiosk init --event BACKUP
--force`` reads it back (here) and restores it (kiosk.backup.restore). Beyond
the event file's tables (kiosk.events.eventfile, ids required), a ``[backup]``
table and ``[[delegates]]``, ``[[checkins]]``, ``[[timer_transitions]]`` and
``[[messages]]``, each checked against the others (a check-in names a known
delegate; the clock commands replay over this agenda) and refused with file,
line and field. Ids are kept so that printed badges (signed with the event's
and the delegate's id) and the chair's stored commands (which name agenda
item ids) still hold after a restore. No Flask, no database here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.events.eventfile import (EventFileError, EventSpec, TableReader, carries_ids, event_spec_from,
                                    load_toml, read_event_text)
from kiosk.errors import N_
from kiosk.timer.machine import Command, Programme, TransitionError, apply

FORMAT = 1


@dataclass(frozen=True)
class DelegateRecord:
    id: int
    group: str  # the group's code
    number: str
    full_name: str | None
    seat_label: str | None
    position: str
    unit: str
    is_sample: bool
    badge_version: int
    revoked: bool
    created_at: dt.datetime
    rank: int = 0  # protocol order within the group
    absence_reason: str | None = None  # sent apologies
    absence_recorded_at: dt.datetime | None = None


@dataclass(frozen=True)
class CheckInRecord:
    id: int
    delegate: int  # a DelegateRecord id
    action: str
    desk: str
    client_id: str | None
    scanned_at: dt.datetime
    recorded_at: dt.datetime
    holder_name: str | None
    reason: str | None
    answer: str
    stand_in_name: str | None = None
    stand_in_position: str | None = None


@dataclass(frozen=True)
class TransitionRecord:
    id: int
    command: str
    at: float
    args: dict[str, Any]
    role: str


@dataclass(frozen=True)
class MessageRecord:
    id: int
    text: str
    sent_at: dt.datetime
    cleared_at: dt.datetime | None


@dataclass(frozen=True)
class BackupSpec:
    """What a backup holds beyond the event file."""

    exported_at: dt.datetime
    delegates: tuple[DelegateRecord, ...]
    checkins: tuple[CheckInRecord, ...]
    transitions: tuple[TransitionRecord, ...]
    messages: tuple[MessageRecord, ...]


CHECKIN_ACTIONS = ("in", "undo")


def _rows(reader: TableReader, data: dict[str, Any], table: str) -> list[dict[str, Any]]:
    rows = data.get(table, [])
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise EventFileError(reader.path, reader.locator.line_of(table, 0, None), table,
                             N_("phải là danh sách [[%(table)s]]"), table=table)
    return rows


def _unique_ids(reader: TableReader, table: str, ids: list[int | None]) -> None:
    seen: set[int | None] = set()
    for index, row_id in enumerate(ids):
        if row_id in seen:
            raise reader.fail(table, index, "id", N_("id %(id)s bị trùng"), id=row_id)
        seen.add(row_id)


def parse_backup(reader: TableReader, data: dict[str, Any], spec: EventSpec) -> BackupSpec:
    """The delegates, check-ins, clock commands and messages of a backup, checked against each other."""
    header = data["backup"]
    if not isinstance(header, dict):
        raise EventFileError(reader.path, reader.locator.line_of("backup", 0, None), "backup", N_("phải là một bảng"))
    _unique_ids(reader, "groups", [g.id for g in spec.groups])
    _unique_ids(reader, "agenda", [row.id for item in spec.agenda for row in (item, *item.items)])
    codes = {g.code for g in spec.groups}

    delegates = []
    for index, row in enumerate(_rows(reader, data, "delegates")):
        group = reader.text(row, "delegates", index, "group").upper()
        if group not in codes:
            raise reader.fail("delegates", index, "group", N_("không có nhóm “%(group)s” trong [[groups]]"), group=group)
        delegates.append(DelegateRecord(
            id=reader.record_id(row, "delegates", index), group=group,
            number=reader.text(row, "delegates", index, "number"),
            full_name=reader.optional_text(row, "delegates", index, "full_name"),
            seat_label=reader.optional_text(row, "delegates", index, "seat_label"),
            position=reader.text(row, "delegates", index, "position", required=False),
            unit=reader.text(row, "delegates", index, "unit", required=False),
            is_sample=reader.flag(row, "delegates", index, "is_sample"),
            badge_version=reader.integer(row, "delegates", index, "badge_version", default=1, minimum=1,
                                         maximum=10**6),
            revoked=reader.flag(row, "delegates", index, "revoked"),
            created_at=reader.moment(row, "delegates", index, "created_at"),  # type: ignore[arg-type]
            rank=reader.integer(row, "delegates", index, "rank", default=0, minimum=0, maximum=2**31 - 1),
            absence_reason=reader.optional_text(row, "delegates", index, "absence_reason"),
            absence_recorded_at=reader.moment(row, "delegates", index, "absence_recorded_at", required=False),
        ))
    _unique_ids(reader, "delegates", [d.id for d in delegates])
    known = {d.id for d in delegates}

    checkins = []
    for index, row in enumerate(_rows(reader, data, "checkins")):
        delegate = reader.record_id(row, "checkins", index, "delegate")
        if delegate not in known:
            raise reader.fail("checkins", index, "delegate", N_("không có đại biểu id %(id)d trong [[delegates]]"), id=delegate)
        action = reader.text(row, "checkins", index, "action")
        if action not in CHECKIN_ACTIONS:
            raise reader.fail("checkins", index, "action", N_("“%(action)s” phải là một trong: %(actions)s"), action=action, actions=", ".join(CHECKIN_ACTIONS))
        checkins.append(CheckInRecord(
            id=reader.record_id(row, "checkins", index), delegate=delegate, action=action,
            desk=reader.text(row, "checkins", index, "desk", required=False),
            client_id=reader.optional_text(row, "checkins", index, "client_id"),
            scanned_at=reader.moment(row, "checkins", index, "scanned_at"),  # type: ignore[arg-type]
            recorded_at=reader.moment(row, "checkins", index, "recorded_at"),  # type: ignore[arg-type]
            holder_name=reader.optional_text(row, "checkins", index, "holder_name"),
            reason=reader.optional_text(row, "checkins", index, "reason"),
            answer=reader.text(row, "checkins", index, "answer"),
            stand_in_name=reader.optional_text(row, "checkins", index, "stand_in_name"),
            stand_in_position=reader.optional_text(row, "checkins", index, "stand_in_position"),
        ))
    _unique_ids(reader, "checkins", [c.id for c in checkins])

    transitions = []
    for index, row in enumerate(_rows(reader, data, "timer_transitions")):
        at = row.get("at")
        if isinstance(at, bool) or not isinstance(at, (int, float)):
            raise reader.fail("timer_transitions", index, "at", N_("phải là số giây (epoch)"))
        args = row.get("args", {})
        if not isinstance(args, dict):
            raise reader.fail("timer_transitions", index, "args", N_("phải là một bảng, ví dụ { seconds = 60 }"))
        transitions.append(TransitionRecord(
            id=reader.record_id(row, "timer_transitions", index),
            command=reader.text(row, "timer_transitions", index, "command"), at=float(at), args=dict(args),
            role=reader.text(row, "timer_transitions", index, "role", required=False, default="chair"),
        ))
    _unique_ids(reader, "timer_transitions", [t.id for t in transitions])
    _check_clock(reader, spec, transitions)

    messages = []
    for index, row in enumerate(_rows(reader, data, "messages")):
        messages.append(MessageRecord(
            id=reader.record_id(row, "messages", index),
            text=reader.text(row, "messages", index, "text", required=False),
            sent_at=reader.moment(row, "messages", index, "sent_at"),  # type: ignore[arg-type]
            cleared_at=reader.moment(row, "messages", index, "cleared_at", required=False),
        ))
    _unique_ids(reader, "messages", [m.id for m in messages])

    return BackupSpec(
        exported_at=reader.moment(header, "backup", 0, "exported_at"),  # type: ignore[arg-type]
        delegates=tuple(delegates), checkins=tuple(checkins), transitions=tuple(transitions),
        messages=tuple(messages),
    )


def _check_clock(reader: TableReader, spec: EventSpec, transitions: list[TransitionRecord]) -> None:
    """The stored commands must replay over this agenda, or the restored clock could not be rebuilt."""
    programme = Programme.new([(item.id or 0, item.planned_seconds) for item in spec.timed_items()])
    for index, transition in enumerate(transitions):
        try:
            programme = apply(programme, Command(transition.command, transition.at, **transition.args))
        except (TransitionError, TypeError) as error:
            raise reader.fail("timer_transitions", index, "command",
                              N_("lệnh đồng hồ không khớp với chương trình: %(error)s"), error=error) from error


def read_event_or_backup(path: str | Path) -> tuple[EventSpec, BackupSpec | None]:
    """An event file, or a backup with what it recorded; EventFileError names the file, line and field."""
    return parse_event_or_backup(read_event_text(path), str(path))


def parse_event_or_backup(text: str, path: str = "<event>") -> tuple[EventSpec, BackupSpec | None]:
    data, reader = load_toml(text, path)
    spec = event_spec_from(data, reader)
    return spec, parse_backup(reader, data, spec) if carries_ids(data) else None
