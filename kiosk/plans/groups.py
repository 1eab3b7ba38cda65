"""Badge codes, colours and seat kinds for the attendee groups a plan names."""

from __future__ import annotations

import re

from kiosk.text import fold

# Distinct on paper, dark enough for white text on a printed badge band.
PALETTE = (
    "#B71C1C", "#E65100", "#F9A825", "#6A1B9A", "#AD1457", "#1565C0",
    "#2E7D32", "#00838F", "#5D4037", "#37474F", "#283593", "#827717",
)

# The bodies of a commune or ward, the way their people abbreviate them; the
# one a group's name mentions first gives its code ("Lãnh đạo các cơ quan giúp
# việc Đảng ủy" is CQDU, not DU).
_KNOWN_CODES = (
    ("cơ quan giúp việc", "CQDU"), ("mặt trận", "MTTQ"), ("mttq", "MTTQ"),
    ("cựu chiến binh", "CCB"), ("phụ nữ", "PN"), ("nông dân", "ND"), ("thanh niên", "DTN"),
    ("công an", "CA"), ("quân sự", "QS"), ("phòng chuyên môn", "PCM"),
    ("hội đồng nhân dân", "HDND"), ("hđnd", "HDND"), ("ủy ban nhân dân", "UBND"), ("ubnd", "UBND"),
    ("đảng ủy", "DU"), ("trường", "TH"), ("y tế", "YT"), ("tổ dân phố", "TDP"), ("khu phố", "KP"),
    ("thôn", "THON"), ("doanh nghiệp", "DN"),
)
_FILLER = {"cac", "va", "cua", "thuoc", "tren", "dia", "ban", "xa", "phuong", "dai", "dien", "dong", "chi",
           "lanh", "dao", "nhung", "mot", "so", "tai", "voi", "the"}
# Groups whose badges are seats for "representatives of each village": the holder is known at the door.
_SEAT_UNITS = re.compile(r"(?<!\w)(thôn|tổ dân phố|khu phố|khu dân cư|ấp|buôn)(?!\w)")
MAX_CODE = 16


def _lower(name: str) -> str:
    """Lower case with the old tone placement "uỷ" written as "ủy", for matching."""
    return name.lower().replace("uỷ", "ủy")


def group_code(name: str, taken: set[str]) -> str:
    """A short ASCII code for badges and the roster's group column, unique among ``taken``."""
    lowered = _lower(name)
    mentioned = [(match.start(), order, code) for order, (words, code) in enumerate(_KNOWN_CODES)
                 for match in re.finditer(rf"(?<!\w){words}(?!\w)", lowered)]
    code = min(mentioned)[2] if mentioned else ""  # the body named first
    if not code:
        words = [w for w in re.split(r"[^a-z0-9]+", fold(name)) if w and w not in _FILLER]
        code = "".join(w[0] for w in words[:5]).upper() or "NHOM"
    unique, suffix = code[:MAX_CODE], 2
    while unique in taken:
        unique = f"{code[:MAX_CODE - len(str(suffix))]}{suffix}"
        suffix += 1
    return unique


def group_colour(position: int) -> str:
    return PALETTE[position % len(PALETTE)]


def is_seat_group(name: str) -> bool:
    return bool(_SEAT_UNITS.search(_lower(name)))
