"""The backup format: an event file with every row's id, plus what the event recorded.

``kiosk export`` writes it (kiosk.backup.export), ``kiosk init --event BACKUP
--force`` reads it back (here) and restores it (kiosk.backup.restore). Beyond
the event file's tables (kiosk.events.eventfile, ids required), a ``[backup]``
table and ``[[delegates]]``, ``[[checkins]]``, ``[[timer_transitions]]`` and
``[[messages]]``, each checked against the others (a check-in names a known
delegate; the clock commands replay over this agenda, in the order of their
ids, as kiosk replays them) and refused with file, line and field. Each value
is checked as an event file's are (kiosk.events.eventfile.TableReader): its
type, its column's length, a moment within 2000..2099, a clock command's
``at`` finite and in that range, its ``args`` only what a command takes; ids,
badge numbers and check-ins' client ids once each. Ids are kept so that
printed badges (signed with the event's and the delegate's id) and the
chair's stored commands (which name agenda item ids) still hold after a
restore. No Flask, no database here (the models only for their columns' lengths).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.attendees.models import Attendee
from kiosk.checkin.models import CheckIn
from kiosk.db import column_limit
from kiosk.errors import N_
from kiosk.events.eventfile import (
    MAX_MESSAGE_LENGTH,
    EventSpec,
    TableReader,
    carries_ids,
    event_spec_from,
    load_toml,
    read_event_text,
)
from kiosk.timer.machine import COMMAND_NAMES, MAX_ADJUST_SECONDS, Command, Programme, TransitionError, apply
from kiosk.timer.models import TimerTransition

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
    walk_in: bool = False  # registered at a desk


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
CHECKIN_ANSWERS = ("checked_in", "already_checked_in", "undone")  # what kiosk.checkin.service stores
COMMAND_ARGS = ("seconds", "item_id", "order", "allotments", "end")  # Command's arguments beyond name and time


def _unique(reader: TableReader, table: str, key: str, values: list[object]) -> None:
    """Refuse the second row of ``table`` whose ``key`` repeats an earlier one's (None never repeats)."""
    seen: set[object] = set()
    for index, value in enumerate(values):
        if value is not None and value in seen:
            raise reader.fail(table, index, key, N_("“%(value)s” bị trùng với một dòng trước"), value=value)
        seen.add(value)


def parse_backup(reader: TableReader, data: dict[str, Any], spec: EventSpec) -> BackupSpec:
    """The delegates, check-ins, clock commands and messages of a backup, checked against each other."""
    header = reader.table(data, "backup", required=True)
    _unique(reader, "groups", "id", [g.id for g in spec.groups])
    _unique(reader, "agenda", "id", [row.id for item in spec.agenda for row in (item, *item.items)])
    codes = {g.code for g in spec.groups}

    delegates = [_delegate(reader, row, index, codes)
                 for index, row in enumerate(reader.rows(data, "delegates", maximum=100_000))]
    _unique(reader, "delegates", "id", [d.id for d in delegates])
    _unique(reader, "delegates", "number", [d.number for d in delegates])
    known = {d.id for d in delegates}

    checkins = [_checkin(reader, row, index, known)
                for index, row in enumerate(reader.rows(data, "checkins", maximum=1_000_000))]
    _unique(reader, "checkins", "id", [c.id for c in checkins])
    _unique(reader, "checkins", "client_id", [c.client_id for c in checkins])

    transitions = []
    for index, row in enumerate(reader.rows(data, "timer_transitions", maximum=1_000_000)):
        transitions.append(TransitionRecord(
            id=reader.record_id(row, "timer_transitions", index),
            command=reader.choice(row, "timer_transitions", index, "command", COMMAND_NAMES),
            at=reader.epoch_seconds(row, "timer_transitions", index, "at"),
            args=_command_args(reader, row, index),
            role=reader.text(row, "timer_transitions", index, "role", required=False, default="chair",
                             max_length=column_limit(TimerTransition.role)),
        ))
    _unique(reader, "timer_transitions", "id", [t.id for t in transitions])
    _check_clock(reader, spec, transitions)

    messages = []
    for index, row in enumerate(reader.rows(data, "messages", maximum=1_000_000)):
        messages.append(MessageRecord(
            id=reader.record_id(row, "messages", index),
            text=reader.text(row, "messages", index, "text", required=False, max_length=MAX_MESSAGE_LENGTH),
            sent_at=reader.moment(row, "messages", index, "sent_at"),  # type: ignore[arg-type]
            cleared_at=reader.moment(row, "messages", index, "cleared_at", required=False),
        ))
    _unique(reader, "messages", "id", [m.id for m in messages])

    return BackupSpec(
        exported_at=reader.moment(header, "backup", 0, "exported_at"),  # type: ignore[arg-type]
        delegates=tuple(delegates), checkins=tuple(checkins), transitions=tuple(transitions),
        messages=tuple(messages),
    )


def _delegate(reader: TableReader, row: dict[str, Any], index: int, codes: set[str]) -> DelegateRecord:
    def text(key: str, column: object, **options: Any) -> str:
        return reader.text(row, "delegates", index, key, max_length=column_limit(column), **options)

    def optional(key: str, column: object) -> str | None:
        return reader.optional_text(row, "delegates", index, key, max_length=column_limit(column))

    group = reader.text(row, "delegates", index, "group").upper()
    if group not in codes:
        raise reader.fail("delegates", index, "group", N_("không có nhóm “%(group)s” trong [[groups]]"), group=group)
    return DelegateRecord(
        id=reader.record_id(row, "delegates", index), group=group,
        number=text("number", Attendee.number),
        full_name=optional("full_name", Attendee.full_name),
        seat_label=optional("seat_label", Attendee.seat_label),
        position=text("position", Attendee.position, required=False),
        unit=text("unit", Attendee.unit, required=False),
        is_sample=reader.flag(row, "delegates", index, "is_sample"),
        badge_version=reader.integer(row, "delegates", index, "badge_version", default=1, minimum=1, maximum=10**6),
        revoked=reader.flag(row, "delegates", index, "revoked"),
        created_at=reader.moment(row, "delegates", index, "created_at"),  # type: ignore[arg-type]
        rank=reader.integer(row, "delegates", index, "rank", default=0, minimum=0, maximum=2**31 - 1),
        absence_reason=optional("absence_reason", Attendee.absence_reason),
        absence_recorded_at=reader.moment(row, "delegates", index, "absence_recorded_at", required=False),
        walk_in=reader.flag(row, "delegates", index, "walk_in"),
    )


def _checkin(reader: TableReader, row: dict[str, Any], index: int, known: set[int]) -> CheckInRecord:
    def optional(key: str, column: object) -> str | None:
        return reader.optional_text(row, "checkins", index, key, max_length=column_limit(column))

    delegate = reader.record_id(row, "checkins", index, "delegate")
    if delegate not in known:
        raise reader.fail("checkins", index, "delegate", N_("không có đại biểu id %(id)d trong [[delegates]]"),
                          id=delegate)
    return CheckInRecord(
        id=reader.record_id(row, "checkins", index), delegate=delegate,
        action=reader.choice(row, "checkins", index, "action", CHECKIN_ACTIONS),
        desk=reader.text(row, "checkins", index, "desk", required=False, max_length=column_limit(CheckIn.desk)),
        client_id=optional("client_id", CheckIn.client_id),
        scanned_at=reader.moment(row, "checkins", index, "scanned_at"),  # type: ignore[arg-type]
        recorded_at=reader.moment(row, "checkins", index, "recorded_at"),  # type: ignore[arg-type]
        holder_name=optional("holder_name", CheckIn.holder_name),
        reason=optional("reason", CheckIn.reason),
        answer=reader.choice(row, "checkins", index, "answer", CHECKIN_ANSWERS),
        stand_in_name=optional("stand_in_name", CheckIn.stand_in_name),
        stand_in_position=optional("stand_in_position", CheckIn.stand_in_position),
    )


def _command_args(reader: TableReader, row: dict[str, Any], index: int) -> dict[str, Any]:
    """A clock command's ``args``: only what a command takes, each of its type (stored as JSON, replayed)."""
    args = reader.table(row, "args", parent="timer_transitions", index=index)
    for key in args:
        if key not in COMMAND_ARGS:
            raise reader.fail("timer_transitions", index, "args",
                              N_("“%(key)s” không phải tham số của lệnh đồng hồ; chỉ có: %(keys)s"),
                              key=key, keys=", ".join(COMMAND_ARGS))
    checked: dict[str, Any] = {}
    if "seconds" in args:
        checked["seconds"] = reader.integer(args, "timer_transitions", index, "seconds", default=None,
                                            minimum=-MAX_ADJUST_SECONDS, maximum=MAX_ADJUST_SECONDS)
    if "item_id" in args:
        checked["item_id"] = reader.record_id(args, "timer_transitions", index, "item_id")
    if "order" in args:
        checked["order"] = list(reader.integers(args, "timer_transitions", index, "order", minimum=1,
                                                maximum=2**31 - 1))
    if "allotments" in args:  # a fit: [[item id, seconds], …]
        pairs = args["allotments"]
        if not isinstance(pairs, list) or not all(isinstance(pair, list) and len(pair) == 2 for pair in pairs):
            raise reader.fail("timer_transitions", index, "args",
                              N_("“allotments” phải là danh sách cặp [mã nội dung, số giây]"))
        checked["allotments"] = [
            [reader.integer({"allotments": item}, "timer_transitions", index, "allotments", default=None, minimum=1,
                            maximum=2**31 - 1),
             reader.integer({"allotments": seconds}, "timer_transitions", index, "allotments", default=None,
                            minimum=0, maximum=24 * 3600)]
            for item, seconds in pairs]
    if "end" in args:
        checked["end"] = reader.epoch_seconds(args, "timer_transitions", index, "end")
    return checked


def _check_clock(reader: TableReader, spec: EventSpec, transitions: list[TransitionRecord]) -> None:
    """The stored commands must replay over this agenda, in the order kiosk replays them (by id)."""
    programme = Programme.new([(item.id or 0, item.planned_seconds) for item in spec.timed_items()])
    for index, transition in sorted(enumerate(transitions), key=lambda pair: pair[1].id):
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
