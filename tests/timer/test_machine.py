"""The presentation timer as the chair, the presenter and the hall see it."""

from __future__ import annotations

import copy
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from kiosk.text import format_clock
from kiosk.timer.machine import (
    COMMAND_NAMES,
    MAX_ALLOT_SECONDS,
    Command,
    Programme,
    Thresholds,
    TransitionError,
    apply,
    delay_seconds,
    fit,
    item_report,
    not_started,
    projected_end,
    projected_end_moves_from,
    replay,
    share_seconds,
    snapshot,
)

T = 1_780_000_000.0  # an epoch second in June 2026; offsets below are exact in float
TEN_MINUTES = 600
THRESHOLDS = Thresholds()
AGENDA = [(11, TEN_MINUTES), (12, TEN_MINUTES), (13, 300), (14, 900)]

Step = tuple[str, float] | tuple[str, float, dict[str, object]]


def run(*steps: Step) -> Programme:
    """The agenda after (command name, seconds after T[, arguments]) steps."""
    return replay(AGENDA, [as_command(*step) for step in steps])


def as_command(name: str, offset: float, arguments: dict[str, object] | None = None) -> Command:
    return Command(name, T + offset, **(arguments or {}))  # type: ignore[arg-type]


def refused(programme: Programme, name: str, offset: float, arguments: dict[str, object] | None = None) -> str:
    """Apply a command that must fail; check nothing changed; return the error code."""
    before = copy.deepcopy(programme)
    with pytest.raises(TransitionError) as caught:
        apply(programme, as_command(name, offset, arguments))
    assert programme == before
    assert caught.value.args[0]  # a plain message for people
    return caught.value.code


# --- one item's countdown ----------------------------------------------------


def test_running_item_counts_down_from_its_planned_time() -> None:
    programme = run(("start", 0))
    clock = programme.current()
    assert clock is not None
    assert clock.status == "running"
    assert clock.remaining(T + 30) == 570
    assert clock.elapsed(T + 30) == 30
    assert clock.phase(T + 30, THRESHOLDS) == "normal"


def test_a_moment_before_the_start_shows_the_full_time_not_more() -> None:
    """A snapshot taken just before the last command (clocks differ) must not count backwards."""
    clock = run(("start", 0)).clock(11)
    assert clock.elapsed(T - 5) == 0
    assert clock.remaining(T - 5) == TEN_MINUTES


def test_paused_item_does_not_move_and_resumes_where_it_stopped() -> None:
    paused = run(("start", 0), ("pause", 30))
    assert paused.clock(11).remaining(T + 500) == 570
    resumed = apply(paused, as_command("resume", 500))
    assert resumed.clock(11).remaining(T + 510) == 560
    assert resumed.clock(11).pauses == ((T + 30, T + 500),)
    assert resumed.clock(11).paused_seconds(T + 510) == 470


def test_adding_a_minute_adds_exactly_sixty_seconds_to_what_remains() -> None:
    running = run(("start", 0))
    added = apply(running, as_command("add", 200, {"seconds": 60}))
    assert added.clock(11).remaining(T + 250) == running.clock(11).remaining(T + 250) + 60 == 410


def test_removing_time_shortens_what_remains() -> None:
    programme = run(("start", 0), ("add", 100, {"seconds": -120}))
    assert programme.clock(11).remaining(T + 100) == 380
    assert programme.clock(11).added_seconds == -120


def test_removing_a_minute_with_28_seconds_left_stops_the_clock_at_zero() -> None:
    """The chair's “−1 phút” with 00:28 on the clock leaves 00:00, not 32 seconds of overtime."""
    running = run(("start", 0))
    at = TEN_MINUTES - 27.6  # the clock shows 00:28 (it rounds up)
    assert format_clock(math.ceil(running.clock(11).remaining(T + at))) == "00:28"
    removed = apply(running, as_command("add", at, {"seconds": -60})).clock(11)
    assert format_clock(math.ceil(removed.remaining(T + at))) == "00:00"
    assert -1 < removed.remaining(T + at) <= 0
    assert removed.added_seconds == -28


def test_removing_more_than_is_left_leaves_zero_before_the_start_and_while_paused() -> None:
    assert run(("add", 0, {"seconds": -601})).clock(11).remaining(T) == 0
    paused = run(("start", 0), ("pause", 550), ("add", 560, {"seconds": -120})).clock(11)
    assert paused.remaining(T + 9999) == 0 and paused.phase(T + 9999, THRESHOLDS) == "red"


def test_once_the_clock_shows_zero_there_is_nothing_left_to_remove() -> None:
    assert refused(run(("add", 0, {"seconds": -600})), "add", 1, {"seconds": -60}) == "no_time_left"
    assert refused(run(("start", 0)), "add", TEN_MINUTES + 5, {"seconds": -60}) == "no_time_left"
    # Adding time back is always possible.
    assert apply(run(("start", 0)), as_command("add", TEN_MINUTES + 5, {"seconds": 60})).clock(11).remaining(
        T + TEN_MINUTES + 5) == 55


def test_time_can_be_added_before_the_item_starts_and_while_paused() -> None:
    programme = run(("add", 0, {"seconds": 60}), ("start", 10), ("pause", 20), ("add", 30, {"seconds": -30}))
    assert programme.clock(11).remaining(T + 1000) == TEN_MINUTES + 60 - 30 - 10


def test_past_zero_the_clock_counts_overtime() -> None:
    programme = run(("start", 0))
    clock = programme.clock(11)
    assert clock.remaining(T + 660) == -60
    assert clock.overtime(T + 660) == 60
    assert clock.overtime(T + 100) == 0
    assert clock.phase(T + 660, THRESHOLDS) == "overtime"


@pytest.mark.parametrize(
    ("seconds_left", "phase"),
    [(121, "normal"), (120, "amber"), (61, "amber"), (60, "red"), (0, "red"), (-1, "overtime")],
)
def test_colour_changes_at_the_warning_thresholds(seconds_left: int, phase: str) -> None:
    clock = run(("start", 0)).clock(11)
    assert clock.phase(T + TEN_MINUTES - seconds_left, THRESHOLDS) == phase


def test_thresholds_come_from_config() -> None:
    clock = run(("start", 0)).clock(11)
    config = Thresholds(amber_seconds=300, red_seconds=30)
    assert clock.phase(T + 300, config) == "amber"
    assert clock.phase(T + 560, config) == "amber"
    assert clock.phase(T + 570, config) == "red"
    with pytest.raises(ValueError):
        Thresholds(amber_seconds=30, red_seconds=60)


def test_idle_and_ended_items_have_their_own_phases() -> None:
    programme = run(("start", 0), ("finish", 100))
    assert programme.clock(11).phase(T + 100, THRESHOLDS) == "done"
    assert programme.clock(12).phase(T + 100, THRESHOLDS) == "idle"


def test_finish_freezes_elapsed_time() -> None:
    programme = run(("start", 0), ("pause", 100), ("finish", 200))
    clock = programme.clock(11)
    assert clock.status == "finished"
    assert clock.ended_at == T + 200
    assert clock.elapsed(T + 5000) == 100
    assert clock.pauses == ((T + 100, T + 200),)
    assert programme.current_id == 11  # the chair stays on it until "next"


# --- moving through the programme --------------------------------------------


def test_next_finishes_the_running_item_and_waits_for_start() -> None:
    programme = run(("start", 0), ("next", 610))
    assert programme.clock(11).status == "finished"
    assert programme.clock(11).ended_at == T + 610
    assert programme.current_id == 12
    assert programme.clock(12).status == "idle"
    started = apply(programme, as_command("start", 620))
    assert started.clock(12).started_at == T + 620


def test_next_past_an_item_that_never_started_skips_it() -> None:
    programme = run(("next", 0))
    assert programme.clock(11).status == "skipped"
    assert programme.current_id == 12


def test_next_after_finish_just_moves_on() -> None:
    programme = run(("start", 0), ("finish", 500), ("next", 520))
    assert programme.clock(11).ended_at == T + 500
    assert programme.current_id == 12


def test_previous_reopens_a_mistakenly_finished_item_with_its_time_kept() -> None:
    programme = run(("start", 0), ("next", 300), ("previous", 320))
    clock = programme.clock(11)
    assert programme.current_id == 11
    assert clock.status == "paused"
    assert clock.ended_at is None
    assert clock.remaining(T + 320) == 300
    assert programme.clock(12).status == "idle"
    resumed = apply(programme, as_command("resume", 330))
    assert resumed.clock(11).remaining(T + 340) == 290
    # The 30 s between the mistaken "next" and "resume" were a pause.
    assert resumed.clock(11).pauses == ((T + 300, T + 330),)


def test_previous_from_a_running_item_pauses_it_so_no_time_is_lost() -> None:
    programme = run(("start", 0), ("next", 600), ("start", 610), ("previous", 640))
    assert programme.current_id == 11
    assert programme.clock(12).status == "paused"
    assert programme.clock(12).elapsed(T + 9999) == 30
    assert programme.upcoming() == (12, 13, 14)
    back = apply(programme, as_command("next", 700))
    assert back.current_id == 12
    assert back.clock(12).status == "paused"
    assert back.clock(11).status == "finished"


def test_previous_onto_a_skipped_item_makes_it_idle_again() -> None:
    programme = run(("next", 0), ("previous", 5))
    assert programme.current_id == 11
    assert programme.clock(11).status == "idle"
    assert programme.clock(11).ended_at is None


def test_skip_an_upcoming_item_and_next_jumps_over_it() -> None:
    programme = run(("start", 0), ("skip", 10, {"item_id": 12}))
    assert programme.clock(12).status == "skipped"
    assert programme.upcoming() == (13, 14)
    moved = apply(programme, as_command("next", 600))
    assert moved.current_id == 13


def test_skip_the_current_item_before_it_starts() -> None:
    programme = replay(AGENDA, [as_command("skip", 0, {"item_id": 11})])
    assert programme.clock(11).status == "skipped"
    assert programme.current_id == 11
    assert apply(programme, as_command("next", 1)).current_id == 12


def test_reorder_changes_what_comes_next() -> None:
    programme = replay(AGENDA, [as_command("start", 0), as_command("reorder", 10, {"order": (14, 12, 13)})])
    assert programme.order == (11, 14, 12, 13)
    assert programme.upcoming() == (14, 12, 13)
    assert apply(programme, as_command("next", 600)).current_id == 14


def test_reorder_leaves_skipped_items_in_their_slots() -> None:
    programme = replay(
        AGENDA,
        [as_command("skip", 0, {"item_id": 12}), as_command("reorder", 1, {"order": [14, 13]})],
    )
    assert programme.order == (11, 12, 14, 13)


@pytest.mark.parametrize(
    "order",
    [(13, 12), (12, 13, 14, 11), (12, 13, 14, 15), (12, 12, 14), (12, 13, 13), (), None, ("12", 13, 14)],
)
def test_reorder_takes_only_a_permutation_of_the_upcoming_items(order: tuple | None) -> None:
    assert refused(run(("start", 0)), "reorder", 1, {"order": order}) == "bad_order"


# --- illegal commands --------------------------------------------------------


@pytest.mark.parametrize(
    ("setup", "command", "code"),
    [
        ([], ("pause", 1), "not_running"),
        ([], ("resume", 1), "not_paused"),
        ([], ("finish", 1), "not_started"),
        ([("start", 0)], ("start", 1), "already_started"),
        ([("start", 0), ("pause", 1)], ("start", 2), "already_started"),
        ([("start", 0)], ("resume", 1), "not_paused"),
        ([("start", 0), ("pause", 1)], ("pause", 2), "not_running"),
        ([("start", 0), ("finish", 1)], ("start", 2), "item_ended"),
        ([("start", 0), ("finish", 1)], ("finish", 2), "item_ended"),
        ([("start", 0), ("finish", 1)], ("add", 2, {"seconds": 60}), "item_ended"),
        ([("start", 0), ("finish", 1)], ("pause", 2), "not_running"),
        ([], ("previous", 1), "no_previous_item"),
        ([("next", 0), ("next", 1), ("next", 2)], ("next", 3), "no_next_item"),
        ([("start", 0)], ("skip", 1, {"item_id": 11}), "not_skippable"),
        ([("start", 0), ("next", 1)], ("skip", 2, {"item_id": 11}), "not_skippable"),
        ([("skip", 0, {"item_id": 12})], ("skip", 1, {"item_id": 12}), "not_skippable"),
        ([], ("skip", 1, {"item_id": 99}), "unknown_item"),
        ([], ("skip", 1), "unknown_item"),
        ([], ("add", 1, {"seconds": 0}), "bad_seconds"),
        ([], ("add", 1, {"seconds": 3601}), "bad_seconds"),
        ([], ("add", 1, {"seconds": -3601}), "bad_seconds"),
        ([], ("add", 1, {"seconds": 1.5}), "bad_seconds"),
        ([], ("add", 1, {"seconds": True}), "bad_seconds"),
        ([], ("add", 1), "bad_seconds"),
        ([("start", 0)], ("add", 700, {"seconds": -1}), "no_time_left"),
        ([("start", 10)], ("pause", 5), "clock_backwards"),
        ([], ("explode", 1), "unknown_command"),
    ],
)
def test_illegal_commands_raise_a_code_and_change_nothing(setup: list, command: tuple, code: str) -> None:
    assert refused(run(*setup), *command) == code


@pytest.mark.parametrize("at", [float("nan"), float("inf"), None, "12:00"])
def test_a_command_needs_a_real_time(at: object) -> None:
    with pytest.raises(TransitionError) as caught:
        apply(Programme.new(AGENDA), Command("start", at))  # type: ignore[arg-type]
    assert caught.value.code == "bad_time"


def test_commands_at_the_same_instant_are_allowed() -> None:
    programme = run(("start", 0), ("pause", 0), ("resume", 0))
    assert programme.clock(11).status == "running"


def test_an_empty_programme_refuses_clock_commands() -> None:
    empty = Programme.new([])
    assert empty.current() is None and empty.upcoming() == ()
    for name in ("start", "pause", "resume", "finish", "next", "previous"):
        assert refused(empty, name, 0) == "no_current_item"
    assert projected_end(empty, T, T) == T


def test_programme_rejects_bad_items() -> None:
    with pytest.raises(ValueError):
        Programme.new([(1, 60), (1, 60)])
    with pytest.raises(ValueError):
        Programme.new([(1, -5)])


# --- restart, reports, delay -------------------------------------------------


def test_replaying_stored_commands_rebuilds_the_identical_state() -> None:
    commands = [
        as_command("start", 0),
        as_command("add", 60, {"seconds": 60}),
        as_command("pause", 120),
        as_command("resume", 180),
        as_command("next", 700),
        as_command("skip", 710, {"item_id": 13}),
        as_command("reorder", 720, {"order": (14,)}),
        as_command("previous", 730),
        as_command("resume", 740),
    ]
    live = Programme.new(AGENDA)
    for command in commands:
        live = apply(live, command)
    # Stored as name, at and JSON args, as a database row would hold them.
    stored = [json.loads(json.dumps([c.name, c.at, c.args()])) for c in commands]
    rebuilt = replay(AGENDA, [Command(name, at, **args) for name, at, args in stored])
    assert rebuilt == live
    assert snapshot(rebuilt, T + 800, THRESHOLDS) == snapshot(live, T + 800, THRESHOLDS)


def test_replay_of_an_invalid_stored_command_raises_and_says_which() -> None:
    with pytest.raises(TransitionError) as caught:
        replay(AGENDA, [as_command("start", 0), as_command("start", 1)])
    assert caught.value.code == "already_started"
    assert "#1" in caught.value.__notes__[0]


def test_item_report_gives_actual_start_end_pauses_and_overtime() -> None:
    programme = run(
        ("start", 0), ("pause", 100), ("resume", 160), ("next", 760),  # 10 min + 60 s over, 60 s paused
        ("start", 800), ("finish", 1100),
    )
    first, second, third, _ = item_report(programme, T + 2000)
    assert first == {
        "item_id": 11,
        "status": "finished",
        "planned_seconds": 600,
        "added_seconds": 0,
        "allotted_seconds": 600,
        "actual_start": T,
        "actual_end": T + 760,
        "elapsed": 700,
        "paused_seconds": 60,
        "pauses": [[T + 100, T + 160]],
        "overtime": 100,
    }
    assert (second["actual_start"], second["actual_end"], second["overtime"]) == (T + 800, T + 1100, 0)
    assert second["elapsed"] == 300
    assert (third["status"], third["actual_start"], third["actual_end"]) == ("idle", None, None)


def test_an_item_three_minutes_over_makes_the_programme_three_minutes_late() -> None:
    planned_start = T
    on_time = run(("start", 0))
    assert delay_seconds(on_time, T + 60, planned_start) == 0
    over = run(("start", 0), ("finish", 780))
    assert delay_seconds(over, T + 780, planned_start) == 180
    assert delay_seconds(run(("start", 0), ("next", 780)), T + 780, planned_start) == 180
    assert delay_seconds(run(("start", 0), ("next", 780), ("start", 780)), T + 900, planned_start) == 180


def test_a_programme_started_five_minutes_late_is_five_minutes_late() -> None:
    assert delay_seconds(run(("start", 300)), T + 300, planned_start=T) == 300


@pytest.mark.parametrize("hours_after_the_planned_start", [-1, 0, 0.5, 4.7])
def test_before_the_first_item_starts_there_is_no_delay_and_the_plan_stands(
    hours_after_the_planned_start: float,
) -> None:
    """A fresh install of a month-only event at 12:43 is not “283 minutes late” for an assumed 08:00."""
    now = T + hours_after_the_planned_start * 3600
    for waiting in (Programme.new(AGENDA), run(("add", 0, {"seconds": 60})), run(("skip", 0, {"item_id": 14}))):
        assert not waiting.started
        assert delay_seconds(waiting, now, planned_start=T) is None
        # The projected end still says when it would end if it started now.
        assert projected_end(waiting, now, planned_start=T) == max(now, T) + sum(
            clock.allotted_seconds for clock in waiting.clocks if not clock.ended)
        state = snapshot(waiting, now, THRESHOLDS, planned_start=T)
        assert (state["started"], state["delay_seconds"], state["planned_end"]) == (False, None, T + 2400)
    assert snapshot(run(("start", 7200)), T + 7200, THRESHOLDS, planned_start=T)["delay_seconds"] == 7200


def test_delay_follows_pauses_overtime_added_time_and_skips() -> None:
    planned_start = T
    paused = run(("start", 0), ("pause", 100))
    assert delay_seconds(paused, T + 400, planned_start) == 300
    overrunning = run(("start", 0))
    assert delay_seconds(overrunning, T + 700, planned_start) == 100
    assert delay_seconds(run(("start", 0), ("add", 10, {"seconds": 120})), T + 10, planned_start) == 120
    skipped = replay(AGENDA, [as_command("start", 0), as_command("skip", 10, {"item_id": 14})])
    assert delay_seconds(skipped, T + 10, planned_start) == -900


def test_delay_stops_growing_once_the_programme_has_ended() -> None:
    commands = [("start", 0), ("next", 600), ("start", 600), ("next", 1200), ("start", 1200), ("next", 1500)]
    ended = run(*commands, ("start", 1500), ("finish", 2460))
    planned_end = T + 600 + 600 + 300 + 900
    assert projected_end(ended, T + 9999, planned_start=T) == T + 2460
    assert delay_seconds(ended, T + 9999, planned_start=T) == T + 2460 - planned_end


def test_snapshot_is_json_ready_and_lets_a_client_count_down_by_itself() -> None:
    programme = run(("start", 0), ("pause", 50), ("resume", 80), ("add", 90, {"seconds": 60}))
    state = snapshot(programme, T + 100, THRESHOLDS, planned_start=T)
    assert json.loads(json.dumps(state)) == state
    assert state["current_id"] == 11
    assert state["status"] == "running"
    assert state["remaining_seconds"] == 600 + 60 - 70
    assert state["phase"] == "normal"
    assert state["upcoming"] == [12, 13, 14] and state["next_id"] == 12
    assert [item["status"] for item in state["items"]] == ["running", "idle", "idle", "idle"]
    assert state["delay_seconds"] == 90  # 30 s paused + 60 s added
    assert state["revision"] == 4
    # A client whose clock runs 7 s behind the server's, 40 s after receipt:
    offset = state["server_time"] - (T + 100 - 7)
    client_now = T + 140 - 7
    live_remaining = state["allotted_seconds"] - (
        state["elapsed_before"] + (client_now + offset - state["running_since"])
    )
    assert live_remaining == programme.clock(11).remaining(T + 140)


def test_snapshot_without_planned_start_or_items() -> None:
    state = snapshot(Programme.new([]), T, THRESHOLDS)
    assert state["current_id"] is None and state["status"] is None and state["remaining_seconds"] is None
    assert state["delay_seconds"] is None
    assert state["programme_ended"] is False


# --- new lengths for the items not started (allot, fit) ------------------------

PLANNED_END = T + 600 + 600 + 300 + 900


def allotted(programme: Programme) -> dict[int, int]:
    return {clock.item_id: clock.allotted_seconds for clock in programme.clocks}


def test_allot_gives_items_not_started_exactly_the_time_named() -> None:
    programme = run(("start", 0), ("allot", 10, {"allotments": [[12, 400], [13, 200]], "end": T + 3000}))
    assert allotted(programme) == {11: 600, 12: 400, 13: 200, 14: 900}
    assert programme.clock(12).added_seconds == -200, "what differs from the plan"
    later = apply(programme, as_command("allot", 20, {"allotments": [[12, 700]]}))
    assert later.clock(12).allotted_seconds == 700, "a second allot replaces the first, not adds to it"


def test_the_chair_can_still_add_a_minute_to_an_allotted_item() -> None:
    programme = run(("start", 0), ("allot", 10, {"allotments": [[12, 400]]}), ("next", 600), ("add", 600,
                                                                                              {"seconds": 60}))
    assert programme.clock(12).allotted_seconds == 460


def test_the_idle_current_item_can_be_allotted_time_and_counts_down_from_it() -> None:
    programme = run(("allot", 0, {"allotments": [[11, 420]]}), ("start", 5))
    assert programme.clock(11).remaining(T + 65) == 360


@pytest.mark.parametrize(("arguments", "code"), [
    ({"allotments": [[11, 300]]}, "not_allottable"),  # running
    ({"allotments": [[12, 300], [11, 300]]}, "not_allottable"),  # one bad pair refuses them all
    ({"allotments": [[99, 300]]}, "unknown_item"),
    ({}, "bad_allotments"),
    ({"allotments": []}, "bad_allotments"),
    ({"allotments": [[12, 300], [12, 400]]}, "bad_allotments"),
    ({"allotments": [[12, -1]]}, "bad_allotments"),
    ({"allotments": [[12, 300.5]]}, "bad_allotments"),
    ({"allotments": [[12, True]]}, "bad_allotments"),
    ({"allotments": [[12, MAX_ALLOT_SECONDS + 1]]}, "bad_allotments"),
    ({"allotments": [[12]]}, "bad_allotments"),
    ({"allotments": [12, 300]}, "bad_allotments"),
    ({"allotments": [[12, 300]], "end": float("nan")}, "bad_allotments"),
    ({"allotments": [[12, 300]], "end": "11:30"}, "bad_allotments"),
])
def test_allot_refuses_started_unknown_and_malformed_allotments(arguments: dict[str, object], code: str) -> None:
    assert refused(run(("start", 0)), "allot", 10, arguments) == code


def test_ended_items_cannot_be_allotted_time() -> None:
    programme = run(("start", 0), ("next", 600), ("skip", 610, {"item_id": 13}))
    assert not_started(programme) == (12, 14)
    assert refused(programme, "allot", 620, {"allotments": [[11, 300]]}) == "not_allottable"
    assert refused(programme, "allot", 620, {"allotments": [[13, 300]]}) == "not_allottable"


def test_an_allot_command_survives_storage_as_json() -> None:
    command = as_command("allot", 10, {"allotments": [[12, 400], [13, 200]], "end": PLANNED_END})
    stored = json.loads(json.dumps(command.args()))
    assert stored == {"allotments": [[12, 400], [13, 200]], "end": PLANNED_END}
    assert Command("allot", command.at, **stored) == command


def test_fit_after_an_overrun_shares_the_time_left_in_proportion_none_below_the_floor() -> None:
    late = run(("start", 0), ("next", 900))  # item 11 ran 5 minutes over; 12 is next, not started
    proposal = fit(late, T + 900, T, PLANNED_END, 300)
    assert proposal.feasible and proposal.time_left == 1500
    # 1500 s for 600 : 300 : 900 would give item 13 only 250 s: it gets the floor, the rest 600 : 900.
    assert [(a.item_id, a.planned_seconds, a.allotted_before, a.allotted_seconds) for a in proposal.allotments] == [
        (12, 600, 600, 480), (13, 300, 300, 300), (14, 900, 900, 720)]
    fitted = apply(late, proposal.command(T + 900))
    assert projected_end(fitted, T + 900, T) == PLANNED_END
    assert delay_seconds(fitted, T + 900, T) == 0


def test_fit_on_plan_changes_nothing_and_a_running_item_keeps_its_time() -> None:
    running = run(("start", 0))
    proposal = fit(running, T + 100, T, PLANNED_END, 300)
    assert proposal.time_left == 1800, "item 11's 500 s left are spent first"
    assert [(a.item_id, a.allotted_seconds) for a in proposal.allotments] == [(12, 600), (13, 300), (14, 900)]
    paused = run(("start", 0), ("pause", 100))
    assert fit(paused, T + 400, T, PLANNED_END, 300).time_left == 1800 - 300, "a pause costs time"


def test_an_item_reopened_and_left_paused_keeps_its_time_too() -> None:
    reopened = run(("start", 0), ("next", 500), ("start", 500), ("previous", 600))
    assert not_started(reopened) == (13, 14), "item 12 was started: it keeps its 500 s left"
    proposal = fit(reopened, T + 600, T, T + 600 + 100 + 500 + 1600, 300)
    assert proposal.time_left == 1600, "item 11 has 100 s left, item 12 500 s"
    assert [(a.item_id, a.allotted_seconds) for a in proposal.allotments] == [(13, 400), (14, 1200)]


def test_fit_before_the_start_counts_from_the_planned_start() -> None:
    proposal = fit(Programme.new(AGENDA), T - 600, T, PLANNED_END + 240, 300)
    assert proposal.time_left == 2640
    assert [a.allotted_seconds for a in proposal.allotments] == [660, 660, 330, 990]


def test_fit_to_a_later_end_lengthens_every_item_not_started() -> None:
    proposal = fit(run(("start", 0), ("next", 600)), T + 600, T, PLANNED_END + 300, 300)
    assert [a.allotted_seconds for a in proposal.allotments] == [700, 350, 1050]


def test_fit_never_stretches_an_item_planned_shorter_than_the_floor() -> None:
    proposal = fit(run(("start", 0), ("next", 900)), T + 900, T, PLANNED_END, 600)
    assert [(a.item_id, a.allotted_seconds) for a in proposal.allotments] == [(12, 600), (13, 300), (14, 600)]


def test_fit_that_cannot_be_met_says_the_earliest_end() -> None:
    late = run(("start", 0), ("next", 900))
    impossible = fit(late, T + 900, T, T + 1000, 300)
    assert not impossible.feasible and impossible.allotments == ()
    assert impossible.earliest_end == T + 900 + 3 * 300
    assert fit(late, T + 900, T, impossible.earliest_end, 300).feasible, "the earliest end itself fits"
    assert [a.allotted_seconds for a in fit(late, T + 900, T, T + 1800, 300).allotments] == [300, 300, 300]


def test_there_is_nothing_to_fit_once_the_last_item_has_started() -> None:
    last = run(("start", 0), ("next", 600), ("next", 600), ("next", 600), ("start", 600))
    with pytest.raises(TransitionError) as caught:
        fit(last, T + 700, T, PLANNED_END, 300)
    assert caught.value.code == "nothing_to_fit"


def test_shares_add_up_and_rounding_is_the_same_everywhere() -> None:
    assert share_seconds(100, [1, 1, 1], [0, 0, 0]) == [34, 33, 33]
    assert share_seconds(1000, [100, 1, 1], [300, 300, 300]) == [400, 300, 300]
    assert share_seconds(10, [0, 0], [0, 0]) == [5, 5], "no weight: shared equally"
    with pytest.raises(ValueError):
        share_seconds(10, [1, 1], [6, 6])


@st.composite
def shares_to_make(draw: st.DrawFn) -> tuple[int, list[int], list[int]]:
    weights = draw(st.lists(st.integers(min_value=0, max_value=7200), min_size=1, max_size=12))
    floor = draw(st.integers(min_value=0, max_value=900))
    floors = [min(floor, weight) for weight in weights]
    total = sum(floors) + draw(st.integers(min_value=0, max_value=40_000))
    return total, weights, floors


@settings(max_examples=300, deadline=None, derandomize=True)
@given(case=shares_to_make())
def test_shares_add_up_to_the_total_none_below_its_floor_and_in_proportion(
    case: tuple[int, list[int], list[int]],
) -> None:
    total, weights, floors = case
    shares = share_seconds(total, weights, floors)
    assert sum(shares) == total
    assert all(share >= floor for share, floor in zip(shares, floors, strict=True))
    # Items above their floors share in proportion, up to a second of rounding each.
    free = [i for i, (share, floor) in enumerate(zip(shares, floors, strict=True)) if share > floor + 1]
    for i in free:
        for j in free:
            assert abs(shares[i] * weights[j] - shares[j] * weights[i]) <= weights[i] + weights[j]


# --- properties ---------------------------------------------------------------

offsets = st.floats(min_value=0, max_value=10_000, allow_nan=False)
planned = st.integers(min_value=0, max_value=7200)


@settings(max_examples=200, deadline=None)
@given(planned=planned, run_for=offsets, paused_for=offsets, look_later=offsets)
def test_a_paused_clock_does_not_move(planned: int, run_for: float, paused_for: float, look_later: float) -> None:
    programme = replay([(1, planned)], [Command("start", T), Command("pause", T + run_for)])
    clock = programme.clock(1)
    paused_at = T + run_for
    assert clock.remaining(paused_at + paused_for) == clock.remaining(paused_at)
    assert clock.elapsed(paused_at + paused_for + look_later) == clock.elapsed(paused_at)


@settings(max_examples=200, deadline=None)
@given(
    planned=planned,
    run_for=offsets,
    seconds=st.integers(min_value=-3600, max_value=3600).filter(bool),
    look_later=offsets,
    pause_first=st.booleans(),
)
def test_added_time_adds_to_what_remains(
    planned: int, run_for: float, seconds: int, look_later: float, pause_first: bool
) -> None:
    """Added time adds to what remains; removed time too, but never past 00:00 on the clock."""
    commands = [Command("start", T)] + ([Command("pause", T + run_for)] if pause_first else [])
    before = replay([(1, planned)], commands)
    shown = math.ceil(before.clock(1).remaining(T + run_for))
    if seconds < 0 and shown <= 0:
        with pytest.raises(TransitionError):
            apply(before, Command("add", T + run_for, seconds=seconds))
        return
    after = apply(before, Command("add", T + run_for, seconds=seconds))
    now = T + run_for + look_later
    removed = max(seconds, -shown)
    assert after.clock(1).remaining(now) == before.clock(1).remaining(now) + (seconds if seconds > 0 else removed)
    if seconds < 0:
        assert after.clock(1).remaining(T + run_for) > -1


ENABLED_BUTTONS = {
    "idle": ("start", "add", "next", "previous"),
    "running": ("pause", "add", "finish", "next", "previous"),
    "paused": ("resume", "add", "finish", "next", "previous"),
    "finished": ("next", "previous"),
    "skipped": ("next", "previous"),
}


class ChairPressingButtons(RuleBasedStateMachine):
    """Any sequence of commands, valid or not, at non-decreasing times."""

    @initialize(
        items=st.lists(
            st.tuples(st.integers(min_value=1, max_value=50), planned), max_size=6, unique_by=lambda item: item[0]
        )
    )
    def open_programme(self, items: list[tuple[int, int]]) -> None:
        self.items = items
        self.programme = Programme.new(items)
        self.accepted: list[Command] = []
        self.now = T
        self.elapsed_seen: dict[int, float] = {}

    def attempt(self, command: Command) -> None:
        before = self.programme
        try:
            self.programme = apply(before, command)
        except TransitionError as error:
            assert error.code and error.args[0]
            assert self.programme == before
        else:
            self.accepted.append(command)
            self.now = command.at

    @rule(
        name=st.sampled_from(COMMAND_NAMES),
        wait=st.floats(min_value=0, max_value=900, allow_nan=False),
        seconds=st.one_of(st.none(), st.integers(min_value=-4000, max_value=4000)),
        item_id=st.one_of(st.none(), st.integers(min_value=0, max_value=51)),
        data=st.data(),
    )
    def press(self, name: str, wait: float, seconds: int | None, item_id: int | None, data: st.DataObject) -> None:
        upcoming = list(self.programme.upcoming())
        order = data.draw(st.one_of(st.permutations(upcoming), st.lists(st.integers(0, 51), max_size=6)))
        if name == "skip" and upcoming and data.draw(st.booleans()):
            item_id = data.draw(st.sampled_from(upcoming))
        self.attempt(Command(name, self.now + wait, seconds=seconds, item_id=item_id, order=tuple(order)))

    @precondition(lambda self: self.programme.current() is not None)
    @rule(
        wait=st.floats(min_value=0, max_value=900, allow_nan=False),
        seconds=st.integers(min_value=-600, max_value=600).filter(bool),
        data=st.data(),
    )
    def press_an_enabled_button(self, wait: float, seconds: int, data: st.DataObject) -> None:
        """Mostly-valid presses, as the chair's screen offers them, so long runs happen."""
        current = self.programme.current()
        assert current is not None
        name = data.draw(st.sampled_from(ENABLED_BUTTONS[current.status]))
        self.attempt(Command(name, self.now + wait, seconds=seconds))

    @precondition(lambda self: self.programme.current() is not None)
    @rule(
        wait=st.floats(min_value=0, max_value=900, allow_nan=False),
        end_after=st.floats(min_value=-600, max_value=20_000, allow_nan=False),
        floor=st.integers(min_value=0, max_value=900),
    )
    def fit_to_an_end(self, wait: float, end_after: float, floor: int) -> None:
        """After a fit, the projected end is the end asked for (within a second), no item under its floor."""
        now = self.now + wait
        planned_start = T + 300
        end = now + end_after
        try:
            proposal = fit(self.programme, now, planned_start, end, floor)
        except TransitionError as error:
            assert error.code == "nothing_to_fit" and not not_started(self.programme)
            return
        if not proposal.feasible:
            assert end < proposal.earliest_end
            assert fit(self.programme, now, planned_start, proposal.earliest_end, floor).feasible
            return
        for allotment in proposal.allotments:
            assert allotment.allotted_seconds >= min(floor, allotment.planned_seconds)
        assert sum(a.allotted_seconds for a in proposal.allotments) == math.floor(proposal.time_left)
        self.attempt(proposal.command(now))
        assert self.programme.last_at == now, "a computed fit is always accepted"
        assert end - 1 < projected_end(self.programme, now, planned_start) <= end + 1e-6

    @precondition(lambda self: self.accepted)
    @rule(back=st.floats(min_value=0.001, max_value=900), name=st.sampled_from(COMMAND_NAMES))
    def press_with_a_clock_that_went_back(self, back: float, name: str) -> None:
        with pytest.raises(TransitionError) as caught:
            apply(self.programme, Command(name, self.now - back, seconds=60))
        assert caught.value.code == "clock_backwards"

    @invariant()
    def elapsed_never_runs_backwards(self) -> None:
        for clock in self.programme.clocks:
            elapsed = clock.elapsed(self.now)
            assert elapsed >= self.elapsed_seen.get(clock.item_id, 0.0)
            self.elapsed_seen[clock.item_id] = elapsed

    @invariant()
    def state_is_consistent(self) -> None:
        programme = self.programme
        assert sorted(programme.order) == sorted(item_id for item_id, _ in self.items)
        if not self.items:
            assert programme.current_id is None
            return
        assert programme.current_id in programme.order
        running = [clock for clock in programme.clocks if clock.status == "running"]
        assert len(running) <= 1
        assert all(clock.item_id == programme.current_id for clock in running)
        position = programme.order.index(programme.current_id)
        assert all(programme.clock(item_id).ended for item_id in programme.order[:position])
        for clock in programme.clocks:
            assert (clock.status == "running") == (clock.running_since is not None)
            assert clock.ended == (clock.ended_at is not None)
            assert (clock.status == "paused") == bool(clock.pauses and clock.pauses[-1][1] is None)
            if clock.status in ("running", "paused", "finished"):
                assert clock.started_at is not None
            if clock.started_at is None:
                assert clock.elapsed(self.now) == 0 and not clock.pauses
            else:
                # Running and paused stretches tile the time since the start.
                until = clock.ended_at if clock.ended_at is not None else self.now
                wall = until - clock.started_at
                accounted = clock.elapsed(self.now) + clock.paused_seconds(self.now)
                assert accounted == pytest.approx(wall, abs=1e-6)

    @invariant()
    def projected_end_moves_as_announced(self) -> None:
        """A client given one snapshot keeps the delay current without ticks."""
        planned_start = T + 300
        moves_from = projected_end_moves_from(self.programme, planned_start)
        at_snapshot = projected_end(self.programme, self.now, planned_start)
        for later in (0.5, 61.0, 1000.0):
            t = self.now + later
            drift = 0.0 if moves_from is None else max(0.0, t - moves_from) - max(0.0, self.now - moves_from)
            assert projected_end(self.programme, t, planned_start) == pytest.approx(at_snapshot + drift, abs=1e-6)

    def teardown(self) -> None:
        if hasattr(self, "programme"):
            assert replay(self.items, self.accepted) == self.programme


TestChairPressingButtons = ChairPressingButtons.TestCase
TestChairPressingButtons.settings = settings(max_examples=200, stateful_step_count=30, deadline=None)
