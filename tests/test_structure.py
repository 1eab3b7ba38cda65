"""The house's structure, as rules a change can break: one room per domain, one boundary, per-app state.

- Domain code (every module of a room but its views.py and management.py, which are its web side) imports
  no Flask, and the rooms' domain code imports no room in a cycle: a change to one room's rules is made in
  that room.
- No view commits: kiosk.boundary does, once per request, and refuses a write that noted no change.
- The organiser's pages of a domain live in that domain's management.py; no module holds several rooms' pages.
- Two applications in one process never share a database.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from kiosk.attendees.models import Attendee
from kiosk.boundary import UnannouncedWrite, command_unit
from kiosk.changes import write_plainly
from kiosk.db import Database, PlainStatement
from kiosk.extensions import DB_KEY
from tests.conftest import PINS, kiosk_app

PACKAGE = Path(__file__).resolve().parent.parent / "kiosk"
ROOMS = ("events", "attendees", "checkin", "timer", "badges", "plans", "programme", "backup", "auth", "minutes",
         "protocol")
WEB_SIDE = {"views.py", "management.py", "roles.py"}  # auth/roles.py: who is signed in on this request


def _module(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def _domain_modules() -> dict[str, Path]:
    return {_module(path): path for room in ROOMS for path in (PACKAGE / room).rglob("*.py")
            if path.name not in WEB_SIDE}


def test_domain_code_imports_no_flask() -> None:
    offenders = {name: sorted(i for i in _imports(path) if i.split(".")[0].startswith("flask"))
                 for name, path in _domain_modules().items()}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_rooms_domain_code_has_no_import_cycle() -> None:
    graph: dict[str, set[str]] = {room: set() for room in ROOMS}
    for name, path in _domain_modules().items():
        room = name.split(".")[1]
        for imported in _imports(path):
            parts = imported.split(".")
            if len(parts) > 1 and parts[0] == "kiosk" and parts[1] in ROOMS and parts[1] != room:
                graph[room].add(parts[1])

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})) for nxt in graph[start])

    cycles = sorted(room for room in ROOMS if reaches(room, room, {room}))
    assert cycles == [], f"rooms in an import cycle: {cycles}; graph: {graph}"
    assert graph["events"] == set(), "events is the base every room builds on"


def test_no_view_commits_or_rolls_back_the_database_itself() -> None:
    views = [path for path in PACKAGE.rglob("*.py") if path.name in {"views.py", "management.py"}]
    assert views
    calls = {str(path.relative_to(PACKAGE)): re.findall(r"\.(commit|rollback)\(", path.read_text(encoding="utf-8"))
             for path in views}
    assert {path: found for path, found in calls.items() if found} == {}


def test_each_organisers_page_lives_in_its_own_rooms_management_module() -> None:
    admin_routes: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        for route in re.findall(r'@bp\.(?:get|post|route)\("(/admin[^"]*)"', path.read_text(encoding="utf-8")):
            admin_routes.setdefault(str(path.relative_to(PACKAGE)), set()).add(route)
    shell = {"/admin", "/admin/import"}
    assert admin_routes.pop("admin/views.py") == shell
    for module in admin_routes:
        assert module.endswith(("management.py", "views.py")) and module.split("/")[0] in ROOMS, module


def test_two_apps_in_one_process_do_not_see_each_others_data(tmp_path: Path, pin_env: dict[str, str]) -> None:
    with kiosk_app(tmp_path / "first") as first, kiosk_app(tmp_path / "second") as second:
        desk: FlaskClient = first.test_client()
        assert desk.post("/api/v1/login", json={"role": "reception", "pin": PINS["reception"]}).status_code == 200
        added = desk.post("/api/v1/attendees", json={"group": "TH", "full_name": "Chỉ Có Ở Máy Một"})
        assert added.status_code == 201
        other: FlaskClient = second.test_client()
        assert other.post("/api/v1/login", json={"role": "reception", "pin": PINS["reception"]}).status_code == 200
        names = {a["full_name"] for a in other.get("/api/v1/desk/roster").get_json()["attendees"]}
        assert "Chỉ Có Ở Máy Một" not in names
        assert "Chỉ Có Ở Máy Một" in {a["full_name"] for a in desk.get("/api/v1/desk/roster").get_json()["attendees"]}
        counts = [client.get("/api/v1/attendance").get_json()["total"]["registered"] for client in (desk, other)]
        assert counts == [121, 120]
        for app in (first, second):
            with app.app_context():
                session = app.extensions["kiosk.db"].session()
                found = session.scalars(select(Attendee).where(Attendee.full_name == "Chỉ Có Ở Máy Một")).all()
                assert len(found) == (1 if app is first else 0)


@pytest.mark.parametrize("way", ["orm", "plain sql"])
def test_a_write_that_notes_no_change_is_refused_and_kept_nowhere(app: Flask, way: str) -> None:
    """A new view or service that forgets kiosk.changes.note cannot slip a write past the audit and the push."""
    database: Database = app.extensions[DB_KEY]
    with pytest.raises(UnannouncedWrite), command_unit(database) as session:
        if way == "orm":
            attendee = session.scalars(select(Attendee).where(Attendee.number == "PCM-001")).one()
            attendee.full_name = "Không Ai Ghi Lại"
        else:
            write_plainly(session, PlainStatement(update(Attendee).where(Attendee.number == "PCM-001")
                                                  .values(full_name="Không Ai Ghi Lại")), {})
    with app.app_context():
        names = database.session().scalars(select(Attendee.full_name).where(Attendee.number == "PCM-001")).all()
    assert names != ["Không Ai Ghi Lại"]
