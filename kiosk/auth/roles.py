"""Who is signed in, as which roles.

Roles come from a server-side session (``POST /api/v1/login``; the signed
cookie carries only the session's random key, kiosk.auth.sessions), or are
proven on each request by a role and its PIN in the ``X-Kiosk-Role`` and
``X-Kiosk-Pin`` headers, for tools that keep no cookie (a Stream Deck through
Bitfocus Companion). Every PIN check counts against the address's limit
first (kiosk.security); a right header PIN is checked with scrypt once
(kiosk.auth.pins.proven).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import current_app, g, render_template, request, session
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from kiosk.auth.models import RolePin
from kiosk.auth.pins import GRANTS, ROLES, proven
from kiosk.auth.sessions import LiveSession, find_live, seen
from kiosk.db import utcnow
from kiosk.errors import ApiError
from kiosk.extensions import db
from kiosk.security import client_address, count_pin_attempt, forgive_pin_attempt

F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger(__name__)
ROLE_NAMES = {"admin": lazy_gettext("Quản trị"), "reception": lazy_gettext("Đón tiếp"),
              "chair": lazy_gettext("Chủ trì")}


ROLE_HEADER, PIN_HEADER = "X-Kiosk-Role", "X-Kiosk-Pin"
SESSION_KEY = "auth"
"""The cookie's one entry: the random key of the server-side session."""


def check_pin(role: str, pin: str) -> frozenset[str]:
    """The roles a role's PIN grants; a JSON 401 for a wrong PIN, a 429 once this address guessed too often.

    The attempt is counted before the PIN is checked (and given back when it was right).
    """
    count_pin_attempt(role)
    row = db.session.get(RolePin, role)
    if row is None or not proven.matches(role, pin, row.pin_hash):
        log.info("%s: a wrong PIN for %s", client_address(), role)
        raise ApiError(401, "wrong_pin",
                       _("Mã PIN không đúng cho vai trò “%(role)s”.", role=ROLE_NAMES.get(role, role)))
    forgive_pin_attempt()
    return GRANTS[role]


def current_session() -> LiveSession | None:
    """This request's live session (from its cookie), looked up once; None when signed out, ended or expired."""
    if "auth_session" not in g:
        key = session.get(SESSION_KEY)
        row = None
        if isinstance(key, str):
            now = utcnow()
            row = find_live(db.session(), key, now, current_app.config["SESSION_HOURS"])
            if row is not None and getattr(request, "sid", None) is None:  # an HTTP request, not a socket event
                seen(db.session(), row, now)
        g.auth_session = row
    return g.auth_session


def current_roles() -> frozenset[str]:
    row = current_session()
    return (frozenset(row.roles) if row is not None else frozenset()) | _header_roles()


def header_role() -> tuple[str, str] | None:
    """The role proven by this request's PIN headers and its stored hash, once proven (for a socket's room)."""
    if _header_roles() and "header_proof" in g:
        return g.header_proof
    return None


def _header_roles() -> frozenset[str]:
    """Roles proven by the PIN headers, checked once per request; none without the headers."""
    pin = request.headers.get(PIN_HEADER)
    if pin is None:
        return frozenset()
    if "header_roles" not in g:
        g.header_roles = frozenset()  # a refused PIN grants nothing, also to the error page
        role = request.headers.get(ROLE_HEADER, "")
        if role not in ROLES:
            raise ApiError(400, "bad_role", _("Tiêu đề “%(header)s” phải là một trong: %(roles)s.",
                                              header=ROLE_HEADER, roles=", ".join(ROLES)))
        if not pin:
            raise ApiError(400, "bad_pin", _("Tiêu đề “%(header)s” trống: cần mã PIN.", header=PIN_HEADER))
        g.header_roles = check_pin(role, pin)
        g.header_proof = (role, db.session.get(RolePin, role).pin_hash)  # type: ignore[union-attr]
    return g.header_roles


def acting_role() -> str:
    """Who the audit trail says did this request's changes: the role the endpoint required, as held.

    A role held only through ``admin`` (the organiser at a desk) is recorded as ``admin``.
    """
    return g.get("acting_role", "public")


def role_required(role: str) -> Callable[[F], F]:
    """Pages answer with the PIN form, API endpoints with a JSON 401/403."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            roles = current_roles()
            if role in roles:
                g.acting_role = "admin" if "admin" in roles else role
                return view(*args, **kwargs)
            if request.path.startswith("/api/"):
                if roles:
                    raise ApiError(403, "forbidden", _("Vai trò hiện tại không được phép làm việc này."),
                                   required_role=role)
                raise ApiError(401, "login_required", _("Cần đăng nhập bằng mã PIN."), required_role=role)
            return render_template("login.html", role=role, role_name=ROLE_NAMES[role]), 401

        return wrapped  # type: ignore[return-value]

    return decorate
