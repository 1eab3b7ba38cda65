"""What every request and response passes through: body size, origin, PIN attempts, CSP.

- **Body size**: no body is read past its limit, chunked or not: 64 kB for the
  JSON API, 10 MB (and the form around it) for the organiser's uploads under
  ``/admin/``. A declared ``Content-Length`` over the limit is refused (413)
  before anything is read; a chunked body is cut off with a 413 once it
  passes the limit. The connection is then closed, not drained, so an
  attacker's 100 MB is never read.
- **Origin**: requests that change something (POST, PUT, PATCH, DELETE) from a
  browser must come from the kiosk's own pages: a foreign ``Origin`` is
  refused, and so is ``Origin: null`` (a sandboxed page, or a form re-posted by
  a 307 redirect from another site). The JSON API takes JSON only: a body
  typed as a form or plain text (all a cross-site form can send) is a 415.
  With the session cookie's SameSite=Lax this is the CSRF defence for the
  JSON API and the organiser's forms alike. Tools that send the PIN headers
  and no cookie send no ``Origin`` either, and are not affected.
- **PIN attempts**: every PIN check (a login, the ``X-Kiosk-Role``/``X-Kiosk-Pin``
  headers on any request, a /live socket's handshake) counts against one
  limit per client address (``KIOSK_LOGIN_RATE_LIMIT``, 10 a minute), in the
  rate-limit storage (Redis with ``KIOSK_MESSAGE_QUEUE``, so shared by every
  process; the ``limits`` library's fixed windows). The attempt is counted
  *before* the PIN is checked, in one atomic increment, and given back when the PIN was right: parallel or slow requests
  cannot slip past the count, and an address over the limit is answered 429
  ``too_many_attempts`` without its PIN being checked (no scrypt) until the
  window ends.
- The session cookie is ``Secure`` whenever the client's connection is HTTPS,
  asked per request (behind a proxy, after ProxyFix).
- A Content-Security-Policy that allows scripts only from the kiosk itself (no
  inline scripts; the camera decoder's WebAssembly is allowed to compile).
- **Scans**: at most ``KIOSK_CHECKIN_RATE_LIMIT`` (20 a second) from one address,
  counted in the same storage (a stuck scanner, or a script gone wrong).
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Flask, Request, Response, current_app, g, has_request_context, jsonify, render_template, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer
from limits import parse
from limits.storage import Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter
from werkzeug.exceptions import RequestEntityTooLarge

from kiosk.errors import ApiError

log = logging.getLogger(__name__)

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
ATTEMPTS_KEY = "kiosk.pin_attempts"
SCANS_KEY = "kiosk.scans"
BODY_LIMIT_KEY = "kiosk.body_limit"
SOCKET_BODY_LIMIT = 1_000_000  # Engine.IO's own max_http_buffer_size for long-polling packets
FORM_ALLOWANCE = 1024 * 1024  # the multipart framing and fields around an uploaded file

F = TypeVar("F", bound=Callable[..., Any])


# --- body size ---------------------------------------------------------------------


def body_limit(path: str) -> int:
    """The most bytes of body a request to ``path`` may send."""
    from kiosk.web import MAX_JSON_BYTES, MAX_UPLOAD

    if path.startswith("/admin/"):
        return MAX_UPLOAD + FORM_ALLOWANCE
    if path.startswith("/socket.io/"):
        return SOCKET_BODY_LIMIT
    return MAX_JSON_BYTES


class CappedInput:
    """A request body with no declared length (chunked), read through: past ``limit`` bytes, a 413.

    Werkzeug's own cap on such a body (``max_content_length``) stops reading at
    the limit without a word, so a 100 kB JSON body would be cut to 64 kB and
    refused as malformed; this says what happened.
    """

    def __init__(self, stream: Any, limit: int) -> None:
        self.stream, self.limit, self.count = stream, limit, 0

    def _take(self, data: bytes) -> bytes:
        self.count += len(data)
        if self.count > self.limit:
            raise RequestEntityTooLarge()
        return data

    def read(self, size: int | None = -1) -> bytes:
        room = self.limit - self.count + 1  # one byte past the limit tells a body that is too long
        return self._take(self.stream.read(room if size is None or size < 0 else min(size, room)))

    def readline(self, size: int | None = -1) -> bytes:
        room = self.limit - self.count + 1
        return self._take(self.stream.readline(room if size is None or size < 0 else min(size, room)))

    def __iter__(self) -> Iterator[bytes]:
        while line := self.readline():
            yield line

    def close(self) -> None:
        close = getattr(self.stream, "close", None)
        if close is not None:
            close()


class BodyLimit:
    """WSGI middleware: each request's body limit, and a 413 that closes the connection instead of draining it.

    A declared ``Content-Length`` is checked against the limit before the
    request is handled (kiosk.security's ``limit_the_body``); a chunked body is
    read through :class:`CappedInput`. A WSGI server (gevent's included) reads
    and discards whatever body the application left unread, to keep the
    connection usable: after a 413 that is exactly the attacker's 100 MB. So a
    413 says ``Connection: close`` and tells gevent's input not to discard (the
    socket is closed instead).
    """

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        limit = environ[BODY_LIMIT_KEY] = body_limit(environ.get("PATH_INFO", ""))
        original: Any = environ.get("wsgi.input")
        if not environ.get("CONTENT_LENGTH") and original is not None:
            environ["wsgi.input"] = CappedInput(original, limit)

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            if status.startswith("413"):
                headers = [*[(k, v) for k, v in headers if k.lower() != "connection"], ("Connection", "close")]
                if hasattr(original, "_chunked_input_error"):  # gevent.pywsgi.Input: "closing, do not discard"
                    original._chunked_input_error = True
            return start_response(status, headers, exc_info)

        return self.app(environ, start)


def _too_large_message() -> str:
    from kiosk.web import MAX_JSON_BYTES

    limit = request.environ.get(BODY_LIMIT_KEY, MAX_JSON_BYTES)
    return _("Nội dung yêu cầu quá lớn (tối đa %(n)d kB).", n=limit // 1024)


def _too_large(_error: RequestEntityTooLarge) -> ResponseReturnValue:
    """A body cut off past its limit while it was read (chunked): the same 413 as a declared one."""
    if request.path.startswith("/api/"):
        return jsonify({"error": {"code": "too_large", "message": _too_large_message()}}), 413
    return render_template("error.html", message=_too_large_message()), 413


# --- origin ------------------------------------------------------------------------


def _same_origin(origin: str) -> bool:
    parts = urlsplit(origin)
    return parts.netloc == request.host and parts.scheme in {"http", "https"}


def _is_json(mimetype: str) -> bool:
    return mimetype == "application/json" or (mimetype.startswith("application/") and mimetype.endswith("+json"))


# --- PIN attempts ------------------------------------------------------------------


class ProcessCounts(Storage):
    """Fixed-window counts in this process's memory, where there is no Redis (``memory://``).

    The ``limits`` library's own memory storage starts a timer thread (a
    greenlet under gevent) every 10 ms to expire its keys: on the scan's hot
    path that cost more than the count. These counts expire as they are read,
    and the ones nobody reads again are swept once a minute.
    """

    SWEEP_EVERY = 60.0

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        super().__init__()
        self._clock = clock
        self._counts: dict[str, tuple[int, float]] = {}  # key → (count, the moment its window ends)
        self._lock = threading.Lock()
        self._next_sweep = 0.0

    @property
    def base_exceptions(self) -> type[Exception]:
        return ValueError

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        now = self._clock()
        with self._lock:
            if now >= self._next_sweep:
                self._counts = {k: window for k, window in self._counts.items() if window[1] > now}
                self._next_sweep = now + self.SWEEP_EVERY
            count, ends = self._counts.get(key, (0, 0.0))
            if ends <= now:
                count, ends = 0, now + expiry
            self._counts[key] = (count + amount, ends)
            return count + amount

    def get(self, key: str) -> int:
        count, ends = self._counts.get(key, (0, 0.0))
        return count if ends > self._clock() else 0

    def get_expiry(self, key: str) -> float:
        now = self._clock()
        return max(self._counts.get(key, (0, now))[1], now)

    def check(self) -> bool:
        return True

    def reset(self) -> int:
        with self._lock:
            cleared = len(self._counts)
            self._counts = {}
        return cleared

    def clear(self, key: str) -> None:
        with self._lock:
            self._counts.pop(key, None)


class AddressLimit:
    """A count per client address, for one purpose, in the rate-limit storage (shared through Redis when there
    is one): fixed windows, as the ``limits`` library keeps them."""

    def __init__(self, storage: Storage, limit: str, purpose: str) -> None:
        self.limit, self.purpose = parse(limit), purpose
        self.counter = FixedWindowRateLimiter(storage)

    def count(self, address: str) -> bool:
        """Count one; False when it is past the limit (then what it counts must not be done)."""
        return self.counter.hit(self.limit, self.purpose, address)

    def give_back(self, address: str) -> None:
        """It did not count after all (a right PIN)."""
        self.counter.hit(self.limit, self.purpose, address, cost=-1)

    def locked(self, address: str) -> bool:
        return not self.counter.test(self.limit, self.purpose, address)

    def first_refusal(self, address: str, seconds: int) -> bool:
        """Whether this is the first refusal of the address's lockout (which lasts ``seconds`` more)."""
        return self.counter.storage.incr(self.limit.key_for(f"{self.purpose}-refused", address), seconds) == 1

    def retry_after(self, address: str) -> int:
        reset = self.counter.get_window_stats(self.limit, self.purpose, address).reset_time
        return max(1, math.ceil(reset - time.time()))


def client_address() -> str:
    """The address limits count by: the client's (after ProxyFix, when ``KIOSK_PROXIES`` believes a proxy)."""
    return request.remote_addr or "127.0.0.1"


def _attempts() -> AddressLimit:
    return current_app.extensions[ATTEMPTS_KEY]


def _too_many_attempts(address: str, role: str | None = None) -> ApiError:
    """The 429 for an address over the PIN limit. The first refusal of a lockout is kept, although its request
    is rolled back: in the log, and as ``auth.locked`` in the audit trail (once a lockout, so a flood of
    guesses writes one line, not one per guess)."""
    attempts = _attempts()
    retry_after = attempts.retry_after(address)
    g.retry_after = retry_after
    if attempts.first_refusal(address, retry_after):
        log.warning("%s: over %s wrong PINs, locked for %d s (role tried: %s)", address, attempts.limit,
                    retry_after, role or "?")
        from kiosk.boundary import record_apart  # the boundary imports the models; this module is imported first
        from kiosk.changes import Change
        from kiosk.extensions import DB_KEY

        record_apart(current_app.extensions[DB_KEY], "public", Change(
            "auth.locked", target=address, after={"wrong_pins": attempts.limit.amount, "locked_seconds": retry_after,
                                                  **({"role_tried": role} if role else {})}))
    return ApiError(429, "too_many_attempts", _("Quá nhiều lần nhập sai mã PIN; hãy thử lại sau một phút."),
                    retry_after=retry_after)


def count_pin_attempt(role: str) -> None:
    """Count the PIN about to be checked against this address's limit: a 429 instead, once over it.

    Call it before checking the PIN, and :func:`forgive_pin_attempt` after a right one.
    """
    address, attempts = client_address(), _attempts()
    if not attempts.count(address):
        raise _too_many_attempts(address, role)


def forgive_pin_attempt() -> None:
    _attempts().give_back(client_address())


def refuse_locked_address() -> None:
    """A 429 for an address over the limit, before its request's body is read."""
    address = client_address()
    if _attempts().locked(address):
        raise _too_many_attempts(address)


def scans_limited(view: F) -> F:
    """A 429 ``too_many_requests`` once an address sends more scans than ``KIOSK_CHECKIN_RATE_LIMIT``, counted
    before anything else is looked at."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        address, scans = client_address(), current_app.extensions[SCANS_KEY]
        if not scans.count(address):
            g.retry_after = scans.retry_after(address)
            raise ApiError(429, "too_many_requests", _("Quá nhiều lượt quét từ một máy; chờ một giây rồi quét lại."),
                           retry_after=g.retry_after)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


# --- the session cookie ------------------------------------------------------------


class SessionCookie(SecureCookieSessionInterface):
    """Flask's signed session cookie, ``Secure`` whenever the client's connection is HTTPS, and verified once.

    Secure is asked per request, after ProxyFix: behind nginx over HTTPS
    (``KIOSK_PROXIES=1`` believes its ``X-Forwarded-Proto``) as much as with
    ``kiosk serve --https``. Whether the session behind the cookie is still
    live is asked of the database on every request (kiosk.auth.sessions).
    """

    def __init__(self) -> None:
        self._signing: tuple[tuple[Any, ...], URLSafeTimedSerializer | None] | None = None
        self._verified: OrderedDict[str, tuple[dict[str, Any], int]] = OrderedDict()

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or (has_request_context() and request.is_secure)

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Flask's serializer, built once per secret key rather than twice per request."""
        keys = (app.secret_key, *(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        if self._signing is None or self._signing[0] != keys:
            self._signing = (keys, super().get_signing_serializer(app))
            self._verified = OrderedDict()  # verified under other keys
        return self._signing[1]

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        """Flask's session, with a cookie already verified taken from memory (a desk sends the same cookie with
        every scan; checking its signature again cost more than the rest of reading it).

        Only what cannot change is remembered: the cookie's exact text, signed
        under the current keys, its signing time (its age is checked against
        the session's lifetime every time, as Flask does) and its values when
        none can be changed in place (a sign-in's key, not a list of flashes).
        """
        serializer = self.get_signing_serializer(app)
        value = request.cookies.get(self.get_cookie_name(app))
        if serializer is None or not value:
            return super().open_session(app, request)
        max_age = int(app.permanent_session_lifetime.total_seconds())
        known = self._verified.pop(value, None)
        if known is not None:
            data, signed_at = known
            if not 0 <= int(time.time()) - signed_at <= max_age:
                return self.session_class()  # expired (or from the future), as itsdangerous would find it
            self._verified[value] = known  # now the most recently used
            return self.session_class(data)
        try:
            data, signed = serializer.loads(value, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        if isinstance(data, dict) and all(isinstance(item, (str, int, float, bool, type(None)))
                                          for item in data.values()):
            self._verified[value] = (data, int(signed.timestamp()))
            if len(self._verified) > self.REMEMBERED:
                self._verified.popitem(last=False)
        return self.session_class(data)

    REMEMBERED = 1024
    """Cookies remembered as verified, the least recently used forgotten first (only the server signs them)."""


# --- the app -----------------------------------------------------------------------


def init_app(app: Flask) -> None:
    app.session_interface = SessionCookie()
    uri = app.config["RATELIMIT_STORAGE_URI"]
    storage = ProcessCounts() if uri == "memory://" else storage_from_string(uri)
    assert isinstance(storage, Storage)  # redis:// when there is a message queue, never an asyncio storage
    app.extensions[ATTEMPTS_KEY] = AddressLimit(storage, app.config["LOGIN_RATE_LIMIT"], "pin")
    app.extensions[SCANS_KEY] = AddressLimit(storage, app.config["CHECKIN_RATE_LIMIT"], "scan")
    app.register_error_handler(RequestEntityTooLarge, _too_large)

    @app.before_request
    def limit_the_body() -> None:
        # A chunked body is capped as it is read (BodyLimit, CappedInput); a declared length, here, unread.
        request.max_content_length = None
        if (request.content_length or 0) > (request.environ.get(BODY_LIMIT_KEY) or body_limit(request.path)):
            raise ApiError(413, "too_large", _too_large_message())

    @app.before_request
    def refuse_foreign_origins() -> None:
        if request.method not in UNSAFE_METHODS:
            return
        origin = request.headers.get("Origin")
        if origin and (origin == "null" or not _same_origin(origin)):
            raise ApiError(403, "foreign_origin", _("Yêu cầu từ trang khác (%(origin)s) bị từ chối.",
                                                    origin=origin[:100]))
        if request.path.startswith("/api/") and request.mimetype and not _is_json(request.mimetype):
            raise ApiError(415, "unsupported_media_type",
                           _("Nội dung yêu cầu phải là JSON (Content-Type: application/json)."))

    @app.after_request
    def protect(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if response.status_code == 429 and g.get("retry_after"):
            response.headers["Retry-After"] = str(g.retry_after)
        return response

    app.wsgi_app = BodyLimit(app.wsgi_app)  # type: ignore[method-assign]
