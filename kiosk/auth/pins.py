"""Role PINs: who may do what, and PINs hashed at rest."""

from __future__ import annotations

import os
import secrets

from werkzeug.security import check_password_hash, generate_password_hash

ROLES = ("admin", "reception", "chair")
PIN_ENV = {role: f"KIOSK_{role.upper()}_PIN" for role in ROLES}
# admin may do what every other role does.
GRANTS = {"admin": frozenset(ROLES), "reception": frozenset({"reception"}), "chair": frozenset({"chair"})}


def new_pin() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def pin_from_environment(role: str) -> str | None:
    return os.environ.get(PIN_ENV[role]) or None


def hash_pin(pin: str) -> str:
    return generate_password_hash(pin)


def pin_matches(pin: str, pin_hash: str) -> bool:
    return check_password_hash(pin_hash, pin)
