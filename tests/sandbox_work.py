"""Functions for tests/test_sandbox.py to run in kiosk.sandbox's child: importable, and light to import."""

from __future__ import annotations

import time

from kiosk.errors import N_, Refusal


def add(a: int, b: int) -> int:
    return a + b


def spin(seconds: float) -> int:
    """Busy for ``seconds`` (CPU, never yielding), as a parser on a hostile file."""
    end = time.monotonic() + seconds
    count = 0
    while time.monotonic() < end:
        count += 1
    return count


def hoard(megabytes: int) -> int:
    """Hold ``megabytes`` of memory, as a parser building objects for a lying header."""
    blocks = [bytearray(1024 * 1024) for _ in range(megabytes)]
    return len(blocks)


def refuse(name: str) -> None:
    raise Refusal("no_plan", N_("Không nhận ra kế hoạch trong %(file)s."), status=422, field="plan", file=name)


def fail() -> None:
    raise KeyError("a bug in a reader")
