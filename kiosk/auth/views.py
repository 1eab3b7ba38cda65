"""Signing in with a role's PIN."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, session
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from kiosk.auth.pins import ROLES
from kiosk.auth.roles import check_pin, current_roles
from kiosk.errors import ApiError
from kiosk.security import limiter, wrong_pin
from kiosk.web import json_object

bp = Blueprint("auth", __name__)


@bp.post("/api/v1/login")
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], deduct_when=wrong_pin,
               error_message=lambda: _("Quá nhiều lần nhập sai mã PIN; hãy thử lại sau một phút."))
def login() -> ResponseReturnValue:
    body = json_object()
    role, pin = body.get("role"), body.get("pin")
    if role not in ROLES:
        raise ApiError(400, "bad_role", _("Vai trò “%(role)s” không có; chọn một trong: %(roles)s.",
                                          role=role[:40] if isinstance(role, str) else "", roles=", ".join(ROLES)))
    if not isinstance(pin, str) or not pin:
        raise ApiError(400, "bad_pin", _("Thiếu mã PIN (trường “pin”, dạng chuỗi)."))
    session["roles"] = sorted(current_roles() | check_pin(role, pin))
    session.permanent = True
    return jsonify({"role": role, "roles": session["roles"]})


@bp.post("/api/v1/logout")
def logout() -> ResponseReturnValue:
    session.pop("roles", None)
    return jsonify({"roles": []})


@bp.get("/api/v1/session")
def who_am_i() -> ResponseReturnValue:
    return jsonify({"roles": sorted(current_roles())})
