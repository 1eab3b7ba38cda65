"""Blocking work off gevent's event loop: a few real threads beside it.

``kiosk serve`` is one gevent loop: a call that blocks in C (scrypt checking a
PIN, ``fsync`` waiting for the disk) would stall every screen and desk of the
process. An :class:`Offload` runs such a call in a real thread; the calling
greenlet waits, the others run. Where gevent did not patch ``threading`` (tests,
scripts, commands) the caller already is a thread, and the work runs in it.

Each kind of work has its own pool. The disk syncs that keep check-ins run
in a process of their own instead (kiosk.durable.SyncProcess), so a flood of
PIN guesses (every thread busy with scrypt) never makes a check-in wait.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class Offload:
    """A pool of ``threads`` real threads, started on first use under gevent."""

    def __init__(self, threads: int) -> None:
        self.threads = threads
        self._pool: Any = None
        self._lock = threading.Lock()

    def __call__(self, work: Callable[..., T], *args: Any) -> T:
        if not gevent_serves():
            return work(*args)  # threads serve (tests, scripts): this already is a thread
        if self._pool is None:
            with self._lock:
                if self._pool is None:
                    from gevent.threadpool import ThreadPool

                    self._pool = ThreadPool(maxsize=self.threads)
        result: T = self._pool.apply(work, args)
        return result


# At most one thread per core checks PINs: a flood of guesses takes the cores' share the scheduler gives it.
PIN_CHECKS = Offload(threads=os.cpu_count() or 1)


def let_others_run() -> None:
    """Under gevent, let every greenlet that is ready run until it waits (a no-op for threads)."""
    if gevent_serves():
        from gevent import sleep

        sleep(0)


def gevent_serves() -> bool:
    """Whether gevent patched ``threading`` (``kiosk serve``); elsewhere threads serve."""
    try:
        from gevent import monkey
    except ImportError:  # pragma: no cover - gevent is a dependency
        return False
    return bool(monkey.is_module_patched("threading"))
