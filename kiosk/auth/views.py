"""Signing in with a role's PIN, and out."""

from __future__ import annotations

from collections.abc import Sequence

from flask import Blueprint, current_app, g, jsonify, session
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from kiosk.auth.pins import ROLES
from kiosk.auth.roles import SESSION_KEY, check_pin, current_roles, current_session
from kiosk.auth.sessions import sign_in, sign_out
from kiosk.db import utcnow
from kiosk.errors import ApiError
from kiosk.extensions import db
from kiosk.security import refuse_locked_address
from kiosk.web import json_object

bp = Blueprint("auth", __name__)


def _strongest(roles: Sequence[str]) -> str:
    return next(role for role in ROLES if role in roles) if roles else "public"


@bp.post("/api/v1/login")
def login() -> ResponseReturnValue:
    refuse_locked_address()  # before the body is read: a locked address sends its PIN for nothing
    body = json_object()
    role, pin = body.get("role"), body.get("pin")
    if role not in ROLES:
        raise ApiError(400, "bad_role", _("Vai trò “%(role)s” không có; chọn một trong: %(roles)s.",
                                          role=role[:40] if isinstance(role, str) else "", roles=", ".join(ROLES)))
    if not isinstance(pin, str) or not pin:
        raise ApiError(400, "bad_pin", _("Thiếu mã PIN (trường “pin”, dạng chuỗi)."))
    granted = check_pin(role, pin)
    key, row = sign_in(db.session(), role, granted, utcnow(), replacing=current_session())
    session.clear()
    session[SESSION_KEY] = key
    session.permanent = True  # the cookie lasts as long as the session may (KIOSK_SESSION_HOURS)
    g.acting_role = role
    return jsonify({"role": role, "roles": row.roles})


@bp.post("/api/v1/logout")
def logout() -> ResponseReturnValue:
    """End this browser's session on the server (a copy of its cookie is worth nothing after), and its sockets."""
    row = current_session()
    if row is not None:
        sign_out(db.session(), row, utcnow())
        g.acting_role = _strongest(row.roles)
        from kiosk.live.socket import cut_off_session

        cut_off_session(current_app, row.id)
    session.clear()
    g.auth_session = None
    return jsonify({"roles": []})


@bp.get("/api/v1/session")
def who_am_i() -> ResponseReturnValue:
    return jsonify({"roles": sorted(current_roles())})
