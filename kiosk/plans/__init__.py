"""The organiser's own plan ("Kế hoạch") read into an event file to review (kiosk import-plan)."""

from __future__ import annotations

import datetime as dt

from kiosk.plans.parser import ParsedPlan, PlanError, parse_plan
from kiosk.plans.readers import SUFFIXES, read_plan

__all__ = ["SUFFIXES", "ParsedPlan", "PlanError", "import_plan"]


def import_plan(filename: str, data: bytes, *, today: dt.date | None = None) -> ParsedPlan:
    """Raises PlanError for a file that is unreadable or no plan."""
    return parse_plan(read_plan(filename, data), today=today)
