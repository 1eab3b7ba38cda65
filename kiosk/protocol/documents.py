"""The introductions as a document for the running script (kịch bản điều hành): .docx and PDF. No Flask.

Described once as an administrative document (kiosk.documents: the layout of
Nghị định 30/2020/NĐ-CP, Times New Roman in Word, a serif font embedded in the
PDF, title, subject and author set) and rendered by it: the issuing body and
the national name in the header, the place and date, "GIỚI THIỆU ĐẠI BIỂU" with
the event as its subject, then the words the MC reads, a paragraph per group
between the opening and the closing, and when the list was taken: it is who
had arrived then.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from kiosk.documents import Document, Header, Para, render
from kiosk.documents.naming import issuing_body, locality, place_and_date
from kiosk.events.models import Event
from kiosk.protocol.introductions import Introduction

NAME = "GIỚI THIỆU ĐẠI BIỂU"
NOBODY = "Chưa có đại biểu nào điểm danh."


def lines(introduction: Introduction) -> list[str]:
    """The paragraphs read: the opening, a line per group, the closing (only a note when nobody came)."""
    if not introduction.groups:
        return [NOBODY]
    return [introduction.opening, *(group.text for group in introduction.groups), introduction.closing]


def made_at(event: Event, introduction: Introduction, now: dt.datetime) -> str:
    """Whom the list counts, and when."""
    local = now.astimezone(ZoneInfo(event.timezone))
    people = sum(len(group.read) for group in introduction.groups)
    return f"Theo điểm danh lúc {local:%H:%M} ngày {local:%d/%m/%Y}: {people} đại biểu đã đến."


def introductions_document(event: Event, introduction: Introduction, now: dt.datetime) -> Document:
    """The introductions as an administrative document, dated the event's day (or left for the pen)."""
    parts = [int(part) for part in event.date.split("-")]
    day = parts[2] if len(parts) > 2 else None
    return Document(
        name=NAME,
        header=Header(body=issuing_body(event.organiser),
                      place_date=place_and_date(locality(event.organiser), parts[0], parts[1], day)),
        subject=event.title,
        blocks=(*(Para.of(text) for text in lines(introduction)),
                Para.of(made_at(event, introduction, now), italic=True, indent=False, size=12, space_before=12)),
        title=f"{NAME.capitalize()} — {event.title}",
        author=event.organiser,
    )


def introductions_docx(event: Event, introduction: Introduction, now: dt.datetime) -> bytes:
    return render(introductions_document(event, introduction, now), "docx")


def introductions_pdf(event: Event, introduction: Introduction, now: dt.datetime) -> bytes:
    return render(introductions_document(event, introduction, now), "pdf")
