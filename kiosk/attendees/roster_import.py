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

The file comes from anyone with the admin PIN, or from a careless office, so
reading it is bounded: `check_roster` runs `check_file` (pure: the file, the
event's groups and who is registered, as plain values) in a child process
limited in time and memory (kiosk.sandbox), so the server goes on answering
every screen meanwhile. Before parsing, `read_table` refuses a file over
10 MB and an XLSX whose parts would unzip past their limits (a zip bomb); it
reads at most MAX_COLUMNS columns and stops after the rows a list may have,
never trusting the size a sheet claims (its ``<dimension>``). A CSV may end
its lines in CR alone (Excel for Mac); a CSV field past 128 KiB (usually a
quote never closed) is refused with its line. The database is imported only
by the functions that use it: the child imports this module and needs none.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, Protocol

from kiosk import sandbox
from kiosk.errors import N_, Refusal, Translate, Words
from kiosk.text import decode_text, fold, is_one_line, nfc

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from kiosk.events.models import Event

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
MAX_COLUMNS = 50  # a list has a handful; cells further right are not read
MAX_FILE_BYTES = 10 * 1024 * 1024  # as /admin/import takes
MAX_UNZIPPED_MB = 64  # an XLSX's parts, unzipped: a 5,000-row list is a few MB
READING = sandbox.Limits(seconds=20, megabytes=768)  # the child that reads the file


@dataclass(frozen=True)
class RosterError:
    """One problem of a list, where the spreadsheet shows it; ``message`` is translatable (kiosk.errors.N_)."""

    row: int | None  # as the spreadsheet shows it; None for the file as a whole
    column: str | None  # "C (Nhóm)"
    message: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def problem(self, translate: Translate = str) -> str:
        """What is wrong, without where: “không có nhóm …”."""
        return Words(self.message, **self.params).render(translate)

    def render(self, translate: Translate = str) -> str:
        """“Dòng 3, cột C (Nhóm): không có nhóm …”, in the language of ``translate``."""
        where = {"row": self.row, "column": self.column, "problem": self.problem(translate)}
        if self.row is not None and self.column:
            return translate(N_("Dòng %(row)d, cột %(column)s: %(problem)s")) % where
        if self.row is not None:
            return translate(N_("Dòng %(row)d: %(problem)s")) % where
        return translate(N_("Tệp: %(problem)s")) % where

    def __str__(self) -> str:
        return self.render()


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
    """The file cannot be read as a list; ``row`` when one line is to blame."""

    def __init__(self, message: str, row: int | None = None, **params: Any) -> None:
        super().__init__(message, row)
        self.message, self.row, self.params = message, row, params


class Group(Protocol):
    @property
    def code(self) -> str: ...

    @property
    def name(self) -> str: ...


@dataclass(frozen=True)
class GroupName:
    """An attendee group as the check needs it, sent to the child process."""

    code: str
    name: str


def import_roster(session: Session, event: Event, filename: str, data: bytes, *, dry_run: bool = False) -> RosterCheck:
    """Check the list and, when it has no error and this is no dry run, add every delegate (the caller commits)."""
    from kiosk.attendees.service import load_roster

    check = check_roster(session, event, filename, data)
    if check.ok and not dry_run:
        rows = sorted(check.rows, key=lambda r: r.order)  # each group's ranks follow
        load_roster(session, event, ({"group": r.group, "name": r.name, "seat_label": r.seat_label,
                                      "position": r.position, "unit": r.unit} for r in rows), is_sample=False,
                    source=filename)
    return check


def check_roster(session: Session, event: Event, filename: str, data: bytes) -> RosterCheck:
    """`check_file` against the event's groups and delegates, in a bounded child process (kiosk.sandbox)."""
    from sqlalchemy import select

    from kiosk.attendees.models import Attendee

    if len(data) > MAX_FILE_BYTES:
        return _refused(f"tệp “{filename}” lớn quá {MAX_FILE_BYTES // (1024 * 1024)} MB")
    groups = tuple(GroupName(group.code, group.name) for group in event.groups)
    registered = {_person_key(a.full_name or a.seat_label, a.unit): a.number for a in session.scalars(
        select(Attendee).where(Attendee.event_id == event.id, Attendee.revoked.is_(False)))}
    try:
        return sandbox.run(check_file, filename, data, groups, registered, limits=READING, filename=filename)
    except Refusal as refusal:  # past the limits, or the reader failed
        return _refused(refusal.message, **refusal.params)


def _refused(message: str, row: int | None = None, **params: Any) -> RosterCheck:
    return RosterCheck((), (RosterError(row, None, message, params),))


def check_file(filename: str, data: bytes, groups: Sequence[Group],
               registered: Mapping[tuple[str, str], str]) -> RosterCheck:
    """Every row of the file checked against ``groups`` and the ``registered`` delegates (folded name and unit →
    badge number), in this process: what `check_roster` runs in the child, and what tests call directly."""
    try:
        table = read_table(filename, data)
    except _Unreadable as error:
        return _refused(error.message, error.row, **error.params)
    found = _find_header(table)
    if found is None:
        return _refused(N_("không thấy dòng tiêu đề có cột họ tên (“Họ và tên”, “Họ tên”, “Name”) và cột nhóm "
                           "(“Nhóm”, “Thành phần”, “Group”)"), 1)
    header_index, columns = found
    header = table[header_index]
    missing = [field for field in REQUIRED if field not in columns]
    if missing:
        names = {"name": N_("không có cột họ tên (“Họ và tên”, “Name”)"),
                 "group": N_("không có cột nhóm (“Nhóm”, “Thành phần”, “Group”)")}
        return RosterCheck((), tuple(RosterError(header_index + 1, None, names[field]) for field in missing))
    if len(table) - header_index - 1 > MAX_ROWS:
        return _refused(N_("quá %(n)d dòng; hãy chia thành nhiều tệp"), n=MAX_ROWS)

    def label(field: str) -> str:
        index = columns[field]
        return f"{_column_letter(index)} ({header[index]})"

    matcher = _GroupMatcher(groups)
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
        values = {field: " ".join(value.split()) for field, value in values.items()}  # a line break in a cell too
        row_errors = [RosterError(number, label(field), N_("dài quá %(n)d ký tự"), {"n": limit})
                      for field, limit in LIMITS.items() if len(values.get(field, "")) > limit]
        row_errors += [RosterError(number, label(field), N_("có ký tự điều khiển hoặc ký tự đảo chiều văn bản"))
                       for field, value in values.items() if not is_one_line(value)]
        if not values["name"] and not values.get("seat_label"):
            row_errors.append(RosterError(number, label("name"), N_("họ tên trống")))
        if values.get("order"):
            digits = values["order"].removesuffix(".")
            if digits.isascii() and digits.isdigit() and len(digits) <= 6:
                order = int(digits)
            else:
                row_errors.append(RosterError(number, label("order"), N_("số thứ tự “%(value)s” phải là số nguyên"),
                                              {"value": values["order"][:20]}))
        group = None
        if not values["group"]:
            row_errors.append(RosterError(number, label("group"), N_("thiếu nhóm")))
        else:
            group = matcher.find(values["group"])
            if group is None:
                suggestion = matcher.closest(values["group"])
                if suggestion is None:
                    row_errors.append(RosterError(number, label("group"), N_("không có nhóm “%(group)s”"),
                                                  {"group": values["group"]}))
                else:
                    row_errors.append(RosterError(number, label("group"),
                                                  N_("không có nhóm “%(group)s”; có phải “%(code)s – %(name)s”?"),
                                                  {"group": values["group"], "code": suggestion.code,
                                                   "name": suggestion.name}))
        key = _person_key(values["name"] or values.get("seat_label"), values.get("unit"))
        if key in seen:
            row_errors.append(RosterError(number, label("name"),
                                          N_("trùng đại biểu ở dòng %(row)d (cùng họ tên và đơn vị)"),
                                          {"row": seen[key]}))
        elif key in registered:
            row_errors.append(RosterError(number, label("name"), N_("đại biểu đã có trong danh sách (thẻ %(number)s)"),
                                          {"number": registered[key]}))
        seen.setdefault(key, number)
        errors += row_errors
        if not row_errors and group is not None:
            rows.append(RosterRow(number, group.code, values["name"], values.get("seat_label", ""),
                                  values.get("position", ""), values.get("unit", ""), (order, number)))
    if not rows and not errors:
        errors.append(RosterError(None, None, N_("danh sách không có đại biểu nào")))
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

    def __init__(self, groups: Sequence[Group]) -> None:
        self.groups = groups
        self.by_key: dict[str, Group] = {}
        self.suggestions: dict[str, Group | None] = {}
        for group in groups:
            self.by_key.setdefault(fold(group.code), group)
            self.by_key.setdefault(fold(group.name), group)

    def find(self, cell: str) -> Group | None:
        return self.by_key.get(fold(cell))

    def closest(self, cell: str) -> Group | None:
        """The group most like ``cell``: its code, its name, or a run of as many words of its name
        ("truong hoc" is in "Lãnh đạo các trường học, …"). Worked out once per spelling."""
        wanted = fold(cell)
        if wanted not in self.suggestions:
            self.suggestions[wanted] = self._closest(wanted)
        return self.suggestions[wanted]

    def _closest(self, wanted: str) -> Group | None:
        size = len(wanted.split())

        def likeness(group: Group) -> float:
            words = fold(group.name).replace(",", " ").split()
            runs = [" ".join(words[i:i + size]) for i in range(max(1, len(words) - size + 1))]
            return max(difflib.SequenceMatcher(None, wanted, key).ratio()
                       for key in (fold(group.code), fold(group.name), *runs))

        best = max(self.groups, key=likeness, default=None)
        return best if best is not None and likeness(best) >= 0.6 else None


# --- reading the file ------------------------------------------------------------------


def read_table(filename: str, data: bytes) -> list[list[str]]:
    """Rows of cells as text: an XLSX's first sheet, or a CSV in any encoding an office writes.

    At most MAX_COLUMNS cells a row, and the rows a list may have (trailing empty rows dropped); a
    non-empty row past those is refused.
    """
    if len(data) > MAX_FILE_BYTES:
        raise _Unreadable(N_("tệp “%(file)s” lớn quá %(mb)d MB"), file=filename, mb=MAX_FILE_BYTES // (1024 * 1024))
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(filename, data)
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".xls" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _Unreadable(N_("tệp Excel 97-2003 (.xls): hãy lưu thành .xlsx hoặc CSV"))
    try:
        text = decode_text(data)
    except UnicodeDecodeError as error:
        raise _Unreadable(N_("không đọc được tệp: không phải CSV (UTF-8, UTF-16 hay Windows-1258) "
                             "hoặc Excel (.xlsx)")) from error
    if "\x00" in text or not text.strip():
        raise _Unreadable(N_("không đọc được tệp: tệp trống hoặc không phải CSV/XLSX"))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    # newline="": lines may end in CRLF, LF or CR alone (Excel for Mac's "CSV (Macintosh)"),
    # and a quoted cell may hold a line break.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _bounded(reader)
    except csv.Error as error:  # a field past csv.field_size_limit(), usually a quote never closed
        raise _Unreadable(N_("một ô dài quá %(n)s ký tự: có thể thiếu dấu ngoặc kép đóng ở dòng này hoặc trước đó"),
                          row=reader.line_num, n=_thousands(csv.field_size_limit())) from error


def _bounded(rows: Iterable[Sequence[object]]) -> list[list[str]]:
    """The first rows a list may have, MAX_COLUMNS cells each, trailing empty ones dropped."""
    most = _HEADER_SEARCH_ROWS + 1 + MAX_ROWS
    table: list[list[str]] = []
    for index, row in enumerate(rows):
        if index < most:
            table.append([_cell_text(value) for value in row[:MAX_COLUMNS]])
        elif any(row) and any(_cell_text(value).strip() for value in row[:MAX_COLUMNS]):  # any(): C-fast on blanks
            raise _Unreadable(N_("quá %(n)d dòng; hãy chia thành nhiều tệp"), row=index + 1, n=MAX_ROWS)
    while table and not any(cell.strip() for cell in table[-1]):
        table.pop()
    return table


def _read_xlsx(filename: str, data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unzipped = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise _Unreadable(N_("không đọc được tệp Excel (.xlsx): tệp hỏng")) from error
    if unzipped > MAX_UNZIPPED_MB * 1024 * 1024:
        raise _Unreadable(N_("tệp Excel “%(file)s” giải nén ra %(mb)s MB, quá giới hạn %(limit)d MB: tệp hỏng hoặc "
                             "cố ý làm nặng; hãy mở bằng Excel, lưu lại rồi nạp lại"),
                          file=filename, mb=_thousands(unzipped // (1024 * 1024)), limit=MAX_UNZIPPED_MB)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise _Unreadable(N_("không đọc được tệp Excel (.xlsx): tệp hỏng")) from error
    try:
        sheet = workbook.worksheets[0]
        # The size the sheet claims (<dimension ref="A1:ALL60000"/>) would have every row padded to it.
        sheet.reset_dimensions()
        return _bounded(sheet.iter_rows(min_row=1, min_col=1, max_col=MAX_COLUMNS, values_only=True))
    except _Unreadable:
        raise
    except Exception as error:
        raise _Unreadable(N_("không đọc được tệp Excel (.xlsx): tệp hỏng")) from error
    finally:
        workbook.close()


def _thousands(number: int) -> str:
    """131.072, as Vietnamese writes it."""
    return f"{number:,}".replace(",", ".")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
