"""Acknowledged means on disk, with one ``fsync`` shared by every commit that waits for it (group commit).

SQLite runs in WAL mode with ``synchronous=NORMAL``: a commit writes its frames
to the ``-wal`` file (the operating system holds them: a killed server loses
nothing) but does not wait for the disk. Before anything is answered, the
boundary (kiosk.boundary) calls :meth:`GroupSync.wait`, which returns once an
``fsync`` of the WAL that *began after* the caller's commit has finished: what a
desk is told was kept survives a power cut too, as with ``synchronous=FULL``.

The difference is who waits. With ``FULL`` every commit syncs on its own, inside
SQLite, and under gevent the whole process waits for the disk with it. Here,
under gevent, the sync runs in a helper process (:class:`SyncProcess`), the
event loop goes on serving, and the commits made while one sync runs are all
covered by the next one: ten desks scanning at once pay for one or two syncs,
not ten. Where threads serve (tests, commands) the waiting thread syncs.

A WAL that no longer exists was checkpointed into the database and removed;
SQLite syncs both during a checkpoint, so there is nothing left to sync.
"""

from __future__ import annotations

import errno
import logging
import os
import select
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)


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


class SyncProcess:
    """Syncs one file in a helper process: the wait for the disk holds neither gevent's loop nor the interpreter lock.

    A thread beside the loop could wait for ``fsync`` too, but it needs the
    interpreter lock to hand the result back, and under load the loop holds
    it: measured under wrk, that hand-over (gevent's thread pool, the lock
    passed back and forth) cost the server about a tenth of its check-ins.

    The process (``python -m kiosk.durable FILE``) starts with the first sync,
    in a session of its own (a Ctrl-C meant for the server does not reach it).
    It reads one byte a sync on its standard input and answers with the sync's
    ``errno`` on a line (0: synced); it ends when its input closes, as when the
    server exits or is killed. Under gevent the pipes are cooperative: the
    waiting greenlet yields, the others run. A process that ended (killed,
    crashed) is replaced and the sync asked of the new one: what the commits
    wrote is in the file's pages still, and any process's ``fsync`` writes
    them. One that does not answer within ``timeout`` seconds (stopped, or
    stuck on a disk that hangs) is killed, logged, and replaced the same way.
    Only when a new one cannot answer either does the sync fail: the request
    answers 500 and a desk keeps the scan queued, never taken for kept.
    """

    timeout = 10.0  # seconds: a slow card syncs a large WAL in a few; a hung disk never does

    def __init__(self, path: Path) -> None:
        self.path = path
        self.command = [sys.executable, "-m", "kiosk.durable", str(path)]
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()  # one sync at a time on the pipe

    def __call__(self) -> None:
        with self._lock:
            answer = self._ask() or self._ask()  # a process that ended is replaced once
        if not answer:
            raise OSError(errno.EIO, "the sync process ended", str(self.path))
        code = int(answer)
        if code:
            raise OSError(code, os.strerror(code), str(self.path))

    def _ask(self) -> bytes:
        """One sync by the process (started if need be): its answer line, or b"" if it ended."""
        if self._process is None:
            self._process = subprocess.Popen(self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0,
                                             start_new_session=True)
        process = self._process
        assert process.stdin is not None and process.stdout is not None
        try:
            process.stdin.write(b"s")
            # A bounded wait; under gevent select is patched, and cooperative as the pipes are.
            ready, _, _ = select.select([process.stdout], [], [], self.timeout)
            if not ready:
                log.warning("the disk sync of %s did not answer in %g s: its process is replaced",
                            self.path, self.timeout)
                process.kill()
                answer = b""
            else:
                answer = process.stdout.readline()
        except OSError:  # the process ended: its end of the pipe is closed
            answer = b""
        if not answer:
            self._end()
        return answer

    def close(self) -> None:
        with self._lock:
            self._end()

    def _end(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            for pipe in (process.stdin, process.stdout):
                if pipe is not None:
                    pipe.close()
            try:
                process.wait(timeout=self.timeout)  # its input closed: it returns from its loop
            except subprocess.TimeoutExpired:  # stuck in the kernel on a hung disk: it goes when the disk answers
                process.kill()


def _serve_syncs(path: Path) -> None:
    """The helper process's loop: a sync of ``path`` for each byte read, answered with its errno on a line."""
    while os.read(0, 1):
        try:
            sync_file(path)
            code = 0
        except OSError as error:
            code = error.errno or errno.EIO
        try:
            os.write(1, b"%d\n" % code)
        except BrokenPipeError:  # the server is gone
            return


class GroupSync:
    """Waits until a sync of ``path`` that began after the call has finished; concurrent waiters share syncs.

    ``sync`` syncs the file (a :class:`SyncProcess` under gevent: off the loop;
    by default :func:`sync_file` in the waiting thread);
    ``pause`` comes first (kiosk.offload.let_others_run: the requests that are
    ready commit too, and this sync covers them rather than the next).
    Syncs are numbered as they start; a waiter needs the next one to start
    after it arrived. One waiter at a time leads a sync, the others wait on
    the condition (cooperatively under gevent, whose patched ``threading``
    this uses). A sync that fails raises for its leader, and the waiters it
    would have covered lead a new one.
    """

    def __init__(self, path: Path, sync: Callable[[], None] | None = None,
                 pause: Callable[[], None] | None = None) -> None:
        self.path = path
        self._sync = sync or (lambda: sync_file(self.path))
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
                    self._sync()
                    succeeded = True
                finally:
                    self._condition.acquire()
                    self._running = False
                    if succeeded:
                        self._finished = number
                    self._condition.notify_all()


if __name__ == "__main__":
    _serve_syncs(Path(sys.argv[1]))
