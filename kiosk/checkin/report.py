"""The attendance report for the minutes: who came, per group, and when.

Each group's delegates in protocol order (kiosk.attendees.service), each with
their status: present, present by a stand-in (named, with their position),
absent with apologies (with the reason), or absent.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.attendees.models import Attendee
from kiosk.attendees.service import in_protocol_order
from kiosk.checkin.models import CheckIn
from kiosk.checkin.service import GroupAttendance, arrivals, attendance_by_group
from kiosk.events.models import Event
from kiosk.reports import Figure, ReportTable, render

TITLE = "BÁO CÁO ĐIỂM DANH ĐẠI BIỂU DỰ HỘI NGHỊ"
COLUMNS = ("STT", "Số thẻ", "Họ và tên", "Chức vụ", "Đơn vị", "Giờ đến", "Bàn", "Tình trạng", "Ghi chú")
PRESENT, BY_STAND_IN, EXCUSED, ABSENT = "Có mặt", "Dự thay", "Vắng có lý do", "Vắng"


def attendance_table(session: Session, event: Event, now: dt.datetime) -> ReportTable:
    zone = ZoneInfo(event.timezone)
    arrived = arrivals(session, event)
    attendees = session.scalars(in_protocol_order(select(Attendee))
                                .where(Attendee.event_id == event.id, Attendee.revoked.is_(False)))
    by_group: dict[int, list[Attendee]] = {}
    for attendee in attendees:
        by_group.setdefault(attendee.group_id, []).append(attendee)
    counts = {row.code: row for row in attendance_by_group(session, event)}

    rows: list[list[str]] = []
    sections: set[int] = set()
    for group in event.groups:
        count = counts[group.code]
        sections.add(len(rows))
        heading = (f"{group.code} · {group.name} — đã đến {count.arrived}/{count.registered} "
                   f"(dự kiến {count.expected}){_exceptions(count)}")
        rows.append([heading, "", "", "", "", "", "", "", ""])
        for number, attendee in enumerate(by_group.get(group.id, []), start=1):
            arrival = arrived.get(attendee.id)
            status, note = _status(attendee, arrival)
            rows.append([
                Figure(str(number)), attendee.number, attendee.display_name, attendee.position, attendee.unit,
                Figure(arrival.scanned_at.astimezone(zone).strftime("%H:%M")) if arrival else "vắng",
                arrival.desk if arrival else "", status, note,
            ])
    generated = now.astimezone(zone)
    total = GroupAttendance(code="", name="", colour="", expected=sum(c.expected for c in counts.values()),
                            registered=sum(c.registered for c in counts.values()),
                            arrived=sum(c.arrived for c in counts.values()),
                            stand_ins=sum(c.stand_ins for c in counts.values()),
                            excused=sum(c.excused for c in counts.values()))
    return ReportTable(
        title=TITLE,
        heading=[event.title, f"{event.organiser} · {event.place}",
                 f"Lập lúc {generated:%H:%M} ngày {generated:%d/%m/%Y}"],
        summary=[("Đại biểu đã đến", Figure(f"{total.arrived}/{total.registered}")),
                 ("Trong đó dự thay", Figure(str(total.stand_ins))),
                 ("Vắng có lý do", Figure(str(total.excused))),
                 ("Vắng", Figure(str(total.registered - total.arrived - total.excused))),
                 ("Dự kiến theo kế hoạch", Figure(str(total.expected)))],
        columns=COLUMNS,
        rows=rows,
        widths_mm=(10, 20, 48, 46, 54, 15, 18, 24, 42),
        sheet_name="Điểm danh",
        section_rows=frozenset(sections),
        subject=event.title,
        author=event.organiser,
    )


def _exceptions(count: GroupAttendance) -> str:
    """", dự thay 1, vắng có lý do 2" after a group's arrivals, where there are any."""
    parts = [f"dự thay {count.stand_ins}" if count.stand_ins else "",
             f"vắng có lý do {count.excused}" if count.excused else ""]
    return "".join(f", {part}" for part in parts if part)


def _status(attendee: Attendee, arrival: CheckIn | None) -> tuple[str, str]:
    """The delegate's status and what the minutes note about it."""
    if arrival is not None:
        holder = f"Người nhận: {arrival.holder_name}" if arrival.holder_name else ""
        if arrival.stand_in_name:
            stand_in = ", ".join(filter(None, (arrival.stand_in_name, arrival.stand_in_position)))
            return BY_STAND_IN, "; ".join(filter(None, (f"Người dự thay: {stand_in}", holder)))
        return PRESENT, holder
    if attendee.absence_reason is not None:
        return EXCUSED, f"Lý do: {attendee.absence_reason}" if attendee.absence_reason else ""
    return ABSENT, ""


def attendance_report(session: Session, event: Event, fmt: str, now: dt.datetime) -> bytes:
    return render(attendance_table(session, event, now), fmt)
