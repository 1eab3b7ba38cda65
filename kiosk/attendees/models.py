"""Delegates (named people) and seats (a group's places whose holder is known at the door)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiosk.db import Base, utcnow
from kiosk.events.models import AttendeeGroup


class Attendee(Base):
    __tablename__ = "attendee"
    __table_args__ = (UniqueConstraint("event_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    group_id: Mapped[int] = mapped_column(ForeignKey("attendee_group.id"))
    number: Mapped[str] = mapped_column(String(20))  # badge number, "PCM-012"
    full_name: Mapped[str | None] = mapped_column(String(200))  # None for an unfilled seat
    seat_label: Mapped[str | None] = mapped_column(String(200))  # "Đại biểu thôn 3" for a seat
    position: Mapped[str] = mapped_column(String(200), default="")  # chức vụ
    unit: Mapped[str] = mapped_column(String(300), default="")  # đơn vị
    search_key: Mapped[str] = mapped_column(String(800), default="", index=True)
    is_sample: Mapped[bool] = mapped_column(default=False)
    # Registered at a desk (a walk-in), not from the list: such a registration can be withdrawn with its arrival.
    walk_in: Mapped[bool] = mapped_column(default=False, server_default=false())
    badge_version: Mapped[int] = mapped_column(default=1)
    revoked: Mapped[bool] = mapped_column(default=False)
    # Protocol order within the group (kiosk.attendees.service.PROTOCOL_ORDER): the roster's row order by default.
    rank: Mapped[int] = mapped_column(default=0)
    # Sent apologies (vắng có lý do): the reason and when it was recorded; who recorded it is in the audit trail.
    absence_reason: Mapped[str | None] = mapped_column(String(300))
    absence_recorded_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    group: Mapped[AttendeeGroup] = relationship()

    @property
    def display_name(self) -> str:
        return display_name(self.full_name, self.seat_label, self.number)


def display_name(full_name: str | None, seat_label: str | None, number: str) -> str:
    """What screens call a delegate: the name, else the seat's label ("Đại biểu thôn 3"), else the badge number."""
    return full_name or seat_label or number
