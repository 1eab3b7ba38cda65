"""The presentation timer as a pure state machine over timestamps (Ontime-style).

Nothing here ticks or reads the clock. Every state holds timestamps (float epoch
seconds) and every change is a `Command` carrying the caller's time, so the whole
state is rebuilt after a restart by replaying the stored commands (`replay`).
Clients render the countdown themselves from `snapshot`.

Command semantics, all acting on the chair's current item unless said otherwise:

- start: idle → running. A paused item is resumed, not started; an ended item
  cannot be started again (use `previous` to re-open it, `next` to move on).
- pause / resume: running ↔ paused. Time spent paused does not count.
- add: change the allotted time of the current item (idle, running or paused)
  by a non-zero whole number of seconds, |seconds| ≤ 3600; negative removes
  time, never past 0:00: at most the whole seconds the clock shows are removed
  (28 s left and −60 leaves 00:00, not 32 s of overtime), and once the clock
  shows 00:00 or overtime there is nothing left to remove (refused).
- finish: running or paused → finished; elapsed is frozen at that moment. The
  chair stays on the finished item until `next`.
- next: finishes the current item if it is running or paused (skips it if it
  never started) and moves to the first upcoming item, which is *not* started.
- previous: moves back to the item before the current one in running order and
  re-opens it: paused with its elapsed time kept if it had started, else idle.
  A running current item is paused, so going back loses no time either way.
- skip: marks an upcoming item (or the current item before it starts) skipped.
- reorder: a permutation of the upcoming item ids; ended items keep their slots.
- allot: new allotted times, in whole seconds, for items not started yet (the
  current item while idle, and idle upcoming ones): each named item's allotted
  time becomes exactly the given number (`added_seconds` is what differs from
  the plan). `end` records the end the times were fitted to (see `fit`); the
  machine does not use it. Items started or ended keep theirs.

`fit` is the pure computation behind the chair's "Kết thúc lúc…": the times an
`allot` command gives to the items not started so that the programme ends at a
chosen time, shared in proportion to their planned lengths, none below a floor.

An illegal command raises `TransitionError` and changes nothing (every state is
a new frozen object). A command timed before the last applied one raises
`clock_backwards`, so elapsed time never runs backwards.

The programme starts when its first item does (`started`). Until then there is
no delay to speak of (`delay_seconds` is None): the event file may give only a
month, and a hall waiting for its first speaker is not late by the hours since
an assumed 08:00. The projected end still says when the programme would end if
it started now (or at the planned start, if that is later).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import cached_property
from typing import Any, Literal

from kiosk.errors import N_, Refusal

Status = Literal["idle", "running", "paused", "finished", "skipped"]
Phase = Literal["idle", "normal", "amber", "red", "overtime", "done"]

MAX_ADJUST_SECONDS = 3600
MAX_ALLOT_SECONDS = 24 * 3600
_ENDED: tuple[Status, ...] = ("finished", "skipped")
_STARTED: tuple[Status, ...] = ("running", "paused")


@dataclass(frozen=True)
class Thresholds:
    """Seconds left at which the countdown turns amber, then red (≤ is inclusive)."""

    amber_seconds: int = 120
    red_seconds: int = 60

    def __post_init__(self) -> None:
        if not 0 <= self.red_seconds <= self.amber_seconds:
            raise ValueError("thresholds need 0 <= red_seconds <= amber_seconds")


@dataclass(frozen=True)
class ItemClock:
    """One agenda item's clock; all times are epoch seconds from the caller."""

    item_id: int
    planned_seconds: int
    status: Status = "idle"
    started_at: float | None = None
    running_since: float | None = None
    elapsed_before: float = 0.0
    added_seconds: int = 0
    ended_at: float | None = None
    pauses: tuple[tuple[float, float | None], ...] = ()

    @property
    def allotted_seconds(self) -> int:
        return self.planned_seconds + self.added_seconds

    @property
    def ended(self) -> bool:
        return self.status in _ENDED

    def elapsed(self, now: float) -> float:
        """Running seconds so far (never less than `elapsed_before`)."""
        if self.running_since is None:
            return self.elapsed_before
        return self.elapsed_before + max(0.0, now - self.running_since)

    def remaining(self, now: float) -> float:
        """Allotted minus elapsed; negative means overtime."""
        return self.allotted_seconds - self.elapsed(now)

    def overtime(self, now: float) -> float:
        return max(0.0, -self.remaining(now))

    def paused_seconds(self, now: float) -> float:
        """Seconds spent paused, an open pause counted up to `now`."""
        return sum(
            max(0.0, (now if resumed_at is None else resumed_at) - paused_at)
            for paused_at, resumed_at in self.pauses
        )

    def phase(self, now: float, thresholds: Thresholds) -> Phase:
        """Colour band: overtime below 0 s left, red at ≤ red, amber at ≤ amber."""
        if self.status == "idle":
            return "idle"
        if self.ended:
            return "done"
        remaining = self.remaining(now)
        if remaining < 0:
            return "overtime"
        if remaining <= thresholds.red_seconds:
            return "red"
        if remaining <= thresholds.amber_seconds:
            return "amber"
        return "normal"


@dataclass(frozen=True)
class Programme:
    """The whole agenda's timing state.

    `clocks` holds one clock per item in the order given to `new`; `order` is
    the running order (changed by `reorder`). `last_at` is the time of the last
    applied command and `revision` the number of commands applied, which lets a
    client tell a stale state from a newer one.
    """

    order: tuple[int, ...]
    clocks: tuple[ItemClock, ...]
    current_id: int | None
    last_at: float | None = None
    revision: int = 0

    def __post_init__(self) -> None:
        ids = [clock.item_id for clock in self.clocks]
        if len(set(ids)) != len(ids):
            raise ValueError("item ids must be unique")
        if len(self.order) != len(ids) or set(self.order) != set(ids):
            raise ValueError("order must be a permutation of the clocks' item ids")
        if (self.current_id is None) != (not ids) or (
            self.current_id is not None and self.current_id not in self.order
        ):
            raise ValueError("current_id must be one of the items (None only when empty)")

    @classmethod
    def new(cls, items: Sequence[tuple[int, int]]) -> Programme:
        """A fresh programme from (item_id, planned_seconds) pairs in running order."""
        for item_id, planned_seconds in items:
            if not isinstance(planned_seconds, int) or planned_seconds < 0:
                raise ValueError(f"item {item_id}: planned_seconds must be a whole number >= 0")
        clocks = tuple(ItemClock(item_id, planned_seconds) for item_id, planned_seconds in items)
        order = tuple(clock.item_id for clock in clocks)
        return cls(order=order, clocks=clocks, current_id=order[0] if order else None)

    @cached_property
    def _clocks_by_id(self) -> Mapping[int, ItemClock]:
        return {clock.item_id: clock for clock in self.clocks}

    def clock(self, item_id: int) -> ItemClock:
        """The item's clock; KeyError for an id not in the programme."""
        return self._clocks_by_id[item_id]

    def clocks_in_order(self) -> tuple[ItemClock, ...]:
        return tuple(self.clock(item_id) for item_id in self.order)

    def current(self) -> ItemClock | None:
        return None if self.current_id is None else self.clock(self.current_id)

    @property
    def started(self) -> bool:
        """Whether any item has started: the programme is under way (or was)."""
        return any(clock.started_at is not None for clock in self.clocks)

    def upcoming(self) -> tuple[int, ...]:
        """Ids after the current item in running order that have not ended."""
        if self.current_id is None:
            return ()
        after = self.order[self.order.index(self.current_id) + 1 :]
        return tuple(item_id for item_id in after if not self.clock(item_id).ended)


# The refusals, for people at the rostrum (rendered in the page's language by kiosk.web).
TRANSITION_MESSAGES = {
    "no_current_item": N_("Chương trình không có nội dung nào được bấm giờ."),
    "item_ended": N_("Nội dung này đã kết thúc hoặc đã bỏ qua; hãy chuyển sang nội dung tiếp theo."),
    "already_started": N_("Nội dung này đã bắt đầu."),
    "not_running": N_("Đồng hồ đang không chạy."),
    "not_paused": N_("Đồng hồ không ở trạng thái tạm dừng."),
    "not_started": N_("Nội dung này chưa bắt đầu; hãy bỏ qua thay vì kết thúc."),
    "bad_seconds": N_("Số giây thêm hoặc bớt (trường “seconds”) phải là số nguyên khác 0, không quá 3600."),
    "no_time_left": N_("Đồng hồ đã về 00:00: không còn thời gian để bớt."),
    "no_next_item": N_("Không còn nội dung nào phía sau."),
    "no_previous_item": N_("Đây là nội dung đầu tiên."),
    "unknown_item": N_("Không có nội dung được bấm giờ với mã này (trường “item_id”)."),
    "not_skippable": N_("Chỉ bỏ qua được nội dung sắp tới, hoặc nội dung hiện tại khi chưa bắt đầu."),
    "bad_order": N_("Thứ tự mới (trường “order”) phải gồm đúng các nội dung sắp tới, mỗi nội dung một lần."),
    "bad_allotments": N_("Thời lượng mới phải là số giây nguyên cho từng nội dung, mỗi nội dung một lần."),
    "not_allottable": N_("Chỉ đổi được thời lượng của nội dung chưa bắt đầu."),
    "nothing_to_fit": N_("Không còn nội dung nào chưa bắt đầu để chia lại thời gian."),
}


class TransitionError(Refusal):
    """An illegal command: a stable ``code``, a message for people, and ``explanation`` in plain English."""

    status = 409

    def __init__(self, code: str, explanation: str) -> None:
        super().__init__(code, TRANSITION_MESSAGES.get(code, N_("Không thực hiện được lệnh này lúc này.")))
        self.explanation = explanation


@dataclass(frozen=True)
class Command:
    """A chair's command at time `at`; `order` and `allotments` given as lists (from JSON) become tuples.

    `allotments` are (item_id, seconds) pairs for `allot`; `end` the epoch second they were fitted to.
    """

    name: str
    at: float
    seconds: int | None = None
    item_id: int | None = None
    order: tuple[int, ...] | None = None
    allotments: tuple[tuple[int, int], ...] | None = None
    end: float | None = None

    def __post_init__(self) -> None:
        if self.order is not None and not isinstance(self.order, tuple):
            object.__setattr__(self, "order", tuple(self.order))
        if isinstance(self.allotments, list | tuple):
            pairs = tuple(tuple(pair) if isinstance(pair, list | tuple) else pair for pair in self.allotments)
            object.__setattr__(self, "allotments", pairs)

    def args(self) -> dict[str, Any]:
        """The arguments beyond name and time, JSON-ready, for storing: Command(name, at, **args)."""
        stored: dict[str, Any] = {"seconds": self.seconds, "item_id": self.item_id, "order": self.order,
                                  "allotments": self.allotments, "end": self.end}
        if self.order is not None:
            stored["order"] = list(self.order)
        if self.allotments is not None:
            stored["allotments"] = [list(pair) if isinstance(pair, tuple) else pair for pair in self.allotments]
        return {key: value for key, value in stored.items() if value is not None}


# --- one clock's transitions ------------------------------------------------


def _close_open_pause(
    pauses: tuple[tuple[float, float | None], ...], at: float
) -> tuple[tuple[float, float | None], ...]:
    return (*pauses[:-1], (pauses[-1][0], at))


def _started(clock: ItemClock, at: float) -> ItemClock:
    return replace(clock, status="running", started_at=at, running_since=at)


def _paused(clock: ItemClock, at: float) -> ItemClock:
    return replace(
        clock,
        status="paused",
        elapsed_before=clock.elapsed(at),
        running_since=None,
        pauses=(*clock.pauses, (at, None)),
    )


def _resumed(clock: ItemClock, at: float) -> ItemClock:
    return replace(clock, status="running", running_since=at, pauses=_close_open_pause(clock.pauses, at))


def _ended(clock: ItemClock, at: float, status: Status) -> ItemClock:
    pauses = _close_open_pause(clock.pauses, at) if clock.status == "paused" else clock.pauses
    return replace(
        clock,
        status=status,
        elapsed_before=clock.elapsed(at),
        running_since=None,
        ended_at=at,
        pauses=pauses,
    )


def _reopened(clock: ItemClock) -> ItemClock:
    """Undo an end: the time since it ended counts as a pause, so start→end = elapsed + paused."""
    if clock.started_at is None:
        return replace(clock, status="idle", ended_at=None)
    assert clock.ended_at is not None, "an item before the current one has ended"
    return replace(clock, status="paused", ended_at=None, pauses=(*clock.pauses, (clock.ended_at, None)))


# --- commands ----------------------------------------------------------------


def _with_clock(programme: Programme, clock: ItemClock) -> Programme:
    clocks = tuple(clock if old.item_id == clock.item_id else old for old in programme.clocks)
    return replace(programme, clocks=clocks)


def _current_clock(programme: Programme) -> ItemClock:
    clock = programme.current()
    if clock is None:
        raise TransitionError("no_current_item", "The programme has no timed items.")
    return clock


def _refuse_ended(clock: ItemClock) -> None:
    if clock.ended:
        raise TransitionError("item_ended", f"Item {clock.item_id} has already {clock.status}.")


def _start(programme: Programme, command: Command) -> Programme:
    clock = _current_clock(programme)
    _refuse_ended(clock)
    if clock.status != "idle":
        raise TransitionError("already_started", f"Item {clock.item_id} has already started (it is {clock.status}).")
    return _with_clock(programme, _started(clock, command.at))


def _pause(programme: Programme, command: Command) -> Programme:
    clock = _current_clock(programme)
    if clock.status != "running":
        raise TransitionError("not_running", f"Item {clock.item_id} is not running (it is {clock.status}).")
    return _with_clock(programme, _paused(clock, command.at))


def _resume(programme: Programme, command: Command) -> Programme:
    clock = _current_clock(programme)
    if clock.status != "paused":
        raise TransitionError("not_paused", f"Item {clock.item_id} is not paused (it is {clock.status}).")
    return _with_clock(programme, _resumed(clock, command.at))


def _finish(programme: Programme, command: Command) -> Programme:
    clock = _current_clock(programme)
    _refuse_ended(clock)
    if clock.status == "idle":
        raise TransitionError("not_started", f"Item {clock.item_id} has not started; skip it instead.")
    return _with_clock(programme, _ended(clock, command.at, "finished"))


def _add(programme: Programme, command: Command) -> Programme:
    clock = _current_clock(programme)
    seconds = command.seconds
    if (
        not isinstance(seconds, int)
        or isinstance(seconds, bool)
        or seconds == 0
        or abs(seconds) > MAX_ADJUST_SECONDS
    ):
        raise TransitionError(
            "bad_seconds",
            f"Seconds to add must be a non-zero whole number within ±{MAX_ADJUST_SECONDS}, not {seconds!r}.",
        )
    _refuse_ended(clock)
    if seconds < 0:
        # The whole seconds the clock shows (it rounds up): removing them leaves it at 00:00.
        shown = math.ceil(clock.remaining(command.at))
        if shown <= 0:
            raise TransitionError(
                "no_time_left", f"Item {clock.item_id} shows {shown} s left; there is no time left to remove."
            )
        seconds = max(seconds, -shown)
    return _with_clock(programme, replace(clock, added_seconds=clock.added_seconds + seconds))


def _next(programme: Programme, command: Command) -> Programme:
    clock = _current_clock(programme)
    upcoming = programme.upcoming()
    if not upcoming:
        raise TransitionError("no_next_item", f"There is no upcoming item after item {clock.item_id}.")
    if clock.status in _STARTED:
        programme = _with_clock(programme, _ended(clock, command.at, "finished"))
    elif clock.status == "idle":
        programme = _with_clock(programme, _ended(clock, command.at, "skipped"))
    return replace(programme, current_id=upcoming[0])


def _previous(programme: Programme, command: Command) -> Programme:
    """Items before the current one have always ended, so the one re-opened has too."""
    clock = _current_clock(programme)
    position = programme.order.index(clock.item_id)
    if position == 0:
        raise TransitionError("no_previous_item", f"Item {clock.item_id} is the first item.")
    if clock.status == "running":
        programme = _with_clock(programme, _paused(clock, command.at))
    earlier = programme.clock(programme.order[position - 1])
    return replace(_with_clock(programme, _reopened(earlier)), current_id=earlier.item_id)


def _skip(programme: Programme, command: Command) -> Programme:
    item_id = command.item_id
    if item_id is None or item_id not in programme.order:
        raise TransitionError("unknown_item", f"There is no timed item {item_id!r}.")
    clock = programme.clock(item_id)
    is_idle_current = item_id == programme.current_id and clock.status == "idle"
    if not (is_idle_current or item_id in programme.upcoming()):
        raise TransitionError(
            "not_skippable",
            f"Item {item_id} is {clock.status}; only an upcoming item, or the current one"
            " before it starts, can be skipped.",
        )
    return _with_clock(programme, _ended(clock, command.at, "skipped"))


def _reorder(programme: Programme, command: Command) -> Programme:
    upcoming = programme.upcoming()
    proposed = command.order
    # Same length and mutual membership of unique ids: a permutation.
    if (
        proposed is None
        or len(proposed) != len(upcoming)
        or any(item_id not in upcoming for item_id in proposed)
        or any(item_id not in proposed for item_id in upcoming)
    ):
        raise TransitionError(
            "bad_order",
            f"The new order must be a permutation of the upcoming items {list(upcoming)}, not {proposed!r}.",
        )
    refill = iter(proposed)
    order = tuple(next(refill) if item_id in upcoming else item_id for item_id in programme.order)
    return replace(programme, order=order)


def not_started(programme: Programme) -> tuple[int, ...]:
    """Ids of the items whose time may still be allotted, in running order: the current item while
    idle, and the upcoming items that are idle (an item re-opened by `previous` and left paused is not)."""
    current = programme.current()
    if current is None:
        return ()
    candidates = ([] if current.ended else [current.item_id]) + list(programme.upcoming())
    return tuple(item_id for item_id in candidates if programme.clock(item_id).status == "idle")


def _is_whole(value: object, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _allot(programme: Programme, command: Command) -> Programme:
    allotments = command.allotments
    end = command.end
    if (
        not isinstance(allotments, tuple)
        or not allotments
        or not all(isinstance(pair, tuple) and len(pair) == 2 for pair in allotments)
        or not all(_is_whole(seconds, 0, MAX_ALLOT_SECONDS) for _, seconds in allotments)
        or len({item_id for item_id, _ in allotments}) != len(allotments)
        or (end is not None and (isinstance(end, bool) or not isinstance(end, int | float) or not math.isfinite(end)))
    ):
        raise TransitionError(
            "bad_allotments",
            f"Allotments must be distinct (item_id, seconds) pairs, seconds a whole number from 0 to"
            f" {MAX_ALLOT_SECONDS}, and end finite epoch seconds; not {allotments!r}, end {end!r}.",
        )
    allottable = not_started(programme)
    for item_id, _ in allotments:
        if item_id not in programme.order:
            raise TransitionError("unknown_item", f"There is no timed item {item_id!r}.")
        if item_id not in allottable:
            raise TransitionError(
                "not_allottable",
                f"Item {item_id} is {programme.clock(item_id).status}; only items not started can be allotted time.",
            )
    for item_id, seconds in allotments:
        clock = programme.clock(item_id)
        programme = _with_clock(programme, replace(clock, added_seconds=seconds - clock.planned_seconds))
    return programme


_HANDLERS: dict[str, Callable[[Programme, Command], Programme]] = {
    "start": _start,
    "pause": _pause,
    "resume": _resume,
    "add": _add,
    "finish": _finish,
    "next": _next,
    "previous": _previous,
    "skip": _skip,
    "reorder": _reorder,
    "allot": _allot,
}
COMMAND_NAMES: tuple[str, ...] = tuple(_HANDLERS)


def apply(programme: Programme, command: Command) -> Programme:
    """The state after `command`; raises TransitionError and leaves `programme` as it was."""
    handler = _HANDLERS.get(command.name)
    if handler is None:
        raise TransitionError("unknown_command", f"Unknown command {command.name!r}.")
    at = command.at
    if isinstance(at, bool) or not isinstance(at, (int, float)) or not math.isfinite(at):
        raise TransitionError("bad_time", f"Command time must be finite epoch seconds, not {at!r}.")
    if programme.last_at is not None and at < programme.last_at:
        raise TransitionError(
            "clock_backwards",
            f"Command time {at} is before the last command's time {programme.last_at}.",
        )
    return replace(handler(programme, command), last_at=at, revision=programme.revision + 1)


def replay(items: Sequence[tuple[int, int]], commands: Iterable[Command], *,
           start: Programme | None = None) -> Programme:
    """Rebuild the state from stored commands (applied to ``start``, the state of the commands before them).

    Stored commands were valid when stored, so an invalid one means the items or
    the log changed underneath: it raises TransitionError, noting its position.
    """
    programme = start or Programme.new(items)
    for position, command in enumerate(commands):
        try:
            programme = apply(programme, command)
        except TransitionError as error:
            error.add_note(f"while replaying stored command #{position}: {command!r}")
            raise
    return programme


# --- derived views -----------------------------------------------------------


def projected_end(programme: Programme, now: float, planned_start: float) -> float:
    """When the programme ends if the current item uses its remaining time and
    every upcoming item its allotted time; once every item has ended, its actual end.

    An item not yet started starts no earlier than `now`, and the first one no
    earlier than the planned start either: a meeting under way keeps the time
    it gained by starting early.
    """
    current = programme.current()
    if current is None:
        return planned_start
    upcoming = [programme.clock(item_id) for item_id in programme.upcoming()]
    if current.ended and not upcoming:
        return max(clock.ended_at for clock in programme.clocks if clock.ended_at is not None)
    to_run = upcoming if current.ended else [current, *upcoming]
    return _next_start(programme, current, now, planned_start) + sum(max(0.0, clock.remaining(now)) for clock in to_run)


def _next_start(programme: Programme, current: ItemClock, now: float, planned_start: float) -> float:
    """When the time still to run begins: now once the meeting is under way, else not before the planned start."""
    return now if current.status in _STARTED or programme.started else max(now, planned_start)


def projected_end_moves_from(programme: Programme, planned_start: float) -> float | None:
    """The time from which `projected_end` grows one second per second (None: it never does).

    Lets a client that gets no ticks keep the delay current: for any `t` after a
    snapshot taken at `now`, projected_end(t) = projected_end(now) + max(0, t - d)
    - max(0, now - d). A running item pushes the end out once it runs over, a
    paused one from the moment it paused, a meeting between items from the
    last command (the next item starts now), and nothing started yet from the
    planned start; a programme whose items have all ended does not move.
    """
    current = programme.current()
    if current is None or (current.ended and not programme.upcoming()):
        return None
    if current.status == "running":
        assert current.running_since is not None
        return current.running_since + current.allotted_seconds - current.elapsed_before
    if current.status == "paused":
        return current.pauses[-1][0]
    if programme.started:  # between items: the next one starts now, whenever now is
        return max(moment for clock in programme.clocks for moment in (clock.started_at, clock.ended_at)
                   if moment is not None)
    return planned_start


def planned_end(programme: Programme, planned_start: float) -> float:
    """The planned start plus every item's planned time."""
    return planned_start + sum(clock.planned_seconds for clock in programme.clocks)


def delay_seconds(programme: Programme, now: float, planned_start: float) -> float | None:
    """Projected end minus planned end; positive = late. None until the first item starts."""
    if not programme.started:
        return None
    return projected_end(programme, now, planned_start) - planned_end(programme, planned_start)


@dataclass(frozen=True)
class Allotment:
    """One item's share of a `fit`: its planned length, the time it has now, and the time proposed."""

    item_id: int
    planned_seconds: int
    allotted_before: int
    allotted_seconds: int


@dataclass(frozen=True)
class Fit:
    """The lengths that make the programme end at `end` (epoch seconds), or why none do.

    `time_left` is what the items not started share: from when the next of them
    can begin (now, or the planned start if nothing has started) to `end`, less
    what the items already started still have (a running or paused item keeps its
    allotted time, so its remaining seconds are spent before the others). The
    earliest possible end gives every item not started its floor.
    """

    end: float
    time_left: float
    earliest_end: float
    floor_seconds: int
    allotments: tuple[Allotment, ...]  # in running order; empty when not feasible

    @property
    def feasible(self) -> bool:
        return bool(self.allotments)

    def command(self, at: float) -> Command:
        """The `allot` command that applies this fit at time `at`."""
        return Command("allot", at, allotments=tuple((a.item_id, a.allotted_seconds) for a in self.allotments),
                       end=self.end)


def fit(programme: Programme, now: float, planned_start: float, end: float, floor_seconds: int) -> Fit:
    """New allotted times for the items not started so that the programme ends at `end`.

    The time left is shared in proportion to the items' planned lengths (not to
    what they were given since), in whole seconds that add up to the time left
    rounded down (so within a second of it). No item gets less than the floor, or
    than its planned length when that is shorter: fitting never stretches a
    short item to the floor. When even the floors do not fit, the Fit has no
    allotments and says the earliest end possible. Raises TransitionError when
    no item is left to fit.
    """
    current = _current_clock(programme)
    pending = [programme.clock(item_id) for item_id in not_started(programme)]
    if not pending:
        raise TransitionError("nothing_to_fit", "Every item has started or ended; there is no time to share.")
    to_run = ([] if current.ended else [current]) + [programme.clock(item_id) for item_id in programme.upcoming()]
    base = _next_start(programme, current, now, planned_start)
    committed = sum(max(0.0, clock.remaining(now)) for clock in to_run if clock.status in _STARTED)
    time_left = end - base - committed
    floors = [min(floor_seconds, clock.planned_seconds) for clock in pending]
    earliest_end = base + committed + sum(floors)
    if time_left < sum(floors):
        return Fit(end, time_left, earliest_end, floor_seconds, ())
    shares = share_seconds(math.floor(time_left), [clock.planned_seconds for clock in pending], floors)
    allotments = tuple(
        Allotment(clock.item_id, clock.planned_seconds, clock.allotted_seconds, seconds)
        for clock, seconds in zip(pending, shares, strict=True)
    )
    return Fit(end, time_left, earliest_end, floor_seconds, allotments)


def share_seconds(total: int, weights: Sequence[int], floors: Sequence[int]) -> list[int]:
    """`total` whole seconds shared in proportion to `weights`, none below its floor, adding up to `total`.

    Water-filling: an item whose share would fall below its floor gets the floor,
    and the rest is shared again among the others. Exact fractions, then the
    largest remainders get the spare seconds (the earlier item on a tie), so the
    answer is the same on every machine. Needs sum(floors) <= total.
    """
    if sum(floors) > total:
        raise ValueError("the floors add up to more than the total")
    count = len(weights)
    pinned: set[int] = set()
    while True:
        free = [i for i in range(count) if i not in pinned]
        budget = total - sum(floors[i] for i in pinned)
        weight = sum(weights[i] for i in free)
        exact = {i: Fraction(budget * weights[i], weight) if weight else Fraction(budget, len(free)) for i in free}
        below = [i for i in free if exact[i] < floors[i]]
        if not below:
            break
        pinned.update(below)  # free never empties: that would need total < sum(floors)
    exact.update({i: Fraction(floors[i]) for i in pinned})
    whole = [math.floor(exact[i]) for i in range(count)]
    spare = total - sum(whole)
    for i in sorted(range(count), key=lambda i: (whole[i] - exact[i], i))[:spare]:
        whole[i] += 1
    return whole


def item_report(programme: Programme, now: float) -> list[dict[str, Any]]:
    """Per item in running order: what actually happened, as of `now`."""
    return [
        {
            "item_id": clock.item_id,
            "status": clock.status,
            "planned_seconds": clock.planned_seconds,
            "added_seconds": clock.added_seconds,
            "allotted_seconds": clock.allotted_seconds,
            "actual_start": clock.started_at,
            "actual_end": clock.ended_at if clock.started_at is not None else None,
            "elapsed": clock.elapsed(now),
            "paused_seconds": clock.paused_seconds(now),
            "pauses": [[paused_at, resumed_at] for paused_at, resumed_at in clock.pauses],
            "overtime": clock.overtime(now),
        }
        for clock in programme.clocks_in_order()
    ]


_CLOCK_FIELDS = (
    "status",
    "planned_seconds",
    "added_seconds",
    "allotted_seconds",
    "elapsed_before",
    "running_since",
    "elapsed_seconds",
    "remaining_seconds",
    "overtime_seconds",
    "started_at",
    "ended_at",
    "phase",
)


def _clock_state(clock: ItemClock | None, now: float, thresholds: Thresholds) -> dict[str, Any]:
    if clock is None:
        return dict.fromkeys(_CLOCK_FIELDS)
    return {
        "status": clock.status,
        "planned_seconds": clock.planned_seconds,
        "added_seconds": clock.added_seconds,
        "allotted_seconds": clock.allotted_seconds,
        "elapsed_before": clock.elapsed_before,
        "running_since": clock.running_since,
        "elapsed_seconds": clock.elapsed(now),
        "remaining_seconds": clock.remaining(now),
        "overtime_seconds": clock.overtime(now),
        "started_at": clock.started_at,
        "ended_at": clock.ended_at,
        "phase": clock.phase(now, thresholds),
    }


def snapshot(
    programme: Programme,
    now: float,
    thresholds: Thresholds,
    *,
    planned_start: float | None = None,
) -> dict[str, Any]:
    """The full state, JSON-ready, for the API and the socket.

    Top-level clock fields describe the current item (all None without one). A
    client shows, while running: allotted_seconds − (elapsed_before +
    (its_now + offset − running_since)), with offset = server_time − its_now at
    receipt; otherwise remaining_seconds as sent. Delay fields need `planned_start`;
    the delay a moment later follows from `projected_end_moves_from` (and is None
    while `started` is false).
    """
    upcoming = programme.upcoming()
    timing: dict[str, float | None] = {
        "planned_start": planned_start, "planned_end": None, "projected_end": None, "delay_seconds": None,
        "projected_end_moves_from": None,
    }
    if planned_start is not None:
        timing["planned_end"] = planned_end(programme, planned_start)
        timing["projected_end"] = projected_end(programme, now, planned_start)
        timing["delay_seconds"] = delay_seconds(programme, now, planned_start)
        timing["projected_end_moves_from"] = projected_end_moves_from(programme, planned_start)
    return {
        "server_time": now,
        "revision": programme.revision,
        "last_command_at": programme.last_at,
        "current_id": programme.current_id,
        **_clock_state(programme.current(), now, thresholds),
        "next_id": upcoming[0] if upcoming else None,
        "upcoming": list(upcoming),
        "order": list(programme.order),
        "items": [
            {"item_id": clock.item_id, **_clock_state(clock, now, thresholds)}
            for clock in programme.clocks_in_order()
        ],
        "started": programme.started,
        "programme_ended": bool(programme.clocks) and all(clock.ended for clock in programme.clocks),
        "thresholds": {"amber_seconds": thresholds.amber_seconds, "red_seconds": thresholds.red_seconds},
        **timing,
    }
