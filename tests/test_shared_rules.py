"""The rules the browser repeats, checked on the server's side against the cases in
tests/shared/*.json; tests/js/*.test.mjs run the same files against static/js. A case
that passes here and there is a place where the two languages agree.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kiosk.badges.token import BadgeClaim, TokenError, verify
from kiosk.text import fold, format_clock
from kiosk.timer.machine import Command, Programme, Thresholds, replay, snapshot
from kiosk.timer.report import delay_phrase

SHARED = Path(__file__).parent / "shared"


def cases(file: str, key: str, keep: Callable[[dict[str, Any]], bool] = lambda case: True) -> list[Any]:
    document = json.loads((SHARED / file).read_text(encoding="utf-8"))
    return [pytest.param(case, id=case.get("name", str(index)))
            for index, case in enumerate(document[key]) if keep(case)]


def replayed(case: dict[str, Any]) -> Programme:
    commands = [Command(name, at, **(arguments[0] if arguments else {})) for name, at, *arguments in case["commands"]]
    return replay([tuple(item) for item in case["items"]], commands)


# --- fold ---------------------------------------------------------------------


@pytest.mark.parametrize("case", cases("fold.json", "cases"))
def test_search_folds_text_as_the_desk_does(case: dict[str, Any]) -> None:
    assert fold(case["text"]) == case["folded"]


# --- the chair's clock -------------------------------------------------------


@pytest.mark.parametrize("case", cases("phase.json", "clock"))
def test_the_clock_state_is_what_the_server_pushes(case: dict[str, Any]) -> None:
    state = case["state"]
    pushed = snapshot(replayed(case), state["server_time"], Thresholds(**state["thresholds"]))
    assert {field: pushed[field] for field in state} == state


@pytest.mark.parametrize("case", cases("phase.json", "clock"))
def test_seconds_left_and_colour_at_a_moment_are_the_machines(case: dict[str, Any]) -> None:
    state = case["state"]
    later = snapshot(replayed(case), case["now"], Thresholds(**state["thresholds"]))
    assert (later["remaining_seconds"], later["phase"]) == (case["remaining"], case["phase"])


@pytest.mark.parametrize("case", cases("phase.json", "projectedEnd"))
def test_the_projected_end_state_is_what_the_server_pushes(case: dict[str, Any]) -> None:
    state = case["state"]
    pushed = snapshot(replayed(case), state["server_time"], Thresholds(), planned_start=case["planned_start"])
    assert {field: pushed[field] for field in state} == state


@pytest.mark.parametrize("case", cases("phase.json", "projectedEnd"))
def test_the_projected_end_at_a_moment_is_the_machines(case: dict[str, Any]) -> None:
    later = snapshot(replayed(case), case["now"], Thresholds(), planned_start=case["planned_start"])
    assert later["projected_end"] == case["projected_end"]


@pytest.mark.parametrize("case", cases("phase.json", "delay"))
def test_the_delay_state_is_what_the_server_pushes(case: dict[str, Any]) -> None:
    state = case["state"]
    pushed = snapshot(replayed(case), state["server_time"], Thresholds(), planned_start=case["planned_start"])
    assert {field: pushed[field] for field in state} == state


@pytest.mark.parametrize("case", cases("phase.json", "delay"))
def test_the_delay_at_a_moment_is_the_machines_and_none_before_the_first_item_starts(case: dict[str, Any]) -> None:
    later = snapshot(replayed(case), case["now"], Thresholds(), planned_start=case["planned_start"])
    assert later["delay_seconds"] == case["delay_seconds"]


@pytest.mark.parametrize("case", cases("phase.json", "formatClock"))
def test_a_countdown_is_written_as_minutes_and_seconds(case: dict[str, Any]) -> None:
    assert format_clock(case["seconds"]) == case["text"]


@pytest.mark.parametrize("case", cases("delay.json", "cases"))
def test_the_delay_is_said_to_the_nearest_minute(case: dict[str, Any]) -> None:
    assert delay_phrase(case["delay_seconds"]) == case["text"]


# --- the badge token ---------------------------------------------------------

TOKENS = json.loads((SHARED / "token.json").read_text(encoding="utf-8"))
SECRET = TOKENS["secret"].encode("ascii")


@pytest.mark.parametrize("case", cases("token.json", "read"))
def test_a_desk_reads_ids_from_exactly_the_tokens_the_server_can_check(case: dict[str, Any]) -> None:
    """The offline reader's ids are the verified claim's; it refuses (null) what the server calls malformed."""
    ids = case["ids"]
    event_id = ids["eventId"] if ids else 0
    if case["verify"] == "valid":
        claim = verify(case["token"], SECRET, event_id=event_id)
        assert ids is not None
        assert claim == BadgeClaim(ids["eventId"], ids["attendeeId"], ids["version"])
        return
    with pytest.raises(TokenError) as refused:
        verify(case["token"], SECRET, event_id=event_id)
    assert refused.value.reason == case["verify"]
    assert (ids is None) == (case["verify"] in ("empty", "malformed"))


@pytest.mark.parametrize("case", cases("token.json", "looksLikeToken", lambda case: not case["looks"]))
def test_text_the_desk_sends_to_name_search_is_never_a_badge(case: dict[str, Any]) -> None:
    """What does not look like a token goes to name search; what does goes to the server, which verifies it."""
    with pytest.raises(TokenError) as refused:
        verify(case["text"], SECRET, event_id=12)
    assert refused.value.reason in ("empty", "malformed")
