"""The event file: a human-editable TOML description of one conference.

``parse_event_file`` turns it into plain dataclasses or raises ``EventFileError``
naming the file, the line and the field, so ``kiosk init`` can refuse a bad file
before it touches the database. No Flask, no database here.

A backup (``kiosk export``, read by kiosk.backup) is an event file too: the
same tables with each row's ``id``, plus a ``[backup]`` table and what the
event recorded. Here only its event part is read, ids required.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Protocol, TypeVar

from kiosk.errors import N_, Refusal, Translate
from kiosk.text import nfc

AGENDA_KINDS = ("opening", "report", "section", "presentation", "direction", "break", "other")
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,15}$")
_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
INTRODUCE_MODES = ("by_name", "summary")
"""How the MC introduces a group's delegates (kiosk.protocol.introductions); absent: from its size and seats."""


class Timed(Protocol):
    planned_seconds: int


T = TypeVar("T", bound=Timed)


def is_timed(item: Timed) -> bool:
    """The chair's clock runs an item that has a planned length (a section is timed through its items)."""
    return item.planned_seconds > 0


def timed(items: Iterable[T]) -> list[T]:
    """The items the chair's clock runs, in the order given: one rule for event files and rows."""
    return [item for item in items if is_timed(item)]


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
    introduce: str | None = None  # one of INTRODUCE_MODES, or None for the default
    introduce_as: str = ""  # "Về phía …" names this instead of the group's name
    summary: str = ""  # the words read for a summarised group, instead of "cùng đại diện …"


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

    @property
    def presentation_minutes(self) -> int:
        return self.presentation_seconds // 60

    def timed_items(self) -> list[AgendaSpec]:
        """The items the chair's clock runs, in programme order."""
        return timed([row for item in self.agenda for row in (item, *item.items)])


class EventFileError(Refusal):
    """A bad event file: says which file, which line and which field, in the reader's language."""

    def __init__(self, path: str, line: int | None, field_name: str, message: str, /, **params: Any) -> None:
        super().__init__("bad_event_file", message, field=field_name, **params)
        self.path, self.line, self.field_name = path, line, field_name

    def render(self, translate: Translate = str) -> str:
        where = {"file": self.path, "line": self.line, "field": self.field_name, "problem": super().render(translate)}
        if self.line:
            return translate(N_("%(file)s, dòng %(line)d: trường “%(field)s”: %(problem)s")) % where
        return translate(N_("%(file)s: trường “%(field)s”: %(problem)s")) % where


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


class TableReader:
    """Reads typed values out of a parsed TOML file, refusing each bad one with its file, line and field."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.locator = _Locator(text)

    def fail(self, table: str, index: int, key: str, message: str, /, **params: Any) -> EventFileError:
        return EventFileError(self.path, self.locator.line_of(table, index, key), key, message, **params)

    def text(self, data: dict[str, Any], table: str, index: int, key: str, *, required: bool = True,
             default: str = "") -> str:
        value = data.get(key, None)
        if value is None:
            if required:
                raise self.fail(table, index, key, N_("thiếu giá trị (bắt buộc)"))
            return default
        if not isinstance(value, str):
            raise self.fail(table, index, key, N_("phải là chuỗi văn bản trong dấu ngoặc kép"))
        value = nfc(value)
        if required and not value:
            raise self.fail(table, index, key, N_("không được để trống"))
        return value

    def integer(self, data: dict[str, Any], table: str, index: int, key: str, *, default: int | None,
                minimum: int, maximum: int) -> int:
        value = data.get(key, default)
        if value is None:
            raise self.fail(table, index, key, N_("thiếu giá trị (bắt buộc)"))
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(table, index, key, N_("phải là số nguyên"))
        if not minimum <= value <= maximum:
            raise self.fail(table, index, key, N_("phải từ %(min)d đến %(max)d, đang là %(value)d"), min=minimum, max=maximum, value=value)
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
            raise self.fail(table, index, key, N_("phải là true hoặc false"))
        return value

    def moment(self, data: dict[str, Any], table: str, index: int, key: str, *,
               required: bool = True) -> dt.datetime | None:
        value = data.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, dt.datetime) or value.tzinfo is None:
            raise self.fail(table, index, key, N_("phải là thời điểm có múi giờ, ví dụ 2026-06-18T08:00:00+07:00"))
        return value

    def optional_text(self, data: dict[str, Any], table: str, index: int, key: str) -> str | None:
        """A text that may be absent (None), unlike ``text(required=False)`` which gives ""."""
        return self.text(data, table, index, key, required=False) if key in data else None


def parse_event_file(path: str | Path) -> EventSpec:
    return parse_event_text(read_event_text(path), str(path))


def read_event_text(path: str | Path) -> str:
    """An event file's text (UTF-8, with or without BOM), or an EventFileError naming the file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise EventFileError(str(path), None, "(tệp)", N_("không đọc được tệp: %(reason)s"), reason=exc.strerror) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EventFileError(str(path), None, "(tệp)", N_("tệp không phải UTF-8")) from exc
    return text


def load_toml(text: str, path: str) -> tuple[dict[str, Any], TableReader]:
    """The parsed TOML and a reader that words errors with this file's lines."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise EventFileError(path, int(match.group(1)) if match else None, "(cú pháp TOML)",
                             N_("sai cú pháp TOML: %(error)s"), error=str(exc)) from exc
    return data, TableReader(path, text)


def carries_ids(data: dict[str, Any]) -> bool:
    """A backup (``[backup]``, kiosk.backup) carries every row's id; a plain event file may not."""
    return "backup" in data


def parse_event_text(text: str, path: str = "<event>") -> EventSpec:
    data, reader = load_toml(text, path)
    return event_spec_from(data, reader)


def event_spec_from(data: dict[str, Any], reader: TableReader) -> EventSpec:
    path = reader.path

    event = data.get("event")
    if not isinstance(event, dict):
        raise EventFileError(path, None, "event", N_("thiếu bảng [event]"))
    timing = data.get("timing", {})
    if not isinstance(timing, dict):
        raise EventFileError(path, reader.locator.line_of("timing", 0, None), "timing", N_("phải là một bảng"))

    date = reader.text(event, "event", 0, "date")
    if not _DATE.match(date):
        raise reader.fail("event", 0, "date", N_("“%(value)s” không đúng dạng YYYY-MM hoặc YYYY-MM-DD"), value=date)
    start_time = reader.text(event, "event", 0, "start_time", required=False, default="08:00")
    if not _TIME.match(start_time):
        raise reader.fail("event", 0, "start_time", N_("“%(value)s” không đúng dạng HH:MM (24 giờ)"), value=start_time)

    presentation_minutes = reader.integer(timing, "timing", 0, "presentation_minutes", default=10,
                                          minimum=1, maximum=240)
    amber = reader.integer(timing, "timing", 0, "amber_seconds", default=120, minimum=0, maximum=3600)
    red = reader.integer(timing, "timing", 0, "red_seconds", default=60, minimum=0, maximum=3600)
    if red > amber:
        raise reader.fail("timing", 0, "red_seconds", N_("ngưỡng đỏ phải nhỏ hơn hoặc bằng ngưỡng vàng"))

    organiser = reader.text(event, "event", 0, "organiser")
    title = reader.text(event, "event", 0, "title")
    is_backup = carries_ids(data)
    return EventSpec(
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


def _parse_groups(reader: TableReader, groups: Any, *, ids: bool) -> tuple[GroupSpec, ...]:
    if not isinstance(groups, list) or not groups:
        raise EventFileError(reader.path, None, "groups", N_("cần ít nhất một nhóm [[groups]]"))
    specs: list[GroupSpec] = []
    for index, group in enumerate(groups):
        code = reader.text(group, "groups", index, "code").upper()
        if not _CODE.match(code):
            raise reader.fail("groups", index, "code", N_("mã “%(code)s” chỉ gồm chữ không dấu, số, - hoặc _ (tối đa 16)"), code=code)
        if any(s.code == code for s in specs):
            raise reader.fail("groups", index, "code", N_("mã nhóm “%(code)s” bị trùng"), code=code)
        colour = reader.text(group, "groups", index, "colour")
        if not _COLOUR.match(colour):
            raise reader.fail("groups", index, "colour", N_("màu “%(colour)s” phải có dạng #RRGGBB"), colour=colour)
        seats = group.get("seats", False)
        if not isinstance(seats, bool):
            raise reader.fail("groups", index, "seats", N_("phải là true hoặc false"))
        specs.append(GroupSpec(
            code=code,
            name=reader.text(group, "groups", index, "name"),
            colour=colour.upper(),
            expected=reader.integer(group, "groups", index, "expected", default=0, minimum=0, maximum=10000),
            seat_area=reader.text(group, "groups", index, "seat_area", required=False),
            seats=seats,
            id=reader.row_id(group, "groups", index, required=ids),
            introduce=_introduce(reader, group, index),
            introduce_as=reader.text(group, "groups", index, "introduce_as", required=False),
            summary=reader.text(group, "groups", index, "summary", required=False),
        ))
    return tuple(specs)


def _introduce(reader: TableReader, group: dict[str, Any], index: int) -> str | None:
    mode = reader.text(group, "groups", index, "introduce", required=False)
    if mode and mode not in INTRODUCE_MODES:
        raise reader.fail("groups", index, "introduce", N_("“%(mode)s” không hợp lệ; dùng một trong: %(modes)s"),
                          mode=mode, modes=", ".join(INTRODUCE_MODES))
    return mode or None


def _parse_agenda(reader: TableReader, agenda: Any, presentation_minutes: int, *,
                  ids: bool) -> tuple[AgendaSpec, ...]:
    if not isinstance(agenda, list) or not agenda:
        raise EventFileError(reader.path, None, "agenda", N_("cần ít nhất một mục [[agenda]]"))
    specs: list[AgendaSpec] = []
    sub_index = 0  # [[agenda.items]] are counted across the whole file by the locator
    for index, item in enumerate(agenda):
        number = str(item.get("number", index + 1))
        sub_items = item.get("items", [])
        if not isinstance(sub_items, list):
            raise reader.fail("agenda", index, "items", N_("phải là danh sách [[agenda.items]]"))
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


def _agenda_item(reader: TableReader, item: Any, table: str, index: int, number: str, kind_default: str,
                 default_minutes: int, ids: bool) -> AgendaSpec:
    if not isinstance(item, dict):
        raise EventFileError(reader.path, reader.locator.line_of(table, index, None), table, N_("phải là một bảng"))
    kind = reader.text(item, table, index, "kind", required=False, default=kind_default)
    if kind not in AGENDA_KINDS:
        raise reader.fail(table, index, "kind", N_("“%(kind)s” không hợp lệ; dùng một trong: %(kinds)s"), kind=kind, kinds=", ".join(AGENDA_KINDS))
    minutes = reader.integer(item, table, index, "minutes", default=default_minutes, minimum=0, maximum=600)
    return AgendaSpec(
        number=reader.text(item, table, index, "number", required=False, default=number),
        kind=kind,
        title=reader.text(item, table, index, "title"),
        presenter=reader.text(item, table, index, "presenter", required=False),
        planned_seconds=minutes * 60,
        id=reader.row_id(item, table, index, required=ids),
    )
