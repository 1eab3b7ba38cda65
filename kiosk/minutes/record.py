"""The minutes (biên bản hội nghị) as an administrative document, filled from what kiosk recorded. No Flask.

What the office files, in Vietnamese whatever the page's language, in the
layout of Nghị định 30/2020/NĐ-CP (kiosk.documents): the organiser's header,
"BIÊN BẢN" and the conference's title, then

I.   the time: the actual opening to the minute against the plan, with a
     dotted line for the reason when it opened late; the place;
II.  who took part: the chair and the secretary (the event's ``chair_*`` and
     ``secretary_*``, a dotted line where none is named), the delegates invited,
     present (by stand-in among them), excused and absent, per group and in all,
     with the stand-ins, the excused (and their reasons) and the absent named
     (kiosk.checkin.summary.attendance_summary);
III. each item in running order with its presenter, actual start and end,
     length, the time it was given and its overrun (kiosk.timer.service's
     programme_timing), a section's title above its items;
IV.  and V. dotted lines for the discussion and the chair's conclusions;
     then the closing time (the end of the last item) and the signature blocks
     of the secretary (THƯ KÝ) and the chair (CHỦ TRÌ).

Until the programme has ended the minutes are a draft: "DỰ THẢO" at the top and
a line saying what time the figures are as of; the closing time is left to
write in. Times are the event's local time; an opening or closing time is the
minute it fell in (08:07:40 is "08 giờ 07 phút"), and lateness is counted
between those minutes and the plan's.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from kiosk.checkin.summary import AttendanceSummary, Delegate, attendance_summary
from kiosk.documents import Block, Document, DottedLines, Grid, Header, Para, Signature, Span, render
from kiosk.documents.model import Align
from kiosk.documents.naming import clock_words, date_words, issuing_body, locality, number_line, place_and_date
from kiosk.events.models import AgendaItem, Event
from kiosk.text import format_clock, format_hhmm
from kiosk.timer.service import ItemTiming, ProgrammeTiming, programme_timing

FORMATS = ("docx", "pdf")
STEM = "bien-ban-hoi-nghi"
NAME = "BIÊN BẢN"
KIND = "BB"
DRAFT = "DỰ THẢO"
NOBODY = "không có"
NAME_DOTS = "…………………………"
DISCUSSION_LINES = CONCLUSION_LINES = 6
ATTENDANCE_COLUMNS = ("STT", "Thành phần", "Được mời", "Có mặt", "Dự thay", "Vắng có lý do", "Vắng không lý do")
ATTENDANCE_WIDTHS = (12, 65, 17, 17, 17, 19, 18)
PROGRAMME_COLUMNS = ("STT", "Nội dung", "Người trình bày", "Bắt đầu", "Kết thúc", "Thời lượng", "Được dành",
                     "Quá giờ")
PROGRAMME_WIDTHS = (11, 47, 32, 15, 15, 15, 15, 15)
CENTRE: Align = "center"
NOT_STARTED = {"idle": "chưa thực hiện", "skipped": "không thực hiện"}


def minutes_file(session: Session, event: Event, fmt: str, now: float) -> bytes:
    """The minutes as of ``now`` as a .docx or a PDF (``fmt`` one of FORMATS)."""
    return render(minutes(session, event, now), fmt)


def minutes(session: Session, event: Event, now: float) -> Document:
    return minutes_document(event, programme_timing(session, event, now), attendance_summary(session, event))


def minutes_document(event: Event, timing: ProgrammeTiming, attendance: AttendanceSummary) -> Document:
    """The minutes of ``event`` from its timing and attendance: the whole document, nothing looked up."""
    zone = event.timezone
    day = meeting_day(event, timing)
    year, month = (day.year, day.month) if day else (int(event.date[:4]), int(event.date[5:7]))
    blocks: list[Block] = []
    if not timing.ended:
        blocks.append(Para.of(f"Bản dự thảo: hội nghị chưa kết thúc; thời gian và số đại biểu tính đến "
                              f"{_local(timing.now, zone):%H:%M} ngày {_local(timing.now, zone):%d/%m/%Y}.",
                              italic=True, align="center", indent=False))
    blocks += _time_and_place(event, timing, day)
    blocks += _participants(event, attendance)
    blocks += _programme(event, timing)
    blocks += [_heading("IV. Ý KIẾN THẢO LUẬN"), DottedLines(DISCUSSION_LINES, indent=False),
               _heading("V. KẾT LUẬN CỦA CHỦ TRÌ HỘI NGHỊ"), DottedLines(CONCLUSION_LINES, indent=False)]
    blocks += _closing(event, timing)
    return Document(
        name=NAME,
        header=Header(body=issuing_body(event.organiser),
                      number=number_line(KIND, event.organiser, event.organiser_short),
                      place_date=place_and_date(locality(event.organiser), year, month, day.day if day else None)),
        subject=event.title,
        blocks=tuple(blocks),
        signatures=(Signature(("THƯ KÝ",), event.secretary_name), Signature(("CHỦ TRÌ",), event.chair_name)),
        draft="" if timing.ended else DRAFT,
        title=f"Biên bản — {event.title}",
        author=event.organiser,
    )


def meeting_day(event: Event, timing: ProgrammeTiming) -> dt.date | None:
    """The day the conference met: the day it opened, else the event's date when that names a day."""
    if timing.actual_start is not None:
        return _local(timing.actual_start, event.timezone).date()
    if len(event.date) == len("2026-06-18"):
        return dt.date.fromisoformat(event.date)
    return None


def _local(epoch: float, zone: str) -> dt.datetime:
    return dt.datetime.fromtimestamp(epoch, ZoneInfo(zone))


def _minute(epoch: float) -> float:
    return epoch // 60 * 60


def _minutes_between(later: float, earlier: float) -> int:
    """Whole minutes from the minute ``earlier`` fell in to the minute ``later`` fell in."""
    return round((_minute(later) - _minute(earlier)) / 60)


def _heading(text: str) -> Para:
    return Para.of(text, bold=True, align="left", space_before=6, keep_with_next=True)


def _labelled(label: str, text: str) -> Para:
    return Para((Span(label, bold=True), Span(text)))


# --- I. time and place ---------------------------------------------------------------------------------


def _time_and_place(event: Event, timing: ProgrammeTiming, day: dt.date | None) -> list[Block]:
    zone = event.timezone
    planned = clock_words(timing.planned_start, zone)
    date = date_words(day.year, day.month, day.day) if day else date_words(int(event.date[:4]),
                                                                          int(event.date[5:7]), None)
    blocks: list[Block] = [_heading("I. THỜI GIAN, ĐỊA ĐIỂM")]
    opened = timing.actual_start
    if opened is None:
        blocks.append(_labelled("1. Thời gian: ", f"theo kế hoạch, hội nghị bắt đầu lúc {planned}, {date}; "
                                                 f"đến {format_hhmm(timing.now, zone)} hội nghị chưa bắt đầu."))
    else:
        late = _minutes_between(opened, timing.planned_start)
        against = (f"bắt đầu chậm {late} phút so với kế hoạch ({planned})" if late > 0
                   else f"sớm {-late} phút so với kế hoạch ({planned})" if late < 0
                   else f"đúng giờ theo kế hoạch ({planned})")
        blocks.append(Para((Span("1. Thời gian: ", bold=True), Span("hội nghị bắt đầu lúc "),
                            Span(clock_words(opened, zone), bold=True), Span(f", {date}, {against}."))))
        if late > 0:
            blocks.append(DottedLines(2, lead="Lý do bắt đầu chậm: "))
    blocks.append(_labelled("2. Địa điểm: ", f"{event.place}."))
    return blocks


# --- II. who took part ---------------------------------------------------------------------------------


def _person(name: str, title: str) -> str:
    """"đồng chí Vũ Mạnh Huy - Phó Chủ tịch UBND xã", dots for what is not known yet."""
    return f"đồng chí {name or NAME_DOTS} - {title or NAME_DOTS}"


def _described(delegate: Delegate) -> str:
    """"đồng chí Nguyễn Văn An, Trưởng phòng, Phòng Kinh tế"; a seat by its name ("Đại biểu thôn 3")."""
    name = delegate.name if delegate.seat else f"đồng chí {delegate.name}"
    return ", ".join(part for part in (name, delegate.position, delegate.unit) if part)


def _named_only(delegate: Delegate) -> str:
    """"đồng chí Nguyễn Văn An (Trưởng phòng)"; a seat by its name: a list of the absent, group by group."""
    if delegate.seat:
        return delegate.name
    return f"đồng chí {delegate.name}" + (f" ({delegate.position})" if delegate.position else "")


def _participants(event: Event, attendance: AttendanceSummary) -> list[Block]:
    blocks: list[Block] = [_heading("II. THÀNH PHẦN THAM DỰ")]
    for label, name, title in (("1. Chủ trì: ", event.chair_name, event.chair_title),
                               ("2. Thư ký: ", event.secretary_name, event.secretary_title)):
        blocks.append(_labelled(label, _person(name, title) + "."))
    invited, present, stand_ins = attendance.invited, attendance.present, attendance.stand_ins
    excused, absent = attendance.excused, attendance.absent
    blocks.append(_labelled("3. Đại biểu: ", f"được mời {len(invited)} đại biểu; có mặt {len(present)} đại biểu "
                                            f"(trong đó dự thay: {len(stand_ins)}); vắng có lý do: {len(excused)}; "
                                            f"vắng không lý do: {len(absent)}."))
    rows = tuple((str(number), group.name, str(len(group.invited)), str(len(group.present)),
                  str(len(group.stand_ins)), str(len(group.excused)), str(len(group.absent)))
                 for number, group in enumerate(attendance.groups, start=1))
    totals = ("", "Tổng cộng", str(len(invited)), str(len(present)), str(len(stand_ins)), str(len(excused)),
              str(len(absent)))
    blocks.append(Grid(ATTENDANCE_COLUMNS, rows, ATTENDANCE_WIDTHS, align=("center", "left", *[CENTRE] * 5),
                       totals=totals, size=11))
    blocks += _named("- Đại biểu dự thay", len(stand_ins), [
        f"đồng chí {stand_in.name}" + (f", {stand_in.position}" if stand_in.position else "")
        + f", dự thay {_described(d)}"
        for d in stand_ins if (stand_in := d.stand_in) is not None])
    blocks += _named("- Đại biểu vắng có lý do", len(excused), [f"{_described(d)}: {d.excuse}" for d in excused])
    blocks += _named("- Đại biểu vắng không lý do", len(absent), [
        f"{group.name} ({len(group.absent)}): " + "; ".join(_named_only(d) for d in group.absent)
        for group in attendance.groups if group.absent])
    return blocks


def _named(label: str, count: int, lines: list[str]) -> list[Block]:
    """"- Đại biểu dự thay: không có." or the label with the count, then a line for each ("+ …")."""
    if not count:
        return [Para.of(f"{label}: {NOBODY}.")]
    return [Para.of(f"{label} ({count}):"), *(Para.of(f"+ {line}.") for line in lines)]


# --- III. the programme --------------------------------------------------------------------------------


def _programme(event: Event, timing: ProgrammeTiming) -> list[Block]:
    zone = event.timezone
    rows: list[tuple[str, ...]] = []
    sections: set[int] = set()
    parent: AgendaItem | None = None
    for row in timing.items:
        if row.item.parent is not None and row.item.parent is not parent:
            sections.add(len(rows))
            rows.append((f"{row.item.parent.number}. {row.item.parent.title}", *[""] * 7))
        parent = row.item.parent
        rows.append(_item_row(row, zone))
    ran = [row for row in timing.items if row.actual_start is not None]
    lead = Para.of("Hội nghị lần lượt tiến hành các nội dung sau (giờ theo đồng hồ của chủ trì; thời lượng tính "
                   "theo phút:giây, không kể lúc tạm dừng; quá giờ so với thời gian được dành):")
    blocks: list[Block] = [_heading("III. NỘI DUNG HỘI NGHỊ"), lead,
                           Grid(PROGRAMME_COLUMNS, tuple(rows), PROGRAMME_WIDTHS,
                                align=("center", "left", "left", *[CENTRE] * 5), section_rows=frozenset(sections),
                                size=10)]
    if ran:
        blocks.append(Para.of(f"Tổng thời gian các nội dung: {_duration(sum(row.elapsed for row in ran))} "
                              f"(theo kế hoạch: {_duration(sum(row.item.planned_seconds for row in timing.items))})."))
    return blocks


def _item_row(row: ItemTiming, zone: str) -> tuple[str, ...]:
    item = row.item
    if row.actual_start is None:
        return (item.number, f"{item.title} ({NOT_STARTED.get(row.status, '')})", item.presenter, "—", "—", "—",
                format_clock(row.allotted_seconds), "—")
    end = format_hhmm(row.actual_end, zone) if row.actual_end is not None else "đang diễn ra"
    overrun = "+" + format_clock(row.overtime) if round(row.overtime) > 0 else "—"
    return (item.number, item.title, item.presenter, format_hhmm(row.actual_start, zone), end,
            format_clock(row.elapsed), format_clock(row.allotted_seconds), overrun)


def _duration(seconds: float) -> str:
    """"1 giờ 32 phút 10 giây", "12 phút 05 giây"."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return (f"{hours} giờ " if hours else "") + f"{minutes} phút {secs:02d} giây"


# --- the close -----------------------------------------------------------------------------------------


def closing_time(timing: ProgrammeTiming) -> float | None:
    """When the conference closed: the end of the last item, once every item has ended."""
    ends = [row.actual_end for row in timing.items if row.actual_end is not None]
    return max(ends) if timing.ended and ends else None


def _closing(event: Event, timing: ProgrammeTiming) -> list[Block]:
    zone = event.timezone
    closed = closing_time(timing)
    planned = clock_words(timing.planned_end, zone)
    if closed is None and timing.ended:  # every item skipped
        return [Para.of("Không có nội dung nào của chương trình được thực hiện./.")]
    if closed is None:
        return [DottedLines(1, lead=f"Hội nghị kết thúc lúc (theo kế hoạch: {planned}): "),
                Para.of(f"Đến {format_hhmm(timing.now, zone)}, hội nghị chưa kết thúc./.", italic=True)]
    later = _minutes_between(closed, timing.planned_end)
    against = (f"muộn {later} phút so với kế hoạch ({planned})" if later > 0
               else f"sớm {-later} phút so với kế hoạch ({planned})" if later < 0
               else f"đúng giờ theo kế hoạch ({planned})")
    opened = timing.actual_start
    same_day = opened is not None and _local(opened, zone).date() == _local(closed, zone).date()
    local = _local(closed, zone)
    day = "cùng ngày" if same_day else date_words(local.year, local.month, local.day)
    return [Para((Span("Hội nghị kết thúc lúc "), Span(clock_words(closed, zone), bold=True),
                  Span(f" {day}, {against}./.")), space_before=6)]

