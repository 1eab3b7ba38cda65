"""The organiser's own plan ("Kế hoạch") read into an event file to review (kiosk import-plan).

A plan is uploaded by whoever has the admin PIN, and may be hostile or broken:
`import_plan` reads it in a child process bounded in time and memory
(kiosk.sandbox), so that ``kiosk serve`` goes on answering every screen
meanwhile; the readers refuse what is plainly too big before parsing
(kiosk.plans.readers). `read_plan_file` is the same work in this process.
"""

from __future__ import annotations

import datetime as dt

from kiosk import sandbox
from kiosk.errors import N_
from kiosk.plans.parser import ParsedPlan, PlanError, parse_plan
from kiosk.plans.readers import SUFFIXES, read_plan

__all__ = ["SUFFIXES", "ParsedPlan", "PlanError", "import_plan", "read_plan_file"]

MAX_FILE_MB = 10  # as /admin/import takes
READING = sandbox.Limits(seconds=15, megabytes=768)  # the child that reads the plan


def import_plan(filename: str, data: bytes, *, today: dt.date | None = None) -> ParsedPlan:
    """Raises PlanError for a file that is unreadable, past a limit, or no plan."""
    if len(data) > MAX_FILE_MB * 1024 * 1024:
        raise PlanError("plan_too_large", N_("Tệp “%(file)s” lớn quá %(limit)d MB."), status=413, file=filename,
                        limit=MAX_FILE_MB)
    try:
        return sandbox.run(read_plan_file, filename, data, today, limits=READING, filename=filename)
    except (sandbox.LimitExceeded, sandbox.ReadFailed) as error:
        raise PlanError(error.code, error.message, status=error.status, **error.params) from error


def read_plan_file(filename: str, data: bytes, today: dt.date | None = None) -> ParsedPlan:
    """What `import_plan` does, in this process: run by its child, and by tests that read many plans."""
    return parse_plan(read_plan(filename, data), today=today)
