"""The timing report for the minutes (biên bản): planned against allotted and
actual per item, overtime, the programme's delay, and each time the chair fitted
the programme to an end time, as PDF, CSV, XLSX or DOCX, in Vietnamese.

No Flask: ``kiosk report timing`` and the admin's download both call
`timing_report`; kiosk.reports writes the table out in each format (the .docx
as an administrative document, kiosk.documents, to file beside the minutes).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from kiosk.events.models import Event
from kiosk.reports import Figure, ReportTable, render
from kiosk.text import format_clock, format_hhmm
from kiosk.timer.service import ItemTiming, ProgrammeTiming, programme_timing

STATUS_NAMES = {
    "idle": "Chưa bắt đầu", "running": "Đang diễn ra", "paused": "Đang tạm dừng", "finished": "Đã xong",
    "skipped": "Đã bỏ qua", "interrupted": "Dừng giữa chừng",
}
"""An item's status as the report says it; "interrupted": paused but no longer current (the chair went back to an
earlier item and has not come back to it), as the live pages say it too (static/js/timer.js)."""
COLUMNS = (
    "STT", "Nội dung", "Đơn vị trình bày", "Trạng thái", "Bắt đầu (KH)", "Thời lượng (KH)", "Thêm/bớt",
    "Được dành", "Bắt đầu", "Kết thúc", "Thực tế", "Tạm dừng", "Quá giờ", "Chênh lệch",
)
WIDTHS_MM = (11, 52, 34, 23, 16, 17, 15, 15, 15, 15, 15, 15, 15, 17)
TITLE = "BÁO CÁO THỜI GIAN THỰC HIỆN CHƯƠNG TRÌNH HỘI NGHỊ"
NOTE = ("Thời lượng ghi theo phút:giây; giờ theo 24 giờ ({zone}). KH: kế hoạch. Thực tế: thời gian trình bày, "
        "không tính lúc tạm dừng. Được dành: thời lượng kế hoạch cộng phút thêm/bớt, hoặc thời lượng chia lại "
        "khi chủ trì điều chỉnh để kết thúc đúng giờ. Quá giờ: so với thời gian được dành. "
        "Chênh lệch: thực tế so với kế hoạch.")


def delay_phrase(seconds: float) -> str:
    """"Chậm 6 phút", "Đúng giờ" or "Sớm 2 phút", to the minute, as the hall screen says it."""
    minutes = round(seconds / 60)
    if minutes == 0:
        return "Đúng giờ"
    return f"Chậm {minutes} phút" if minutes > 0 else f"Sớm {-minutes} phút"


def _signed(seconds: float) -> Figure:
    rounded = round(seconds)
    return Figure("+" + format_clock(rounded) if rounded > 0 else format_clock(rounded))


def _clock(seconds: float) -> Figure:
    """mm:ss, or -mm:ss: a figure, which the CSV writes as it is (typed text starting with "-" gets a quote)."""
    return Figure(format_clock(seconds))


def _hhmm(epoch: float | None, zone: str) -> Figure:
    return Figure(format_hhmm(epoch, zone))


def timing_table(event: Event, timing: ProgrammeTiming) -> ReportTable:
    zone = event.timezone
    ran = [row for row in timing.items if row.actual_start is not None]
    generated = dt.datetime.fromtimestamp(timing.now, ZoneInfo(zone))
    return ReportTable(
        title=TITLE,
        heading=[
            event.title, f"{event.organiser} · {event.place}",
            f"Ngày {generated:%d/%m/%Y} · lập lúc {generated:%H:%M}"
            + ("" if timing.ended else " (chương trình chưa kết thúc)"),
        ],
        columns=COLUMNS,
        rows=[_row(row, zone, timing.current_id) for row in timing.items],
        widths_mm=WIDTHS_MM,
        sheet_name="Thời gian",
        summary=[
            ("Bắt đầu theo kế hoạch", _hhmm(timing.planned_start, zone)),
            ("Bắt đầu thực tế", _hhmm(timing.actual_start, zone) or "chưa bắt đầu"),
            ("Kết thúc theo kế hoạch", _hhmm(timing.planned_end, zone)),
            ("Kết thúc thực tế" if timing.ended else "Kết thúc dự kiến (hiện tại)",
             _hhmm(timing.projected_end, zone)),
            ("Tổng thời gian chậm/sớm",
             "chưa bắt đầu" if timing.delay_seconds is None else delay_phrase(timing.delay_seconds)),
            *(("Điều chỉnh thời lượng", f"lúc {format_hhmm(at, zone)}, để kết thúc lúc {format_hhmm(end, zone)}")
              for at, end in timing.fits),
            ("Ghi chú", NOTE.format(zone=zone)),
        ],
        totals=[
            "", "Tổng cộng", "", "", "", _clock(sum(row.item.planned_seconds for row in timing.items)),
            _signed(sum(row.added_seconds for row in timing.items)),
            _clock(sum(row.allotted_seconds for row in timing.items)), "", "",
            _clock(sum(row.elapsed for row in ran)), _clock(sum(row.paused_seconds for row in ran)),
            _clock(sum(row.overtime for row in ran)), _signed(sum(row.difference for row in ran)),
        ],
        subject=event.title,
        author=event.organiser,
    )


def _row(row: ItemTiming, zone: str, current_id: int | None) -> list[str]:
    ran = row.actual_start is not None
    status = "interrupted" if row.status == "paused" and row.item.id != current_id else row.status
    return [
        row.item.number, row.item.title, row.item.presenter, STATUS_NAMES[status],
        _hhmm(row.planned_start, zone), _clock(row.item.planned_seconds),
        _signed(row.added_seconds) if row.added_seconds else "", _clock(row.allotted_seconds),
        _hhmm(row.actual_start, zone), _hhmm(row.actual_end, zone),
        _clock(row.elapsed) if ran else "", _clock(row.paused_seconds) if row.paused_seconds else "",
        _clock(row.overtime) if row.overtime else "", _signed(row.difference) if ran else "",
    ]


def timing_report(session: Session, event: Event, fmt: str, now: float) -> bytes:
    """The report as of `now` in one of kiosk.reports.FORMATS."""
    return render(timing_table(event, programme_timing(session, event, now)), fmt)
