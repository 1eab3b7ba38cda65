"""Fitting one badge text into a box: shrink, wrap at Vietnamese phrase boundaries, end in "…".

Contract of ``fit``: any text gets lines that fit the width. It keeps the
largest size ≤ the style's size on one line down to the smallest allowed size,
then on two lines, and so on up to ``max_lines``; text that fits none of those
is set at the smallest size, filled line by line, and its last line ends in
"…". Fitting never fails, so no name, position or unit stops a sheet.

Vietnamese words are syllables separated by spaces, so every space is a
possible break, but breaking inside "Hội đồng nhân dân" or after "và" reads
badly. Text is cut into *pieces*, runs of words that stay on one line (the
phrases of ``KEEP_TOGETHER``, a place such as "xã Cẩm Giang"), each with the
cost of a line break after it. Among the ways to set the pieces on n lines the
cheapest wins, where giving up a point of type size costs 1 and a break costs
``PREFERRED``, ``PLAIN`` or ``AVOID``; ties go to the most even lines.

Widths come from a ``measure`` (text → width at 1 pt). Glyph advances add up
(the badges set no kerning), so piece widths are measured once.
"""

from __future__ import annotations

import itertools
import math
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

Measure = Callable[[str], float]

ELLIPSIS = "…"
PREFERRED = 0.0
"""After a comma, semicolon, colon or dash, before "và"."""
PLAIN = 1.0
AVOID = 3.0
"""Inside a proper name (two capitalised words), after "và", "của", "các"…, before a number,
before a place's level standing alone."""

KEEP_TOGETHER: tuple[str, ...] = (
    # Bodies of the political system and mass organisations.
    "Hội đồng nhân dân",
    "Ủy ban nhân dân",
    "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "Mặt trận Tổ quốc Việt Nam",
    "Mặt trận Tổ quốc",
    "Ban Chấp hành",
    "Ban Thường vụ",
    "Thường trực",
    "Đảng ủy",
    "Đảng bộ",
    "Chi bộ",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    "Đoàn Thanh niên",
    "Hội Liên hiệp Phụ nữ",
    "Hội Cựu chiến binh",
    "Hội Nông dân",
    "Hội Người cao tuổi",
    "Hội Chữ thập đỏ",
    "Liên đoàn Lao động",
    "Công an",
    "Ban Chỉ huy Quân sự",
    "Quân sự",
    # Offices and titles.
    "Văn phòng",
    "Trung tâm",
    "Trạm Y tế",
    "Lãnh đạo",
    "Bí thư",
    "Phó Bí thư",
    "Chủ tịch",
    "Phó Chủ tịch",
    "Giám đốc",
    "Phó Giám đốc",
    "Chánh Văn phòng",
    "Phó Chánh Văn phòng",
    "Trưởng phòng",
    "Phó Trưởng phòng",
    "Hiệu trưởng",
    "Phó Hiệu trưởng",
    "Trưởng trạm",
    "Trưởng thôn",
    "chuyên viên",
    "cán bộ",
    "công chức",
    "viên chức",
    "giáo viên",
    "Đại biểu",
    # Fields of work.
    "Kinh tế",
    "Văn hóa",
    "Xã hội",
    "Y tế",
    "Tư pháp",
    "Hộ tịch",
    "Địa chính",
    "Tài chính",
    "Kế toán",
    "Tin học",
    "chuyên môn",
    "cải cách hành chính",
    "hành chính công",
    "chuyển đổi số",
    "công nghệ số",
    "Dịch vụ",
    "sự nghiệp công",
    # Schools.
    "Trung học phổ thông",
    "Trung học cơ sở",
    "Tiểu học",
    "Mầm non",
)
"""Phrases never broken across lines: the administrative bodies, offices and
titles badges name most ("Hội đồng nhân dân", "Ủy ban nhân dân", "Mặt trận Tổ
quốc", "Phó Chủ tịch"…), matched whatever their letter case. A phrase breaks
only when it alone is wider than a line. Add a phrase here, not a rule elsewhere."""

ADMIN_LEVELS: tuple[str, ...] = (
    "tổ dân phố", "thị trấn", "thị xã", "thành phố", "khu phố",
    "xã", "phường", "huyện", "quận", "tỉnh", "thôn", "xóm", "ấp", "bản", "tổ", "khu",
)
"""Words naming a place's level: with up to three capitalised words or a number
after them ("xã Cẩm Giang", "thôn 3") they are kept together as one place."""

PLACE_NAME_WORDS = 3
BREAK_BEFORE = frozenset({"và", "hoặc", "kiêm", "thuộc", "tại"})
"""Words a new line reads well starting with."""
LEANS_FORWARD = frozenset({"và", "hoặc", "của", "các", "những", "với", "cho", "tại", "thuộc", "về", "kiêm"})
"""Words that read badly at the end of a line: they belong with what follows."""
JOINERS = frozenset({"-", "–", "—", "&", "/", "+"})
"""Tokens that stay at the end of the line before them ("Văn hóa -" / "Xã hội")."""
TRAILING_PUNCTUATION = ",;:.-–—&/"
BREAK_AFTER = ",;:-–—&/"
"""A word ending in one of these ends a line well."""
GOOD_LAST_LINE = 0.6
"""An ellipsised last line ends at a word when that fills this share of it, else mid-word."""


@dataclass(frozen=True)
class Piece:
    text: str
    cost_after: float
    """What a line break after this piece costs."""


@dataclass(frozen=True)
class Fitted:
    lines: tuple[str, ...]
    size: float
    truncated: bool
    """True when the text did not fit and its last line ends in an ellipsis."""


def fit(
    text: str,
    *,
    width: float,
    size: float,
    min_size: float,
    max_lines: int,
    measure: Measure,
    line_height: float,
    max_height: float | None = None,
    ellipsis: str = ELLIPSIS,
) -> Fitted:
    """Lines and size for ``text`` in ``width`` points (and ``max_height`` points, if given).

    Sizes are rounded down to 0.1 pt. The lines of a height-bound text are
    fewer when even one line at ``min_size`` would not leave room for another.
    """
    found = pieces(text)
    if not found:
        return Fitted(("",), size, False)
    if max_height is not None:
        max_lines = max(1, min(max_lines, math.floor(max_height / (line_height * min_size) + 1e-9)))
    widths = [measure(piece.text) for piece in found]
    space = measure(" ")
    for line_count in range(1, max_lines + 1):
        cap = size if max_height is None else min(size, max_height / (line_count * line_height))
        best: tuple[float, float, tuple[str, ...], float] | None = None
        for lines, widest, cost in arrangements(found, widths, space, line_count, width / min_size):
            fitted_size = math.floor(min(cap, width / widest if widest else cap) * 10 + 1e-6) / 10
            if fitted_size < min_size:
                continue
            key = (size - fitted_size + cost, widest)
            if best is None or key < best[:2]:
                best = (*key, lines, fitted_size)
        if best is not None:
            return Fitted(best[2], best[3], False)
    lines, truncated = fill(found, max_lines, width / min_size, measure, ellipsis)
    return Fitted(lines, min_size, truncated)


def pieces(text: str, longest: int | None = None) -> list[Piece]:
    """``text`` cut into the runs of words that stay together, with the cost of breaking after each.

    With ``longest``, no run is longer than that many words: how a run too wide
    for a line splits into the phrases inside it ("Ủy ban / Mặt trận Tổ quốc Việt Nam").
    """
    words = text.split()
    groups: list[list[str]] = []
    index = 0
    while index < len(words):
        length = max(_phrase_length(words, index, longest), _place_length(words, index, longest))
        if groups and length == 1 and words[index] in JOINERS:
            groups[-1].append(words[index])
        else:
            groups.append(words[index : index + length])
        index += length
    return [
        Piece(" ".join(group), _break_cost(group, groups[i + 1]) if i + 1 < len(groups) else PLAIN)
        for i, group in enumerate(groups)
    ]


def arrangements(
    found: Sequence[Piece], widths: Sequence[float], space: float, line_count: int, limit: float
) -> Iterator[tuple[tuple[str, ...], float, float]]:
    """Every way to set the pieces on ``line_count`` lines none wider than ``limit``: (lines, widest, cost)."""
    count = len(found)
    if line_count > count or (sum(widths) + (count - line_count) * space) / line_count > limit:
        return
    starts = [0.0]
    for width in widths:
        starts.append(starts[-1] + width)
    for breaks in itertools.combinations(range(1, count), line_count - 1):
        bounds = (0, *breaks, count)
        line_widths = [starts[b] - starts[a] + (b - a - 1) * space for a, b in itertools.pairwise(bounds)]
        widest = max(line_widths)
        if widest > limit:
            continue
        lines = tuple(" ".join(piece.text for piece in found[a:b]) for a, b in itertools.pairwise(bounds))
        yield lines, widest, sum(found[b - 1].cost_after for b in breaks)


def fill(
    found: Sequence[Piece], line_count: int, width: float, measure: Measure, ellipsis: str = ELLIPSIS
) -> tuple[tuple[str, ...], bool]:
    """Fill lines of ``width`` piece by piece; return the lines and whether the text was cut.

    A line does not end in a piece that leans on the next ("… và") when the
    piece before it breaks better. A piece wider than a whole line is split
    into its words, a word into its letters. What is left for the last line
    ends in ``ellipsis`` if too wide.
    """
    queue = deque(found)
    lines: list[str] = []
    while queue and len(lines) < line_count - 1:
        line: list[Piece] = []
        while queue:
            if measure(_joined([*line, queue[0]])) <= width:
                line.append(queue.popleft())
            elif line:
                if len(line) > 1 and line[-2].cost_after < line[-1].cost_after:
                    queue.appendleft(line.pop())
                break
            elif " " in queue[0].text:
                piece = queue.popleft()
                inner = pieces(piece.text, longest=piece.text.count(" "))
                if len(inner) == 1:  # a phrase and its dash ("Văn hóa -"): no phrase inside to keep
                    inner = [Piece(word, PLAIN) for word in piece.text.split(" ")]
                queue.extendleft(reversed([*inner[:-1], replace(inner[-1], cost_after=piece.cost_after)]))
            else:
                piece = queue.popleft()
                head, tail = _split_letters(piece.text, width, measure)
                line.append(Piece(head, PLAIN))
                if tail:
                    queue.appendleft(replace(piece, text=tail))
                break
        lines.append(_joined(line))
    if not queue:
        return tuple(lines), False
    rest = _joined(queue)
    if measure(rest) <= width:
        return (*lines, rest), False
    return (*lines, ellipsised(rest, width, measure, ellipsis)), True


def _joined(found: Iterable[Piece]) -> str:
    return " ".join(piece.text for piece in found)


def ellipsised(text: str, width: float, measure: Measure, ellipsis: str = ELLIPSIS) -> str:
    """The longest start of ``text`` that fits ``width`` with ``ellipsis`` after it."""
    room = width - measure(ellipsis)
    words = text.split(" ")
    at_word = ""
    for count in range(1, len(words) + 1):
        candidate = " ".join(words[:count]).rstrip(TRAILING_PUNCTUATION + " ")
        if measure(candidate) > room:
            break
        at_word = candidate
    if at_word and measure(at_word) >= GOOD_LAST_LINE * room:
        return at_word + ellipsis
    head, _ = _split_letters(text, room, measure, at_least_one=False)
    return head.rstrip(TRAILING_PUNCTUATION + " ") + ellipsis


def _split_letters(word: str, width: float, measure: Measure, *, at_least_one: bool = True) -> tuple[str, str]:
    """The longest start of ``word`` within ``width`` (at least one letter) and the rest; marks stay on their letter."""
    clusters: list[str] = []
    for char in word:
        if clusters and unicodedata.combining(char):
            clusters[-1] += char
        else:
            clusters.append(char)
    used, taken = 0.0, 0
    for cluster in clusters:
        used += measure(cluster)
        if used > width:
            break
        taken += 1
    if at_least_one:
        taken = max(taken, 1)
    return "".join(clusters[:taken]), "".join(clusters[taken:])


def _key(word: str) -> str:
    return word.rstrip(TRAILING_PUNCTUATION).casefold()


def _matches(words: Sequence[str], start: int, phrase: tuple[str, ...]) -> bool:
    """The words at ``start`` spell ``phrase``; only its last word may carry punctuation."""
    if start + len(phrase) > len(words):
        return False
    for offset, expected in enumerate(phrase):
        word = words[start + offset]
        if _key(word) != expected or (offset < len(phrase) - 1 and word != word.rstrip(TRAILING_PUNCTUATION)):
            return False
    return True


def _phrase_length(words: Sequence[str], start: int, longest: int | None) -> int:
    for phrase in _PHRASES.get(_key(words[start]), ()):
        if (longest is None or len(phrase) <= longest) and _matches(words, start, phrase):
            return len(phrase)
    return 1


def _place_length(words: Sequence[str], start: int, longest: int | None) -> int:
    """Words of a place ("xã Cẩm Giang", "thôn 3") starting at ``start``, or 1."""
    limit = len(words) if longest is None else min(len(words), start + longest)
    for level in _ADMIN_LEVELS:
        if not _matches(words, start, level) or words[start + len(level) - 1][-1] in TRAILING_PUNCTUATION:
            continue
        end = start + len(level)
        while end < limit and end - start - len(level) < PLACE_NAME_WORDS and _is_name(words[end]):
            end += 1
            if words[end - 1][-1] in TRAILING_PUNCTUATION:
                break
        return end - start if end > start + len(level) else 1
    return 1


def _is_name(word: str) -> bool:
    return word[0].isupper() or word[0].isdigit()


def _break_cost(before: Sequence[str], after: Sequence[str]) -> float:
    last, first = before[-1], after[0]
    if last[-1] in BREAK_AFTER:
        return PREFERRED
    if _key(first) in BREAK_BEFORE:
        return PREFERRED
    if _key(last) in LEANS_FORWARD or first[0].isdigit():
        return AVOID
    if last[0].isupper() and first[0].isupper() and not (last.isupper() and first.isupper()):
        return AVOID  # inside a name; in text all in capitals, names cannot be told apart
    if len(after) == 1 and any(_matches(after, 0, level) for level in _ADMIN_LEVELS):
        return AVOID  # a level on its own ("… Ủy ban nhân dân xã") stays with what it qualifies
    return PLAIN


def _phrase_index(phrases: Sequence[str]) -> dict[str, list[tuple[str, ...]]]:
    """First word → phrases starting with it, longest first."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        words = tuple(unicodedata.normalize("NFC", phrase).casefold().split())
        index.setdefault(words[0], []).append(words)
    for entries in index.values():
        entries.sort(key=len, reverse=True)
    return index


_PHRASES = _phrase_index(KEEP_TOGETHER)
_ADMIN_LEVELS = sorted((tuple(level.split()) for level in ADMIN_LEVELS), key=len, reverse=True)
