"""The event file: a human-editable TOML description of one conference.

``parse_event_file`` turns it into plain dataclasses or raises ``EventFileError``
naming the file, the line and the field, so ``kiosk init`` can refuse a bad file
before it touches the database. No Flask, no database here.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from kiosk.text import nfc

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


@dataclass(frozen=True)
class AgendaSpec:
    number: str
    kind: str
    title: str
    presenter: str
    planned_seconds: int
    items: tuple[AgendaSpec, ...] = ()


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
        groups=_parse_groups(reader, data.get("groups")),
        agenda=_parse_agenda(reader, data.get("agenda"), presentation_minutes),
    )


def _parse_groups(reader: _Reader, groups: Any) -> tuple[GroupSpec, ...]:
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
        ))
    return tuple(specs)


def _parse_agenda(reader: _Reader, agenda: Any, presentation_minutes: int) -> tuple[AgendaSpec, ...]:
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
                                         "presentation", presentation_minutes))
            sub_index += 1
        kind_default = "section" if children else "other"
        spec = _agenda_item(reader, item, "agenda", index, number, kind_default,
                            0 if children else presentation_minutes)
        specs.append(AgendaSpec(spec.number, spec.kind, spec.title, spec.presenter,
                                0 if children else spec.planned_seconds, tuple(children)))
    return tuple(specs)


def _agenda_item(reader: _Reader, item: Any, table: str, index: int, number: str, kind_default: str,
                 default_minutes: int) -> AgendaSpec:
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
    )
