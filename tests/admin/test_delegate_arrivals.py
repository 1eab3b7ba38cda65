"""The organiser sees on /admin/delegates who has arrived (when, at which desk) and filters arrived or not."""

from __future__ import annotations

import datetime as dt
import re
import time
from zoneinfo import ZoneInfo

from flask.testing import FlaskClient

from tests.conftest import person


def arrive(client: FlaskClient, number: str, desk: str, scanned_at: float) -> None:
    answer = client.post("/api/v1/checkins", json={"attendee_id": person(number).id, "desk": desk,
                                                   "scanned_at": scanned_at}).get_json()
    assert answer["status"] == "checked_in", answer


def rows(client: FlaskClient, query: str = "") -> dict[str, str]:
    """Each listed delegate's badge number and the text of its arrival cell."""
    html = client.get(f"/admin/delegates{query}").get_data(as_text=True)
    found = {}
    for row in re.findall(r"<tr data-attendee=.*?</tr>", html, re.S):
        number = re.search(r"</span>([A-Z]+-\d+)</td>", row)
        arrival = re.search(r"<td class=\"nowrap\" data-arrival>(.*?)</td>", row, re.S)
        assert number and arrival, row
        found[number.group(1)] = re.sub(r"<[^>]+>", "", arrival.group(1)).strip()
    return found


def test_an_arrived_delegates_row_says_when_in_the_events_time_zone_and_at_which_desk(admin: FlaskClient) -> None:
    scanned = time.time() - 600
    arrive(admin, "DU-003", "Bàn 2", scanned)
    expected = dt.datetime.fromtimestamp(scanned, ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%H:%M")
    listed = rows(admin, "?group=DU")
    assert listed["DU-003"] == f"✓ {expected} · Bàn 2"
    assert {number: text for number, text in listed.items() if number != "DU-003"} == \
        {number: "—" for number in listed if number != "DU-003"}


def test_arrived_and_not_arrived_filter_with_the_group_and_search_filters(admin: FlaskClient) -> None:
    for number in ("DU-001", "DU-003", "PCM-002"):
        arrive(admin, number, "Bàn 1", time.time())
    assert admin.post(f"/admin/delegates/{person('DU-002').id}/revoke").status_code == 302
    everyone = rows(admin)
    assert set(rows(admin, "?arrival=arrived")) == {"DU-001", "DU-003", "PCM-002"}
    assert set(rows(admin, "?arrival=arrived&group=DU")) == {"DU-001", "DU-003"}
    missing = rows(admin, "?arrival=missing")
    assert set(missing) == set(everyone) - {"DU-001", "DU-003", "PCM-002", "DU-002"}  # a revoked badge is not awaited
    assert set(rows(admin, "?arrival=missing&group=DU")) == {n for n in everyone if n.startswith("DU-")} - \
        {"DU-001", "DU-002", "DU-003"}
    name = person("DU-003").full_name or ""
    assert set(rows(admin, f"?arrival=arrived&q={name.split(' (')[0]}")) == {"DU-003"}
    assert rows(admin, f"?arrival=missing&q={name.split(' (')[0]}") == {}
    assert set(rows(admin, "?arrival=nonsense")) == set(everyone)  # an unknown filter filters nothing
    page = admin.get("/admin/delegates?arrival=missing&group=DU").get_data(as_text=True)
    assert '<option value="missing" selected>' in page and 'data-arrival="missing"' in page


def test_an_undone_arrival_leaves_the_row_and_the_arrived_list(admin: FlaskClient) -> None:
    arrive(admin, "HDND-002", "Bàn 3", time.time())
    assert "HDND-002" in rows(admin, "?arrival=arrived")
    undo = admin.post("/api/v1/checkins/undo", json={"desk": "Bàn 3", "reason": "quét nhầm",
                                                      "attendee_id": person("HDND-002").id})
    assert undo.status_code == 200
    assert "HDND-002" not in rows(admin, "?arrival=arrived")
    assert rows(admin, "?arrival=missing&group=HDND")["HDND-002"] == "—"
