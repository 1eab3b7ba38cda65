"""Loading the organiser's delegate list (CSV or XLSX) in one go, or not at all.

Columns are found by their headers, Vietnamese or English, with or without
accents, in any case. Vietnamese delegate lists are written in protocol order:
the rows' order is each delegate's rank within their group, unless an order
column ("STT", "Thứ tự", "Order") numbers them otherwise (a row without a
number keeps its place after the row above it). Every problem is reported at
once, each naming the row as the spreadsheet shows it (the header is row 1),
the column and the reason; a list with any problem changes nothing, a list
without is added whole (through kiosk.attendees.service.load_roster, in the
caller's transaction).
No Flask here.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.attendees.models import Attendee
from kiosk.attendees.service import load_roster
from kiosk.events.models import AttendeeGroup, Event
from kiosk.text import decode_text, fold, nfc

SUFFIXES = (".csv", ".xlsx")
# Folded header → field. Parentheses and punctuation in headers are ignored ("Họ và tên (*)").
HEADERS = {
    "name": ("ho va ten", "ho ten", "ten", "name", "full name", "fullname", "ten dai bieu", "ho va ten dai bieu"),
    "position": ("chuc vu", "chuc danh", "position", "title", "job title"),
    "unit": ("don vi", "co quan", "co quan don vi", "don vi cong tac", "unit", "organisation", "organization"),
    "group": ("nhom", "thanh phan", "nhom dai bieu", "ma nhom", "group"),
    "seat_label": ("ghe", "so ghe", "cho ngoi", "vi tri ngoi", "seat", "seat label"),
    "order": ("stt", "tt", "so tt", "thu tu", "so thu tu", "order", "no"),
}
REQUIRED = ("name", "group")
LIMITS = {"name": 200, "position": 200, "unit": 300, "seat_label": 200}
MAX_ROWS = 5000
_HEADER_SEARCH_ROWS = 10  # a title ("DANH SÁCH ĐẠI BIỂU …") may stand above the header


@dataclass(frozen=True)
class RosterError:
    row: int | None  # as the spreadsheet shows it; None for the file as a whole
    column: str | None  # "C (Nhóm)"
    message: str

    def __str__(self) -> str:
        where = [f"dòng {self.row}"] if self.row is not None else []
        where += [f"cột {self.column}"] if self.column else []
        place = ", ".join(where) or "tệp"
        return f"{place[:1].upper()}{place[1:]}: {self.message}"


@dataclass(frozen=True)
class RosterRow:
    row: int
    group: str  # the group's code
    name: str
    seat_label: str
    position: str
    unit: str
    order: tuple[int, int] = (0, 0)  # protocol order: (the order column's number, or the one above; the row)


@dataclass(frozen=True)
class RosterCheck:
    rows: tuple[RosterRow, ...]
    errors: tuple[RosterError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


class _Unreadable(Exception):
    pass


def import_roster(session: Session, event: Event, filename: str, data: bytes, *, dry_run: bool = False) -> RosterCheck:
    """Check the list and, when it has no error and this is no dry run, add every delegate (the caller commits)."""
    check = check_roster(session, event, filename, data)
    if check.ok and not dry_run:
        rows = sorted(check.rows, key=lambda r: r.order)  # each group's ranks follow
        load_roster(session, event, ({"group": r.group, "name": r.name, "seat_label": r.seat_label,
                                      "position": r.position, "unit": r.unit} for r in rows), is_sample=False,
                    source=filename)
    return check


def check_roster(session: Session, event: Event, filename: str, data: bytes) -> RosterCheck:
    try:
        table = read_table(filename, data)
    except _Unreadable as error:
        return RosterCheck((), (RosterError(None, None, str(error)),))
    found = _find_header(table)
    if found is None:
        return RosterCheck((), (RosterError(1, None, "không thấy dòng tiêu đề có cột họ tên (“Họ và tên”, "
                                                     "“Họ tên”, “Name”) và cột nhóm (“Nhóm”, “Thành phần”, “Group”)"),))
    header_index, columns = found
    header = table[header_index]
    missing = [field for field in REQUIRED if field not in columns]
    if missing:
        names = {"name": "họ tên (“Họ và tên”, “Name”)", "group": "nhóm (“Nhóm”, “Thành phần”, “Group”)"}
        return RosterCheck((), tuple(RosterError(header_index + 1, None, f"không có cột {names[field]}")
                                     for field in missing))
    if len(table) - header_index - 1 > MAX_ROWS:
        return RosterCheck((), (RosterError(None, None, f"quá {MAX_ROWS} dòng; hãy chia thành nhiều tệp"),))

    def label(field: str) -> str:
        index = columns[field]
        return f"{_column_letter(index)} ({header[index]})"

    groups = _GroupMatcher(event.groups)
    existing = {_person_key(a.full_name or a.seat_label, a.unit): a.number for a in session.scalars(
        select(Attendee).where(Attendee.event_id == event.id, Attendee.revoked.is_(False)))}
    seen: dict[tuple[str, str], int] = {}
    rows: list[RosterRow] = []
    errors: list[RosterError] = []
    order = 0
    for index in range(header_index + 1, len(table)):
        line = table[index]
        if not any(cell.strip() for cell in line):
            continue
        number = index + 1
        values = {field: nfc(line[col]) if col < len(line) else "" for field, col in columns.items()}
        values = {field: " ".join(value.split()) for field, value in values.items()}
        row_errors = [RosterError(number, label(field), f"dài quá {limit} ký tự")
                      for field, limit in LIMITS.items() if len(values.get(field, "")) > limit]
        if not values["name"] and not values.get("seat_label"):
            row_errors.append(RosterError(number, label("name"), "họ tên trống"))
        if values.get("order"):
            digits = values["order"].removesuffix(".")
            if digits.isascii() and digits.isdigit() and len(digits) <= 6:
                order = int(digits)
            else:
                row_errors.append(RosterError(number, label("order"),
                                              f"số thứ tự “{values['order'][:20]}” phải là số nguyên"))
        group = None
        if not values["group"]:
            row_errors.append(RosterError(number, label("group"), "thiếu nhóm"))
        else:
            group = groups.find(values["group"])
            if group is None:
                suggestion = groups.closest(values["group"])
                hint = f"; có phải “{suggestion.code} – {suggestion.name}”?" if suggestion else ""
                row_errors.append(RosterError(number, label("group"),
                                              f"không có nhóm “{values['group']}”{hint}"))
        key = _person_key(values["name"] or values.get("seat_label"), values.get("unit"))
        if key in seen:
            row_errors.append(RosterError(number, label("name"), f"trùng đại biểu ở dòng {seen[key]} "
                                                                 "(cùng họ tên và đơn vị)"))
        elif key in existing:
            row_errors.append(RosterError(number, label("name"), f"đại biểu đã có trong danh sách "
                                                                 f"(thẻ {existing[key]})"))
        seen.setdefault(key, number)
        errors += row_errors
        if not row_errors and group is not None:
            rows.append(RosterRow(number, group.code, values["name"], values.get("seat_label", ""),
                                  values.get("position", ""), values.get("unit", ""), (order, number)))
    if not rows and not errors:
        errors.append(RosterError(None, None, "danh sách không có đại biểu nào"))
    return RosterCheck(tuple(rows), tuple(errors))


def _person_key(name: str | None, unit: str | None) -> tuple[str, str]:
    return fold(name), fold(unit)


def _header_key(cell: str) -> str:
    return " ".join(re.sub(r"\([^)]*\)|[^a-z0-9]+", " ", fold(cell)).split())


def _find_header(table: Sequence[Sequence[str]]) -> tuple[int, dict[str, int]] | None:
    """The first row naming at least the name column, and which column holds which field."""
    for index, row in enumerate(table[:_HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for col, cell in enumerate(row):
            key = _header_key(cell)
            field = next((f for f, names in HEADERS.items() if key in names), None)
            if field and field not in columns:
                columns[field] = col
        if "name" in columns:
            return index, columns
    return None


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


class _GroupMatcher:
    """A group cell names a group by its code or its name, in any case, with or without accents."""

    def __init__(self, groups: Sequence[AttendeeGroup]) -> None:
        self.groups = groups
        self.by_key: dict[str, AttendeeGroup] = {}
        for group in groups:
            self.by_key.setdefault(fold(group.code), group)
            self.by_key.setdefault(fold(group.name), group)

    def find(self, cell: str) -> AttendeeGroup | None:
        return self.by_key.get(fold(cell))

    def closest(self, cell: str) -> AttendeeGroup | None:
        """The group most like ``cell``: its code, its name, or a run of as many words of its name
        ("truong hoc" is in "Lãnh đạo các trường học, …")."""
        wanted = fold(cell)
        size = len(wanted.split())

        def likeness(group: AttendeeGroup) -> float:
            words = fold(group.name).replace(",", " ").split()
            runs = [" ".join(words[i:i + size]) for i in range(max(1, len(words) - size + 1))]
            return max(difflib.SequenceMatcher(None, wanted, key).ratio()
                       for key in (fold(group.code), fold(group.name), *runs))

        best = max(self.groups, key=likeness, default=None)
        return best if best is not None and likeness(best) >= 0.6 else None


# --- reading the file ------------------------------------------------------------------


def read_table(filename: str, data: bytes) -> list[list[str]]:
    """Rows of cells as text: an XLSX's first sheet, or a CSV in any encoding an office writes."""
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".xls" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _Unreadable("tệp Excel 97-2003 (.xls): hãy lưu thành .xlsx hoặc CSV")
    try:
        text = decode_text(data)
    except UnicodeDecodeError as error:
        raise _Unreadable("không đọc được tệp: không phải CSV (UTF-8, UTF-16 hay Windows-1258) "
                          "hoặc Excel (.xlsx)") from error
    if "\x00" in text or not text.strip():
        raise _Unreadable("không đọc được tệp: tệp trống hoặc không phải CSV/XLSX")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise _Unreadable("không đọc được tệp Excel (.xlsx): tệp hỏng") from error
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
