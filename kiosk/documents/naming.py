"""How an administrative document's header names things (Nghị định 30/2020/NĐ-CP, Phụ lục I). No Flask.

- The issuing body in capitals, cut before its locality: "Ủy ban nhân dân xã
  Cẩm Giang" → "ỦY BAN NHÂN DÂN" / "XÃ CẨM GIANG". The locality is the last
  "xã", "phường", "huyện", "tỉnh"… written in lower case and followed by a name
  ("Văn hóa - Xã hội" is not one).
- The place in "Cẩm Giang, ngày … tháng … năm 2026" is the locality's name.
- The number's code: the document's kind and the body's abbreviation
  ("Số: ……/BB-UBND"); the number itself is left for the clerk (văn thư) who
  registers the document. The abbreviation is the organiser's short name's
  first word when that is one ("UBND xã Cẩm Giang" → "UBND"), else the
  initials of the body's name, Đ kept ("Hội đồng nhân dân" → "HĐND").
- Days under 10 and the months January and February take a leading zero
  ("ngày 05 tháng 02 năm 2026", "ngày 18 tháng 6 năm 2026").
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from zoneinfo import ZoneInfo

LEVELS = ("thị trấn", "thị xã", "thành phố", "đặc khu", "xã", "phường", "huyện", "quận", "tỉnh")
_LOCALITY = re.compile(r"(?:^|\s)(" + "|".join(LEVELS) + r")\s+(?=\S)")
_ABBREVIATION = re.compile(r"[A-ZĐ][A-ZĐ&]+")
BLANK = "……"  # what the pen fills in: a number, a day


def _split(organiser: str) -> tuple[str, str, str] | None:
    """(the body's own name, its level, the locality's name), or None when the organiser names no locality."""
    matches = list(_LOCALITY.finditer(organiser))
    if not matches:
        return None
    last = matches[-1]
    body, name = organiser[:last.start()].strip(), organiser[last.end():].strip()
    if not body or not name:
        return None
    return body, last.group(1), name


def issuing_body(organiser: str) -> tuple[str, ...]:
    """The issuing body's lines in capitals: ("ỦY BAN NHÂN DÂN", "XÃ CẨM GIANG"), or one line."""
    organiser = " ".join(organiser.split())
    parts = _split(organiser)
    if parts is None:
        return (organiser.upper(),)
    body, level, name = parts
    return (body.upper(), f"{level} {name}".upper())


def locality(organiser: str) -> str:
    """The place a document is dated at: the organiser's locality ("Cẩm Giang"), or "" when it names none."""
    parts = _split(" ".join(organiser.split()))
    return parts[2] if parts else ""


def _initial(word: str) -> str:
    """A word's first letter in capitals without its tone and vowel marks, Đ kept."""
    letter = word[0].upper()
    if letter == "Đ":
        return letter
    return "".join(ch for ch in unicodedata.normalize("NFD", letter) if unicodedata.category(ch) != "Mn")


def abbreviation(organiser: str, organiser_short: str = "") -> str:
    """The body's abbreviation in a number's code: "UBND" for "Ủy ban nhân dân xã Cẩm Giang"."""
    first = organiser_short.split()[0] if organiser_short.split() else ""
    if _ABBREVIATION.fullmatch(first):
        return first
    parts = _split(" ".join(organiser.split()))
    words = (parts[0] if parts else organiser).split()
    initials = "".join(_initial(word) for word in words if word[0].isalpha())
    return initials or "UB"


def number_line(kind: str, organiser: str, organiser_short: str = "") -> str:
    """"Số: ……/BB-UBND": the number left blank, the kind's and the body's codes."""
    return f"Số: {BLANK}/{kind}-{abbreviation(organiser, organiser_short)}"


def day_text(day: int) -> str:
    return f"{day:02d}" if day < 10 else str(day)


def month_text(month: int) -> str:
    return f"{month:02d}" if month < 3 else str(month)


def date_words(year: int, month: int | None, day: int | None) -> str:
    """"ngày 18 tháng 6 năm 2026"; a part not known yet is left to the pen ("ngày …… tháng 6 năm 2026")."""
    return (f"ngày {day_text(day) if day else BLANK} tháng {month_text(month) if month else BLANK} "
            f"năm {year}")


def place_and_date(place: str, year: int, month: int | None, day: int | None) -> str:
    """"Cẩm Giang, ngày 18 tháng 6 năm 2026"."""
    return f"{place or BLANK}, {date_words(year, month, day)}"


def clock_words(epoch: float, zone: str) -> str:
    """"08 giờ 07 phút": the minute an epoch falls in, in the event's time zone."""
    local = dt.datetime.fromtimestamp(epoch, ZoneInfo(zone))
    return f"{local:%H} giờ {local:%M} phút"
