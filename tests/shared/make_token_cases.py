"""Writes tests/shared/token.json: the badge token's form as both readers must see it.

Run after changing the token's form (``.venv/bin/python tests/shared/make_token_cases.py``);
the JSON it writes is committed, and is what the tests read. Tokens are signed with a fixed
secret, so the file changes only when the form does.

Each case in "read" gives a scanned text, the ids an offline desk reads from it
(static/js/token.js; null where it must refuse it) and what kiosk.badges.token.verify says
of it with the same secret: "valid", or the TokenError reason. Cases built on purpose state
their outcome here; the cuts and one-character changes of real tokens take it from the
server's reader, which the browser's must then match.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from kiosk.badges.token import MAX_ID, PREFIX, TokenError, _decode_base32, _mac, _unpack, sign, verify

SECRET = b"shared rules: a fixed secret 32B"
OTHER_SECRET = b"another installation's secret!!!"
TYPICAL = sign(SECRET, event_id=12, attendee_id=341, version=2)  # 32 characters of body, no spare bits; has S and I
SHORT = sign(SECRET, event_id=1, attendee_id=1, version=1)  # 31 characters of body: 3 spare bits
LONGEST = sign(SECRET, event_id=MAX_ID, attendee_id=MAX_ID, version=MAX_ID)
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
HERE = Path(__file__).resolve().parent


def ids(event_id: int, attendee_id: int, version: int) -> dict[str, int]:
    return {"eventId": event_id, "attendeeId": attendee_id, "version": version}


def case(name: str, token: str, read: dict[str, int] | None, verdict: str) -> dict[str, Any]:
    return {"name": name, "token": token, "ids": read, "verify": verdict}


def body(data: bytes) -> str:
    return PREFIX + base64.b32encode(data).decode("ascii").rstrip("=")


def with_mac(payload: bytes) -> bytes:
    """Payload bytes and their genuine MAC, to reach the checks after the signature's."""
    return payload + _mac(SECRET, payload)


def as_server_reads(name: str, token: str) -> dict[str, Any]:
    """A case whose outcome is the server's reader's, with the ids verify unpacks."""
    try:
        claim = verify(token, SECRET, event_id=0)
        verdict = "valid"
    except TokenError as error:
        if error.reason in ("empty", "malformed"):
            return case(name, token, None, error.reason)
        claim, _ = _unpack(_decode_base32(token.strip().upper()[len(PREFIX):]))
        verdict = "valid" if error.reason == "wrong_event" else error.reason
    return case(name, token, ids(claim.event_id, claim.attendee_id, claim.version), verdict)


def read_cases() -> list[dict[str, Any]]:
    typical = ids(12, 341, 2)
    spare_bit = ALPHABET[ALPHABET.index(SHORT[-1]) | 1]
    cases = [
        case("a typical badge", TYPICAL, typical, "valid"),
        case("the smallest ids", sign(SECRET, event_id=0, attendee_id=0, version=0), ids(0, 0, 0), "valid"),
        case("ids at each varint length's edge", sign(SECRET, event_id=127, attendee_id=128, version=16384),
             ids(127, 128, 16384), "valid"),
        case("the largest two-byte id", sign(SECRET, event_id=16383, attendee_id=1, version=1),
             ids(16383, 1, 1), "valid"),
        case("the longest token: every id at its largest", LONGEST, ids(MAX_ID, MAX_ID, MAX_ID), "valid"),
        case("a body with spare bits", SHORT, ids(1, 1, 1), "valid"),
        case("lower case (a scanner with Caps Lock on)", TYPICAL.lower(), typical, "valid"),
        case("mixed case typed by hand", "k1." + TYPICAL[3:12] + TYPICAL[12:].lower(), typical, "valid"),
        case("a scanner's Enter after it", TYPICAL + "\r\n", typical, "valid"),
        case("spaces and a tab around it", " \t" + TYPICAL + "  ", typical, "valid"),
        case("no-break spaces around it", "\u00a0" + TYPICAL + "\u3000", typical, "valid"),
        case("a GS1 scanner's group separator before it", "\x1d" + TYPICAL, typical, "valid"),
        case("a record separator after it", TYPICAL + "\x1e", typical, "valid"),
        case("a byte-order mark before it, which is not whitespace", "\ufeff" + TYPICAL, None, "malformed"),
        case("signed by another installation", sign(OTHER_SECRET, event_id=12, attendee_id=341, version=2),
             typical, "bad_signature"),
        case("over-long varints, signed", body(with_mac(bytes([0x8C, 0x80, 0x00, 0x81, 0x00, 0x02]))),
             ids(12, 1, 2), "valid"),
        case("a four-byte varint, even signed", body(with_mac(bytes([0x80, 0x80, 0x80, 0x01, 0x01, 0x01]))),
             None, "malformed"),
        case("a varint running into the MAC", body(with_mac(bytes([0x0C, 0x01, 0x82]))), None, "malformed"),
        case("ids and no MAC", body(bytes([12, 1, 2])), None, "malformed"),
        case("a MAC one byte short", body(with_mac(bytes([12, 1, 2]))[:-1]), None, "malformed"),
        case("a MAC one byte long", body(with_mac(bytes([12, 1, 2])) + b"\x00"), None, "malformed"),
        case("the same bytes spelled with a spare bit set", SHORT[:-1] + spare_bit, None, "malformed"),
        case("base32 padding", SHORT + "=", None, "malformed"),
        case("a space inside", TYPICAL[:15] + " " + TYPICAL[15:], None, "malformed"),
        case("a long s, which upper-cases to S", TYPICAL.lower().replace("s", "\u017f"), None, "malformed"),
        case("a dotless i, which upper-cases to I", TYPICAL.lower().replace("i", "\u0131"), None, "malformed"),
        case("one character past the longest token", LONGEST + "A", None, "malformed"),
        case("empty", "", None, "empty"),
        case("only whitespace", " \r\n", None, "empty"),
        case("a word", "hello", None, "malformed"),
        case("the prefix alone", "K1.", None, "malformed"),
        case("not base32", "K1.!!!!", None, "malformed"),
        case("another token version", "K2." + TYPICAL[3:], None, "malformed"),
        case("a web address holding a token", "https://example.org/?t=" + TYPICAL, None, "malformed"),
        case("Vietnamese letters", "K1.ẠBC", None, "malformed"),
        case("far too long", "K1." + "A" * 60, None, "malformed"),
        case("a name typed into the scan box", "Nguyễn Văn An", None, "malformed"),
    ]
    for token, label in ((TYPICAL, "typical"), (SHORT, "short")):
        for length in range(1, len(token)):
            cases.append(as_server_reads(f"the {label} token cut after {length} characters", token[:length]))
        for extra in "AQ7":
            cases.append(as_server_reads(f"the {label} token with {extra} appended", token + extra))
        for position in range(len(token)):
            for replacement in "AQ7":
                if replacement != token[position]:
                    changed = token[:position] + replacement + token[position + 1:]
                    cases.append(as_server_reads(f"the {label} token's character {position} made {replacement}",
                                                 changed))
    for position in (0, 1, 2, 3, 20, len(TYPICAL) - 1):
        for replacement in "18.":
            if replacement == TYPICAL[position]:
                continue
            changed = TYPICAL[:position] + replacement + TYPICAL[position + 1:]
            cases.append(as_server_reads(f"the typical token's character {position} made {replacement}", changed))
    return cases


def looks_like_cases() -> list[dict[str, Any]]:
    return [
        {"text": TYPICAL, "looks": True},
        {"text": TYPICAL.lower(), "looks": True},
        {"text": "  " + TYPICAL + "\r\n", "looks": True},
        {"text": "\x1d" + TYPICAL, "looks": True},
        {"text": "K1.", "looks": True},
        {"text": "k1.abc", "looks": True},
        {"text": "K1", "looks": False},
        {"text": "K2." + TYPICAL[3:], "looks": False},
        {"text": "", "looks": False},
        {"text": "   ", "looks": False},
        {"text": "Nguyễn Văn An", "looks": False},
        {"text": "k1 nguyen", "looks": False},
        {"text": "MTTQ-001", "looks": False},
    ]


def main() -> None:
    document = {
        "about": "The badge token's form (kiosk/badges/token.py, static/js/token.js). Written by "
                 "make_token_cases.py; read by tests/test_shared_rules.py and tests/js/token.test.mjs.",
        "secret": SECRET.decode("ascii"),
        "read": read_cases(),
        "looksLikeToken": looks_like_cases(),
    }
    (HERE / "token.json").write_text(one_case_a_line(document), encoding="utf-8")


def one_case_a_line(document: dict[str, Any]) -> str:
    """JSON with each case on its own line, so that a change to one shows as one line."""
    lines = ["{"]
    for index, (key, value) in enumerate(document.items()):
        comma = "," if index < len(document) - 1 else ""
        if isinstance(value, list):
            rows = [json.dumps(row, ensure_ascii=False) for row in value]
            lines.append(f" {json.dumps(key)}: [")
            lines.extend(f"  {row}," for row in rows[:-1])
            lines.append(f"  {rows[-1]}")
            lines.append(f" ]{comma}")
        else:
            lines.append(f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
