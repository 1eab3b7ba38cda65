"""kiosk.sandbox: a reader runs in a child process, within its time and memory, and the server waits for it
without stalling (issue 14, item 2)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
import time

import pytest

from kiosk import sandbox
from kiosk.errors import Refusal
from tests import sandbox_work as work

LIMITS = sandbox.Limits(seconds=5, megabytes=300)


def test_the_function_runs_in_another_process_and_gives_its_result() -> None:
    assert sandbox.run(work.add, 2, 3, limits=LIMITS, filename="x") == 5
    assert sandbox.run(os.getpid, limits=LIMITS, filename="x") != os.getpid()


def test_a_refusal_comes_back_with_its_code_message_values_status_and_field() -> None:
    with pytest.raises(Refusal) as refused:
        sandbox.run(work.refuse, "ke-hoach.docx", limits=LIMITS, filename="ke-hoach.docx")
    error = refused.value
    assert (error.code, error.status, error.field, str(error)) == (
        "no_plan", 422, "plan", "Không nhận ra kế hoạch trong ke-hoach.docx.")


def test_a_bug_in_a_reader_is_logged_with_its_traceback_and_refused_naming_the_file(
        caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="kiosk.sandbox"), pytest.raises(sandbox.ReadFailed) as refused:
        sandbox.run(work.fail, limits=LIMITS, filename="dai-bieu.xlsx")
    assert "dai-bieu.xlsx" in str(refused.value)
    assert "KeyError: 'a bug in a reader'" in caplog.text and "Traceback" in caplog.text


def test_work_past_the_time_limit_is_stopped_and_refused_naming_the_limit() -> None:
    started = time.monotonic()
    with pytest.raises(sandbox.LimitExceeded) as refused:
        sandbox.run(work.spin, 60, limits=sandbox.Limits(seconds=1, megabytes=300), filename="ke-hoach.docx")
    assert time.monotonic() - started < 5
    assert refused.value.code == "too_slow" and refused.value.status == 413
    assert str(refused.value).startswith("Đọc tệp “ke-hoach.docx” cần quá 1 giây (giới hạn 1 giây)")


def test_memory_past_the_limit_is_refused_naming_the_limit() -> None:
    with pytest.raises(sandbox.LimitExceeded) as refused:
        sandbox.run(work.hoard, 2000, limits=sandbox.Limits(seconds=20, megabytes=300), filename="dai-bieu.xlsx")
    assert refused.value.code == "too_much_memory"
    assert str(refused.value).startswith("Đọc tệp “dai-bieu.xlsx” cần quá 300 MB bộ nhớ (giới hạn 300 MB)")
    assert sandbox.run(work.hoard, 100, limits=sandbox.Limits(seconds=20, megabytes=300), filename="x") == 100


GEVENT_SERVER = textwrap.dedent("""
    from gevent import monkey
    monkey.patch_all()  # as `kiosk serve` does, before anything else
    import sys, time
    import gevent
    from kiosk import sandbox
    from tests import sandbox_work as work

    gaps = []

    def tick():  # another request: it wants the loop every 10 ms
        last = time.monotonic()
        while True:
            gevent.sleep(0.01)
            now = time.monotonic()
            gaps.append(now - last)
            last = now

    ticker = gevent.spawn(tick)
    started = time.monotonic()
    result = sandbox.run(work.spin, 1.5, limits=sandbox.Limits(seconds=10, megabytes=300), filename="x")
    took = time.monotonic() - started
    ticker.kill()
    gaps.sort()
    print(result > 0, round(took, 2), len(gaps), round(gaps[len(gaps) // 2], 3), round(gaps[-1], 3))
""")


def test_under_gevent_the_loop_keeps_turning_while_a_child_reads_for_seconds() -> None:
    """The server's other greenlets run every 10 ms while the child is busy for 1.5 s."""
    result = subprocess.run([sys.executable, "-c", GEVENT_SERVER], capture_output=True, text=True, timeout=60,
                            cwd=os.path.dirname(os.path.dirname(__file__)), check=False)
    assert result.returncode == 0, result.stderr
    ok, took, ticks, median_gap, longest_gap = result.stdout.split()
    assert ok == "True" and float(took) >= 1.5
    assert int(ticks) >= 50, result.stdout  # a stalled loop would tick once or twice
    assert float(median_gap) < 0.05 and float(longest_gap) < 0.5, result.stdout
