"""Configuration by object and environment (as in the Flask tutorial).

The data directory (``instance/`` by default, ``KIOSK_INSTANCE`` overrides) holds
the SQLite database, the badge-signing secret and the HTTPS certificate.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path


def default_instance_path() -> Path:
    return Path(os.environ.get("KIOSK_INSTANCE", "instance")).resolve()


class Config:
    """Defaults; every value can be overridden by an environment variable."""

    LANGUAGES = ("vi", "en")
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_REFRESH_EACH_REQUEST = False  # a desk's cookie is not re-signed on every scan
    JSON_SORT_KEYS = False

    def __init__(self, instance_path: Path | None = None, **overrides: object) -> None:
        self.INSTANCE_PATH = Path(instance_path or default_instance_path())
        self.DATABASE_URL = os.environ.get("DATABASE_URL") or (
            f"sqlite:///{self.INSTANCE_PATH / 'kiosk.sqlite3'}"
        )
        # Rate limits (kiosk.security): wrong PINs per address, and scans per address (a desk
        # scans a badge every few seconds; a benchmark may raise it).
        self.LOGIN_RATE_LIMIT = os.environ.get("KIOSK_LOGIN_RATE_LIMIT", "10 per minute")
        self.CHECKIN_RATE_LIMIT = os.environ.get("KIOSK_CHECKIN_RATE_LIMIT", "20 per second")
        # Several `kiosk serve` processes (behind nginx) pass Socket.IO messages through Redis,
        # e.g. redis://127.0.0.1:6379/0; one process needs none.
        self.MESSAGE_QUEUE = os.environ.get("KIOSK_MESSAGE_QUEUE") or None
        # Rate limits count in the same Redis when there is one, so that N processes are not N times looser.
        self.RATELIMIT_STORAGE_URI = self.MESSAGE_QUEUE or "memory://"
        # Reverse proxies in front (1 behind nginx): their X-Forwarded-For/-Proto are then believed,
        # so rate limits count each desk, not the proxy's one address.
        self.PROXIES = int(os.environ.get("KIOSK_PROXIES") or 0)
        # A sign-in lasts an event day; logout, or a new PIN for the role, ends it sooner (kiosk.auth.sessions).
        self.SESSION_HOURS = float(os.environ.get("KIOSK_SESSION_HOURS") or 12)
        self.PERMANENT_SESSION_LIFETIME = dt.timedelta(hours=self.SESSION_HOURS)
        # The address phones open (the hall screen's QR, links), e.g. https://kiosk.example.vn when a proxy
        # or a name stands in front; unset: the LAN address `kiosk serve` listens on (kiosk.addresses).
        self.PUBLIC_URL = os.environ.get("KIOSK_PUBLIC_URL") or None
        # Where `kiosk serve` listens (it sets these from its options); None outside `kiosk serve`.
        self.SERVE_HOST: str | None = None
        self.SERVE_PORT: int | None = None
        self.SERVE_HTTPS = False
        for key, value in overrides.items():
            setattr(self, key, value)

    def as_dict(self) -> dict[str, object]:
        names = {n for n in dir(type(self)) if n.isupper()} | {n for n in vars(self) if n.isupper()}
        return {n: getattr(self, n) for n in names}
