"""/admin/import: a plan previewed then applied (or refused), a delegate list loaded whole or not at all."""

from __future__ import annotations

import io
import re
from html import unescape
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from kiosk.attendees.models import Attendee
from kiosk.auth.models import AuditEntry
from kiosk.badges.token import sign
from kiosk.events.service import current_event
from tests.admin.test_admin_pages import snapshot
from tests.conftest import db

SEED = Path(__file__).parents[1] / "imports" / "data" / "ke-hoach-hoi-nghi-cchc-2026.md"
WARD = Path(__file__).parents[1] / "imports" / "data" / "ke-hoach-phuong-hong-ha.md"


def upload(client: FlaskClient, url: str, field: str, name: str, data: bytes, **form: str):  # type: ignore[no-untyped-def]
    return client.post(url, data={field: (io.BytesIO(data), name), **form}, content_type="multipart/form-data")


def preview(admin: FlaskClient, path: Path) -> tuple[str, dict[str, object]]:
    """The preview page, and the apply form's fields as the page carries them."""
    response = upload(admin, "/admin/import/plan", "plan", path.name, path.read_bytes())
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    event_file = unescape(re.search(r'<textarea id="event-file" name="event_file"[^>]*>(.*?)</textarea>', text,
                                    re.S)[1])
    missing = [unescape(m) for m in re.findall(r'<input type="hidden" name="missing" value="([^"]*)">', text)]
    return text, {"event_file": event_file, "filename": path.name, "missing": missing}


def test_a_plan_is_previewed_with_what_it_does_not_say_then_applied(app: Flask, admin: FlaskClient) -> None:
    text, form = preview(admin, WARD)
    assert "Hội nghị sơ kết công tác chuyển đổi số quý I năm 2026" in text
    assert "Ủy ban nhân dân phường Hồng Hà" in text
    assert "Kế hoạch không ghi" in text and "người trình bày mục 1, 5" in text
    assert "Tham luận của Công an phường" in text
    assert "120 đại biểu, 0 lượt điểm danh" in text
    assert 'name="confirm"' not in text  # nobody has checked in: no confirmation needed
    old = current_event(db.session())
    assert old is not None
    old_id = old.id

    applied = admin.post("/admin/import/plan/apply", data=form)
    assert applied.status_code == 302
    db.session.remove()
    new = current_event(db.session())
    assert new is not None and new.id > old_id  # badges of the replaced event never scan for the new one
    assert (new.title, new.date, new.start_time, new.presentation_seconds) == (
        "Hội nghị sơ kết công tác chuyển đổi số quý I năm 2026", "2026-03-19", "14:00", 420)
    assert [g.code for g in new.groups] == ["DU", "HDND", "UBND", "MTTQ", "CA", "TDP", "TVTCN"]
    assert db.session().scalar(select(func.count()).select_from(Attendee)) == 0
    entry = db.session().scalars(select(AuditEntry).where(AuditEntry.action == "event.replace")).one()
    assert entry.detail["before"]["delegates"] == 120 and entry.detail["after"]["groups"] == 7
    assert "Đã nạp kế hoạch" in admin.get("/admin").get_data(as_text=True)


def test_replacing_an_event_with_arrivals_needs_confirmation(app: Flask, admin: FlaskClient) -> None:
    person = db.session().scalars(select(Attendee).where(Attendee.number == "DU-001")).one()
    token = sign(app.config["BADGE_SECRET"], event_id=person.event_id, attendee_id=person.id, version=1)
    assert admin.post("/api/v1/checkins", json={"token": token, "desk": "Bàn 1"}).get_json()["status"] == "checked_in"
    text, form = preview(admin, SEED)
    assert "1 lượt điểm danh" in text and 'name="confirm"' in text
    before = snapshot()
    refused = admin.post("/admin/import/plan/apply", data=form)
    assert refused.status_code == 409
    assert "hãy đánh dấu ô xác nhận thay thế" in refused.get_data(as_text=True)
    assert snapshot() == before
    assert admin.post("/admin/import/plan/apply", data={**form, "confirm": "1"}).status_code == 302
    assert current_event(db.session()).title.startswith("Hội nghị đánh giá công tác cải cách hành chính")


def test_an_edited_event_file_with_a_mistake_is_refused_with_its_line(admin: FlaskClient) -> None:
    _text, form = preview(admin, SEED)
    broken = str(form["event_file"]).replace('colour = "#B71C1C"', 'colour = "đỏ"')
    before = snapshot()
    response = admin.post("/admin/import/plan/apply", data={**form, "event_file": broken})
    assert response.status_code == 400
    line = broken.splitlines().index('colour = "đỏ"') + 1
    # The line of the event file in the review box, named as that (not as a line of the plan it came from).
    assert (f"tệp sự kiện soạn từ ke-hoach-hoi-nghi-cchc-2026.md, dòng {line}: trường “colour”: màu “đỏ” phải có "
            "dạng #RRGGBB") in response.get_data(as_text=True)
    assert snapshot() == before


def test_a_file_that_is_no_plan_is_refused(admin: FlaskClient) -> None:
    response = upload(admin, "/admin/import/plan", "plan", "ke-hoach.pdf", b"%PDF-1.7")
    assert response.status_code == 400
    assert "Tệp PDF không đọc được" in response.get_data(as_text=True)


def test_a_delegate_list_with_errors_is_shown_row_by_row_and_changes_nothing(admin: FlaskClient) -> None:
    before = snapshot()
    data = "Họ và tên,Đơn vị,Nhóm\nAn,Xã,PCM\n,Xã,PCM\nBình,Xã,Truong hoc\n".encode("utf-8-sig")
    response = upload(admin, "/admin/import/roster", "roster", "dai-bieu.csv", data)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "dai-bieu.csv: 2 lỗi, chưa nạp đại biểu nào." in text
    assert "<td class=\"num\">3</td><td>A (Họ và tên)</td><td>họ tên trống</td>" in text
    assert "không có nhóm “Truong hoc”; có phải “TH – " in text
    assert snapshot() == before


def test_a_good_delegate_list_is_checked_then_loaded(admin: FlaskClient) -> None:
    data = "Name,Position,Unit,Group\nAn Văn Bình,Chuyên viên,Xã,pcm\nChu Thị Dung,Giáo viên,Trường,TH\n".encode()
    checked = upload(admin, "/admin/import/roster", "roster", "ds.csv", data, dry_run="1")
    assert checked.status_code == 200
    assert "ds.csv: không có lỗi, 2 đại biểu sẵn sàng" in checked.get_data(as_text=True)
    before = db.session().scalar(select(func.count()).select_from(Attendee))
    loaded = upload(admin, "/admin/import/roster", "roster", "ds.csv", data)
    assert loaded.status_code == 302
    assert db.session().scalar(select(func.count()).select_from(Attendee)) == before + 2
    assert "Đã nạp 2 đại biểu từ ds.csv." in admin.get("/admin/delegates").get_data(as_text=True)
    assert db.session().scalars(select(AuditEntry).where(AuditEntry.action == "roster.import")).one().role == "admin"
