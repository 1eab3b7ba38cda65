"""The words an MC reads to introduce the delegates who came (agenda item 1, "giới thiệu đại biểu").

Plain functions from data to text, no database, no Flask. The contract:

- Groups are read in the order given (protocol order: the event file's), and a
  group nobody of came is not read.
- A group is read *by name* or as a *summary* (its ``mode``). Read by name:
  "Về phía <side>, có đồng chí A, <position>; đồng chí B, <position>", its own
  delegates first in the order given, then the stand-ins, each "đồng chí X,
  <position>, dự thay đồng chí Y". Summarised: one line, the group's own
  ``summary`` words, or "cùng đại diện <side>".
- Without a mode of its own, a seat group ("Đại biểu thôn …") or a group of
  more than :data:`SUMMARY_ABOVE` registered delegates is summarised, any other
  read by name.
- Every group is a line, ending in ";" and the last in "."; the lines come
  between an opening ("Đến dự Hội nghị hôm nay, chúng tôi trân trọng giới
  thiệu:") and a closing. Nobody arrived: no words at all.
- A person is named with their position, else their unit, else the name alone.

The text is Vietnamese whatever the page's language: it is what is said in the hall.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from kiosk.text import fold

Mode = Literal["by_name", "summary"]
MODES: tuple[Mode, ...] = ("by_name", "summary")
SUMMARY_ABOVE = 8
"""A group of more registered delegates than this is summarised unless its event file says otherwise."""
OCCASIONS = ("Hội nghị", "Hội thảo", "Đại hội", "Kỳ họp", "Lễ", "Buổi làm việc", "Tọa đàm")
"""What the event is called in the opening, found at the start of its title (default: "Hội nghị")."""


@dataclass(frozen=True)
class Person:
    """Someone as they are introduced: a delegate, or whoever came in a delegate's place."""

    name: str
    position: str = ""
    unit: str = ""


@dataclass(frozen=True)
class Arrival:
    """A delegate who came (``stand_in`` None) or was represented by a stand-in."""

    delegate_id: int
    number: str
    delegate: Person
    arrived_at: dt.datetime
    stand_in: Person | None = None

    @property
    def introduced(self) -> Person:
        """Who is named: the stand-in in their own name and position, else the delegate."""
        if self.stand_in is None:
            return self.delegate
        return Person(self.stand_in.name, self.stand_in.position, self.delegate.unit)


@dataclass(frozen=True)
class GroupArrivals:
    """One attendee group and those of it who came, in protocol order."""

    code: str
    name: str
    mode: Mode
    arrivals: tuple[Arrival, ...]
    introduce_as: str = ""  # the side named in "Về phía …" ("" for the name)
    summary: str = ""  # the words read for the group in summary mode ("" for "cùng đại diện …")

    @property
    def side(self) -> str:
        return self.introduce_as or self.name


@dataclass(frozen=True)
class Part:
    """A piece of a group's words; those that name someone carry the delegate's id (a stand-in, theirs)."""

    text: str
    delegate_id: int | None = None


@dataclass(frozen=True)
class GroupIntroduction:
    group: GroupArrivals
    read: tuple[Arrival, ...]  # the group's own delegates, then the stand-ins (named or summarised)
    parts: tuple[Part, ...]

    @property
    def text(self) -> str:
        return " ".join(part.text for part in self.parts)


@dataclass(frozen=True)
class Introduction:
    opening: str
    groups: tuple[GroupIntroduction, ...]
    closing: str

    @property
    def text(self) -> str:
        """Everything the MC reads, a line per group between the opening and the closing; "" when nobody came."""
        if not self.groups:
            return ""
        return "\n".join([self.opening, *(group.text for group in self.groups), self.closing])


def default_mode(*, seats: bool, registered: int) -> Mode:
    """Seat groups and large groups are summarised; a handful of leaders are read by name."""
    return "summary" if seats or registered > SUMMARY_ABOVE else "by_name"


def mode_of(introduce: str | None, *, seats: bool, registered: int) -> Mode:
    """The group's own mode (from the event file) or the default."""
    if introduce == "by_name":
        return "by_name"
    if introduce == "summary":
        return "summary"
    return default_mode(seats=seats, registered=registered)


def occasion(title: str) -> str:
    """What the opening calls the event: "Hội nghị" for "Hội nghị đánh giá …"."""
    folded = fold(title)
    return next((name for name in OCCASIONS if folded == fold(name) or folded.startswith(fold(name) + " ")),
                "Hội nghị")


def person_phrase(person: Person) -> str:
    """"đồng chí Phan Bích Giang, Bí thư Đảng ủy xã": the position, else the unit, else the name alone."""
    title = person.position or person.unit
    return f"đồng chí {person.name}, {title}" if title else f"đồng chí {person.name}"


def arrival_phrase(arrival: Arrival) -> str:
    """A delegate as read; a stand-in "đồng chí X, Phó trưởng phòng, dự thay đồng chí Y"."""
    if arrival.stand_in is None:
        return person_phrase(arrival.delegate)
    return f"{person_phrase(arrival.introduced)}, dự thay đồng chí {arrival.delegate.name}"


def reading_order(arrivals: Iterable[Arrival]) -> tuple[Arrival, ...]:
    """The group's own delegates present first, then the stand-ins; each in the order given (protocol order)."""
    arrivals = tuple(arrivals)
    return (tuple(a for a in arrivals if a.stand_in is None)
            + tuple(a for a in arrivals if a.stand_in is not None))


def summary_words(group: GroupArrivals) -> str:
    """A summarised group's words: its own, or "cùng đại diện <side>"."""
    return group.summary or f"cùng đại diện {_lower_first(group.side)}"


def group_parts(group: GroupArrivals, end: str) -> tuple[Part, ...]:
    """The group's line in pieces, ending in ``end`` (";" or ".")."""
    if group.mode == "summary":
        return (Part(_upper_first(summary_words(group).rstrip(" ;.")) + end),)
    read = reading_order(group.arrivals)
    people = [Part(arrival_phrase(arrival) + (";" if index < len(read) - 1 else end), arrival.delegate_id)
              for index, arrival in enumerate(read)]
    return (Part(f"Về phía {group.side}, có"), *people)


def introduce(title: str, groups: Sequence[GroupArrivals]) -> Introduction:
    """The whole introduction for an event called ``title``: the groups somebody of came, in the order given."""
    present = [group for group in groups if group.arrivals]
    name = occasion(title)
    return Introduction(
        opening=f"Đến dự {name} hôm nay, chúng tôi trân trọng giới thiệu:",
        groups=tuple(GroupIntroduction(group, reading_order(group.arrivals),
                                       group_parts(group, "." if index == len(present) - 1 else ";"))
                     for index, group in enumerate(present)),
        closing=f"Xin trân trọng cảm ơn các đồng chí đại biểu đã về dự {name}.",
    )


def _lower_first(text: str) -> str:
    """"Các thôn …" → "các thôn …", but "UBND xã" stays (an abbreviation is written in capitals)."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]
