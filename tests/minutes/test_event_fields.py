"""Who chairs the conference and who keeps its minutes: in the event file, on /admin/event, in a backup, and
through migration 0004_minutes for an event stored before it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, select, text

from kiosk.auth.models import AuditEntry
from kiosk.cli import cli
from kiosk.db import Database
from kiosk.events.eventfile import EventFileError, default_event_path, parse_event_file, parse_event_text
from kiosk.events.models import Event
from kiosk.events.service import current_event
from kiosk.migrate import _alembic_config
from kiosk.models import Base
from tests.conftest import db
from tests.minutes.scripted import docx_lines

EVENT_FORM = {"title": "Hội nghị cải cách hành chính", "short_title": "CCHC 2026", "place": "Hội trường UBND xã",
              "date": "06/2026", "start_time": "08:00", "presentation_minutes": "10", "amber_seconds": "120",
              "red_seconds": "60", "fit_floor_minutes": "5"}


def _event() -> Event:
    db.session.remove()
    found = current_event(db.session())
    assert found is not None
    return found


def test_the_seed_names_the_chair_and_leaves_the_secretary_to_fill_in() -> None:
    spec = parse_event_file(default_event_path())
    assert (spec.chair_name, spec.chair_title) == ("Vũ Mạnh Huy", "Phó Chủ tịch UBND xã")
    assert (spec.secretary_name, spec.secretary_title) == ("", "")


def test_an_event_file_without_them_leaves_them_empty_and_an_over_long_name_is_refused_by_line() -> None:
    text_ = default_event_path().read_text(encoding="utf-8")
    bare = "\n".join(line for line in text_.split("\n") if not line.startswith(("chair_", "secretary_")))
    spec = parse_event_text(bare)
    assert (spec.chair_name, spec.chair_title, spec.secretary_name, spec.secretary_title) == ("", "", "", "")
    name = " ".join(["Nguyễn"] * 40)  # 279 characters
    long = text_.replace('secretary_name = ""', f'secretary_name = "{name}"')
    with pytest.raises(EventFileError) as refused:
        parse_event_text(long, "su-kien.toml")
    line = next(number for number, row in enumerate(long.split("\n"), start=1) if row.startswith("secretary_name"))
    assert refused.value.render() == (f"su-kien.toml, dòng {line}: trường “secretary_name”: dài quá 200 ký tự "
                                      f"(đang là {len(name)})")


def test_the_organiser_names_the_chair_and_secretary_on_admin_event_and_the_minutes_sign_with_them(
        app: Flask, client: FlaskClient, login: Callable[[str], None]) -> None:
    login("admin")
    form = {**EVENT_FORM, "chair_name": "  Vũ Mạnh   Huy ", "chair_title": "Phó Chủ tịch UBND xã",
            "secretary_name": "Lê Thị Thu", "secretary_title": "Công chức Văn phòng - Thống kê"}
    assert client.post("/admin/event", data=form).status_code == 302
    saved = _event()
    assert (saved.chair_name, saved.chair_title, saved.secretary_name, saved.secretary_title) == (
        "Vũ Mạnh Huy", "Phó Chủ tịch UBND xã", "Lê Thị Thu", "Công chức Văn phòng - Thống kê")
    entry = db.session().scalars(select(AuditEntry).where(AuditEntry.action == "event.update")).one()
    assert entry.detail["before"]["secretary_name"] == "" and entry.detail["after"]["secretary_name"] == "Lê Thị Thu"
    page = client.get("/admin/event").get_data(as_text=True)
    assert 'value="Lê Thị Thu"' in page and "Thư ký: họ và tên" in page
    assert "Secretary: full name" in client.get("/admin/event?lang=en").get_data(as_text=True)
    audit = client.get("/admin/audit?lang=vi").get_data(as_text=True)
    assert "Thư ký: họ và tên" in audit

    lines = docx_lines(client.get("/admin/reports/minutes.docx").get_data())
    assert "2. Thư ký: đồng chí Lê Thị Thu - Công chức Văn phòng - Thống kê." in lines
    assert lines[-4:] == ["THƯ KÝ", "Lê Thị Thu", "CHỦ TRÌ", "Vũ Mạnh Huy"]


def test_a_form_from_before_the_fields_keeps_them_and_a_name_too_long_changes_nothing(
        app: Flask, client: FlaskClient, login: Callable[[str], None]) -> None:
    login("admin")
    assert client.post("/admin/event", data={**EVENT_FORM, "title": "Hội nghị CCHC"}).status_code == 302
    assert (_event().title, _event().chair_name) == ("Hội nghị CCHC", "Vũ Mạnh Huy")
    refused = client.post("/admin/event", data={**EVENT_FORM, "title": "Khác", "secretary_name": "x" * 201})
    assert refused.status_code == 400
    assert "“Thư ký: họ và tên”: dài quá 200 ký tự." in refused.get_data(as_text=True)
    assert (_event().title, _event().secretary_name) == ("Hội nghị CCHC", "")


def test_a_backup_brings_the_chair_and_secretary_back(app: Flask, client: FlaskClient, login: Callable[[str], None],
                                                       instance: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    login("admin")
    form = {**EVENT_FORM, "chair_name": "Vũ Mạnh Huy", "chair_title": "Phó Chủ tịch UBND xã",
            "secretary_name": "Lê Thị Thu", "secretary_title": "Chuyên viên"}
    assert client.post("/admin/event", data=form).status_code == 302
    backup = tmp_path / "sao-luu.toml"
    backup.write_bytes(client.get("/admin/export").get_data())
    assert 'secretary_name = "Lê Thị Thu"' in backup.read_text(encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    monkeypatch.setenv("KIOSK_INSTANCE", str(elsewhere))
    result = CliRunner().invoke(cli, ["init", "--event", str(backup)])
    assert result.exit_code == 0, result.output
    restored = current_event(Database(f"sqlite:///{elsewhere / 'kiosk.sqlite3'}").session())
    assert restored is not None
    assert (restored.chair_name, restored.chair_title, restored.secretary_name, restored.secretary_title) == (
        "Vũ Mạnh Huy", "Phó Chủ tịch UBND xã", "Lê Thị Thu", "Chuyên viên")


def test_migration_0005_gives_the_models_schema_and_empty_names_to_an_event_stored_before(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'kiosk.sqlite3'}")
    config = _alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0003_chair")
        connection.execute(text(
            "INSERT INTO event (id, title, short_title, organiser, organiser_short, place, date, start_time, timezone,"
            " reference, signer_title, signer_name, presentation_seconds, amber_seconds, red_seconds, created_at)"
            " VALUES (1, 'H', 'H', 'O', 'O', 'P', '2026-06', '08:00', 'Asia/Ho_Chi_Minh', '', '', '', 600, 120, 60,"
            " '2026-06-01 00:00:00')"))
        command.upgrade(config, "head")
        row = connection.execute(text("SELECT chair_name, chair_title, secretary_name, secretary_title FROM event"))
        assert tuple(row.one()) == ("", "", "", "")
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003_chair")
        columns = {row[1] for row in connection.execute(text("PRAGMA table_info(event)"))}
        assert not columns & {"chair_name", "chair_title", "secretary_name", "secretary_title"}
    engine.dispose()
