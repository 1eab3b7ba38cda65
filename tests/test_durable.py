"""What a desk is told was kept is on disk first, and desks scanning together share the wait (kiosk.durable)."""

from __future__ import annotations

import errno
import logging
import os
import signal
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

import kiosk.durable
from kiosk.badges.token import sign
from kiosk.durable import GroupSync, SyncProcess


class SlowDisk:
    """A sync that takes ``seconds`` and remembers when each one began and ended."""

    def __init__(self, seconds: float, failures: int = 0) -> None:
        self.seconds, self.failures = seconds, failures
        self.syncs: list[tuple[float, float]] = []
        self._lock = threading.Lock()

    def sync(self) -> None:
        began = time.monotonic()
        time.sleep(self.seconds)
        with self._lock:
            if self.failures:
                self.failures -= 1
                raise OSError(5, "Input/output error")
            self.syncs.append((began, time.monotonic()))


def test_desks_committing_together_share_syncs_and_each_waits_for_one_begun_after_its_commit(tmp_path: Path) -> None:
    disk = SlowDisk(0.05)
    group = GroupSync(tmp_path / "kiosk.sqlite3-wal", sync=disk.sync)
    start = threading.Barrier(20)
    waits: list[tuple[float, float]] = []

    def desk() -> None:
        start.wait()
        called = time.monotonic()
        group.wait()
        waits.append((called, time.monotonic()))

    desks = [threading.Thread(target=desk) for _ in range(20)]
    for thread in desks:
        thread.start()
    for thread in desks:
        thread.join()

    assert len(waits) == 20
    for called, returned in waits:
        assert any(called <= began and ended <= returned for began, ended in disk.syncs), (called, disk.syncs)
    assert len(disk.syncs) <= 3  # twenty commits, one or two syncs after the first: not twenty


def test_a_failed_sync_is_not_taken_for_a_kept_commit(tmp_path: Path) -> None:
    disk = SlowDisk(0.0, failures=1)
    group = GroupSync(tmp_path / "kiosk.sqlite3-wal", sync=disk.sync)
    with pytest.raises(OSError):
        group.wait()
    group.wait()  # the next commit leads a sync of its own, which succeeds
    assert len(disk.syncs) == 1


def test_a_check_in_is_answered_only_after_the_wal_holding_it_was_synced(
        app: Flask, client: FlaskClient, login: Callable[[str], None], monkeypatch: pytest.MonkeyPatch) -> None:
    login("reception")
    database_file = Path(app.config["DATABASE_URL"].removeprefix("sqlite:///"))
    synced: list[tuple[str, int]] = []

    def sync_and_look(path: Path) -> None:
        with sqlite3.connect(database_file) as reader:  # what another process (or a restart) would find
            rows = reader.execute("SELECT count(*) FROM checkin").fetchone()[0]
        synced.append((path.name, rows))

    monkeypatch.setattr(kiosk.durable, "sync_file", sync_and_look)
    token = sign(app.config["BADGE_SECRET"], event_id=1, attendee_id=1, version=1)
    answer = client.post("/api/v1/checkins", json={"token": token, "desk": "Bàn 1", "client_id": "durable-1"})

    assert answer.status_code == 200
    assert answer.get_json()["status"] == "checked_in"
    assert synced == [(f"{database_file.name}-wal", 1)]  # one sync, of the WAL, once the row was in it


def test_commits_made_while_the_first_waiter_lets_the_others_run_share_its_sync(tmp_path: Path) -> None:
    disk = SlowDisk(0.01)
    arrived, leading = threading.Semaphore(0), threading.Event()

    def let_the_others_commit() -> None:  # as gevent.sleep(0) lets the ready requests reach their own wait
        leading.set()
        for _ in range(3):
            arrived.acquire()
        time.sleep(0.2)  # each has called wait() by now (it signalled just before)

    group = GroupSync(tmp_path / "kiosk.sqlite3-wal", sync=disk.sync, pause=let_the_others_commit)
    first = threading.Thread(target=group.wait)
    first.start()
    assert leading.wait(5)

    def desk() -> None:
        arrived.release()
        group.wait()

    others = [threading.Thread(target=desk) for _ in range(3)]
    for thread in others:
        thread.start()
    for thread in [first, *others]:
        thread.join()
    assert len(disk.syncs) == 1  # four commits, one sync


@pytest.fixture
def sync_process() -> Iterator[Callable[[Path], SyncProcess]]:
    """``SyncProcess(path)``, each one closed after the test."""
    made: list[SyncProcess] = []

    def make(path: Path) -> SyncProcess:
        made.append(SyncProcess(path))
        return made[-1]

    yield make
    for sync in made:
        sync.close()


@pytest.fixture
def wal(tmp_path: Path) -> Path:
    wal = tmp_path / "kiosk.sqlite3-wal"
    wal.write_bytes(b"frames")
    return wal


def test_the_sync_process_syncs_its_file_and_a_sync_it_cannot_do_is_an_error_naming_the_file(
        tmp_path: Path, wal: Path, sync_process: Callable[[Path], SyncProcess]) -> None:
    sync = sync_process(wal)
    sync()
    sync()  # one process, many syncs
    wal.unlink()
    sync()  # checkpointed and removed: nothing left to sync

    with pytest.raises(OSError) as refused:
        sync_process(tmp_path)()  # a folder cannot be opened for writing
    assert (refused.value.errno, refused.value.filename) == (errno.EISDIR, str(tmp_path))


def test_a_sync_process_that_was_killed_is_replaced_and_the_sync_goes_through(
        wal: Path, sync_process: Callable[[Path], SyncProcess]) -> None:
    """Killed (by an operator, the OOM killer), the process took no commit with it: a new one syncs them."""
    sync = sync_process(wal)
    sync()
    first = sync._process
    assert first is not None
    first.kill()
    first.wait()
    sync()  # no error: a new process synced
    assert sync._process is not None and sync._process.pid != first.pid


def test_a_sync_process_that_stops_answering_is_replaced_after_its_timeout_and_logged(
        wal: Path, sync_process: Callable[[Path], SyncProcess], caplog: pytest.LogCaptureFixture) -> None:
    """A helper stopped (SIGSTOP) or stuck would otherwise hold every write of the server, with nothing said."""
    sync = sync_process(wal)
    sync.timeout = 0.5
    sync()
    stopped = sync._process
    assert stopped is not None
    os.kill(stopped.pid, signal.SIGSTOP)
    began = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="kiosk.durable"):
        sync()  # no error: the stopped one was killed and a new one synced
    assert time.monotonic() - began < 5
    assert sync._process is not None and sync._process.pid != stopped.pid
    assert stopped.poll() is not None  # killed, not left stopped
    assert f"the disk sync of {wal} did not answer in 0.5 s" in caplog.text


def test_a_sync_process_that_cannot_answer_even_when_started_again_fails_the_sync(
        wal: Path, sync_process: Callable[[Path], SyncProcess]) -> None:
    sync = sync_process(wal)
    sync.command = [sys.executable, "-c", "pass"]  # ends at once, every time
    with pytest.raises(OSError, match="the sync process ended"):
        sync()  # not taken for a kept commit


def test_the_sync_process_ends_when_its_input_closes_and_a_ctrl_c_meant_for_the_server_does_not_reach_it(
        tmp_path: Path) -> None:
    sync = SyncProcess(tmp_path / "kiosk.sqlite3-wal")
    sync()
    process = sync._process
    assert process is not None
    assert os.getsid(process.pid) != os.getsid(0)  # a session of its own: the terminal's SIGINT goes elsewhere
    sync.close()
    assert process.returncode == 0
