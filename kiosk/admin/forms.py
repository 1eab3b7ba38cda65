"""Reading the organiser's forms: each field checked, each problem worded with the field's label.

A form with any problem changes nothing: the view shows the page again with
what was typed and a message beside each field.

Numbers, dates and times are written with the ASCII digits 0-9 only, and the
message says so: Python's ``int()`` would take "٣" or "３" (and ``str.isdigit``
even "²", which ``int()`` then refuses), and a stored "08:٣٠" would be a time
no event file could carry. A date is a real one within the years an event
file allows (kiosk.events.eventfile: 2000 to 2099).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _

from kiosk.events.eventfile import FIRST_YEAR, LAST_YEAR, is_event_date, is_real_date
from kiosk.text import is_one_line

_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
_TIME = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")
_DAY = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_MONTH = re.compile(r"([0-9]{1,2})/([0-9]{4})")
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?")
_INTEGER = re.compile(r"-?[0-9]+")


def ascii_integer(text: str) -> int | None:
    """``text`` as a whole number written with the digits 0-9 (and a leading minus), else None."""
    if not _INTEGER.fullmatch(text):
        return None
    try:
        return int(text)
    except ValueError:  # longer than Python converts (4300 digits)
        return None


class Form:
    """The submitted fields, read one by one into typed ``values``; problems into ``errors`` by field."""

    def __init__(self, data: Mapping[str, str]) -> None:
        self.data = data
        self.values: dict[str, Any] = {}
        self.errors: dict[str, str] = {}

    @property
    def ok(self) -> bool:
        return not self.errors

    def raw(self, name: str) -> str:
        return (self.data.get(name) or "").strip()

    def fail(self, name: str, label: str, message: str) -> None:
        self.errors.setdefault(name, f"“{label}”: {message}")

    def text(self, name: str, label: str, *, max_length: int, required: bool = True) -> str:
        value = " ".join(self.raw(name).split())  # line breaks and tabs typed or pasted become spaces
        if not is_one_line(value):  # what is left: other control characters (NUL, BEL…), bidi overrides
            self.fail(name, label, _("có ký tự điều khiển hoặc ký tự đảo chiều văn bản; hãy gõ lại."))
        elif required and not value:
            self.fail(name, label, _("không được để trống."))
        elif len(value) > max_length:
            self.fail(name, label, _("dài quá %(n)d ký tự.", n=max_length))
        self.values[name] = value
        return value

    def integer(self, name: str, label: str, *, minimum: int, maximum: int) -> int:
        raw = self.raw(name)
        value = ascii_integer(raw)
        if value is None:
            if not self._other_digits(name, label, raw):
                self.fail(name, label, _("phải là số nguyên, đang là “%(value)s”.", value=raw))
            return 0
        if not minimum <= value <= maximum:
            self.fail(name, label, _("phải từ %(min)d đến %(max)d.", min=minimum, max=maximum))
        self.values[name] = value
        return value

    def colour(self, name: str, label: str) -> str:
        value = self.raw(name).upper()
        if not _COLOUR.fullmatch(value):
            self.fail(name, label, _("phải là mã màu dạng #RRGGBB, đang là “%(value)s”.", value=value))
        self.values[name] = value
        return value

    def time(self, name: str, label: str) -> str:
        match = _TIME.fullmatch(self.raw(name))
        if not match:
            if not self._other_digits(name, label, self.raw(name)):
                self.fail(name, label, _("phải là giờ dạng HH:MM (24 giờ), ví dụ 07:30."))
            return ""
        value = f"{int(match[1]):02d}:{match[2]}"
        self.values[name] = value
        return value

    def date(self, name: str, label: str) -> str:
        """dd/mm/yyyy, or mm/yyyy when only the month is known; stored as 2026-06-18 or 2026-06."""
        raw = self.raw(name)
        day = _DAY.fullmatch(raw)
        month = _MONTH.fullmatch(raw)
        iso = _ISO.fullmatch(raw)
        if day:
            value = _iso_date(day[3], day[2], day[1])
        elif month:
            value = _iso_date(month[2], month[1], None)
        elif iso:
            value = _iso_date(iso[1], iso[2], iso[3])
        else:
            value = ""
        if not value:
            if not self._other_digits(name, label, raw):
                self.fail(name, label, _("phải là ngày dạng dd/mm/yyyy, hoặc mm/yyyy khi mới biết tháng."))
        elif not is_real_date(value):
            self.fail(name, label, _("phải là ngày dạng dd/mm/yyyy, hoặc mm/yyyy khi mới biết tháng."))
        elif not is_event_date(value):
            self.fail(name, label, _("năm phải từ %(first)d đến %(last)d.", first=FIRST_YEAR, last=LAST_YEAR))
        self.values[name] = value
        return value

    def _other_digits(self, name: str, label: str, raw: str) -> bool:
        """Refuse digits other than 0-9 ("٣", "３", "²") with a message that says which digits to use."""
        if any(character.isdigit() and not character.isascii() for character in raw):
            self.fail(name, label, _("chỉ viết bằng chữ số 0-9, đang là “%(value)s”.", value=raw))
            return True
        return False

    def choice(self, name: str, label: str, choices: Mapping[str, object]) -> str:
        value = self.raw(name)
        if value not in choices:
            self.fail(name, label, _("hãy chọn một giá trị trong danh sách."))
        self.values[name] = value
        return value

    def flag(self, name: str) -> bool:
        value = self.raw(name) in ("1", "on", "true")
        self.values[name] = value
        return value


def _iso_date(year: str, month: str, day: str | None) -> str:
    """"2026-06-18" or "2026-06" from a form's digits; is_real_date then says whether it is a real one."""
    return f"{int(year):04d}-{int(month):02d}" + (f"-{int(day):02d}" if day is not None else "")


def display_date(value: str) -> str:
    """"2026-06-18" → "18/06/2026", "2026-06" → "06/2026": how the form shows a stored date."""
    parts = value.split("-")
    return "/".join(reversed(parts))
