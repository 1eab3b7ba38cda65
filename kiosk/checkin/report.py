"""The attendance report for the minutes: who came, per group, and when."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.attendees.models import Attendee
from kiosk.checkin.service import arrivals, attendance_by_group
from kiosk.events.models import Event
from kiosk.reports import Figure, ReportTable, render
from kiosk.text import name_sort_key

TITLE = "BÁO CÁO ĐIỂM DANH ĐẠI BIỂU DỰ HỘI NGHỊ"
COLUMNS = ("STT", "Số thẻ", "Họ và tên", "Chức vụ", "Đơn vị", "Giờ đến", "Bàn", "Ghi chú")


def attendance_table(session: Session, event: Event, now: dt.datetime) -> ReportTable:
    zone = ZoneInfo(event.timezone)
    arrived = arrivals(session, event)
    attendees = session.scalars(select(Attendee).where(Attendee.event_id == event.id, Attendee.revoked.is_(False)))
    by_group: dict[int, list[Attendee]] = {}
    for attendee in attendees:
        by_group.setdefault(attendee.group_id, []).append(attendee)
    counts = {row.code: row for row in attendance_by_group(session, event)}

    rows: list[list[str]] = []
    sections: set[int] = set()
    for group in event.groups:
        count = counts[group.code]
        sections.add(len(rows))
        rows.append([f"{group.code} · {group.name} — đã đến {count.arrived}/{count.registered} "
                     f"(dự kiến {count.expected})", "", "", "", "", "", "", ""])
        members = sorted(by_group.get(group.id, []), key=_report_order)
        for number, attendee in enumerate(members, start=1):
            arrival = arrived.get(attendee.id)
            note = f"Người nhận: {arrival.holder_name}" if arrival and arrival.holder_name else ""
            rows.append([
                Figure(str(number)), attendee.number, attendee.display_name, attendee.position, attendee.unit,
                Figure(arrival.scanned_at.astimezone(zone).strftime("%H:%M")) if arrival else "vắng",
                arrival.desk if arrival else "", note,
            ])
    generated = now.astimezone(zone)
    total_arrived = sum(c.arrived for c in counts.values())
    total_registered = sum(c.registered for c in counts.values())
    return ReportTable(
        title=TITLE,
        heading=[event.title, f"{event.organiser} · {event.place}",
                 f"Lập lúc {generated:%H:%M} ngày {generated:%d/%m/%Y}"],
        summary=[("Đại biểu đã đến", Figure(f"{total_arrived}/{total_registered}")),
                 ("Dự kiến theo kế hoạch", Figure(str(sum(c.expected for c in counts.values()))))],
        columns=COLUMNS,
        rows=rows,
        widths_mm=(10, 22, 55, 55, 65, 18, 22, 30),
        sheet_name="Điểm danh",
        section_rows=frozenset(sections),
        subject=event.title,
        author=event.organiser,
    )


def _report_order(attendee: Attendee) -> tuple[object, ...]:
    """Named delegates by Vietnamese name order, seats by badge number."""
    if attendee.full_name:
        return (0, name_sort_key(attendee.full_name))
    return (1, attendee.number)


def attendance_report(session: Session, event: Event, fmt: str, now: dt.datetime) -> bytes:
    return render(attendance_table(session, event, now), fmt)
