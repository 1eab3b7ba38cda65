import base64
import binascii
import contextlib
import os
import stat
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st

from kiosk.badges.token import (
    MAX_ID,
    MAX_TOKEN_LENGTH,
    PREFIX,
    REASON_MESSAGES,
    BadgeClaim,
    TokenError,
    _decode_base32,
    check_version,
    load_or_create_secret,
    new_secret,
    sign,
    verify,
)

CATALOGUE = Path(__file__).resolve().parents[2] / "kiosk/translations/en/LC_MESSAGES/messages.po"
SECRET = b"k" * 32
EVENT = 12


def reason(token: str, secret: bytes = SECRET, event_id: int = EVENT) -> str:
    with pytest.raises(TokenError) as caught:
        verify(token, secret, event_id=event_id)
    return caught.value.reason


def test_round_trip_is_short_and_carries_ids_only():
    token = sign(SECRET, event_id=EVENT, attendee_id=345, version=2)
    assert verify(token, SECRET, event_id=EVENT) == BadgeClaim(EVENT, 345, 2)
    assert token.startswith(PREFIX) and len(token) < 40
    assert set(token[len(PREFIX) :]) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")


def test_scanner_case_and_trailing_enter_are_ignored():
    token = sign(SECRET, event_id=EVENT, attendee_id=7, version=1)
    assert verify(f"  {token.lower()}\r\n", SECRET, event_id=EVENT).attendee_id == 7


@given(st.integers(0, MAX_ID), st.integers(0, MAX_ID), st.integers(0, MAX_ID))
def test_any_ids_round_trip_within_the_longest_token(event_id, attendee_id, version):
    token = sign(SECRET, event_id=event_id, attendee_id=attendee_id, version=version)
    assert len(token) <= MAX_TOKEN_LENGTH
    assert verify(token, SECRET, event_id=event_id) == BadgeClaim(event_id, attendee_id, version)


@pytest.mark.parametrize("field", ["event_id", "attendee_id", "version"])
def test_ids_out_of_range_are_refused(field):
    ids = {"event_id": 1, "attendee_id": 1, "version": 1} | {field: MAX_ID + 1}
    with pytest.raises(ValueError, match=field):
        sign(SECRET, **ids)


def test_flipped_mac_character_is_a_bad_signature():
    token = sign(SECRET, event_id=EVENT, attendee_id=345, version=2)
    position = len(token) - 5
    flipped = token[:position] + ("A" if token[position] != "A" else "B") + token[position + 1 :]
    assert reason(flipped) == "bad_signature"


def test_no_single_character_change_verifies():
    token = sign(SECRET, event_id=EVENT, attendee_id=345, version=2)
    for position in range(len(token)):
        for replacement in "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567.1":
            if replacement != token[position]:
                altered = token[:position] + replacement + token[position + 1 :]
                assert reason(altered) in {"malformed", "bad_signature"}


def test_every_truncation_is_malformed_not_forged():
    token = sign(SECRET, event_id=EVENT, attendee_id=345, version=2)
    assert reason(token[:0]) == "empty"
    for length in range(1, len(token)):
        assert reason(token[:length]) == "malformed", token[:length]


def test_token_from_another_installation_is_a_bad_signature():
    token = sign(new_secret(), event_id=EVENT, attendee_id=345, version=2)
    assert reason(token) == "bad_signature"


def test_token_of_another_event_is_told_apart():
    token = sign(SECRET, event_id=EVENT + 1, attendee_id=345, version=2)
    assert reason(token) == "wrong_event"


@pytest.mark.parametrize("scan", ["", "   ", "\n"])
def test_empty_scan(scan):
    assert reason(scan) == "empty"


@pytest.mark.parametrize(
    "scan",
    ["hello", "K1.", "K1.!!!!", "K2.AEGAD5WTRIUNB4DFQWX6DPJEWI2USLI", "https://example.org/?t=K1.AAAA", "K1.ẠBC",
     "K1." + "A" * 60],
)
def test_garbage_is_malformed(scan):
    assert reason(scan) == "malformed"


def test_reissued_badge_revokes_the_old_one():
    old = verify(sign(SECRET, event_id=EVENT, attendee_id=9, version=1), SECRET, event_id=EVENT)
    new = verify(sign(SECRET, event_id=EVENT, attendee_id=9, version=2), SECRET, event_id=EVENT)
    check_version(new, current_version=2)
    with pytest.raises(TokenError) as caught:
        check_version(old, current_version=2)
    assert caught.value.reason == "revoked"


def test_every_reason_has_its_own_message_in_both_languages():
    reasons = {"empty", "malformed", "bad_signature", "wrong_event", "revoked"}
    assert set(REASON_MESSAGES) == reasons
    assert len(set(REASON_MESSAGES.values())) == len(reasons)
    assert str(TokenError("revoked")) == REASON_MESSAGES["revoked"]
    english = {message.id: message.string for message in read_po(CATALOGUE.open("rb"))}
    assert all(english.get(text) for text in REASON_MESSAGES.values())  # English beside every Vietnamese reason
    assert TokenError("revoked").render(lambda text: english[text]).startswith("This badge was revoked")


@given(st.text())
def test_arbitrary_text_only_ever_raises_token_error(text):
    with contextlib.suppress(TokenError):
        verify(text, SECRET, event_id=EVENT)


@given(st.binary(max_size=40))
def test_arbitrary_bytes_after_the_prefix_only_ever_raise_token_error(data):
    with contextlib.suppress(TokenError):
        verify(PREFIX + base64.b32encode(data).decode().rstrip("="), SECRET, event_id=EVENT)


def test_secret_file_is_created_private_once_and_reused(tmp_path):
    path = tmp_path / "data" / "badge-secret"
    secret = load_or_create_secret(path)
    assert len(secret) == 32
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_or_create_secret(path) == secret


def test_too_short_a_secret_is_refused():
    with pytest.raises(ValueError, match="16 bytes"):
        sign(b"short", event_id=1, attendee_id=1, version=1)


def _standard_library_reading(text: str) -> bytes | None:
    """What base64 makes of unpadded base32 ``text`` when it is the one canonical spelling of its bytes, else None."""
    try:
        body = base64.b32decode(text + "=" * (-len(text) % 8))
    except binascii.Error:
        return None
    return body if text and base64.b32encode(body).decode().rstrip("=") == text else None


@pytest.mark.parametrize("text", ["", "A", "AA", "AB", "ABC", "ABCD", "ABCDE", "ABCDEF", "ABCDEFG", "ABCDEFGH",
                                  "ME", "MF", "MFRA", "MFRB", "MFRGG", "MFRGH", "MFRGGZA", "MFRGGZB", "77777777"])
def test_a_token_body_reads_as_the_standard_library_reads_its_one_canonical_spelling(text: str) -> None:
    expected = _standard_library_reading(text)
    if expected is None:
        with pytest.raises(TokenError):
            _decode_base32(text)
    else:
        assert _decode_base32(text) == expected


@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", max_size=50))
def test_any_token_body_reads_as_the_standard_library_reads_its_one_canonical_spelling(text: str) -> None:
    test_a_token_body_reads_as_the_standard_library_reads_its_one_canonical_spelling(text)
