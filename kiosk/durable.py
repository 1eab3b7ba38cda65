"""Acknowledged means on disk, with one ``fsync`` shared by every commit that waits for it (group commit).

SQLite runs in WAL mode with ``synchronous=NORMAL``: a commit writes its frames
to the ``-wal`` file (the operating system holds them: a killed server loses
nothing) but does not wait for the disk. Before anything is answered, the
boundary (kiosk.boundary) calls :meth:`GroupSync.wait`, which returns once an
``fsync`` of the WAL that *began after* the caller's commit has finished: what a
desk is told was kept survives a power cut too, as with ``synchronous=FULL``.

The difference is who waits. With ``FULL`` every commit syncs on its own, inside
SQLite, and under gevent the whole process waits for the disk with it. Here
the sync runs in a real thread (kiosk.offload), the event loop goes on serving,
and the commits made while one sync runs are all covered by the next one: ten
desks scanning at once pay for one or two syncs, not ten.

A WAL that no longer exists was checkpointed into the database and removed;
SQLite syncs both during a checkpoint, so there is nothing left to sync.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path


def sync_file(path: Path) -> None:
    """``fsync`` the file at ``path``, if it exists."""
    try:
        descriptor = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class GroupSync:
    """Waits until a sync of ``path`` that began after the call has finished; concurrent waiters share syncs.

    ``run`` runs the sync (kiosk.offload.DISK_SYNCS under gevent: off the loop);
    ``pause`` comes first (kiosk.offload.let_others_run: the requests that are
    ready commit too, and this sync covers them rather than the next).
    Syncs are numbered as they start; a waiter needs the next one to start
    after it arrived. One waiter at a time leads a sync, the others wait on
    the condition (cooperatively under gevent, whose patched ``threading``
    this uses). A sync that fails raises for its leader, and the waiters it
    would have covered lead a new one.
    """

    def __init__(self, path: Path, run: Callable[[Callable[[], None]], None] | None = None,
                 pause: Callable[[], None] | None = None) -> None:
        self.path = path
        self._run = run or (lambda work: work())
        self._pause = pause or (lambda: None)
        self._condition = threading.Condition()
        self._started = 0  # syncs begun
        self._finished = 0  # the newest sync that completed (every earlier one did too)
        self._running = False

    def wait(self) -> None:
        with self._condition:
            needed = self._started + 1
            while self._finished < needed:
                if self._running:
                    self._condition.wait()
                    continue
                self._running = True
                self._condition.release()
                succeeded = False
                try:
                    self._pause()  # the others ready to commit do, and join this sync
                    with self._condition:
                        self._started += 1
                        number = self._started
                    self._run(lambda: sync_file(self.path))
                    succeeded = True
                finally:
                    self._condition.acquire()
                    self._running = False
                    if succeeded:
                        self._finished = number
                    self._condition.notify_all()
