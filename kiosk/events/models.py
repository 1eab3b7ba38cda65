"""The event, its attendee groups and its agenda."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiosk.db import Base, utcnow
from kiosk.events.eventfile import is_timed


class Event(Base):
    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    short_title: Mapped[str] = mapped_column(String(200))
    organiser: Mapped[str] = mapped_column(String(200))
    organiser_short: Mapped[str] = mapped_column(String(100))
    place: Mapped[str] = mapped_column(String(300))
    date: Mapped[str] = mapped_column(String(10))  # "2026-06" (month only) or "2026-06-18"
    start_time: Mapped[str] = mapped_column(String(5))  # "08:00", local time
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Ho_Chi_Minh")
    reference: Mapped[str] = mapped_column(Text, default="")
    signer_title: Mapped[str] = mapped_column(String(200), default="")
    signer_name: Mapped[str] = mapped_column(String(200), default="")
    presentation_seconds: Mapped[int] = mapped_column(default=600)
    amber_seconds: Mapped[int] = mapped_column(default=120)
    red_seconds: Mapped[int] = mapped_column(default=60)
    # "Kết thúc lúc…" on /chair gives no item not started less than this (kiosk.timer.machine.fit).
    fit_floor_seconds: Mapped[int] = mapped_column(default=300)
    # The chair's saved messages to the presenter, in the order of their buttons on /chair.
    quick_messages: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Who chairs the conference (chủ trì) and who keeps its minutes (thư ký): the minutes name them, and they sign.
    chair_name: Mapped[str] = mapped_column(String(200), default="")
    chair_title: Mapped[str] = mapped_column(String(200), default="")
    secretary_name: Mapped[str] = mapped_column(String(200), default="")
    secretary_title: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    groups: Mapped[list[AttendeeGroup]] = relationship(
        back_populates="event", order_by="AttendeeGroup.position", cascade="all, delete-orphan"
    )
    agenda: Mapped[list[AgendaItem]] = relationship(
        back_populates="event", order_by="AgendaItem.position", cascade="all, delete-orphan"
    )


class AttendeeGroup(Base):
    """One of the plan's "Thành phần": a badge colour and a block of seats."""

    __tablename__ = "attendee_group"
    __table_args__ = (UniqueConstraint("event_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    position: Mapped[int]
    code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(Text)
    colour: Mapped[str] = mapped_column(String(7))  # "#RRGGBB"
    expected: Mapped[int] = mapped_column(default=0)
    seat_area: Mapped[str] = mapped_column(String(100), default="")
    # True for groups whose badges are seats ("Đại biểu thôn …") whose holder is
    # only known at the door; False for groups of named delegates.
    seats: Mapped[bool] = mapped_column(default=False)
    # How the MC introduces the group's delegates (kiosk.protocol.introductions): "by_name", "summary",
    # or None for the default from the group's size and seats; the side named after "Về phía" ("": the
    # group's name), and the words that stand for a summarised group ("": "cùng đại diện" and the name).
    introduce: Mapped[str | None] = mapped_column(String(10))
    introduce_as: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")

    event: Mapped[Event] = relationship(back_populates="groups")


class AgendaItem(Base):
    """A line of the programme ("II. NỘI DUNG").

    Sections (kind "section", e.g. "3. Báo cáo tham luận") hold the timed items
    under them through ``parent_id``; only items with ``planned_seconds > 0`` are
    run by the chair's clock.
    """

    __tablename__ = "agenda_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"))
    position: Mapped[int]
    number: Mapped[str] = mapped_column(String(10))  # "1", "3", "3.2"
    kind: Mapped[str] = mapped_column(String(20))  # opening, report, section, presentation, direction, other
    title: Mapped[str] = mapped_column(Text)
    presenter: Mapped[str] = mapped_column(String(300), default="")
    planned_seconds: Mapped[int] = mapped_column(default=0)

    event: Mapped[Event] = relationship(back_populates="agenda")
    parent: Mapped[AgendaItem | None] = relationship(remote_side=[id])

    @property
    def timed(self) -> bool:
        return is_timed(self)
