"""Signed badge tokens: what a badge's QR code carries.

A token is ``"K1."`` followed by unpadded RFC 4648 base32 of three packed
unsigned integers (event id, attendee id, badge version; LEB128 varints) and a
128-bit truncated HMAC-SHA256 over them. It holds ids only, never names.

Base32 rather than base64url because the whole token then falls in the QR
"alphanumeric" set (upper-case letters, digits, ``.``), which packs denser: a
typical 34–35-character token fits a version-3 QR (29×29 modules) even at error
correction level H. It also makes the token case-insensitive, so a USB scanner
typing with Caps Lock on, or staff typing a number by hand, still verifies.

Verification tells a scanning desk *why* a token fails (``TokenError.reason``):
an unreadable or cut-off scan ("malformed") is told apart from a forgery or a
token signed by another installation ("bad_signature"), from a badge of another
event ("wrong_event") and from a badge that was re-issued ("revoked", which
needs the current version from the database: :func:`check_version`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Literal

from kiosk.errors import N_, Phrase, Refusal
from kiosk.secretfile import load_or_create_secret as load_or_create_secret  # re-exported: one implementation

PREFIX = "K1."
MAC_BYTES = 16
SECRET_BYTES = 32
MIN_SECRET_BYTES = 16
ID_BITS = 21
"""Each packed integer takes at most three 7-bit varint bytes."""
MAX_ID = 2**ID_BITS - 1
MAX_TOKEN_LENGTH = len(PREFIX) + -(-(3 * 3 + MAC_BYTES) * 8 // 5)
"""43 characters, reached only when every integer needs 21 bits."""

_MAC_CONTEXT = b"kiosk badge token\x00" + PREFIX.encode()
_BASE32_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")

Reason = Literal["empty", "malformed", "bad_signature", "wrong_event", "revoked"]

REASON_MESSAGES: dict[Reason, Phrase] = {
    "empty": N_("Chưa đọc được mã thẻ: mã trống. Hãy quét lại."),
    "malformed": N_("Mã không đúng định dạng thẻ hội nghị (quét thiếu, quét nhầm mã khác hoặc gõ sai). "
                    "Hãy quét lại."),
    "bad_signature": N_("Thẻ không hợp lệ: chữ ký sai — thẻ giả, mã đã bị sửa hoặc thẻ không do hệ thống này cấp."),
    "wrong_event": N_("Thẻ này thuộc sự kiện khác, không dùng được cho hội nghị này."),
    "revoked": N_("Thẻ này đã bị thu hồi vì đã cấp lại thẻ mới cho đại biểu. Hãy dùng thẻ mới nhất."),
}
"""Why a token was refused, for the people at the desk (translated where they are shown)."""


class TokenError(Refusal):
    """A badge token failed verification; ``reason`` (its code) says why, ``str()`` in Vietnamese."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(reason, REASON_MESSAGES[reason])
        self.reason: Reason = reason


@dataclass(frozen=True)
class BadgeClaim:
    """What a verified token asserts; its version still has to match the database."""

    event_id: int
    attendee_id: int
    version: int


def new_secret() -> bytes:
    """A fresh signing secret; an installation keeps its own with :func:`load_or_create_secret`."""
    return secrets.token_bytes(SECRET_BYTES)


def sign(secret: bytes, *, event_id: int, attendee_id: int, version: int) -> str:
    """Make the token for one version of one delegate's badge at one event."""
    for field, value in (("event_id", event_id), ("attendee_id", attendee_id), ("version", version)):
        if not 0 <= value <= MAX_ID:
            raise ValueError(f"{field}={value} is outside 0..{MAX_ID}")
    payload = b"".join(_varint(value) for value in (event_id, attendee_id, version))
    body = payload + _mac(secret, payload)
    return PREFIX + base64.b32encode(body).decode("ascii").rstrip("=")


def verify(token: str, secret: bytes, *, event_id: int) -> BadgeClaim:
    """Check a scanned token's form, signature and event; raise TokenError if any fails.

    Surrounding whitespace (a scanner's Enter) and letter case are ignored.
    """
    text = token.strip()
    if not text:
        raise TokenError("empty")
    if not text.isascii():
        raise TokenError("malformed")
    text = text.upper()
    if not text.startswith(PREFIX) or len(text) > MAX_TOKEN_LENGTH:
        raise TokenError("malformed")
    body = _decode_base32(text[len(PREFIX) :])
    claim, payload_length = _unpack(body)
    payload, mac = body[:payload_length], body[payload_length:]
    if not hmac.compare_digest(mac, _mac(secret, payload)):
        raise TokenError("bad_signature")
    if claim.event_id != event_id:
        raise TokenError("wrong_event")
    return claim


def check_version(claim: BadgeClaim, current_version: int) -> None:
    """Refuse a genuine token whose badge has since been re-issued (or rolled back)."""
    if claim.version != current_version:
        raise TokenError("revoked")


def _mac(secret: bytes, payload: bytes) -> bytes:
    if len(secret) < MIN_SECRET_BYTES:
        raise ValueError(f"the signing secret must have at least {MIN_SECRET_BYTES} bytes")
    return hmac.new(secret, _MAC_CONTEXT + payload, hashlib.sha256).digest()[:MAC_BYTES]


def _varint(value: int) -> bytes:
    out = bytearray()
    while value >= 0x80:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _decode_base32(text: str) -> bytes:
    """Decode unpadded base32, accepting only the one canonical spelling of the bytes.

    As one number (``int(…, 32)`` over the alphabet translated to Python's
    digits): the standard library's decoder, and the encoding again to compare
    spellings, were about 2 % of a check-in's processor time. A spelling is canonical when
    its length can end a byte (not 1, 3 or 6 characters past a multiple of 8)
    and the bits after the last whole byte are zero.
    """
    if not text or not set(text) <= _BASE32_ALPHABET:
        raise TokenError("malformed")
    length, spare = divmod(5 * len(text), 8)
    if spare >= 5:  # a character that would carry no whole byte
        raise TokenError("malformed")
    value = int(text.translate(_AS_DIGITS), 32)
    if value & ((1 << spare) - 1):  # another spelling of the same bytes
        raise TokenError("malformed")
    return (value >> spare).to_bytes(length, "big")


_AS_DIGITS = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "0123456789abcdefghijklmnopqrstuv")


def _unpack(body: bytes) -> tuple[BadgeClaim, int]:
    """Read the three varints; return the claim and the payload's length in bytes."""
    values: list[int] = []
    position = 0
    for _ in range(3):
        value = shift = 0
        while True:
            if position >= len(body) or shift >= ID_BITS:
                raise TokenError("malformed")
            byte = body[position]
            position += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        values.append(value)
    if len(body) - position != MAC_BYTES:
        raise TokenError("malformed")
    return BadgeClaim(*values), position
