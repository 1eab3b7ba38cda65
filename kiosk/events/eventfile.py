"""The event file: a human-editable TOML description of one conference.

``parse_event_file`` turns it into plain dataclasses or raises ``EventFileError``
naming the file, the line and the field, so ``kiosk init`` can refuse a bad file
before it touches the database. No Flask, no database here.

Everything the screens rely on is checked here, so that no accepted file can
make a screen fail later: each value's type (a table where a table belongs, an
array of tables where rows belong, text where text belongs), each text's length
(the column's) and no NUL in it, a known IANA time zone, a real date between
2000 and 2099, times of day on a 24-hour clock, and how deep brackets nest
(checked in the text before it is parsed: the standard library's parser
recurses, a file nested thousands deep would otherwise crash it). The
:class:`TableReader` helpers do these checks for any table and field, so a new
field is read with one call that refuses a bad value in the same words.

A backup (``kiosk export``, read by kiosk.backup) is an event file too: the
same tables with each row's ``id``, plus a ``[backup]`` table and what the
event recorded. Here only its event part is read, ids required.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tomllib
import zoneinfo
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol, TypeVar

from kiosk.errors import N_, Refusal, Translate
from kiosk.text import nfc

AGENDA_KINDS = ("opening", "report", "section", "presentation", "direction", "break", "other")
MAX_MESSAGE_LENGTH = 200  # a message to the presenter, saved or typed
MAX_QUICK_MESSAGES = 20
DEFAULT_QUICK_MESSAGES = ("Còn 2 phút", "Đề nghị kết thúc")  # an event file without [chair]
DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
# [event] fields the minutes (biên bản) name: who chairs, who keeps them; each optional, "" when absent.
MINUTES_FIELDS = ("chair_name", "chair_title", "secretary_name", "secretary_title")
# Events, and every moment a backup records, fall within these years: past them the
# screens' and reports' date arithmetic would leave what Python's datetime holds.
FIRST_YEAR, LAST_YEAR = 2000, 2099
EARLIEST = dt.datetime(FIRST_YEAR, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(LAST_YEAR + 1, 1, 1, tzinfo=dt.UTC)
MAX_NESTING = 8  # [ ] and { } inside one another; an event file needs 2
# Text columns without a length (kiosk.events.models): as long as the organiser's forms allow.
TITLE_LENGTH, GROUP_NAME_LENGTH, REFERENCE_LENGTH = 1000, 500, 5000

_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
_CODE = re.compile(r"[A-Z0-9][A-Z0-9_-]{0,15}")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?")
_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")
INTRODUCE_MODES = ("by_name", "summary")
"""How the MC introduces a group's delegates (kiosk.protocol.introductions); absent: from its size and seats."""


class Timed(Protocol):
    @property
    def planned_seconds(self) -> int: ...


T = TypeVar("T", bound=Timed)


def is_timed(item: Timed) -> bool:
    """The chair's clock runs an item that has a planned length (a section is timed through its items)."""
    return item.planned_seconds > 0


def timed(items: Iterable[T]) -> list[T]:
    """The items the chair's clock runs, in the order given: one rule for event files and rows."""
    return [item for item in items if is_timed(item)]


def default_event_path() -> Path:
    return Path(str(resources.files("kiosk.events") / "default_event.toml"))


def is_real_date(value: str) -> bool:
    """"2026-06" (a month) or "2026-06-18" (a day), ASCII digits, a month or day the calendar has."""
    match = _DATE.fullmatch(value)
    if not match or not 1 <= int(match[2]) <= 12:
        return False
    try:
        dt.date(int(match[1]) or 1, int(match[2]), int(match[3] or 1))
    except ValueError:
        return False
    return True


def is_event_date(value: str) -> bool:
    """A real date (:func:`is_real_date`) in FIRST_YEAR..LAST_YEAR."""
    return is_real_date(value) and FIRST_YEAR <= int(value[:4]) <= LAST_YEAR


def is_time_of_day(value: str) -> bool:
    """"08:00": hours and minutes on a 24-hour clock, two ASCII digits each."""
    return _TIME.fullmatch(value) is not None


@cache
def _zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def is_known_timezone(name: str) -> bool:
    """An IANA time zone this machine can load ("Asia/Ho_Chi_Minh"), exactly as spelled."""
    if name not in _zone_names():
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def in_time_range(moment: dt.datetime) -> bool:
    """A moment with its offset, within EARLIEST..LATEST."""
    return moment.tzinfo is not None and moment.utcoffset() is not None and EARLIEST <= moment < LATEST


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
    fit_floor_seconds: int = 300
    quick_messages: tuple[str, ...] = DEFAULT_QUICK_MESSAGES
    # The minutes' chair (chủ trì) and secretary (thư ký): name and position each, "" until known.
    chair_name: str = ""
    chair_title: str = ""
    secretary_name: str = ""
    secretary_title: str = ""

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
    """Finds the line of ``key`` inside the n-th ``[table]`` / ``[[array]]`` of a TOML text.

    A table written inline (``groups = [{ … }]``) or a value at the top
    (``agenda = [1, 2]``) is found by the line that assigns it.
    """

    _HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-\"' ]+?)\s*\]\]?")

    def __init__(self, text: str) -> None:
        # Lines as TOML counts them: only "\n" ends one (a U+2028 inside a string does not).
        self.lines = [line.removesuffix("\r") for line in text.split("\n")]

    @staticmethod
    def _assigns(key: str) -> re.Pattern[str]:
        """``key = …`` (or ``key.sub = …``) at the start of a line, or inside an inline table ``{ key = … }``."""
        return re.compile(rf"(?:^|[{{,])\s*[\"']?{re.escape(key)}[\"']?\s*[=.]")

    def line_of(self, table: str, index: int, key: str | None) -> int | None:
        if not table:
            return self._top_level(key) if key else None
        seen = -1
        inside = False
        header_line = None
        assigns = self._assigns(key) if key else None
        for number, line in enumerate(self.lines, start=1):
            header = self._HEADER.match(line)
            if header:
                if inside:
                    break
                if header.group(1).replace('"', "").replace("'", "").replace(" ", "") == table:
                    seen += 1
                    if seen == index:
                        inside, header_line = True, number
                continue
            if inside and assigns and assigns.search(line):
                return number
        if header_line is not None:
            return header_line
        return self._anywhere(table.rpartition(".")[2])

    def _top_level(self, key: str) -> int | None:
        """The line assigning ``key`` before the first table header, else its table's header."""
        assigns = self._assigns(key)
        for number, line in enumerate(self.lines, start=1):
            if self._HEADER.match(line):
                break
            if assigns.search(line):
                return number
        return self._anywhere(key)

    def _anywhere(self, key: str) -> int | None:
        """The first line that assigns ``key`` or opens a table of that name."""
        assigns = self._assigns(key)
        for number, line in enumerate(self.lines, start=1):
            header = self._HEADER.match(line)
            if (header and header.group(1).rpartition(".")[2] == key) or assigns.search(line):
                return number
        return None


class TableReader:
    """Reads typed values out of a parsed TOML file, refusing each bad one with its file, line and field.

    Every reader takes ``(data, table, index, key)``: the table's parsed
    values, its name as in its header ("event", "agenda.items"), which of the
    file's ``[[table]]`` it is (0 for a plain ``[table]``) and the field.
    """

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.locator = _Locator(text)

    def fail(self, table: str, index: int, key: str, message: str, /, **params: Any) -> EventFileError:
        return EventFileError(self.path, self.locator.line_of(table, index, key), key, message, **params)

    # --- tables and arrays of tables ---------------------------------------

    def table(self, data: Mapping[str, Any], key: str, *, parent: str = "", index: int = 0,
              required: bool = False) -> dict[str, Any]:
        """The table ``[key]`` (or ``[parent.key]``, ``key = { … }``); {} when absent and not required."""
        name = f"{parent}.{key}" if parent else key
        value = data.get(key)
        if value is None and not required:
            return {}
        if value is None:
            raise EventFileError(self.path, None, key, N_("thiếu bảng [%(table)s]"), table=name)
        if not isinstance(value, dict):
            raise self._misplaced(parent, index, key, N_("phải là một bảng [%(table)s], không phải %(kind)s"),
                                  table=name, kind=_kind(value))
        return value

    def rows(self, data: Mapping[str, Any], key: str, *, parent: str = "", index: int = 0,
             minimum: int = 0, maximum: int = 10000) -> list[dict[str, Any]]:
        """The rows of ``[[key]]`` (or ``[[parent.key]]``): an array whose every element is a table."""
        name = f"{parent}.{key}" if parent else key
        value = data.get(key, [])
        if not isinstance(value, list):
            raise self._misplaced(parent, index, key, N_("phải là danh sách bảng [[%(table)s]], không phải %(kind)s"),
                                  table=name, kind=_kind(value))
        for row in value:
            if not isinstance(row, dict):
                raise self._misplaced(parent, index, key,
                                      N_("phải là danh sách bảng [[%(table)s]], không phải %(kind)s"),
                                      table=name, kind=_kind(row))
        if len(value) < minimum:
            raise self._misplaced(parent, index, key, N_("cần ít nhất %(n)d mục [[%(table)s]]"), n=minimum, table=name)
        if len(value) > maximum:
            raise self._misplaced(parent, index, key, N_("nhiều quá %(n)d mục [[%(table)s]]"), n=maximum, table=name)
        return value

    def _misplaced(self, parent: str, index: int, key: str, message: str, /, **params: Any) -> EventFileError:
        """A refusal of a whole table or array, named by the line that opens or assigns it."""
        return EventFileError(self.path, self.locator.line_of(parent, index, key), key, message, **params)

    # --- values -------------------------------------------------------------

    def text(self, data: Mapping[str, Any], table: str, index: int, key: str, *, required: bool = True,
             default: str = "", max_length: int | None = None) -> str:
        """A text in quotes, NFC, without NUL (no database stores it), at most ``max_length`` characters."""
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
        if "\x00" in value:
            raise self.fail(table, index, key, N_("có ký tự NUL (\\u0000), không lưu được"))
        if max_length is not None and len(value) > max_length:
            raise self.fail(table, index, key, N_("dài quá %(max)d ký tự (đang là %(length)d)"),
                            max=max_length, length=len(value))
        return value

    def optional_text(self, data: Mapping[str, Any], table: str, index: int, key: str, *,
                      max_length: int | None = None) -> str | None:
        """A text that may be absent (None), unlike ``text(required=False)`` which gives ""."""
        return self.text(data, table, index, key, required=False, max_length=max_length) if key in data else None

    def choice(self, data: Mapping[str, Any], table: str, index: int, key: str, choices: Collection[str], *,
               default: str | None = None) -> str:
        """One of ``choices`` (required when there is no default)."""
        value = self.text(data, table, index, key, required=default is None, default=default or "")
        if value not in choices:
            raise self.fail(table, index, key, N_("“%(value)s” không hợp lệ; dùng một trong: %(choices)s"),
                            value=value, choices=", ".join(choices))
        return value

    def texts(self, data: Mapping[str, Any], table: str, index: int, key: str, *, max_length: int,
              max_items: int = 100) -> tuple[str, ...]:
        """A list of texts, ``["…", "…"]`` (empty when absent), each checked as :meth:`text`."""
        values = data.get(key, [])
        if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
            raise self.fail(table, index, key, N_("phải là danh sách chuỗi, ví dụ [\"…\", \"…\"]"))
        if len(values) > max_items:
            raise self.fail(table, index, key, N_("nhiều quá %(n)d giá trị"), n=max_items)
        return tuple(self.text({key: value}, table, index, key, required=False, max_length=max_length)
                     for value in values)

    def integer(self, data: Mapping[str, Any], table: str, index: int, key: str, *, default: int | None,
                minimum: int, maximum: int) -> int:
        value = data.get(key, default)
        if value is None:
            raise self.fail(table, index, key, N_("thiếu giá trị (bắt buộc)"))
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(table, index, key, N_("phải là số nguyên"))
        if not minimum <= value <= maximum:
            if abs(value) > 10**15:  # say so without printing a number of a thousand digits
                raise self.fail(table, index, key, N_("phải từ %(min)d đến %(max)d"), min=minimum, max=maximum)
            raise self.fail(table, index, key, N_("phải từ %(min)d đến %(max)d, đang là %(value)d"),
                            min=minimum, max=maximum, value=value)
        return value

    def integers(self, data: Mapping[str, Any], table: str, index: int, key: str, *, minimum: int, maximum: int,
                 max_items: int = 10000) -> tuple[int, ...]:
        """A list of whole numbers, ``[1, 2]``, each within minimum..maximum."""
        values = data.get(key, [])
        if not isinstance(values, list) or len(values) > max_items:
            raise self.fail(table, index, key, N_("phải là danh sách số nguyên, ví dụ [1, 2]"))
        return tuple(self.integer({key: value}, table, index, key, default=None, minimum=minimum, maximum=maximum)
                     for value in values)

    def epoch_seconds(self, data: Mapping[str, Any], table: str, index: int, key: str) -> float:
        """A moment as epoch seconds (a clock command's ``at``): finite, within EARLIEST..LATEST."""
        value = data.get(key)
        if (isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value)
                or not EARLIEST.timestamp() <= value < LATEST.timestamp()):
            raise self.fail(table, index, key, N_("phải là số giây kể từ 1970 (epoch) của một thời điểm trong "
                                                  "khoảng năm %(first)d đến %(last)d"),
                            first=FIRST_YEAR, last=LAST_YEAR)
        return float(value)

    def row_id(self, data: Mapping[str, Any], table: str, index: int, *, required: bool) -> int | None:
        """A row's ``id``: optional in an event file, required in a backup."""
        if data.get("id") is None and not required:
            return None
        return self.record_id(data, table, index)

    def record_id(self, data: Mapping[str, Any], table: str, index: int, key: str = "id") -> int:
        return self.integer(data, table, index, key, default=None, minimum=1, maximum=2**31 - 1)

    def flag(self, data: Mapping[str, Any], table: str, index: int, key: str, default: bool = False) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(table, index, key, N_("phải là true hoặc false"))
        return value

    def moment(self, data: Mapping[str, Any], table: str, index: int, key: str, *,
               required: bool = True) -> dt.datetime | None:
        """A moment with its offset (``2026-06-18T08:00:00+07:00``), within EARLIEST..LATEST."""
        value = data.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, dt.datetime) or value.tzinfo is None:
            raise self.fail(table, index, key, N_("phải là thời điểm có múi giờ, ví dụ 2026-06-18T08:00:00+07:00"))
        if not in_time_range(value):
            raise self.fail(table, index, key, N_("phải trong khoảng năm %(first)d đến %(last)d"),
                            first=FIRST_YEAR, last=LAST_YEAR)
        return value

    def date(self, data: Mapping[str, Any], table: str, index: int, key: str) -> str:
        """A date as text: "2026-06" (a month) or "2026-06-18", a real one, in FIRST_YEAR..LAST_YEAR."""
        value = self.text(data, table, index, key)
        if not _DATE.fullmatch(value):
            raise self.fail(table, index, key, N_("“%(value)s” không đúng dạng YYYY-MM hoặc YYYY-MM-DD"), value=value)
        if not is_real_date(value):
            raise self.fail(table, index, key, N_("“%(value)s” không phải ngày có thật"), value=value)
        if not is_event_date(value):
            raise self.fail(table, index, key, N_("năm phải từ %(first)d đến %(last)d, đang là “%(value)s”"),
                            value=value, first=FIRST_YEAR, last=LAST_YEAR)
        return value

    def time_of_day(self, data: Mapping[str, Any], table: str, index: int, key: str, *, default: str) -> str:
        value = self.text(data, table, index, key, required=False, default=default)
        if not is_time_of_day(value):
            raise self.fail(table, index, key, N_("“%(value)s” không đúng dạng HH:MM (24 giờ)"), value=value)
        return value

    def timezone(self, data: Mapping[str, Any], table: str, index: int, key: str, *,
                 default: str = DEFAULT_TIMEZONE) -> str:
        value = self.text(data, table, index, key, required=False, default=default,
                          max_length=_limits()["timezone"])
        if not is_known_timezone(value):
            raise self.fail(table, index, key, N_("“%(value)s” không phải múi giờ IANA đã biết, ví dụ "
                                                  "“Asia/Ho_Chi_Minh” (viết đúng chữ hoa, chữ thường)"), value=value)
        return value


def _kind(value: object) -> str:
    """What a TOML value is, in the words of the messages (a table, a list, a text, …)."""
    if isinstance(value, dict):
        return N_("một bảng")
    if isinstance(value, list):
        return N_("một danh sách")
    if isinstance(value, str):
        return N_("một chuỗi")
    if isinstance(value, bool):
        return N_("true/false")
    if isinstance(value, (int, float)):
        return N_("một con số")
    return N_("một ngày giờ")


def parse_event_file(path: str | Path) -> EventSpec:
    return parse_event_text(read_event_text(path), str(path))


def read_event_text(path: str | Path) -> str:
    """An event file's text (UTF-8, with or without BOM), or an EventFileError naming the file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise EventFileError(str(path), None, "(tệp)", N_("không đọc được tệp: %(reason)s"),
                             reason=exc.strerror) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EventFileError(str(path), None, "(tệp)", N_("tệp không phải UTF-8")) from exc
    return text


_SCAN = re.compile(r"\"\"\"|'''|[\"'#\[\]{}\n\\]")
_KEY_AT_START = re.compile(r"\s*([A-Za-z0-9_.\-]+)\s*=")


def check_nesting(text: str, path: str, limit: int = MAX_NESTING) -> None:
    """Refuse brackets nested deeper than ``limit``, naming the line, before a parser recurses into them.

    A scan of the text that skips strings and comments and counts ``[`` and
    ``{``; it need not judge what is valid TOML (the parser does that next).
    """
    depth, line = 0, 1
    state = ""  # outside strings, or inside '"', "'", '"""', "'''" or a comment "#"
    skip_to = -1  # a backslash in a basic string escapes the next character
    for match in _SCAN.finditer(text):
        token = match.group()
        if match.start() < skip_to:
            continue
        if token == "\n":
            line += 1
            if state in ('"', "'", "#"):
                state = ""
        elif state == "#":
            continue
        elif state:
            if token == "\\" and state in ('"', '"""'):
                skip_to = match.end() + 1
                line += text.startswith("\n", match.end())
            elif token == state or (len(state) == 1 and token[0] == state):
                state = ""
        elif token in ('"', "'", '"""', "'''", "#"):
            state = token
        elif token in ("[", "{"):
            depth += 1
            if depth > limit:
                key = _KEY_AT_START.match(text.split("\n")[line - 1])
                raise EventFileError(path, line, key.group(1) if key else "(cú pháp TOML)",
                                     N_("ngoặc [ ] hoặc { } lồng nhau quá %(max)d lớp"), max=limit)
        elif token in ("]", "}"):
            depth = max(0, depth - 1)


def load_toml(text: str, path: str) -> tuple[dict[str, Any], TableReader]:
    """The parsed TOML and a reader that words errors with this file's lines."""
    check_nesting(text, path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise EventFileError(path, int(match.group(1)) if match else None, "(cú pháp TOML)",
                             N_("sai cú pháp TOML: %(error)s"), error=str(exc)) from exc
    except RecursionError as exc:  # what check_nesting did not see (it only counts brackets)
        raise EventFileError(path, None, "(cú pháp TOML)",
                             N_("ngoặc [ ] hoặc { } lồng nhau quá %(max)d lớp"), max=MAX_NESTING) from exc
    return data, TableReader(path, text)


def carries_ids(data: dict[str, Any]) -> bool:
    """A backup (``[backup]``, kiosk.backup) carries every row's id; a plain event file may not."""
    return "backup" in data


def parse_event_text(text: str, path: str = "<event>") -> EventSpec:
    data, reader = load_toml(text, path)
    return event_spec_from(data, reader)


@cache
def _limits() -> dict[str, int]:
    """The columns' lengths (kiosk.events.models imports this module, so they are looked up when first read)."""
    from kiosk.db import column_limit
    from kiosk.events.models import AgendaItem, AttendeeGroup, Event

    return {
        "short_title": column_limit(Event.short_title), "organiser": column_limit(Event.organiser),
        "organiser_short": column_limit(Event.organiser_short), "place": column_limit(Event.place),
        "signer_title": column_limit(Event.signer_title), "signer_name": column_limit(Event.signer_name),
        **{key: column_limit(getattr(Event, key)) for key in MINUTES_FIELDS},
        "seat_area": column_limit(AttendeeGroup.seat_area), "number": column_limit(AgendaItem.number),
        "presenter": column_limit(AgendaItem.presenter), "timezone": column_limit(Event.timezone),
    }


def event_spec_from(data: dict[str, Any], reader: TableReader) -> EventSpec:
    limits = _limits()
    event = reader.table(data, "event", required=True)
    timing = reader.table(data, "timing")

    def text(key: str, **options: Any) -> str:
        return reader.text(event, "event", 0, key, max_length=limits.get(key, TITLE_LENGTH), **options)

    date = reader.date(event, "event", 0, "date")
    start_time = reader.time_of_day(event, "event", 0, "start_time", default="08:00")
    timezone = reader.timezone(event, "event", 0, "timezone")

    presentation_minutes = reader.integer(timing, "timing", 0, "presentation_minutes", default=10,
                                          minimum=1, maximum=240)
    amber = reader.integer(timing, "timing", 0, "amber_seconds", default=120, minimum=0, maximum=3600)
    red = reader.integer(timing, "timing", 0, "red_seconds", default=60, minimum=0, maximum=3600)
    if red > amber:
        raise reader.fail("timing", 0, "red_seconds", N_("ngưỡng đỏ phải nhỏ hơn hoặc bằng ngưỡng vàng"))
    fit_floor_minutes = reader.integer(timing, "timing", 0, "fit_floor_minutes", default=5, minimum=1, maximum=60)

    organiser = text("organiser")
    title = text("title")
    is_backup = carries_ids(data)
    return EventSpec(
        title=title,
        short_title=text("short_title", required=False, default=title[:80]),
        organiser=organiser,
        organiser_short=text("organiser_short", required=False, default=organiser[:limits["organiser_short"]]),
        place=text("place"),
        date=date,
        start_time=start_time,
        timezone=timezone,
        reference=reader.text(event, "event", 0, "reference", required=False, max_length=REFERENCE_LENGTH),
        signer_title=text("signer_title", required=False),
        signer_name=text("signer_name", required=False),
        presentation_seconds=presentation_minutes * 60,
        amber_seconds=amber,
        red_seconds=red,
        groups=_parse_groups(reader, data, ids=is_backup),
        agenda=_parse_agenda(reader, data, presentation_minutes, ids=is_backup),
        id=reader.row_id(event, "event", 0, required=is_backup),
        fit_floor_seconds=fit_floor_minutes * 60,
        quick_messages=_parse_quick_messages(reader, data.get("chair", {})),
        **{key: text(key, required=False) for key in MINUTES_FIELDS},
    )


def quick_message_text(text: str) -> str:
    """A saved message as it is kept: NFC, spaces collapsed (as the organiser's forms read text)."""
    return " ".join(nfc(text).split())


def _parse_quick_messages(reader: TableReader, chair: Any) -> tuple[str, ...]:
    """``[chair] quick_messages``: the chair's saved messages, in the order of their buttons."""
    if not isinstance(chair, dict):
        raise EventFileError(reader.path, reader.locator.line_of("chair", 0, None), "chair", N_("phải là một bảng"))
    if "quick_messages" not in chair:
        return DEFAULT_QUICK_MESSAGES
    value = chair["quick_messages"]

    def fail(message: str, **params: Any) -> EventFileError:
        return reader.fail("chair", 0, "quick_messages", message, **params)

    if not isinstance(value, list) or not all(isinstance(text, str) for text in value):
        raise fail(N_("phải là danh sách chuỗi, ví dụ [\"Còn 2 phút\", \"Đề nghị kết thúc\"]"))
    if len(value) > MAX_QUICK_MESSAGES:
        raise fail(N_("tối đa %(max)d tin nhắn"), max=MAX_QUICK_MESSAGES)
    messages: list[str] = []
    for raw in value:
        text = quick_message_text(raw)
        if not text:
            raise fail(N_("có một tin nhắn để trống"))
        if len(text) > MAX_MESSAGE_LENGTH:
            raise fail(N_("tin nhắn “%(text)s” dài quá %(max)d ký tự"), text=text[:40] + "…", max=MAX_MESSAGE_LENGTH)
        if text in messages:
            raise fail(N_("tin nhắn “%(text)s” bị trùng"), text=text)
        messages.append(text)
    return tuple(messages)


def _parse_groups(reader: TableReader, data: dict[str, Any], *, ids: bool) -> tuple[GroupSpec, ...]:
    specs: list[GroupSpec] = []
    for index, group in enumerate(reader.rows(data, "groups", minimum=1, maximum=200)):
        code = reader.text(group, "groups", index, "code").upper()
        if not _CODE.fullmatch(code):
            raise reader.fail("groups", index, "code",
                              N_("mã “%(code)s” chỉ gồm chữ không dấu, số, - hoặc _ (tối đa 16)"), code=code)
        if any(s.code == code for s in specs):
            raise reader.fail("groups", index, "code", N_("mã nhóm “%(code)s” bị trùng"), code=code)
        colour = reader.text(group, "groups", index, "colour")
        if not _COLOUR.fullmatch(colour):
            raise reader.fail("groups", index, "colour", N_("màu “%(colour)s” phải có dạng #RRGGBB"), colour=colour)
        specs.append(GroupSpec(
            code=code,
            name=reader.text(group, "groups", index, "name", max_length=GROUP_NAME_LENGTH),
            colour=colour.upper(),
            expected=reader.integer(group, "groups", index, "expected", default=0, minimum=0, maximum=10000),
            seat_area=reader.text(group, "groups", index, "seat_area", required=False,
                                  max_length=_limits()["seat_area"]),
            seats=reader.flag(group, "groups", index, "seats"),
            id=reader.row_id(group, "groups", index, required=ids),
            introduce=_introduce(reader, group, index),
            introduce_as=reader.text(group, "groups", index, "introduce_as", required=False,
                                     max_length=GROUP_NAME_LENGTH),
            summary=reader.text(group, "groups", index, "summary", required=False, max_length=TITLE_LENGTH),
        ))
    return tuple(specs)


def _introduce(reader: TableReader, group: dict[str, Any], index: int) -> str | None:
    """One of INTRODUCE_MODES; absent, None (the default from the group's size and seats)."""
    return reader.choice(group, "groups", index, "introduce", INTRODUCE_MODES) if "introduce" in group else None


def _parse_agenda(reader: TableReader, data: dict[str, Any], presentation_minutes: int, *,
                  ids: bool) -> tuple[AgendaSpec, ...]:
    specs: list[AgendaSpec] = []
    sub_index = 0  # [[agenda.items]] are counted across the whole file by the locator
    for index, item in enumerate(reader.rows(data, "agenda", minimum=1, maximum=500)):
        number = reader.text(item, "agenda", index, "number", required=False, default=str(index + 1))
        children = []
        for position, sub in enumerate(reader.rows(item, "items", parent="agenda", index=index, maximum=500),
                                       start=1):
            children.append(_agenda_item(reader, sub, "agenda.items", sub_index, f"{number}.{position}",
                                         "presentation", presentation_minutes, ids))
            sub_index += 1
        kind_default = "section" if children else "other"
        spec = _agenda_item(reader, item, "agenda", index, number, kind_default,
                            0 if children else presentation_minutes, ids)
        specs.append(AgendaSpec(spec.number, spec.kind, spec.title, spec.presenter,
                                0 if children else spec.planned_seconds, tuple(children), spec.id))
    return tuple(specs)


def _agenda_item(reader: TableReader, item: dict[str, Any], table: str, index: int, number: str, kind_default: str,
                 default_minutes: int, ids: bool) -> AgendaSpec:
    limits = _limits()
    kind = reader.choice(item, table, index, "kind", AGENDA_KINDS, default=kind_default)
    minutes = reader.integer(item, table, index, "minutes", default=default_minutes, minimum=0, maximum=600)
    return AgendaSpec(
        number=reader.text(item, table, index, "number", required=False, default=number,
                           max_length=limits["number"]),
        kind=kind,
        title=reader.text(item, table, index, "title", max_length=TITLE_LENGTH),
        presenter=reader.text(item, table, index, "presenter", required=False, max_length=limits["presenter"]),
        planned_seconds=minutes * 60,
        id=reader.row_id(item, table, index, required=ids),
    )
