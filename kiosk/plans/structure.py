"""The outline of a plan: paragraphs to a tree of numbered headings and list items.

Vietnamese administrative documents number their parts I., II. (roman), then
1., 2. (arabic), 1.1., then a), b), and list with "-", "+" or "•". Writers mix
these freely and bold is unreliable, so nesting is read from the numbering
itself, as a reader does: a "1." that follows "3." opens a list inside it, a
"4." continues the level that stopped at "3.", a bullet continues the nearest
list of the same bullet. Plain paragraphs are the body of the item above them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from kiosk.text import fold, nfc


@dataclass(frozen=True)
class Paragraph:
    """One line of the document; ``bold`` when it starts in bold (a heading, a label)."""

    text: str
    bold: bool = False


NUMBERED = ("roman", "arabic", "decimal", "letter")
_ROMAN = re.compile(r"^(?P<n>[IVX]{1,5})\s*[.)/:–-]\s*(?P<t>.*)$")
_DECIMAL = re.compile(r"^(?P<n>\d{1,2}(?:\.\d{1,2})+)\.?\s+(?P<t>\S.*)$")
_ARABIC = re.compile(r"^(?P<n>\d{1,2})\s*[.)](?!\d)\s*(?P<t>\S.*)$")
_LETTER = re.compile(r"^(?P<n>[a-zđ])(?:\)\s*|\.\s+)(?P<t>\S.*)$")
_BULLET = re.compile(r"^(?P<n>[-–—•·●▪■○◦➢►✓+*])\s*(?P<t>\S.*)$")
_SEPARATOR = re.compile(r"^[\W_]+$")
_VIETNAMESE_LETTERS = "abcdđeghiklmnopqrstuvxy"
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
# How a bullet is written does not matter, only whether it differs from its neighbours'.
_BULLET_KINDS = {"–": "-", "—": "-", "·": "•", "●": "•", "▪": "•", "■": "•", "○": "•", "◦": "•", "➢": "►", "✓": "►"}


@dataclass
class Node:
    kind: str  # "root", one of NUMBERED, or the bullet ("-", "+", "•", "*", "►")
    number: int  # position in its list (1 for "a)", 2 for "II."); 0 for bullets
    text: str
    bold: bool = False
    children: list[Node] = field(default_factory=list)
    body: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The heading part: before a colon ("3. Thành phần: …"), else the whole text."""
        head, colon, _rest = self.text.partition(":")
        return head.strip() if colon and len(head) <= 120 else self.text.strip()

    @property
    def rest(self) -> str:
        """What follows the label on the same line."""
        head, colon, rest = self.text.partition(":")
        return rest.strip() if colon and len(head) <= 120 else ""

    def walk(self) -> Iterator[Node]:
        for child in self.children:
            yield child
            yield from child.walk()

    def full_text(self) -> str:
        """Everything under the label: the rest of its line, its paragraphs, its items."""
        parts = [self.rest, *self.body]
        for child in self.children:
            parts += [child.text, child.full_text()]
        return " ".join(part for part in parts if part)


def marker(text: str) -> tuple[str, int, str] | None:
    """(kind, number, text without the marker) for a numbered or bulleted line."""
    for kind, pattern in (("roman", _ROMAN), ("decimal", _DECIMAL), ("arabic", _ARABIC), ("letter", _LETTER)):
        match = pattern.match(text)
        if match:
            return kind, _number(kind, match["n"]), match["t"].strip()
    match = _BULLET.match(text)
    if match:
        return _BULLET_KINDS.get(match["n"], match["n"]), 0, match["t"].strip()
    return None


def _number(kind: str, token: str) -> int:
    if kind == "roman":
        values = [_ROMAN_VALUES[ch] for ch in token]
        return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    if kind == "letter":
        return _VIETNAMESE_LETTERS.index(token) + 1 if token in _VIETNAMESE_LETTERS else 100 + ord(token)
    return int(token.rsplit(".", 1)[-1])


def is_separator(text: str) -> bool:
    """Rules and decorations ("-----", "***", "_____") carry nothing."""
    return bool(_SEPARATOR.match(text))


def outline(paragraphs: list[Paragraph]) -> Node:
    root = Node("root", 0, "")
    stack = [root]
    for paragraph in paragraphs:
        found = marker(paragraph.text)
        if found is None:
            stack[-1].body.append(paragraph.text)
            continue
        node = Node(found[0], found[1], found[2], paragraph.bold)
        if node.kind == "roman":
            del stack[1:]
        else:
            level = _sibling_level(stack, node)
            if level is not None:
                del stack[level:]
            elif node.kind in NUMBERED:
                # Numbered parts never sit inside a bulleted item.
                while len(stack) > 1 and stack[-1].kind not in NUMBERED:
                    stack.pop()
        stack[-1].children.append(node)
        stack.append(node)
    return root


def _sibling_level(stack: list[Node], node: Node) -> int | None:
    """Where in the open levels ``node`` continues a list, if it does."""
    same = [i for i in range(len(stack) - 1, 0, -1) if stack[i].kind == node.kind]
    if node.kind not in NUMBERED:
        return same[0] if same else None
    following = [i for i in same if stack[i].number == node.number - 1]
    if following:
        # "3. Địa điểm: …" after "2. Thành phần:" and its items "1. Đảng ủy;", "2. HĐND;" continues the
        # level that looks like it: a heading, not an item ending in ";"; in bold, if the level was.
        def likeness(i: int) -> int:
            return 2 * (_shape(stack[i].text) == _shape(node.text)) + (stack[i].bold == node.bold)

        return max(following, key=likeness)  # max keeps the first (innermost) of equals
    if node.number == 1:
        return None
    earlier = [i for i in same if stack[i].number < node.number]  # a number skipped by the writer
    return earlier[0] if earlier else None


def _shape(text: str) -> str:
    """Items of a list end in ";" or "."; headings do not, or carry a label ("Thời gian: …")."""
    stripped = text.rstrip()
    return "item" if stripped.endswith((";", ",")) or (stripped.endswith(".") and ":" not in stripped) else "heading"


def find_section(root: Node, keys: tuple[str, ...], all_keys: tuple[str, ...]) -> Node | None:
    """The heading whose label starts with one of ``keys`` (folded).

    "III. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN" names three sections; a heading naming
    fewer ("1. Thời gian:") is the more precise one and wins.
    """
    best: tuple[int, Node] | None = None
    for node in root.walk():
        label = fold(node.label)
        if not any(label.startswith(key) for key in keys) or len(label.split()) > 10:
            continue
        named = sum(1 for key in all_keys if key in label)
        if best is None or named < best[0]:
            best = (named, node)
    return best[1] if best else None


def list_items(node: Node) -> list[Node]:
    """The items of a section: its list, or its paragraphs, or its line split at ";"."""
    if node.children:
        return node.children
    lines = node.body if len(node.body) > 1 else [*node.body, node.rest]
    parts = [nfc(part) for line in lines for part in line.split(";")]
    return [Node("-", 0, part) for part in parts if part and not is_separator(part)]
