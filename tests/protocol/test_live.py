"""The MC's sessions (the chair's role) get delegates' names on /live, as the desks do; public screens never."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from kiosk.attendees.models import Attendee
from kiosk.live.socket import NAMESPACE, socketio_of
from tests.conftest import PINS, db, publisher


def test_the_chairs_socket_gets_arrivals_and_stand_ins_by_name_and_a_public_one_only_counts(
        app: Flask, client: FlaskClient, login: Callable[[str], None]) -> None:
    socketio = socketio_of(app)
    public = socketio.test_client(app, namespace=NAMESPACE)
    mc_browser = app.test_client()
    assert mc_browser.post("/api/v1/login", json={"role": "chair", "pin": PINS["chair"]}).status_code == 200
    mc = socketio.test_client(app, namespace=NAMESPACE, flask_test_client=mc_browser)
    try:
        public.get_received(NAMESPACE), mc.get_received(NAMESPACE)
        login("reception")
        person = db.session().scalars(select(Attendee).where(Attendee.number == "DU-002")).one()
        client.post("/api/v1/checkins", json={"attendee_id": person.id, "desk": "Bàn 1"})
        client.post("/api/v1/checkins", json={"attendee_id": person.id, "desk": "Bàn 2",
                                              "stand_in": {"name": "Lê Thị Thay", "position": "Ủy viên"}})
        assert publisher.wait_idle()  # the coalesced pushes leave 0.2 s after the change: wait until they have
        mc_events: dict[str, list[object]] = {}
        for message in mc.get_received(NAMESPACE):
            mc_events.setdefault(message["name"], []).extend(message["args"])
        public_events = {m["name"]: m["args"] for m in public.get_received(NAMESPACE)}
        assert mc_events["arrival"][0]["name"] == person.full_name  # type: ignore[index]
        changed = [row for push in mc_events["delegates"] for row in push["changed"]]  # type: ignore[index]
        assert changed[-1]["stand_in"] == {"name": "Lê Thị Thay", "position": "Ủy viên"}
        assert public_events["attendance"][0]["total"]["stand_ins"] == 1
        assert "arrival" not in public_events and "delegates" not in public_events
        assert person.full_name not in str(public_events) and "Lê Thị Thay" not in str(public_events)
    finally:
        public.disconnect(namespace=NAMESPACE)
        mc.disconnect(namespace=NAMESPACE)
