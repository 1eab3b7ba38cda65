"""Reading untrusted files in a child process, bounded in time and memory, without stalling the server.

Why: ``kiosk serve`` is one gevent process, and parsing is CPU work that never
yields. A .docx of a few kilobytes holding 50,000 empty paragraphs took from
5 s to over a minute to read, and every screen, desk and clock waited with it;
a 5 kB .xlsx whose ``<dimension>`` claims 60 million cells, or a zip bomb,
asked for gigabytes. The readers refuse what is plainly too big before they
parse (sizes inside the zip, paragraphs, rows; see kiosk.plans.readers and
kiosk.attendees.roster_import); this module bounds whatever is left:

- :func:`run` calls a pure function in a fresh interpreter (``python -I``), not
  a fork of the server: the child inherits no database connection, socket or
  gevent hub, and its death touches none of them;
- before it reads its input the child limits its own address space
  (``RLIMIT_AS``) and CPU time (``RLIMIT_CPU``), and the parent kills it at the
  wall-clock deadline;
- the parent waits in ``subprocess.communicate``. Under ``kiosk serve`` the
  standard library is monkey-patched before anything else is imported, so that
  is gevent's cooperative version: the server answers other requests while the
  child works. Elsewhere (the CLI, tests, a thread) it simply blocks the caller.

Contract: the function must be importable by its module and name; its
arguments and result travel by pickle, and so does a
:class:`~kiosk.errors.Refusal` it raises (by its class, code, message and
values), which is raised again here. Past a limit the caller gets
:class:`LimitExceeded`; any other exception, or a child that dies without an
answer (a crash in a C library), is a bug: it is logged with its traceback and
the caller gets :class:`ReadFailed`. Both are refusals that name the file, so
no upload ends in a server error. The answer is unpickled from a process that
read hostile bytes: no more trust than the child already had (same user, same
code).

Starting the child costs 0.05 to 0.3 s: nothing for an upload, which is rare.
"""

from __future__ import annotations

import importlib
import logging
import os
import pickle
import resource
import signal
import subprocess
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from kiosk.errors import N_, Refusal

T = TypeVar("T")
log = logging.getLogger(__name__)

_PACKAGE_ROOT = str(Path(__file__).resolve().parents[1])
# -I: no user site-packages, no PYTHON* variables, no current directory on the path.
_BOOT = "import sys; sys.path.insert(0, sys.argv[1]); from kiosk.sandbox import _child; _child()"


@dataclass(frozen=True)
class Limits:
    seconds: int  # wall clock, from the child's start to its answer
    megabytes: int  # address space of the child (the interpreter itself takes about 80 MB)


class LimitExceeded(Refusal):
    """Reading the file would take longer, or more memory, than the limit."""

    status = 413


class ReadFailed(Refusal):
    """The child died without an answer: a bug or a crash in a parser, logged with its traceback."""

    status = 400


def run(function: Callable[..., T], *args: Any, limits: Limits, filename: str) -> T:
    """``function(*args)`` in a bounded child process; ``filename`` names the file in refusals."""
    request = pickle.dumps((function.__module__, function.__qualname__, args), protocol=pickle.HIGHEST_PROTOCOL)
    command = [sys.executable, "-I", "-c", _BOOT, _PACKAGE_ROOT, str(limits.megabytes), str(limits.seconds)]
    child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = child.communicate(request, timeout=limits.seconds)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise _too_slow(limits, filename) from None
    except BaseException:
        child.kill()
        child.wait()
        raise
    if child.returncode == -signal.SIGXCPU:  # RLIMIT_CPU: busy for the whole time
        raise _too_slow(limits, filename)
    try:
        answer = pickle.loads(out)
    except Exception:
        answer = None
    if not isinstance(answer, tuple) or not answer:
        log.error("reading %s: the child process exited with %s and no answer:\n%s", filename, child.returncode,
                  err.decode("utf-8", "replace")[-4000:])
        raise _failed(filename)
    kind = answer[0]
    if kind == "ok":
        return answer[1]
    if kind == "refused" and isinstance(answer[1], type) and issubclass(answer[1], Refusal):
        cls, code, message, params, status, field = answer[1:]
        raise cls(code, message, status=status, field=field, **params)
    if kind == "memory":
        raise LimitExceeded(
            "too_much_memory",
            N_("Đọc tệp “%(file)s” cần quá %(megabytes)d MB bộ nhớ (giới hạn %(megabytes)d MB): tệp hỏng hoặc "
               "cố ý làm nặng. Hãy mở bằng Word/Excel, lưu lại rồi nạp lại."),
            file=filename, megabytes=limits.megabytes)
    log.error("reading %s failed in the child process:\n%s", filename, answer[1] if len(answer) > 1 else answer)
    raise _failed(filename)


def _too_slow(limits: Limits, filename: str) -> LimitExceeded:
    return LimitExceeded(
        "too_slow",
        N_("Đọc tệp “%(file)s” cần quá %(seconds)d giây (giới hạn %(seconds)d giây): tệp hỏng hoặc cố ý làm "
           "nặng. Hãy mở bằng Word/Excel, lưu lại rồi nạp lại."),
        file=filename, seconds=limits.seconds)


def _failed(filename: str) -> ReadFailed:
    return ReadFailed("read_failed", N_("Không đọc được tệp “%(file)s”: tệp hỏng hoặc có nội dung chưa đọc được. "
                                        "Hãy mở bằng Word/Excel, lưu lại rồi nạp lại."), file=filename)


# --- the child ----------------------------------------------------------------------


def _child() -> None:
    """Limit this process, read (module, name, args) from stdin, answer on the real stdout."""
    megabytes, seconds = int(sys.argv[2]), int(sys.argv[3])
    resource.setrlimit(resource.RLIMIT_AS, (megabytes * 1024 * 1024,) * 2)
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    answer_to = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever a library prints goes to stderr, not into the answer
    try:
        module, name, args = pickle.load(sys.stdin.buffer)
        function: Any = importlib.import_module(module)
        for part in name.split("."):
            function = getattr(function, part)
        answer: tuple[Any, ...] = ("ok", function(*args))
    except MemoryError:
        answer = ("memory",)
    except Refusal as refusal:
        answer = ("refused", type(refusal), refusal.code, refusal.message, refusal.params, refusal.status,
                  refusal.field)
    except Exception:
        answer = ("failed", traceback.format_exc())
    _answer(answer_to, answer)


def _answer(stream: BinaryIO, answer: tuple[Any, ...]) -> None:
    try:
        data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        data = pickle.dumps(("memory",))
    except Exception:
        data = pickle.dumps(("failed", traceback.format_exc()))
    stream.write(data)
    stream.flush()
