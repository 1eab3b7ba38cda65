"""Migration 0005_protocol on SQLite: the schema it makes is the models', and delegates already loaded keep their
order (each one's rank is their place by id in their group)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from kiosk.migrate import _alembic_config
from kiosk.models import Base


def test_upgrading_gives_exactly_the_models_schema(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'kiosk.sqlite3'}")
    config = _alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def test_delegates_loaded_before_keep_their_order_and_the_downgrade_undoes_it(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'kiosk.sqlite3'}")
    config = _alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(text(
            "INSERT INTO event (id, title, short_title, organiser, organiser_short, place, date, start_time, timezone,"
            " reference, signer_title, signer_name, presentation_seconds, amber_seconds, red_seconds, created_at)"
            " VALUES (1, 'H', 'H', 'O', 'O', 'P', '2026-06', '08:00', 'Asia/Ho_Chi_Minh', '', '', '', 600, 120, 60,"
            " '2026-06-01 00:00:00')"))
        for group_id, code in ((1, "DU"), (2, "TH")):
            connection.execute(text(
                "INSERT INTO attendee_group (id, event_id, position, code, name, colour, expected, seat_area, seats)"
                f" VALUES ({group_id}, 1, {group_id - 1}, '{code}', '{code}', '#000000', 0, '', 0)"))
        for attendee_id, group_id in ((5, 2), (6, 1), (7, 2), (9, 1), (12, 2)):
            connection.execute(text(
                "INSERT INTO attendee (id, event_id, group_id, number, full_name, position, unit, search_key,"
                " is_sample, badge_version, revoked, created_at)"
                f" VALUES ({attendee_id}, 1, {group_id}, 'N-{attendee_id}', 'A', '', '', '', 0, 1, 0,"
                " '2026-06-01 00:00:00')"))
        command.upgrade(config, "head")
        ranks = connection.execute(text("SELECT id, rank, absence_reason FROM attendee ORDER BY id")).all()
        assert [tuple(row) for row in ranks] == [(5, 1, None), (6, 1, None), (7, 2, None), (9, 2, None), (12, 3, None)]
        groups = connection.execute(text("SELECT introduce, introduce_as, summary FROM attendee_group")).all()
        assert {tuple(row) for row in groups} == {(None, "", "")}
        command.downgrade(config, "0001")
        columns = {row[1] for row in connection.execute(text("PRAGMA table_info(attendee)"))}
        assert "rank" not in columns and "absence_reason" not in columns
    engine.dispose()
