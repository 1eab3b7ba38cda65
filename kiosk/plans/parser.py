"""Reading a Vietnamese administrative plan ("Kế hoạch") into an event.

A plan in the standard form (Nghị định 30/2020/NĐ-CP) has a header (the
issuing body, "Số: …/KH-…", "<place>, ngày … tháng … năm …"), the word KẾ
HOẠCH and the title, the grounds ("Căn cứ …", "Thực hiện …"), numbered parts
among which the programme (Nội dung / Chương trình), the time and place
(Thời gian, Địa điểm) and who attends (Thành phần), then "Nơi nhận" and the
signature. ``parse_plan`` reads those into an EventSpec for a person to review,
and lists what the plan does not say. Plain Python over paragraphs: the readers
(kiosk.plans.readers) make paragraphs from .docx, .md and .txt files.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kiosk.errors import N_, Refusal
from kiosk.events.eventfile import AgendaSpec, EventSpec, GroupSpec
from kiosk.events.toml_writer import event_file_text
from kiosk.plans.groups import group_code, group_colour, is_seat_group
from kiosk.plans.structure import Node, Paragraph, find_section, is_separator, list_items, marker, outline
from kiosk.text import fold, nfc


class PlanError(Refusal):
    """The file is unreadable, too big to read, or no plan this reader understands; the message says why and
    what to do."""


@dataclass(frozen=True)
class ParsedPlan:
    spec: EventSpec
    missing: tuple[str, ...]  # what the plan does not say, and what was put instead
    notes: tuple[str, ...]  # what a person should check

    def event_file(self, source: str) -> str:
        """The event file to review, headed by what was not found."""
        comments = [
            f"Tệp sự kiện tạo tự động từ kế hoạch “{source}” (kiosk import-plan).",
            "Hãy kiểm tra và sửa trước khi nạp: kiosk init --event TỆP-NÀY --force",
            "",
            *(f"KHÔNG TÌM THẤY: {line}" for line in self.missing),
            *(f"LƯU Ý: {line}" for line in self.notes),
        ]
        return event_file_text(self.spec, comments=comments)


SECTION_KEYS = {
    "time": ("thoi gian",),
    "place": ("dia diem",),
    "attendees": ("thanh phan", "dai bieu tham du"),
    "programme": ("chuong trinh",),
    "contents": ("noi dung",),
}
_ALL_KEYS = tuple(key for keys in SECTION_KEYS.values() for key in keys)
_GROUNDS = ("can cu", "thuc hien", "theo ")
_UNIT_TYPES = ("thị trấn", "đặc khu", "thành phố", "thị xã", "xã", "phường", "huyện", "quận", "tỉnh")
_OFFICE_ABBREVIATION = re.compile(r"^(KT|TM|TL|TUQ|Q)\.$")
_MINUTES_LIMIT = re.compile(r"(?:không quá|tối đa|trong vòng)\s+(\d{1,3})\s*phút", re.IGNORECASE)
# A line's own length: "(10 phút)", or "…, 10 phút" at its end; not "mỗi ý kiến tối đa 05 phút".
_MINUTES = re.compile(r"\(\s*(\d{1,3})\s*phút\s*\)|[,:–-]\s*(\d{1,3})\s*phút\s*$", re.IGNORECASE)
# "7h30", "07 giờ 30 phút", "14:00", "8g": an hour mark is not followed by a letter ("3 giáo viên" is no time).
_HOUR = r"(\d{1,2})\s*(?:giờ|h|g|:)(?![^\W\d_])\s*(\d{2})?(?:\s*phút)?"
_TIME_RANGE = re.compile(rf"^{_HOUR}\s*[-–]\s*{_HOUR}\s*[:.]?\s*", re.IGNORECASE)
_TIME = re.compile(rf"(?<![\d/]){_HOUR}(?![\d/])", re.IGNORECASE)
_DAY = (re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"),
        re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE))
_MONTH = (re.compile(r"tháng\s+(\d{1,2})\s*[/.-]\s*(\d{4})", re.IGNORECASE),
          re.compile(r"tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE))
_PRESENTER = re.compile(r"\s*\(([^()]*?)\s+(?:trình bày|thực hiện|phát biểu|phụ trách|chủ trì)\)\s*$", re.IGNORECASE)
_COUNT = re.compile(r"\s*\(\s*(\d{1,4})\s*(?:người|đồng chí|đ/c|đại biểu)\s*\)", re.IGNORECASE)
_HONORIFIC = re.compile(r"^(?:các đồng chí|đồng chí|đ/c)\s+", re.IGNORECASE)
_OPEN_END = re.compile(r"\s*(?:\.\.\.|…|v\.v\.?)\s*$")
_ORG_NOUNS = ("phong ", "van phong", "trung tam", "tram ", "ban ", "truong ", "nha truong", "cong an", "doan ",
              "hoi ", "uy ban", "dang uy")
# Minutes for a line of the programme the plan gives no length for, by kind.
DEFAULT_MINUTES = {"opening": 5, "report": 20, "direction": 20, "break": 15, "other": 10}
DEFAULT_PRESENTATION_MINUTES = 10
DEFAULT_START = "08:00"


@dataclass
class _Findings:
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def parse_plan(paragraphs: Iterable[Paragraph | str], *, today: dt.date | None = None) -> ParsedPlan:
    """The event a plan describes; raises PlanError when it has neither attendees nor a programme."""
    lines = [p if isinstance(p, Paragraph) else Paragraph(p) for p in paragraphs]
    lines = [Paragraph(nfc(p.text), p.bold) for p in lines]
    lines = [p for p in lines if p.text and not is_separator(p.text)]
    found = _Findings()

    heading_at, (event_title, title_lines) = _title(lines)
    preamble = lines[:heading_at] if heading_at is not None else []
    body_start = heading_at + 1 + title_lines if heading_at is not None else 0
    closing_at = next((i for i in range(body_start, len(lines))
                       if fold(lines[i].text).startswith(("noi nhan", "tren day la"))), len(lines))
    root = outline(lines[body_start:closing_at])
    closing = lines[closing_at:] or lines[-15:]

    grounds = [line for line in root.body if fold(line).startswith(_GROUNDS)]
    organiser = _organiser(preamble, grounds, root)
    if not organiser:
        found.missing.append('cơ quan tổ chức (tạm ghi "Ủy ban nhân dân")')
        organiser = "Ủy ban nhân dân"
    if not event_title:
        found.missing.append('tên hội nghị (sau chữ "KẾ HOẠCH")')
        event_title = "Hội nghị"

    time_node = find_section(root, SECTION_KEYS["time"], _ALL_KEYS)
    place_node = find_section(root, SECTION_KEYS["place"], _ALL_KEYS)
    date, start_time = _when(time_node, found, today or dt.date.today())
    limit = _presentation_limit(root)
    presentation_minutes = limit or DEFAULT_PRESENTATION_MINUTES
    agenda = _agenda(root, presentation_minutes, found)
    if limit is None and any(child.kind == "presentation" for item in agenda for child in (item, *item.items)):
        found.missing.append(f"thời lượng mỗi tham luận (tạm đặt {DEFAULT_PRESENTATION_MINUTES} phút)")
    if start_time is None:
        start_time = _first_item_start(root) or DEFAULT_START
        if start_time == DEFAULT_START:
            found.missing.append(f"giờ bắt đầu (tạm đặt {DEFAULT_START})")
    groups = _groups(root, found)
    if not groups and not agenda:
        raise PlanError("no_plan", N_("Không nhận ra kế hoạch: không thấy mục “Thành phần” lẫn “Nội dung”/"
                                      "“Chương trình”."))
    if not groups:
        found.missing.append('thành phần đại biểu (tạm đặt một nhóm "Đại biểu")')
        groups = [GroupSpec("DB", "Đại biểu", group_colour(0), 0, "", False)]
    if not agenda:
        found.missing.append("nội dung, chương trình (tạm đặt một mục)")
        agenda = [AgendaSpec("1", "other", "Nội dung hội nghị", "", DEFAULT_MINUTES["other"] * 60)]
    signer_title, signer_name = _signer(closing)
    if not signer_name:
        found.missing.append("người ký kế hoạch")

    spec = EventSpec(
        title=event_title, short_title=_short_title(event_title, found), organiser=organiser,
        organiser_short=_short_organiser(organiser), place=_place(time_node, place_node, found), date=date,
        start_time=start_time, timezone="Asia/Ho_Chi_Minh", reference=_reference(grounds),
        signer_title=signer_title, signer_name=signer_name, presentation_seconds=presentation_minutes * 60,
        amber_seconds=120, red_seconds=60, groups=tuple(groups), agenda=tuple(agenda),
    )
    return ParsedPlan(spec, tuple(found.missing), tuple(found.notes))


# --- title, grounds, organiser, signer ---------------------------------------------


def _title(lines: Sequence[Paragraph]) -> tuple[int | None, tuple[str, int]]:
    """Where "KẾ HOẠCH" stands, and the title after it (with how many lines it took)."""
    for index, line in enumerate(lines):
        if not line.text.upper().startswith("KẾ HOẠCH") or not line.text[:8].isupper():
            continue
        same_line = line.text[8:].strip(" :-–")
        if same_line:
            return index, (_event_title(same_line), 0)
        parts: list[str] = []
        for following in lines[index + 1:index + 4]:
            folded = fold(following.text)
            if (folded.startswith(_GROUNDS) or marker(following.text) or folded.startswith(("so:", "so "))
                    or (parts and following.bold != lines[index + 1].bold)):
                break
            parts.append(following.text)
        return index, (_event_title(" ".join(parts)), len(parts))
    return None, ("", 0)


def _event_title(text: str) -> str:
    """"Tổ chức Hội nghị đánh giá …" → "Hội nghị đánh giá …"."""
    text = re.sub(r"^(?:về việc|v/v)\s+", "", text.strip(), flags=re.IGNORECASE)
    text = re.sub(r"^tổ chức\s+", "", text, flags=re.IGNORECASE)
    return _capitalise(text.rstrip(" ."))


def _short_title(title: str, found: _Findings) -> str:
    """For badges and screens: the title up to its first comma, when that says enough."""
    if len(title) <= 80:
        return title
    head = title.split(",")[0].strip()
    if not 20 <= len(head) <= 80:
        head = title[:78].rsplit(" ", 1)[0] + "…"
    found.notes.append(f'tên ngắn (short_title) rút gọn tự động: "{head}"')
    return head


def _reference(grounds: list[str]) -> str:
    """The documents the plan carries out ("Căn cứ …; Thực hiện …"), without the issuing sentence."""
    clauses = [clause.strip(" ;,.:") for line in grounds for clause in line.split(";")]
    return "; ".join(clause for clause in clauses
                     if fold(clause).startswith(_GROUNDS) and not fold(clause).endswith("nhu sau"))


def _organiser(preamble: list[Paragraph], grounds: list[str], root: Node) -> str:
    """The issuing body: the header's last body line, else "<body> … ban hành Kế hoạch", else any mention."""
    header = [p.text for p in preamble]
    named = []
    for index, text in enumerate(header):
        if fold(text) in ("uy ban nhan dan", "ubnd") and index + 1 < len(header):
            text = f"{text} {header[index + 1]}"  # "ỦY BAN NHÂN DÂN" / "XÃ CẨM GIANG" on two lines
        named += [name for name, _after in _unit_names(text)]
    if named:
        return named[-1]
    for text in grounds:
        for name, after in _unit_names(text):
            if after.lower().startswith("ban hành"):
                return name
    mentions = [name for text in root.body + [n.text for n in root.walk()] for name, _after in _unit_names(text)]
    return max(mentions, key=mentions.count) if mentions else ""


_UNIT_NAME = re.compile(r"(?:Ủy|Uỷ) ban nhân dân|UBND", re.IGNORECASE)


def _unit_names(text: str) -> list[tuple[str, str]]:
    """Each "Ủy ban nhân dân xã Cẩm Giang" (or "UBND XÃ CẨM GIANG") in ``text``, with the text after it."""
    found = []
    for match in _UNIT_NAME.finditer(text):
        words = text[match.end():].split()
        unit = next((u for u in _UNIT_TYPES if [w.lower() for w in words[:len(u.split())]] == u.split()), None)
        if unit is None:
            continue
        taken = len(unit.split())
        names = []
        for word in words[taken:]:
            bare = word.strip(",;.:()")
            if not bare or not (bare[0].isupper() or bare[0].isdigit()):
                break
            names.append(bare.capitalize() if bare.isupper() and len(bare) > 1 else bare)
            taken += 1
            if bare != word:
                break
        if names:
            found.append((f"Ủy ban nhân dân {unit} {' '.join(names)}", " ".join(words[taken:])))
    return found


def _short_organiser(organiser: str) -> str:
    return re.sub(r"^(?:Ủy|Uỷ) ban nhân dân", "UBND", re.sub(r"^Hội đồng nhân dân", "HĐND", organiser))


def _signer(closing: Sequence[Paragraph]) -> tuple[str, str]:
    """The signature block: "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Vũ Mạnh Huy" → ("KT. Chủ tịch, Phó Chủ tịch", name)."""
    lines = [p.text for p in closing if ":" not in p.text and not p.text.startswith(("-", "+", "•", "("))]
    for at in range(len(lines) - 1, -1, -1):
        if _looks_like_name(lines[at]):
            titles: list[str] = []
            for line in reversed(lines[:at]):
                if not (line.isupper() or _OFFICE_ABBREVIATION.match(line.split()[0])):
                    break
                titles.insert(0, _office(line))
            return ", ".join(titles), lines[at]
    return "", ""


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 6 and all(w.isalpha() and w[0].isupper() and w[1:].islower() for w in words)


def _office(line: str) -> str:
    """"KT. CHỦ TỊCH" → "KT. Chủ tịch"; "PHÓ CHỦ TỊCH" → "Phó Chủ tịch"."""
    words = line.split()
    prefix = [w for w in words[:1] if _OFFICE_ABBREVIATION.match(w)]
    rest = " ".join(words[len(prefix):])
    if rest.isupper():
        rest = _capitalise(rest.lower())
        if rest.startswith("Phó "):
            rest = "Phó " + _capitalise(rest[4:])
    return " ".join([*prefix, rest])


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- when and where -----------------------------------------------------------------


def _when(node: Node | None, found: _Findings, today: dt.date) -> tuple[str, str | None]:
    """The event's date ("2026-06-18", or "2026-06" when the plan gives only a month) and start time."""
    text = (node.full_text() or node.text) if node else ""
    start = None
    for match in _TIME.finditer(text):
        hour, minute = int(match[1]), int(match[2] or 0)
        if hour < 12 and re.search(r"\bchiều\b", text[match.end():match.end() + 20], re.IGNORECASE):
            hour += 12
        if hour < 24 and minute < 60:
            start = f"{hour:02d}:{minute:02d}"
            break
    for pattern in _DAY:
        for match in pattern.finditer(text):
            try:
                return dt.date(int(match[3]), int(match[2]), int(match[1])).isoformat(), start
            except ValueError:
                continue
    for pattern in _MONTH:
        month = pattern.search(text)
        if month and 1 <= int(month[1]) <= 12:
            found.missing.append(f'ngày cụ thể (chỉ có "{month[0]}")')
            return f"{int(month[2]):04d}-{int(month[1]):02d}", start
    found.missing.append(f"ngày tổ chức (tạm đặt tháng {today.month:02d}/{today.year})")
    return f"{today.year:04d}-{today.month:02d}", start


def _place(time_node: Node | None, place_node: Node | None, found: _Findings) -> str:
    if place_node is not None:
        text = place_node.rest or next(iter(place_node.body), "") or next((c.text for c in place_node.children), "")
        text = re.sub(r"^tại\s+", "", text.strip(), flags=re.IGNORECASE).strip(" .;")
        if text:
            return _capitalise(text)
    if time_node is not None:  # "Thời gian, địa điểm: 8 giờ … tại Hội trường …"
        match = re.search(r"\btại\s+(.+?)(?:[.;](?:\s|$)|$)", time_node.full_text(), re.IGNORECASE)
        if match:
            return _capitalise(match[1].strip(" .;"))
    found.missing.append('địa điểm (tạm ghi "Hội trường")')
    return "Hội trường"


def _first_item_start(root: Node) -> str | None:
    """"7h30 - 8h00: Đón tiếp đại biểu" as the programme's first line gives its start."""
    section = _programme_section(root)
    items = list_items(section) if section else []
    match = _TIME_RANGE.match(items[0].text) if items else None
    return f"{int(match[1]):02d}:{int(match[2] or 0):02d}" if match and int(match[1]) < 24 else None


# --- who attends ----------------------------------------------------------------------


def _groups(root: Node, found: _Findings) -> list[GroupSpec]:
    section = find_section(root, SECTION_KEYS["attendees"], _ALL_KEYS)
    if section is None:
        return []
    names: list[tuple[str, int]] = []
    for item in _leaves(list_items(section)):
        text, is_open = _item_text(item.text)
        if is_open:
            found.notes.append(f'thành phần "{text}" kết thúc bằng "...": danh sách có thể còn thiếu')
        count = _COUNT.search(text)
        text = _capitalise(_HONORIFIC.sub("", _COUNT.sub("", text)).strip())
        if text:
            names.append((text, int(count[1]) if count else 0))
    codes: set[str] = set()
    groups = []
    for position, (name, expected) in enumerate(names):
        code = group_code(name, codes)
        codes.add(code)
        groups.append(GroupSpec(code=code, name=name, colour=group_colour(position), expected=expected,
                                seat_area="", seats=is_seat_group(name)))
    unknown = [g.code for g in groups if g.expected == 0]
    if unknown:
        found.missing.append(f"số người dự kiến của nhóm {', '.join(unknown)} (đặt 0)")
    if groups:
        found.missing.append("khu vực ngồi của các nhóm (để trống)")
    seats = [g.code for g in groups if g.seats]
    if seats:
        found.notes.append(f"nhóm {', '.join(seats)} là ghế đại diện (seats = true): "
                           "người ngồi chỉ biết khi đến; sửa nếu không đúng")
    return groups


def _leaves(items: list[Node]) -> Iterable[Node]:
    """Attendee groups are the innermost items: "a) Khách mời:" only heads the ones below it."""
    for item in items:
        if item.children:
            yield from _leaves(item.children)
        else:
            yield item


def _item_text(text: str) -> tuple[str, bool]:
    """An item without its closing ";" or "."; True when it ends an open list ("…", "...")."""
    is_open = bool(_OPEN_END.search(text))
    return _OPEN_END.sub("", text).strip(" ;,.:"), is_open


# --- the programme ------------------------------------------------------------------


def _programme_section(root: Node) -> Node | None:
    programme = find_section(root, SECTION_KEYS["programme"], _ALL_KEYS)
    if programme is not None and (programme.children or programme.body):
        return programme
    return find_section(root, SECTION_KEYS["contents"], _ALL_KEYS)


def _kind(title: str, has_items: bool) -> str:
    folded = fold(title)
    if "tham luan" in folded:
        return "section" if has_items else "presentation"
    if any(word in folded for word in ("khai mac", "tuyen bo ly do", "gioi thieu dai bieu", "chao mung")):
        return "opening"
    if any(word in folded for word in ("giai lao", "nghi giua")):
        return "break"
    if any(word in folded for word in ("chi dao", "ket luan", "be mac", "phat bieu")):
        return "direction"
    if folded.startswith("bao cao"):
        return "report"
    return "section" if has_items else "other"


def _agenda(root: Node, presentation_minutes: int, found: _Findings) -> list[AgendaSpec]:
    section = _programme_section(root)
    if section is None:
        return []
    items = list_items(section)
    units = _presenting_units(root, found)
    guessed: list[str] = []
    agenda = []
    for number, item in enumerate(items, start=1):
        title, minutes, presenter = _programme_line(item.text)
        children = [_programme_line(child.text) for child in item.children]
        is_presentations = "tham luan" in fold(title)
        if is_presentations:  # "3. Tham luận: + Công an phường; + …" lists who presents
            children = [_presentation(*child) for child in children] or [_presentation(u, None, "") for u in units]
        sub_items = []
        for position, (child_title, child_minutes, child_presenter) in enumerate(children, start=1):
            kind = "presentation" if is_presentations else _kind(child_title, False)
            default = presentation_minutes if kind == "presentation" else DEFAULT_MINUTES[kind]
            if child_minutes is None and kind != "presentation":
                guessed.append(f"{number}.{position}")
            sub_items.append(AgendaSpec(f"{number}.{position}", kind, child_title, child_presenter,
                                        (child_minutes or default) * 60))
        kind = _kind(title, bool(sub_items))
        if sub_items:
            seconds = 0
        elif kind == "presentation":
            seconds = (minutes or presentation_minutes) * 60
        else:
            if minutes is None:
                guessed.append(str(number))
            seconds = (minutes or DEFAULT_MINUTES[kind]) * 60
        agenda.append(AgendaSpec(str(number), kind, title, presenter, seconds, tuple(sub_items)))
    if units and not any(item.kind == "section" and "tham luan" in fold(item.title) for item in agenda):
        found.notes.append(f"có danh sách đơn vị tham luận ({', '.join(units)}) nhưng chương trình "
                           'không có mục "tham luận" để xếp vào')
    if guessed:
        found.missing.append(f"thời lượng mục {', '.join(guessed)} (tạm đặt theo loại mục: khai mạc "
                             f"{DEFAULT_MINUTES['opening']}, báo cáo {DEFAULT_MINUTES['report']}, chỉ đạo "
                             f"{DEFAULT_MINUTES['direction']}, khác {DEFAULT_MINUTES['other']} phút)")
    unnamed = [item.number for item in agenda if not item.presenter and not item.items and item.kind != "break"]
    if unnamed:
        found.missing.append(f"người trình bày mục {', '.join(unnamed)}")
    return agenda


def _programme_line(text: str) -> tuple[str, int | None, str]:
    """"8h00 - 8h15: Tuyên bố lý do (Văn phòng trình bày)." → (title, 15, "Văn phòng")."""
    minutes = None
    span = _TIME_RANGE.match(text)
    if span:
        start = int(span[1]) * 60 + int(span[2] or 0)
        end = int(span[3]) * 60 + int(span[4] or 0)
        minutes = end - start if end > start else None
        text = text[span.end():]
    title, _is_open = _item_text(text)
    presenter = ""
    match = _PRESENTER.search(title)
    if match:
        presenter = _capitalise(_HONORIFIC.sub("", match[1].strip()))
        title = title[:match.start()]
    length = _MINUTES.search(title)
    if length:
        minutes = minutes or int(length[1] or length[2])
        title = (title[:length.start()] + title[length.end():]).strip(" ,;:-–()")
    return _capitalise(title.strip()), minutes, presenter


def _presentation(text: str, minutes: int | None, presenter: str) -> tuple[str, int | None, str]:
    """A presentation under "Tham luận": "Công an phường" → ("Tham luận của Công an phường", …, "Công an phường")."""
    if "tham luan" not in fold(text):
        return f"Tham luận của {text}", minutes, presenter or text
    unit = re.sub(r"^(?:báo cáo\s+)?tham luận\s+(?:của\s+)?", "", text, flags=re.IGNORECASE)
    return text, minutes, presenter or _capitalise(unit)


def _presentation_limit(root: Node) -> int | None:
    """"Báo cáo tham luận trình bày không quá 10 phút" → 10."""
    lines = [line for node in root.walk() for line in (node.text, *node.body)] + root.body
    spoken = [line for line in lines if any(word in fold(line) for word in ("tham luan", "trinh bay", "phat bieu"))]
    for line in sorted(spoken, key=lambda line: 0 if "tham luan" in fold(line) else 1):
        match = _MINUTES_LIMIT.search(line)
        if match and int(match[1]) > 0:
            return int(match[1])
    return None


def _presenting_units(root: Node, found: _Findings) -> list[str]:
    """"Các cơ quan, đơn vị chuẩn bị tham luận: Phòng Văn hóa - Xã hội; Văn phòng …, Kinh tế, …"."""
    candidates = [*root.walk()] + [Node("", 0, line) for node in (root, *root.walk()) for line in node.body]
    for node in candidates:
        if "tham luan" not in fold(node.label) or ":" not in node.text:
            continue
        if node.rest:
            raw = re.split(r"\s*[;,]\s*", node.rest)
        elif node.children:
            raw = [child.text for child in node.children]
        else:
            continue
        units = []
        for part in raw:
            if any(word in fold(part) for word in ("tham luan", "phut")):  # "…; mỗi tham luận không quá 8 phút"
                continue
            text, is_open = _item_text(re.sub(r"^(?:và|cùng)\s+", "", part.strip(), flags=re.IGNORECASE))
            if is_open:
                found.notes.append(f'danh sách đơn vị tham luận kết thúc bằng "..." sau "{text}": '
                                   "có thể còn đơn vị khác (thêm vào mục tham luận)")
            if text:
                units.append(_full_unit_name(_capitalise(text), root))
        if len(units) >= 2:
            return units
    return []


def _full_unit_name(unit: str, root: Node) -> str:
    """"Kinh tế" in a list after "Phòng Văn hóa - Xã hội" is the "Phòng Kinh tế" of a heading elsewhere."""
    folded = fold(unit)
    if folded.startswith(_ORG_NOUNS):
        return unit
    for node in root.walk():
        label = node.label.strip(" .:")
        if fold(label).startswith(_ORG_NOUNS) and fold(label).endswith(" " + folded) and len(label.split()) <= 12:
            return label
    return unit
