"""Signing in with a role's PIN."""

from __future__ import annotations

from flask import Blueprint, jsonify, session
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from kiosk.auth.models import RolePin
from kiosk.auth.pins import GRANTS, ROLES, pin_matches
from kiosk.auth.roles import current_roles
from kiosk.db import db
from kiosk.errors import ApiError
from kiosk.web import json_object

bp = Blueprint("auth", __name__)


@bp.post("/api/v1/login")
def login() -> ResponseReturnValue:
    body = json_object()
    role, pin = body.get("role"), body.get("pin")
    if role not in ROLES:
        raise ApiError(400, "bad_role", _("Vai trò “%(role)s” không có; chọn một trong: %(roles)s.",
                                          role=str(role)[:40], roles=", ".join(ROLES)))
    if not isinstance(pin, str) or not pin:
        raise ApiError(400, "bad_pin", _("Thiếu mã PIN (trường “pin”, dạng chuỗi)."))
    row = db.session.get(RolePin, role)
    if row is None or not pin_matches(pin, row.pin_hash):
        raise ApiError(401, "wrong_pin", _("Mã PIN không đúng cho vai trò “%(role)s”.", role=role))
    session["roles"] = sorted(current_roles() | GRANTS[role])
    session.permanent = True
    return jsonify({"role": role, "roles": session["roles"]})


@bp.post("/api/v1/logout")
def logout() -> ResponseReturnValue:
    session.pop("roles", None)
    return jsonify({"roles": []})


@bp.get("/api/v1/session")
def who_am_i() -> ResponseReturnValue:
    return jsonify({"roles": sorted(current_roles())})
