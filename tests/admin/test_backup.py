"""kiosk export, then kiosk init --event BACKUP --force elsewhere: the same event, delegates, badges and clock."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from kiosk.attendees.models import Attendee
from kiosk.badges.token import sign
from kiosk.checkin.models import CheckIn
from kiosk.cli import cli
from kiosk.db import Database
from tests.conftest import db, publisher
from kiosk.backup.format import read_event_or_backup
from kiosk.events.eventfile import EventFileError
from kiosk.events.models import AgendaItem, AttendeeGroup, Event
from kiosk.secretfile import BADGE_SECRET_FILE
from kiosk.timer.models import PresenterMessage, TimerTransition

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
    assert client.post("/api/v1/checkins", json={"token": tokens[0], "desk": "Bàn 1", "client_id": "c1"}).status_code == 200
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
