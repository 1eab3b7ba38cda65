"""The event file: a human-editable TOML description of one conference.

``parse_event_file`` turns it into plain dataclasses or raises ``EventFileError``
naming the file, the line and the field, so ``kiosk init`` can refuse a bad file
before it touches the database. No Flask, no database here.

A backup (``kiosk export``) is an event file too: the same tables with each
row's ``id``, plus a ``[backup]`` table and the delegates, check-ins, clock
commands and presenter messages. Ids are kept so that printed badges (signed
with the event's and the delegate's id) and the chair's stored commands (which
name agenda item ids) still hold after a restore.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from kiosk.text import nfc
from kiosk.timer.machine import Command, Programme, TransitionError, apply

AGENDA_KINDS = ("opening", "report", "section", "presentation", "direction", "break", "other")
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,15}$")
_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def default_event_path() -> Path:
    return Path(str(resources.files("kiosk.events") / "default_event.toml"))


@dataclass(frozen=True)
class GroupSpec:
    code: str
    name: str
    colour: str
    expected: int
    seat_area: str
    seats: bool
    id: int | None = None


@dataclass(frozen=True)
class AgendaSpec:
    number: str
    kind: str
    title: str
    presenter: str
    planned_seconds: int
    items: tuple[AgendaSpec, ...] = ()
    id: int | None = None


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


@dataclass(frozen=True)
class EventSpec:
    title: str
    short_title: str
    organiser: str
    organiser_short: str
    place: str
    date: str
    start_time: str
    timezone: str
    reference: str
    signer_title: str
    signer_name: str
    presentation_seconds: int
    amber_seconds: int
    red_seconds: int
    groups: tuple[GroupSpec, ...] = field(default_factory=tuple)
    agenda: tuple[AgendaSpec, ...] = field(default_factory=tuple)
    id: int | None = None
    backup: BackupSpec | None = None

    @property
    def presentation_minutes(self) -> int:
        return self.presentation_seconds // 60

    def timed_items(self) -> list[AgendaSpec]:
        """The items the chair's clock runs, in programme order (as kiosk.events.service.timed_items)."""
        flat = [row for item in self.agenda for row in (item, *item.items)]
        return [row for row in flat if row.planned_seconds > 0]


class EventFileError(ValueError):
    """A bad event file: says which file, which line and which field."""

    def __init__(self, path: str, line: int | None, field_name: str, message: str) -> None:
        self.path, self.line, self.field_name, self.message = path, line, field_name, message
        where = f"{path}, dòng {line}" if line else path
        super().__init__(f"{where}: trường “{field_name}”: {message}")


class _Locator:
    """Finds the line of ``key`` inside the n-th ``[table]`` / ``[[array]]`` of a TOML text."""

    _HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.]+)\s*\]\]?")

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def line_of(self, table: str, index: int, key: str | None) -> int | None:
        seen = -1
        inside = False
        header_line = None
        for number, line in enumerate(self.lines, start=1):
            header = self._HEADER.match(line)
            if header:
                if inside:
                    break
                if header.group(1) == table:
                    seen += 1
                    if seen == index:
                        inside, header_line = True, number
                continue
            if inside and key and re.match(rf"^\s*{re.escape(key)}\s*=", line):
                return number
        return header_line


class _Reader:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.locator = _Locator(text)

    def fail(self, table: str, index: int, key: str, message: str) -> EventFileError:
        return EventFileError(self.path, self.locator.line_of(table, index, key), key, message)

    def text(self, data: dict[str, Any], table: str, index: int, key: str, *, required: bool = True,
             default: str = "") -> str:
        value = data.get(key, None)
        if value is None:
            if required:
                raise self.fail(table, index, key, "thiếu giá trị (bắt buộc)")
            return default
        if not isinstance(value, str):
            raise self.fail(table, index, key, "phải là chuỗi văn bản trong dấu ngoặc kép")
        value = nfc(value)
        if required and not value:
            raise self.fail(table, index, key, "không được để trống")
        return value

    def integer(self, data: dict[str, Any], table: str, index: int, key: str, *, default: int | None,
                minimum: int, maximum: int) -> int:
        value = data.get(key, default)
        if value is None:
            raise self.fail(table, index, key, "thiếu giá trị (bắt buộc)")
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(table, index, key, "phải là số nguyên")
        if not minimum <= value <= maximum:
            raise self.fail(table, index, key, f"phải từ {minimum} đến {maximum}, đang là {value}")
        return value

    def row_id(self, data: dict[str, Any], table: str, index: int, *, required: bool) -> int | None:
        """A row's ``id``: optional in an event file, required in a backup."""
        if data.get("id") is None and not required:
            return None
        return self.record_id(data, table, index)

    def record_id(self, data: dict[str, Any], table: str, index: int, key: str = "id") -> int:
        return self.integer(data, table, index, key, default=None, minimum=1, maximum=2**31 - 1)

    def flag(self, data: dict[str, Any], table: str, index: int, key: str, default: bool = False) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(table, index, key, "phải là true hoặc false")
        return value

    def moment(self, data: dict[str, Any], table: str, index: int, key: str, *,
               required: bool = True) -> dt.datetime | None:
        value = data.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, dt.datetime) or value.tzinfo is None:
            raise self.fail(table, index, key, "phải là thời điểm có múi giờ, ví dụ 2026-06-18T08:00:00+07:00")
        return value

    def optional_text(self, data: dict[str, Any], table: str, index: int, key: str) -> str | None:
        """A text that may be absent (None), unlike ``text(required=False)`` which gives ""."""
        return self.text(data, table, index, key, required=False) if key in data else None


def parse_event_file(path: str | Path) -> EventSpec:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise EventFileError(str(path), None, "(tệp)", f"không đọc được tệp: {exc.strerror}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EventFileError(str(path), None, "(tệp)", "tệp không phải UTF-8") from exc
    return parse_event_text(text, str(path))


def parse_event_text(text: str, path: str = "<event>") -> EventSpec:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise EventFileError(path, int(match.group(1)) if match else None, "(cú pháp TOML)",
                             f"sai cú pháp TOML: {exc}") from exc
    reader = _Reader(path, text)

    event = data.get("event")
    if not isinstance(event, dict):
        raise EventFileError(path, None, "event", "thiếu bảng [event]")
    timing = data.get("timing", {})
    if not isinstance(timing, dict):
        raise EventFileError(path, reader.locator.line_of("timing", 0, None), "timing", "phải là một bảng")

    date = reader.text(event, "event", 0, "date")
    if not _DATE.match(date):
        raise reader.fail("event", 0, "date", f"“{date}” không đúng dạng YYYY-MM hoặc YYYY-MM-DD")
    start_time = reader.text(event, "event", 0, "start_time", required=False, default="08:00")
    if not _TIME.match(start_time):
        raise reader.fail("event", 0, "start_time", f"“{start_time}” không đúng dạng HH:MM (24 giờ)")

    presentation_minutes = reader.integer(timing, "timing", 0, "presentation_minutes", default=10,
                                          minimum=1, maximum=240)
    amber = reader.integer(timing, "timing", 0, "amber_seconds", default=120, minimum=0, maximum=3600)
    red = reader.integer(timing, "timing", 0, "red_seconds", default=60, minimum=0, maximum=3600)
    if red > amber:
        raise reader.fail("timing", 0, "red_seconds", "ngưỡng đỏ phải nhỏ hơn hoặc bằng ngưỡng vàng")

    organiser = reader.text(event, "event", 0, "organiser")
    title = reader.text(event, "event", 0, "title")
    is_backup = "backup" in data
    spec = EventSpec(
        title=title,
        short_title=reader.text(event, "event", 0, "short_title", required=False, default=title[:80]),
        organiser=organiser,
        organiser_short=reader.text(event, "event", 0, "organiser_short", required=False, default=organiser),
        place=reader.text(event, "event", 0, "place"),
        date=date,
        start_time=start_time,
        timezone=reader.text(event, "event", 0, "timezone", required=False, default="Asia/Ho_Chi_Minh"),
        reference=reader.text(event, "event", 0, "reference", required=False),
        signer_title=reader.text(event, "event", 0, "signer_title", required=False),
        signer_name=reader.text(event, "event", 0, "signer_name", required=False),
        presentation_seconds=presentation_minutes * 60,
        amber_seconds=amber,
        red_seconds=red,
        groups=_parse_groups(reader, data.get("groups"), ids=is_backup),
        agenda=_parse_agenda(reader, data.get("agenda"), presentation_minutes, ids=is_backup),
        id=reader.row_id(event, "event", 0, required=is_backup),
    )
    if not is_backup:
        return spec
    return dataclasses.replace(spec, backup=_parse_backup(reader, data, spec))


def _parse_groups(reader: _Reader, groups: Any, *, ids: bool) -> tuple[GroupSpec, ...]:
    if not isinstance(groups, list) or not groups:
        raise EventFileError(reader.path, None, "groups", "cần ít nhất một nhóm [[groups]]")
    specs: list[GroupSpec] = []
    for index, group in enumerate(groups):
        code = reader.text(group, "groups", index, "code").upper()
        if not _CODE.match(code):
            raise reader.fail("groups", index, "code", f"mã “{code}” chỉ gồm chữ không dấu, số, - hoặc _ (tối đa 16)")
        if any(s.code == code for s in specs):
            raise reader.fail("groups", index, "code", f"mã nhóm “{code}” bị trùng")
        colour = reader.text(group, "groups", index, "colour")
        if not _COLOUR.match(colour):
            raise reader.fail("groups", index, "colour", f"màu “{colour}” phải có dạng #RRGGBB")
        seats = group.get("seats", False)
        if not isinstance(seats, bool):
            raise reader.fail("groups", index, "seats", "phải là true hoặc false")
        specs.append(GroupSpec(
            code=code,
            name=reader.text(group, "groups", index, "name"),
            colour=colour.upper(),
            expected=reader.integer(group, "groups", index, "expected", default=0, minimum=0, maximum=10000),
            seat_area=reader.text(group, "groups", index, "seat_area", required=False),
            seats=seats,
            id=reader.row_id(group, "groups", index, required=ids),
        ))
    return tuple(specs)


def _parse_agenda(reader: _Reader, agenda: Any, presentation_minutes: int, *,
                  ids: bool) -> tuple[AgendaSpec, ...]:
    if not isinstance(agenda, list) or not agenda:
        raise EventFileError(reader.path, None, "agenda", "cần ít nhất một mục [[agenda]]")
    specs: list[AgendaSpec] = []
    sub_index = 0  # [[agenda.items]] are counted across the whole file by the locator
    for index, item in enumerate(agenda):
        number = str(item.get("number", index + 1))
        sub_items = item.get("items", [])
        if not isinstance(sub_items, list):
            raise reader.fail("agenda", index, "items", "phải là danh sách [[agenda.items]]")
        children = []
        for position, sub in enumerate(sub_items, start=1):
            children.append(_agenda_item(reader, sub, "agenda.items", sub_index, f"{number}.{position}",
                                         "presentation", presentation_minutes, ids))
            sub_index += 1
        kind_default = "section" if children else "other"
        spec = _agenda_item(reader, item, "agenda", index, number, kind_default,
                            0 if children else presentation_minutes, ids)
        specs.append(AgendaSpec(spec.number, spec.kind, spec.title, spec.presenter,
                                0 if children else spec.planned_seconds, tuple(children), spec.id))
    return tuple(specs)


def _agenda_item(reader: _Reader, item: Any, table: str, index: int, number: str, kind_default: str,
                 default_minutes: int, ids: bool) -> AgendaSpec:
    if not isinstance(item, dict):
        raise EventFileError(reader.path, reader.locator.line_of(table, index, None), table, "phải là một bảng")
    kind = reader.text(item, table, index, "kind", required=False, default=kind_default)
    if kind not in AGENDA_KINDS:
        raise reader.fail(table, index, "kind", f"“{kind}” không hợp lệ; dùng một trong: {', '.join(AGENDA_KINDS)}")
    minutes = reader.integer(item, table, index, "minutes", default=default_minutes, minimum=0, maximum=600)
    return AgendaSpec(
        number=reader.text(item, table, index, "number", required=False, default=number),
        kind=kind,
        title=reader.text(item, table, index, "title"),
        presenter=reader.text(item, table, index, "presenter", required=False),
        planned_seconds=minutes * 60,
        id=reader.row_id(item, table, index, required=ids),
    )


# --- a backup's extra sections ---------------------------------------------------

CHECKIN_ACTIONS = ("in", "undo")


def _rows(reader: _Reader, data: dict[str, Any], table: str) -> list[dict[str, Any]]:
    rows = data.get(table, [])
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise EventFileError(reader.path, reader.locator.line_of(table, 0, None), table,
                             f"phải là danh sách [[{table}]]")
    return rows


def _unique_ids(reader: _Reader, table: str, ids: list[int | None]) -> None:
    seen: set[int | None] = set()
    for index, row_id in enumerate(ids):
        if row_id in seen:
            raise reader.fail(table, index, "id", f"id {row_id} bị trùng")
        seen.add(row_id)


def _parse_backup(reader: _Reader, data: dict[str, Any], spec: EventSpec) -> BackupSpec:
    """The delegates, check-ins, clock commands and messages of a backup, checked against each other."""
    header = data["backup"]
    if not isinstance(header, dict):
        raise EventFileError(reader.path, reader.locator.line_of("backup", 0, None), "backup", "phải là một bảng")
    _unique_ids(reader, "groups", [g.id for g in spec.groups])
    _unique_ids(reader, "agenda", [row.id for item in spec.agenda for row in (item, *item.items)])
    codes = {g.code for g in spec.groups}

    delegates = []
    for index, row in enumerate(_rows(reader, data, "delegates")):
        group = reader.text(row, "delegates", index, "group").upper()
        if group not in codes:
            raise reader.fail("delegates", index, "group", f"không có nhóm “{group}” trong [[groups]]")
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
        ))
    _unique_ids(reader, "delegates", [d.id for d in delegates])
    known = {d.id for d in delegates}

    checkins = []
    for index, row in enumerate(_rows(reader, data, "checkins")):
        delegate = reader.record_id(row, "checkins", index, "delegate")
        if delegate not in known:
            raise reader.fail("checkins", index, "delegate", f"không có đại biểu id {delegate} trong [[delegates]]")
        action = reader.text(row, "checkins", index, "action")
        if action not in CHECKIN_ACTIONS:
            raise reader.fail("checkins", index, "action", f"“{action}” phải là một trong: {', '.join(CHECKIN_ACTIONS)}")
        checkins.append(CheckInRecord(
            id=reader.record_id(row, "checkins", index), delegate=delegate, action=action,
            desk=reader.text(row, "checkins", index, "desk", required=False),
            client_id=reader.optional_text(row, "checkins", index, "client_id"),
            scanned_at=reader.moment(row, "checkins", index, "scanned_at"),  # type: ignore[arg-type]
            recorded_at=reader.moment(row, "checkins", index, "recorded_at"),  # type: ignore[arg-type]
            holder_name=reader.optional_text(row, "checkins", index, "holder_name"),
            reason=reader.optional_text(row, "checkins", index, "reason"),
            answer=reader.text(row, "checkins", index, "answer"),
        ))
    _unique_ids(reader, "checkins", [c.id for c in checkins])

    transitions = []
    for index, row in enumerate(_rows(reader, data, "timer_transitions")):
        at = row.get("at")
        if isinstance(at, bool) or not isinstance(at, (int, float)):
            raise reader.fail("timer_transitions", index, "at", "phải là số giây (epoch)")
        args = row.get("args", {})
        if not isinstance(args, dict):
            raise reader.fail("timer_transitions", index, "args", "phải là một bảng, ví dụ { seconds = 60 }")
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


def _check_clock(reader: _Reader, spec: EventSpec, transitions: list[TransitionRecord]) -> None:
    """The stored commands must replay over this agenda, or the restored clock could not be rebuilt."""
    programme = Programme.new([(item.id or 0, item.planned_seconds) for item in spec.timed_items()])
    for index, transition in enumerate(transitions):
        try:
            programme = apply(programme, Command(transition.command, transition.at, **transition.args))
        except (TransitionError, TypeError) as error:
            raise reader.fail("timer_transitions", index, "command",
                              f"lệnh đồng hồ không khớp với chương trình: {error}") from error
