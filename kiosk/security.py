"""What every response and every changing request passes through: CSP, origin check, rate limits.

- A Content-Security-Policy that allows scripts only from the kiosk itself (no
  inline scripts; the camera decoder's WebAssembly is allowed to compile).
- Requests that change something (POST, PUT, PATCH, DELETE) from a browser must
  come from the kiosk's own pages: a foreign ``Origin`` is refused. With the
  session cookie's SameSite=Lax this is the CSRF defence for the JSON API and
  the organiser's forms alike.
- Rate limits (Flask-Limiter): wrong PINs, and scans from one address.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, request
from flask_babel import gettext as _
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from kiosk.errors import ApiError

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",  # style="--swatch: …" attributes carry group colours
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "connect-src 'self' ws: wss:",
    "worker-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
])
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

limiter = Limiter(key_func=get_remote_address, default_limits=[])


def _same_origin(origin: str) -> bool:
    parts = urlsplit(origin)
    return parts.netloc == request.host and parts.scheme in {"http", "https"}


def init_app(app: Flask) -> None:
    limiter.init_app(app)

    @app.before_request
    def refuse_foreign_origins() -> None:
        origin = request.headers.get("Origin")
        if request.method in UNSAFE_METHODS and origin and origin != "null" and not _same_origin(origin):
            raise ApiError(403, "foreign_origin", _("Yêu cầu từ trang khác (%(origin)s) bị từ chối.",
                                                    origin=origin[:100]))

    @app.after_request
    def protect(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


def wrong_pin(response: Response) -> bool:
    """Only refused PINs count against the login limit."""
    return response.status_code == 401
