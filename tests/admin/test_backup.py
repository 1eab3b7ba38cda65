"""kiosk export, then kiosk init --event BACKUP --force elsewhere: the same event, delegates, badges and clock."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from kiosk.attendees.models import Attendee
from kiosk.backup.format import parse_event_or_backup, read_event_or_backup
from kiosk.badges.token import sign
from kiosk.checkin.models import CheckIn
from kiosk.cli import cli
from kiosk.db import Database
from kiosk.events.eventfile import EventFileError
from kiosk.events.models import AgendaItem, AttendeeGroup, Event
from kiosk.secretfile import BADGE_SECRET_FILE
from kiosk.timer.models import PresenterMessage, TimerTransition
from tests.conftest import db, publisher
from tests.screens import every_screen_answers, hall

TABLES = {
    Event: ("id", "title", "date", "start_time", "presentation_seconds"),
    AttendeeGroup: ("id", "code", "name", "colour", "expected", "introduce", "introduce_as", "summary"),
    AgendaItem: ("id", "parent_id", "position", "number", "title", "planned_seconds"),
    Attendee: ("id", "number", "group_id", "full_name", "seat_label", "badge_version", "revoked", "search_key",
               "created_at", "rank", "absence_reason", "absence_recorded_at"),
    CheckIn: ("id", "attendee_id", "action", "desk", "client_id", "scanned_at", "recorded_at", "holder_name", "answer",
              "stand_in_name", "stand_in_position"),
    TimerTransition: ("id", "command", "at", "args", "role"),
    PresenterMessage: ("id", "text", "sent_at", "cleared_at"),
}


def everything(instance: Path | None = None) -> dict[str, list[tuple[object, ...]]]:
    """Every row that matters, of the test's database or of the one in ``instance``."""
    db.session.remove()
    session = Database(f"sqlite:///{instance / 'kiosk.sqlite3'}").session() if instance else db.session()
    return {model.__name__: [tuple(getattr(row, c) for c in columns)
                             for row in session.scalars(select(model).order_by(model.id))]
            for model, columns in TABLES.items()}


def test_an_exported_event_comes_back_whole_in_a_fresh_instance(app: Flask, client: FlaskClient,
                                                               login: Callable[[str], None], tmp_path: Path) -> None:
    login("admin")
    people = list(db.session().scalars(select(Attendee).order_by(Attendee.id).limit(3)))
    secret = app.config["BADGE_SECRET"]
    tokens = [sign(secret, event_id=p.event_id, attendee_id=p.id, version=p.badge_version) for p in people]
    assert client.post(f"/admin/delegates/{people[1].id}/reissue").status_code == 302
    assert client.post(f"/admin/delegates/{people[2].id}/revoke").status_code == 302
    assert client.post("/api/v1/checkins",
                       json={"token": tokens[0], "desk": "Bàn 1", "client_id": "c1"}).status_code == 200
    hdnd = list(db.session().scalars(select(Attendee).where(Attendee.number.like("HDND-%")).order_by(Attendee.id)))
    assert client.post("/api/v1/checkins", json={"attendee_id": hdnd[0].id, "desk": "Bàn 1", "stand_in": {
        "name": "Lê Văn Dự Thay", "position": "Phó Chủ tịch HĐND xã"}}).status_code == 200
    assert client.put(f"/api/v1/attendees/{hdnd[1].id}/absence", json={"reason": "Đi công tác"}).status_code == 200
    assert client.post(f"/admin/delegates/{hdnd[2].id}/move", data={"place": "1"}).status_code == 302
    assert client.post("/api/v1/timer/start").status_code == 200
    assert client.post("/api/v1/timer/add", json={"seconds": 60}).status_code == 200
    assert client.post("/api/v1/messages", json={"text": "Còn 2 phút"}).status_code == 200
    assert publisher.wait_idle()  # the scan's delayed attendance push, before the CLI swaps databases
    before = everything()
    timer_before = client.get("/api/v1/timer").get_json()

    backup = tmp_path / "sao-luu.toml"
    runner = CliRunner(env={"KIOSK_INSTANCE": str(app.instance_path)})
    exported = runner.invoke(cli, ["export", "--out", str(backup)])
    assert exported.exit_code == 0, exported.output
    assert BADGE_SECRET_FILE in exported.output
    assert read_event_or_backup(backup)[1] is not None

    fresh = tmp_path / "fresh"
    fresh.mkdir()
    shutil.copy(Path(app.instance_path) / BADGE_SECRET_FILE, fresh / BADGE_SECRET_FILE)  # as README says
    restored = CliRunner(env={"KIOSK_INSTANCE": str(fresh)}).invoke(cli, ["init", "--event", str(backup), "--force"])
    assert restored.exit_code == 0, restored.output
    assert BADGE_SECRET_FILE in restored.output  # the reminder to bring the badge key along
    after = everything(fresh)
    assert after == before
    assert len(after["Attendee"]) == 120 and len(after["CheckIn"]) == 2 and len(after["TimerTransition"]) == 2
    assert {row[TABLES[Attendee].index("rank")] for row in after["Attendee"] if row[1].startswith("HDND-")} == {1, 2, 3}
    assert any(row[-2] == "Lê Văn Dự Thay" for row in after["CheckIn"])
    assert any(row[-2] == "Đi công tác" for row in after["Attendee"])
    assert {row[5] for row in after["AttendeeGroup"]} == {"by_name", "summary"}

    from kiosk.app import create_app
    from kiosk.config import Config

    again = create_app(Config(instance_path=fresh, TESTING=True)).test_client()
    assert again.post("/api/v1/login", json={"role": "admin", "pin": "246810"}).status_code == 200
    answers = [again.post("/api/v1/checkins", json={"token": t, "desk": "Bàn 2"}).get_json()["status"] for t in tokens]
    assert answers == ["already_checked_in", "revoked", "revoked"]  # first scan kept; old badge; revoked delegate
    timer_after = again.get("/api/v1/timer").get_json()
    assert (timer_after["status"], timer_after["current"], timer_after["allotted_seconds"], timer_after["message"]) == \
        (timer_before["status"], timer_before["current"], timer_before["allotted_seconds"], timer_before["message"])


def test_a_damaged_backup_is_refused_before_anything_changes(tmp_path: Path, app: Flask) -> None:
    backup = tmp_path / "sao-luu.toml"
    assert CliRunner(env={"KIOSK_INSTANCE": str(app.instance_path)}).invoke(
        cli, ["export", "--out", str(backup)]).exit_code == 0
    text = backup.read_text(encoding="utf-8")
    first_delegate = text.index("[[delegates]]")
    damaged = text[:first_delegate] + text[first_delegate:].replace('group = "DU"', 'group = "XX"', 1)
    backup.write_text(damaged, encoding="utf-8")
    try:
        read_event_or_backup(backup)
    except EventFileError as error:
        assert (error.field_name, error.line) == ("group", damaged.splitlines().index('group = "XX"') + 1)
    else:
        raise AssertionError("a delegate of an unknown group was accepted")
    before = everything()
    refused = CliRunner(env={"KIOSK_INSTANCE": str(app.instance_path)}).invoke(
        cli, ["init", "--event", str(backup), "--force"])
    assert refused.exit_code != 0 and "không có nhóm “XX”" in refused.output
    assert everything() == before


# --- damaged or hostile backups --------------------------------------------------


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, FlaskClient, str]]:
    """An event that recorded two check-ins (with client ids), a started then paused clock and a message; its backup."""
    folder = tmp_path_factory.mktemp("recorded")
    with hall(folder) as (app, admin):
        people = list(db.session().scalars(select(Attendee).order_by(Attendee.id).limit(2)))
        for number, person in enumerate(people):
            token = sign(app.config["BADGE_SECRET"], event_id=person.event_id, attendee_id=person.id,
                         version=person.badge_version)
            assert admin.post("/api/v1/checkins", json={"token": token, "desk": "Bàn 1",
                                                        "client_id": f"c{number}"}).status_code == 200
        for command in ("start", "pause"):
            assert admin.post(f"/api/v1/timer/{command}").status_code == 200
        assert admin.post("/api/v1/messages", json={"text": "Còn 2 phút"}).status_code == 200
        assert publisher.wait_idle()
        backup = folder / "sao-luu.toml"
        assert CliRunner(env={"KIOSK_INSTANCE": str(app.instance_path)}).invoke(
            cli, ["export", "--out", str(backup)]).exit_code == 0
        yield app, admin, backup.read_text(encoding="utf-8")


def in_first(table: str, pattern: str, new: str) -> Callable[[str], str]:
    """Replace ``pattern`` (a regular expression) once, in the first ``[[table]]`` or ``[table]`` and after."""
    def change(text: str) -> str:
        start = re.search(rf"^\[\[?{table}\]\]?$", text, flags=re.MULTILINE).start()  # type: ignore[union-attr]
        changed, count = re.subn(pattern, lambda _match: new, text[start:], count=1, flags=re.MULTILINE)
        assert count == 1, (table, pattern)
        return text[:start] + changed
    return change


def in_last(table: str, pattern: str, new: str) -> Callable[[str], str]:
    """Replace ``pattern`` once in the last ``[[table]]``."""
    def change(text: str) -> str:
        start = text.rindex(f"[[{table}]]")
        changed, count = re.subn(pattern, lambda _match: new, text[start:], count=1, flags=re.MULTILINE)
        assert count == 1, (table, pattern)
        return text[:start] + changed
    return change


def swapped_clock_ids(text: str) -> str:
    """The two clock commands keep their places in the file but trade ids: by id, pause comes before start."""
    start = text.index("[[timer_transitions]]")
    rows = text[start:]
    rows = rows.replace("id = 1\ncommand", "id = @\ncommand").replace("id = 2\ncommand", "id = 1\ncommand")
    return text[:start] + rows.replace("id = @\ncommand", "id = 2\ncommand")


# (what is wrong, how the backup is changed, the field refused, the text on the line refused)
DAMAGED: list[tuple[str, Callable[[str], str], str, str]] = [
    ("clock commands at 1e17 and after", lambda text: in_first("timer_transitions", r"^at = .*$", "at = 1e17")(
        in_last("timer_transitions", r"^at = .*$", "at = 2e17")(text)), "at", "at = 1e17"),
    ("a clock command at nan", in_first("timer_transitions", r"^at = .*$", "at = nan"), "at", "at = nan"),
    ("a clock command at inf", in_first("timer_transitions", r"^at = .*$", "at = inf"), "at", "at = inf"),
    ("a clock command before 1970", in_first("timer_transitions", r"^at = .*$", "at = -1"), "at", "at = -1"),
    ("a clock command at a text", in_first("timer_transitions", r"^at = .*$", 'at = "8 giờ"'), "at", 'at = "8 giờ"'),
    ("a command kiosk does not know", in_first("timer_transitions", r'^command = "start"$', 'command = "explode"'),
     "command", "explode"),
    ("a moment as a clock argument", in_first("timer_transitions", r"^args = \{\}$",
                                              "args = { seconds = 1979-05-27T07:32:00Z }"), "seconds", "1979-05-27"),
    ("an argument no command takes", in_first("timer_transitions", r"^args = \{\}$", 'args = { colour = "đỏ" }'),
     "args", 'args = { colour'),
    ("clock commands whose ids say another order", swapped_clock_ids, "command", 'command = "pause"'),
    ("a check-in in the year 9999", in_first("checkins", r"^scanned_at = .*$", "scanned_at = 9999-12-31T00:00:00Z"),
     "scanned_at", "9999-12-31"),
    ("a delegate registered in the year 1", in_first("delegates", r"^created_at = .*$",
                                                     "created_at = 0001-01-01T00:00:00+07:00"), "created_at", "0001-"),
    ("a message sent in the year 9999", in_first("messages", r"^sent_at = .*$", "sent_at = 9999-12-31T23:59:59Z"),
     "sent_at", "9999-12-31"),
    ("a backup exported in 1970", in_first("backup", r"^exported_at = .*$", "exported_at = 1970-01-01T00:00:00Z"),
     "exported_at", "1970-01-01"),
    ("two delegates with one badge number", in_first("delegates", r'^number = "DU-002"$',
                                                     'number = "DU-001"  # trùng'), "number", "# trùng"),
    ("two check-ins with one client id", in_first("checkins", r'^client_id = "c1"$', 'client_id = "c0"  # trùng'),
     "client_id", "# trùng"),
    ("an answer kiosk never gives", in_first("checkins", r'^answer = "checked_in"$', 'answer = "xyz"'), "answer",
     'answer = "xyz"'),
    ("a message longer than the stage shows", in_first("messages", r"^text = .*$", 'text = "' + "x" * 201 + '"'),
     "text", "xxxx"),
    ("[messages] for [[messages]]", in_first("messages", r"^\[\[messages\]\]$", "[messages]"), "messages",
     "[messages]"),
]


@pytest.mark.parametrize("case", DAMAGED, ids=[case[0] for case in DAMAGED])
def test_a_damaged_backup_is_refused_with_its_line_and_field_and_every_screen_still_works(
        case: tuple[str, Callable[[str], str], str, str], recorded: tuple[Flask, FlaskClient, str],
        tmp_path: Path) -> None:
    app, admin, text = recorded
    _what, change, field, marker = case
    damaged = change(text)
    line = next(number for number, row in enumerate(damaged.split("\n"), start=1) if marker in row)
    backup = tmp_path / "sao-luu.toml"
    backup.write_text(damaged, encoding="utf-8")
    before = everything()
    refused = CliRunner(env={"KIOSK_INSTANCE": str(app.instance_path)}).invoke(
        cli, ["init", "--event", str(backup), "--force"])
    assert refused.exit_code == 1 and isinstance(refused.exception, SystemExit), refused.exception
    assert f"{backup}, dòng {line}: trường “{field}”" in refused.output, refused.output
    assert everything() == before
    assert every_screen_answers(admin)


def test_the_recorded_backup_itself_restores(recorded: tuple[Flask, FlaskClient, str], tmp_path: Path) -> None:
    """The damaged backups above are refused for what was damaged, not for what the event recorded."""
    _app, _admin, text = recorded
    _spec, records = parse_event_or_backup(text, "sao-luu.toml")
    assert records is not None and len(records.checkins) == 2 and len(records.transitions) == 2
