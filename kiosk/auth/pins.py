"""Role PINs: who may do what, and PINs hashed at rest.

A PIN is stored as a scrypt hash (werkzeug's default: ~0.1 s of CPU to
check). Two things keep that cost off everyone else:

- the check runs in a thread beside gevent's event loop (kiosk.offload;
  hashlib's scrypt releases the GIL), so a flood of wrong PINs never stalls the other
  requests of the process;
- a PIN that was right once is remembered as an HMAC-SHA256 under a random
  key of this process, together with the stored hash it matched: the same
  PIN again (a Stream Deck press carries it every time) is checked by one
  HMAC, until the stored hash changes (a new PIN). The PIN itself is never
  kept, and the digest means nothing outside this process.

Wrong PINs are counted before they are checked (kiosk.security). No Flask here.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets

from werkzeug.security import check_password_hash, generate_password_hash

from kiosk.offload import PIN_CHECKS

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
    """The slow check (scrypt), made off gevent's event loop when serving."""
    return PIN_CHECKS(check_password_hash, pin_hash, pin)


# --- PINs already proven ---------------------------------------------------------------


class ProvenPins:
    """Per role: the stored hash a PIN matched, and that PIN's HMAC under this process's random key."""

    def __init__(self) -> None:
        self._key = secrets.token_bytes(32)
        self._proven: dict[str, tuple[str, bytes]] = {}

    def _digest(self, pin: str) -> bytes:
        return hmac.new(self._key, pin.encode("utf-8", "surrogatepass"), hashlib.sha256).digest()

    def matches(self, role: str, pin: str, pin_hash: str) -> bool:
        """Whether ``pin`` is ``role``'s PIN stored as ``pin_hash``: scrypt once, then an HMAC."""
        digest = self._digest(pin)
        known = self._proven.get(role)
        if known is not None and known[0] == pin_hash and hmac.compare_digest(known[1], digest):
            return True
        if not pin_matches(pin, pin_hash):
            return False
        self._proven[role] = (pin_hash, digest)  # one assignment: atomic under the GIL
        return True

    def forget(self) -> None:
        self._proven.clear()


proven = ProvenPins()
"""This process's proven PINs (the key and the digests live and die with the process)."""
