"""Delegates: adding (at the desk, by the organiser, from a list), editing, revoking, ordering; badge numbers;
search keys; protocol order.

Protocol order is one rule (:data:`PROTOCOL_ORDER`): groups in the event
file's order, then each delegate's ``rank`` within the group (the roster's row
order by default, changed by :func:`move_delegate`), then the id. Every list of
people follows it: the desks, /admin/delegates, the reports, the introductions.

Each change flushes and notes itself (kiosk.changes) for the boundary to
commit, audit and push to the desks. No Flask.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any, Protocol, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from kiosk.attendees.models import Attendee
from kiosk.changes import Change, Topic, apply_changes, note
from kiosk.errors import N_, Refusal
from kiosk.events.models import AttendeeGroup, Event
from kiosk.text import fold, nfc

PROTOCOL_ORDER = (AttendeeGroup.position, Attendee.rank, Attendee.id)
"""The ORDER BY of protocol order: the group's place in the event file, the delegate's rank, then the id."""

S = TypeVar("S", bound="Select[*tuple[Any, ...]]")  # a SELECT of any columns


def in_protocol_order(statement: S) -> S:
    """``statement`` (over Attendee) joined to each delegate's group and sorted in protocol order."""
    return statement.join(AttendeeGroup, Attendee.group_id == AttendeeGroup.id).order_by(*PROTOCOL_ORDER)


class _Positioned(Protocol):
    @property
    def position(self) -> int: ...


class Ranked(Protocol):
    """What protocol order reads of a delegate: an Attendee with its group, or a plain row of one."""

    @property
    def id(self) -> int: ...
    @property
    def rank(self) -> int: ...
    @property
    def group(self) -> _Positioned: ...


def protocol_key(attendee: Ranked) -> tuple[int, int, int]:
    """Protocol order for delegates already loaded (with their group): the same rule as PROTOCOL_ORDER."""
    return (attendee.group.position, attendee.rank, attendee.id)


def next_rank(session: Session, group: AttendeeGroup) -> int:
    """One past the group's last rank: a delegate added to a group comes after those already in it."""
    return (session.scalar(select(func.max(Attendee.rank)).where(Attendee.group_id == group.id)) or 0) + 1


def search_key(*parts: str | None) -> str:
    return " ".join(fold(p) for p in parts if p)


def next_badge_number(session: Session, group: AttendeeGroup) -> str:
    """One past the group's highest number: counting would reuse a number after a delegate changed group."""
    prefix = f"{group.code}-"
    highest = session.scalars(  # "PCM-1000" sorts after "PCM-999": longest first, then highest
        select(Attendee.number).where(Attendee.event_id == group.event_id,
                                      Attendee.number.startswith(prefix, autoescape=True))
        .order_by(func.length(Attendee.number).desc(), Attendee.number.desc()).limit(1)).first()
    return f"{prefix}{int(highest[len(prefix):]) + 1 if highest else 1:03d}"


def add_attendee(session: Session, event: Event, group: AttendeeGroup, *, full_name: str | None,
                 seat_label: str | None = None, position: str = "", unit: str = "",
                 is_sample: bool = False, rank: int | None = None) -> Attendee:
    """A delegate at the end of their group's protocol order (or at ``rank``)."""
    full_name = nfc(full_name) or None
    seat_label = nfc(seat_label) or None
    attendee = Attendee(
        event_id=event.id, group_id=group.id, number=next_badge_number(session, group),
        full_name=full_name, seat_label=seat_label, position=nfc(position), unit=nfc(unit),
        is_sample=is_sample, rank=next_rank(session, group) if rank is None else rank,
    )
    attendee.search_key = search_key(full_name, seat_label, attendee.position, attendee.unit, attendee.number)
    session.add(attendee)
    session.flush()
    return attendee


DESK_TOPICS = frozenset({Topic.DELEGATES, Topic.ATTENDANCE})
"""A delegate added, edited or revoked changes the desks' copies and the registered counts."""


def _details(attendee: Attendee) -> dict[str, Any]:
    return {"number": attendee.number, "group": attendee.group.code, "full_name": attendee.full_name,
            "seat_label": attendee.seat_label, "position": attendee.position, "unit": attendee.unit}


class SameNameOnList(Refusal):
    """A walk-in whose name is already on the list: most often that delegate, missed by the search, and two
    rows would have the MC introduce them twice. Registering anyway (``same_name``) is for a namesake."""

    status = 409

    def __init__(self, matches: list[Attendee]) -> None:
        super().__init__("same_name_on_list", N_("“%(name)s” đã có trong danh sách: %(numbers)s. Nếu đúng là "
                                                 "người này, hãy tìm theo tên để điểm danh; nếu là người khác "
                                                 "trùng tên, chọn “Người khác trùng tên” rồi đăng ký."),
                         field="full_name", name=matches[0].full_name,
                         numbers=", ".join(f"{m.number} ({m.group.name})" for m in matches))


def same_name(session: Session, event: Event, full_name: str) -> list[Attendee]:
    """The delegates on the list (revoked ones aside) whose name reads as ``full_name``, diacritics aside."""
    wanted = fold(full_name)
    named = session.scalars(select(Attendee).where(Attendee.event_id == event.id, Attendee.revoked.is_(False),
                                                   Attendee.full_name.is_not(None)))
    return [attendee for attendee in named if fold(attendee.full_name) == wanted]


def register_walk_in(session: Session, event: Event, group: AttendeeGroup, *, full_name: str, position: str = "",
                     unit: str = "", namesake: bool = False) -> Attendee:
    """A delegate missing from the list, added at the desk (a badge is handed out there); refused when the name
    is on the list already (SameNameOnList), unless the desk says it is a ``namesake``."""
    if not namesake and (matches := same_name(session, event, full_name)):
        raise SameNameOnList(matches)
    attendee = add_attendee(session, event, group, full_name=full_name, position=position, unit=unit)
    attendee.walk_in = True
    session.flush()
    note(session, Change("delegate.walk_in", target=attendee.number, after=_details(attendee),
                         topics=DESK_TOPICS, delegates=frozenset({attendee.id})))
    return attendee


def add_delegate(session: Session, event: Event, group: AttendeeGroup, *, full_name: str | None,
                 seat_label: str | None, position: str, unit: str) -> Attendee:
    """A delegate (or a seat) added by the organiser."""
    attendee = add_attendee(session, event, group, full_name=full_name, seat_label=seat_label, position=position,
                            unit=unit)
    note(session, Change("delegate.add", target=attendee.number, after=_details(attendee), topics=DESK_TOPICS,
                         delegates=frozenset({attendee.id})))
    return attendee


def set_revoked(session: Session, attendee: Attendee, revoked: bool) -> None:
    """Revoke a delegate's badge (it scans red everywhere, also at an offline desk), or give it back."""
    before, after = apply_changes(attendee, {"revoked": revoked})
    session.flush()
    note(session, Change("delegate.revoke" if revoked else "delegate.restore", target=attendee.number,
                         before=before, after=after, topics=DESK_TOPICS, delegates=frozenset({attendee.id})))


def withdraw_registration(session: Session, attendee: Attendee, *, reason: str) -> None:
    """Take a walk-in registered by mistake off the list (revoked), with the desk's reason in the audit trail."""
    before, after = apply_changes(attendee, {"revoked": True})
    session.flush()
    note(session, Change("delegate.walk_in_withdrawn", target=attendee.number, before=before,
                         after={**after, "reason": reason}, topics=DESK_TOPICS, delegates=frozenset({attendee.id})))


def reissue_badge(session: Session, attendee: Attendee) -> int:
    """A new badge version: every earlier badge of this delegate now scans as revoked."""
    old = attendee.badge_version
    attendee.badge_version += 1
    session.flush()
    note(session, Change("delegate.reissue", target=attendee.number, before={"badge_version": old},
                         after={"badge_version": attendee.badge_version}, topics=frozenset({Topic.DELEGATES}),
                         delegates=frozenset({attendee.id})))
    return attendee.badge_version


GROUP_FIELDS = ("name", "colour", "expected", "seat_area", "seats", "introduce", "introduce_as", "summary")


def update_group(session: Session, group: AttendeeGroup, values: Mapping[str, Any]) -> dict[str, Any]:
    """A group's name, colour, counts, seats or how the MC introduces it: the desks show them with every
    delegate of the group. Fields not in ``values`` stay as they are."""
    before, after = apply_changes(group, {name: values[name] for name in GROUP_FIELDS if name in values})
    session.flush()
    if after:
        members = session.scalars(select(Attendee.id).where(Attendee.group_id == group.id))
        note(session, Change("group.update", target=group.code, before=before, after=after, topics=DESK_TOPICS,
                             delegates=frozenset(members)))
    return after


def load_roster(session: Session, event: Event, rows: Iterable[Mapping[str, str]], *, is_sample: bool,
                source: str, action: str = "roster.import") -> list[Attendee]:
    """Add delegates from rows with keys group (code), name, seat_label, position, unit; noted as one import.

    The rows come in protocol order: within each group they rank in the order given, after the group's
    delegates already registered.
    """
    groups = {g.code: g for g in event.groups}
    ranks: dict[str, int] = {}
    added = []
    for row in rows:
        group = groups[row["group"]]
        ranks[group.code] = ranks[group.code] + 1 if group.code in ranks else next_rank(session, group)
        added.append(add_attendee(session, event, group, full_name=row.get("name"), seat_label=row.get("seat_label"),
                                  position=row.get("position", ""), unit=row.get("unit", ""), is_sample=is_sample,
                                  rank=ranks[group.code]))
    note(session, Change(action, target=source, detail={"file": source, "added": len(added)},
                         topics=DESK_TOPICS, delegates=frozenset(a.id for a in added)))
    return added


def load_demo_roster(session: Session, event: Event) -> int:
    """The 120 sample delegates of the built-in event; every name is marked "(mẫu)"."""
    text = (resources.files("kiosk.attendees") / "demo_roster.csv").read_text(encoding="utf-8")
    return len(load_roster(session, event, csv.DictReader(text.splitlines()), is_sample=True,
                           source="demo_roster.csv", action="roster.demo"))


def update_attendee(session: Session, attendee: Attendee, group: AttendeeGroup, *, full_name: str | None,
                    seat_label: str | None, position: str, unit: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """New details for a delegate; a new group gives a new badge number in that group."""
    before, after = apply_changes(attendee, {"full_name": nfc(full_name) or None,
                                             "seat_label": nfc(seat_label) or None,
                                             "position": nfc(position), "unit": nfc(unit)})
    if group.id != attendee.group_id:
        before |= {"group": attendee.group.code, "number": attendee.number}
        attendee.number = next_badge_number(session, group)
        attendee.rank = next_rank(session, group)
        attendee.group = group
        after |= {"group": group.code, "number": attendee.number}
    attendee.search_key = search_key(attendee.full_name, attendee.seat_label, attendee.position, attendee.unit,
                                     attendee.number)
    session.flush()
    note(session, Change("delegate.update", target=attendee.number, before=before, after=after, topics=DESK_TOPICS,
                         delegates=frozenset({attendee.id})))
    return before, after


def place_in_group(session: Session, attendee: Attendee) -> tuple[int, int]:
    """The delegate's place in their group's protocol order (1-based) and the group's size."""
    ids = list(session.scalars(select(Attendee.id).where(Attendee.group_id == attendee.group_id)
                               .order_by(Attendee.rank, Attendee.id)))
    return ids.index(attendee.id) + 1, len(ids)


def move_delegate(session: Session, attendee: Attendee, place: int) -> tuple[int, int]:
    """Put a delegate at ``place`` (1-based, kept within the group) of their group's protocol order.

    The group's ranks become 1, 2, 3… in the new order; every delegate whose rank changed is pushed to the
    desks (their desk rows carry the order). Returns the places before and after.
    """
    members = list(session.scalars(select(Attendee).where(Attendee.group_id == attendee.group_id)
                                   .order_by(Attendee.rank, Attendee.id)))
    old = members.index(attendee) + 1
    new = min(max(place, 1), len(members))
    members.insert(new - 1, members.pop(old - 1))
    moved = set()
    for rank, member in enumerate(members, start=1):
        if member.rank != rank:
            member.rank = rank
            moved.add(member.id)
    session.flush()
    if new != old:
        note(session, Change("delegate.move", target=attendee.number, before={"rank": old}, after={"rank": new},
                             detail={"group": attendee.group.code}, topics=frozenset({Topic.DELEGATES}),
                             delegates=frozenset(moved)))
    elif moved:  # the ranks were made 1, 2, 3… without moving anyone: say so, unaudited
        note(session, Change("delegate.renumber", target=attendee.group.code, topics=frozenset({Topic.DELEGATES}),
                             delegates=frozenset(moved), audited=False))
    return old, new
