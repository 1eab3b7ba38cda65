"""Reading the organiser's forms: each field checked, each problem worded with the field's label.

A form with any problem changes nothing: the view shows the page again with
what was typed and a message beside each field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _

_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_DAY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_MONTH = re.compile(r"^(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


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
        value = " ".join(self.raw(name).split())
        if "\x00" in value:  # no database stores it (PostgreSQL refuses it in text)
            self.fail(name, label, _("có ký tự không hợp lệ."))
        elif required and not value:
            self.fail(name, label, _("không được để trống."))
        elif len(value) > max_length:
            self.fail(name, label, _("dài quá %(n)d ký tự.", n=max_length))
        self.values[name] = value
        return value

    def integer(self, name: str, label: str, *, minimum: int, maximum: int) -> int:
        raw = self.raw(name)
        try:
            value = int(raw)
        except ValueError:
            self.fail(name, label, _("phải là số nguyên, đang là “%(value)s”.", value=raw))
            return 0
        if not minimum <= value <= maximum:
            self.fail(name, label, _("phải từ %(min)d đến %(max)d.", min=minimum, max=maximum))
        self.values[name] = value
        return value

    def colour(self, name: str, label: str) -> str:
        value = self.raw(name).upper()
        if not _COLOUR.match(value):
            self.fail(name, label, _("phải là mã màu dạng #RRGGBB, đang là “%(value)s”.", value=value))
        self.values[name] = value
        return value

    def time(self, name: str, label: str) -> str:
        match = _TIME.match(self.raw(name))
        if not match:
            self.fail(name, label, _("phải là giờ dạng HH:MM (24 giờ), ví dụ 07:30."))
            return ""
        value = f"{int(match[1]):02d}:{match[2]}"
        self.values[name] = value
        return value

    def date(self, name: str, label: str) -> str:
        """dd/mm/yyyy, or mm/yyyy when only the month is known; stored as 2026-06-18 or 2026-06."""
        raw = self.raw(name)
        day = _DAY.match(raw)
        month = _MONTH.match(raw)
        iso = _ISO.match(raw)
        if day:
            value = _checked_day(int(day[3]), int(day[2]), int(day[1]))
        elif month:
            value = f"{int(month[2]):04d}-{int(month[1]):02d}" if 1 <= int(month[1]) <= 12 else ""
        elif iso:
            value = _checked_day(int(iso[1]), int(iso[2]), int(iso[3])) if iso[3] else \
                (raw if 1 <= int(iso[2]) <= 12 else "")
        else:
            value = ""
        if not value:
            self.fail(name, label, _("phải là ngày dạng dd/mm/yyyy, hoặc mm/yyyy khi mới biết tháng."))
        self.values[name] = value
        return value

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


def _checked_day(year: int, month: int, day: int) -> str:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return ""


def display_date(value: str) -> str:
    """"2026-06-18" → "18/06/2026", "2026-06" → "06/2026": how the form shows a stored date."""
    parts = value.split("-")
    return "/".join(reversed(parts))
