"""Check-ins: an append-only log. An undo is a new row, never a delete."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiosk.attendees.models import Attendee
from kiosk.db import Base, utcnow


class CheckIn(Base):
    """One scan that found a delegate (``action="in"``), or an undo of their arrival.

    Which scan *counts* is derived, never stored: the earliest ``scanned_at``
    among the arrivals since the last undo (see kiosk.checkin.service), so two
    desks that were offline together end with the earlier scan as the check-in.
    ``answer`` is what this request was told, replayed verbatim to a retry.
    """

    __tablename__ = "checkin"
    # A delegate's arrivals and undos in the order the arrival rule reads them (kiosk.checkin.service.
    # counting_arrivals): finding each delegate's counting scan is one short index walk, however long the log.
    __table_args__ = (Index("ix_checkin_arrival", "attendee_id", "action", "scanned_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendee.id"))  # indexed by ix_checkin_arrival
    action: Mapped[str] = mapped_column(String(10), default="in")  # "in" or "undo"
    desk: Mapped[str] = mapped_column(String(60), default="")
    # Sent by the desk with every scan, so a retried or queued scan counts once.
    client_id: Mapped[str | None] = mapped_column(String(80), unique=True)
    scanned_at: Mapped[dt.datetime] = mapped_column(default=utcnow)  # when the desk saw the badge
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)  # when the server committed it
    holder_name: Mapped[str | None] = mapped_column(String(200))  # who held a seat badge
    reason: Mapped[str | None] = mapped_column(String(300))  # why an undo
    # Who came in the delegate's place (dự thay); the counting row's stand-in is the one introduced.
    stand_in_name: Mapped[str | None] = mapped_column(String(200))
    stand_in_position: Mapped[str | None] = mapped_column(String(200))
    answer: Mapped[str] = mapped_column(String(20), default="checked_in")

    attendee: Mapped[Attendee] = relationship()
