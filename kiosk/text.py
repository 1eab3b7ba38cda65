"""Vietnamese text helpers: one place for normalisation, folding, sorting, and how
clocks and times of day are written.

Everything stored is NFC. Search folds diacritics and đ→d so that a desk can type
"nguyen van an" and find "Nguyễn Văn An".
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
import unicodedata
from zoneinfo import ZoneInfo

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})
_NOT_IN_A_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def is_one_line(text: str) -> bool:
    """No control character (line breaks and tabs included) and no bidirectional override or isolate: a
    name, a position or a reason shows as it was typed on the screens, the badges and the reports (one
    U+202E turns a name around on /stage and in a PDF)."""
    return _NOT_IN_A_LINE.search(text) is None


def nfc(text: str | None) -> str:
    """NFC-normalise and trim; None becomes ""."""
    if text is None:
        return ""
    return unicodedata.normalize("NFC", text).strip()


def decode_text(data: bytes) -> str:
    """Text from a file written by any Vietnamese office tool, NFC.

    UTF-8 (with or without BOM), UTF-16 with its BOM (Excel's "Unicode text"),
    else Windows-1258, whose tone marks are combining characters (hence NFC).
    Raises UnicodeDecodeError for bytes that are none of these.
    """
    if data.startswith(codecs.BOM_UTF8):
        text = data[len(codecs.BOM_UTF8):].decode("utf-8")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1258")
    return unicodedata.normalize("NFC", text)


def fold(text: str | None) -> str:
    """Lower case without diacritics, đ→d, single spaces: the key for search."""
    decomposed = unicodedata.normalize("NFD", nfc(text).translate(_D_MAP))
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(bare.casefold().split())


def name_sort_key(full_name: str | None) -> tuple[str, str]:
    """Vietnamese names sort by the given name (last word), then the whole name."""
    folded = fold(full_name)
    given = folded.rsplit(" ", 1)[-1] if folded else ""
    return (given, folded)


def format_clock(seconds: float) -> str:
    """Seconds as mm:ss (or -mm:ss in overtime), the way every countdown and report shows them."""
    sign = "-" if seconds < 0 else ""
    whole = int(abs(seconds))
    return f"{sign}{whole // 60:02d}:{whole % 60:02d}"


def format_hhmm(epoch: float | None, timezone: str = "Asia/Ho_Chi_Minh") -> str:
    """Epoch seconds as a 24-hour HH:MM in the event's time zone; "" for no time."""
    if epoch is None:
        return ""
    return dt.datetime.fromtimestamp(epoch, ZoneInfo(timezone)).strftime("%H:%M")
