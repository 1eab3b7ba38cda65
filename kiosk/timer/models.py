"""The chair's clock as stored transitions, and messages to the presenter.

The clock's state is never stored, only the commands with their server
timestamps: replaying them (kiosk.timer.machine) rebuilds it after a restart.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.db import Base, utcnow


class TimerTransition(Base):
    __tablename__ = "timer_transition"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    command: Mapped[str] = mapped_column(String(20))
    at: Mapped[float] = mapped_column(Float)  # server epoch seconds
    args: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    role: Mapped[str] = mapped_column(String(20), default="chair")
    # The sender's key for this command (body ``client_id`` or header ``Idempotency-Key``): a retry
    # with the same key is answered again instead of applied twice (kiosk.timer.service.run_command).
    client_id: Mapped[str | None] = mapped_column(String(80), unique=True)


class PresenterMessage(Base):
    __tablename__ = "presenter_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    cleared_at: Mapped[dt.datetime | None]
