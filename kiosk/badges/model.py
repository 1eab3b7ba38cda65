"""The badge as the renderers see it: plain text fields, filled by the caller."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, fields

from kiosk.badges.errors import BadgeError
from kiosk.errors import N_, Words

_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")

DEFAULT_HEADING = "Đại biểu"
"""What a badge calls its holder, above the name; the shipped layouts set it in capitals."""


@dataclass(frozen=True, kw_only=True)
class Badge:
    """One delegate's badge, or a seat badge (``name=None``) to be filled in by hand.

    Text is NFC-normalised and trimmed on construction; a blank ``name`` means a
    seat badge. ``seat_label`` (e.g. "Đại biểu thôn 3") heads a seat badge; the
    group name is used when it is None. ``organiser`` is the organiser's full
    name ("Ủy ban nhân dân xã Cẩm Giang"). ``heading`` stands above the name:
    "Đại biểu" unless the caller gives a group's role ("Khách mời"), or "" for none.
    """

    event_short: str
    organiser: str
    name: str | None
    position: str = ""
    unit: str = ""
    group_name: str
    group_colour: str
    seat_area: str = ""
    number: str
    token: str
    seat_label: str | None = None
    heading: str = DEFAULT_HEADING

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, str):
                object.__setattr__(self, field.name, unicodedata.normalize("NFC", value).strip())
        if self.name == "":
            object.__setattr__(self, "name", None)
        if self.seat_label == "":
            object.__setattr__(self, "seat_label", None)
        for required in ("number", "token", "group_name", "event_short", "organiser"):
            if not getattr(self, required):
                raise BadgeError(N_("%(badge)s: thiếu “%(missing)s”."), badge=self.description, missing=required)
        if not _COLOUR.fullmatch(self.group_colour):
            raise BadgeError(N_("%(badge)s: màu nhóm “%(colour)s” phải có dạng #RRGGBB."), badge=self.description,
                             colour=self.group_colour)

    @property
    def is_seat(self) -> bool:
        return self.name is None

    @property
    def title(self) -> str:
        """The biggest line: the delegate's name, or what the seat is for."""
        return self.name or self.seat_label or self.group_name

    @property
    def description(self) -> Words:
        """How error messages name this badge."""
        who = self.name or self.seat_label or Words(N_("thẻ chỗ ngồi"))
        return Words(N_("thẻ số %(number)s (%(who)s)"), number=self.number or "?", who=who)

    @property
    def group_rgb(self) -> tuple[float, float, float]:
        red, green, blue = (int(self.group_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
        return red, green, blue
