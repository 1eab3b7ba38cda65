"""A scripted conference day for the minutes' tests: arrivals, then the whole programme, some items over and
some under their time, one skipped, one paused; every time given, nothing read from the clock.

18 June 2026 in Hà Nội (the Cẩm Giang event's month-only date and 08:00 start): delegates arrive from 07:40,
one arrival is undone, the chair opens at 08:07:40 (7 minutes late) and closes at ``CLOSED``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask
from sqlalchemy import select

from kiosk.attendees.models import Attendee
from kiosk.boundary import command_unit
from kiosk.checkin.service import ScanRequest, check_in, undo_arrival
from kiosk.events.service import current_event, timed_items
from kiosk.timer.service import run_command
from tests.conftest import db

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def at(hour: int, minute: int, second: int = 0) -> dt.datetime:
    return dt.datetime(2026, 6, 18, hour, minute, second, tzinfo=ZONE)


OPENED = at(8, 7, 40)
# Seconds each timed item runs, in programme order (None: skipped when its turn comes); planned 5, 20, 7 × 10, 20.
RUNS: list[int | None] = [390, 1020, 645, None, 480, 600, 700, 540, 300, 1100]
PAUSE = (at(8, 20), at(8, 21, 30))  # item 2 paused for a minute and a half
ARRIVALS = {"DU-001": at(7, 40), "DU-002": at(7, 52, 10), "HDND-001": at(7, 55), "UBND-001": at(8, 1),
            "UBND-002": at(8, 3), "PCM-001": at(8, 4), "PCM-002": at(8, 5), "THON-001": at(7, 58)}
UNDONE = "PCM-002"  # scanned by mistake, undone at the desk: absent
HOLDER = "Nguyễn Thị Hà"  # who held the seat badge THON-001


@dataclass(frozen=True)
class Script:
    opened: dt.datetime
    closed: dt.datetime
    items: list[tuple[str, dt.datetime | None, dt.datetime | None]]  # number, start, end


def arrive(app: Flask) -> None:
    with command_unit(db) as session:
        event = current_event(session)
        assert event is not None
        for number, moment in ARRIVALS.items():
            person = session.scalars(select(Attendee).where(Attendee.number == number)).one()
            check_in(session, event.id, app.config["BADGE_SECRET"],
                     ScanRequest(desk="Bàn 1", attendee_id=person.id,
                                 holder_name=HOLDER if number == "THON-001" else None), now=moment)
        undone = session.scalars(select(Attendee).where(Attendee.number == UNDONE)).one()
        undo_arrival(session, event, undone.id, desk="Bàn 1", reason="quét nhầm", now=at(8, 6))


def run_programme(until: dt.datetime | None = None) -> Script:
    """The chair's commands, in time order; with ``until``, only those before it (a programme still running)."""
    commands: list[tuple[str, dt.datetime]] = []
    items: list[tuple[str, dt.datetime | None, dt.datetime | None]] = []
    with command_unit(db) as session:
        event = current_event(session)
        assert event is not None
        numbers = [item.number for item in timed_items(event)]
    moment = OPENED
    for index, (number, seconds) in enumerate(zip(numbers, RUNS, strict=True)):
        last = index == len(numbers) - 1
        if seconds is None:
            commands.append(("next", moment))  # the item's turn: not started, so skipped
            items.append((number, None, None))
            continue
        start = moment
        commands.append(("start", start))
        end = start + dt.timedelta(seconds=seconds)
        if number == "2":
            commands += [("pause", PAUSE[0]), ("resume", PAUSE[1])]
            end += PAUSE[1] - PAUSE[0]
        commands.append(("finish" if last else "next", end))
        items.append((number, start, end))
        moment = end + dt.timedelta(seconds=20)  # the next presenter walks up
    for name, when in commands:
        if until is not None and when >= until:
            break
        with command_unit(db) as session:
            event = current_event(session)
            assert event is not None
            run_command(session, event, name, now=when.timestamp(), role="chair")
    last_end = items[-1][2]
    assert last_end is not None
    return Script(opened=OPENED, closed=last_end, items=items)


# --- reading a .docx back ----------------------------------------------------------------------------------


def docx_lines(data: bytes) -> list[str]:
    """Every paragraph's text, the body's and each table cell's, in the file's order (a merged cell once)."""
    import io

    from docx import Document

    def text(paragraph: Any) -> str:
        """A paragraph's text, a tab in a run as "\t" (a tab stop's definition is not text)."""
        return "".join(node.text or "" if node.tag.endswith("}t") else "\t" for node in paragraph.iter()
                       if node.tag.endswith("}t")
                       or (node.tag.endswith("}tab") and node.getparent().tag.endswith("}r")))

    word = Document(io.BytesIO(data))
    lines: list[str] = []
    for element in word.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(text(element))
        elif tag == "tbl":
            for cell in element.iter():
                if cell.tag.endswith("}tc"):
                    lines += [text(paragraph) for paragraph in cell.iterchildren() if paragraph.tag.endswith("}p")]
    return [line for line in lines if line]


def docx_tables(data: bytes) -> list[list[tuple[str, ...]]]:
    """Each table's rows as tuples of cell texts (a merged cell repeated in each column it spans)."""
    import io

    from docx import Document

    return [[tuple(cell.text for cell in row.cells) for row in table.rows]
            for table in Document(io.BytesIO(data)).tables]
