"""Vietnamese text helpers: one place for normalisation, folding and sorting.

Everything stored is NFC. Search folds diacritics and đ→d so that a desk can type
"nguyen van an" and find "Nguyễn Văn An".
"""

from __future__ import annotations

import unicodedata

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(text: str | None) -> str:
    """NFC-normalise and trim; None becomes ""."""
    if text is None:
        return ""
    return unicodedata.normalize("NFC", text).strip()


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
