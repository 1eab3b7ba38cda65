"""How a group is introduced: in the event file (read, refused by line, written back) and in /admin/groups."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from kiosk.attendees.models import Attendee
from kiosk.auth.models import AuditEntry
from kiosk.events.eventfile import EventFileError, default_event_path, parse_event_text
from kiosk.events.toml_writer import event_file_text
from tests.conftest import db


def test_the_seed_groups_say_how_the_mc_introduces_them_and_survive_a_round_trip() -> None:
    spec = parse_event_text(default_event_path().read_text(encoding="utf-8"))
    modes = {group.code: group.introduce for group in spec.groups}
    assert modes == {"DU": "by_name", "HDND": "by_name", "UBND": "by_name", "CQDU": "by_name", "MTTQ": "by_name",
                     "PCM": "summary", "TH": "summary", "YT": "summary", "THON": "summary"}
    assert spec.groups[2].introduce_as == "Ủy ban nhân dân xã"
    assert spec.groups[8].summary == "cùng đại biểu các thôn và Tổ công nghệ số cộng đồng"
    assert parse_event_text(event_file_text(spec)) == spec


def test_an_unknown_way_of_introducing_is_refused_with_its_line() -> None:
    text = default_event_path().read_text(encoding="utf-8").replace('introduce = "by_name"\nintroduce_as = "Ủy ban',
                                                                   'introduce = "each"\nintroduce_as = "Ủy ban', 1)
    with pytest.raises(EventFileError) as refused:
        parse_event_text(text, "su-kien.toml")
    assert refused.value.field_name == "introduce"
    assert refused.value.line == text.splitlines().index('introduce = "each"') + 1
    assert "“each” không hợp lệ; dùng một trong: by_name, summary" in str(refused.value)


def test_the_organiser_switches_a_group_to_be_read_by_name_and_the_change_is_audited(
        client: FlaskClient, login: Callable[[str], None]) -> None:
    login("admin")
    teacher = db.session().scalars(select(Attendee).where(Attendee.number == "TH-003")).one()
    group = teacher.group
    client.post("/api/v1/checkins", json={"attendee_id": teacher.id, "desk": "Bàn 1"})
    assert client.get("/api/v1/introductions").get_json()["groups"][0]["mode"] == "summary"
    response = client.post(f"/admin/groups/{group.id}", data={
        "name": group.name, "colour": group.colour, "expected": str(group.expected), "seat_area": group.seat_area,
        "introduce": "by_name", "introduce_as": "các trường học trên địa bàn xã", "summary": ""})
    assert response.status_code == 302
    body = client.get("/api/v1/introductions").get_json()
    assert body["groups"][0]["text"] == (f"Về phía các trường học trên địa bàn xã, có đồng chí {teacher.full_name}, "
                                         f"{teacher.position}.")
    db.session.remove()
    entry = db.session().scalars(select(AuditEntry).where(AuditEntry.action == "group.update")).one()
    assert entry.detail["before"]["introduce"] == "summary" and entry.detail["after"]["introduce"] == "by_name"
    assert "Cách giới thiệu đại biểu" in client.get("/admin/audit").get_data(as_text=True)
    refused = client.post(f"/admin/groups/{group.id}", data={
        "name": group.name, "colour": group.colour, "expected": "1", "seat_area": "", "introduce": "loudly"})
    assert refused.status_code == 400
