"""Badges as the organiser gets them: from /admin, the desk and `kiosk badges`, read back by machine."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pypdf
import zxingcpp
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import select

from kiosk.attendees.models import Attendee
from kiosk.badges import token
from tests.conftest import db


def verified_ids(app: Flask, image: Image.Image) -> list[int]:
    event_id = db.session().scalars(select(Attendee.event_id)).first()
    return [token.verify(code.text, app.config["BADGE_SECRET"], event_id=event_id).attendee_id
            for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def group_members(code: str) -> list[Attendee]:
    return [a for a in db.session().scalars(select(Attendee).order_by(Attendee.number)) if a.group.code == code]


def test_a_group_sheet_from_admin_carries_every_name_and_scannable_qr(
        app: Flask, client: FlaskClient, login: Callable[[str], None], pdf_text, pdf_page_images) -> None:  # type: ignore[no-untyped-def]
    login("admin")
    response = client.get("/admin/badges/CQDU.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    members = group_members("CQDU")
    for person in members:
        assert person.full_name in text and person.number in text
    assert "Lãnh đạo các cơ quan giúp việc Đảng ủy xã" in text.replace("\n", " ")
    assert "ỦY BAN NHÂN DÂN XÃ CẨM GIANG" in text and "ĐẠI BIỂU" in text
    metadata = pypdf.PdfReader(io.BytesIO(response.data)).metadata
    assert metadata.subject == "Thẻ đại biểu — Lãnh đạo các cơ quan giúp việc Đảng ủy xã"
    assert metadata.author == "Ủy ban nhân dân xã Cẩm Giang"
    decoded = [i for page in pdf_page_images(response.data) for i in verified_ids(app, page)]
    assert sorted(decoded) == sorted(p.id for p in members)


def test_fonts_in_a_sheet_are_embedded(client: FlaskClient, login: Callable[[str], None]) -> None:
    login("admin")
    reader = pypdf.PdfReader(io.BytesIO(client.get("/admin/badges/DU.pdf?layout=a4-a6").data))
    fonts = [font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()]
    assert fonts
    for font in fonts:
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] if "/DescendantFonts" in font \
            else font["/FontDescriptor"]
        assert "/FontFile2" in descriptor, font["/BaseFont"]


def test_a_seat_badge_has_a_line_for_the_name(client: FlaskClient, login: Callable[[str], None], pdf_text) -> None:  # type: ignore[no-untyped-def]
    login("admin")
    text = pdf_text(client.get("/admin/badges/THON.pdf").data)
    assert "Đại biểu thôn 1" in text and "Họ và tên" in text


def test_a_reissued_badge_png_scans_to_the_new_version(app: Flask, client: FlaskClient,
                                                       login: Callable[[str], None]) -> None:
    login("reception")
    person = group_members("YT")[0]
    person.badge_version = 3
    db.session().commit()
    png = client.get(f"/api/v1/attendees/{person.id}/badge.png")
    assert png.mimetype == "image/png"
    image = Image.open(io.BytesIO(png.data))
    codes = zxingcpp.read_barcodes(image.resize((600, round(600 * image.height / image.width))))
    claim = token.verify(codes[0].text, app.config["BADGE_SECRET"], event_id=person.event_id)
    assert (claim.attendee_id, claim.version) == (person.id, 3)


def test_bad_requests_name_the_problem(client: FlaskClient, login: Callable[[str], None]) -> None:
    assert client.get("/admin/badges/DU.pdf").status_code == 401
    login("admin")
    unknown = client.get("/admin/badges/XYZ.pdf")
    assert unknown.status_code == 404 and "Không có nhóm “XYZ”" in unknown.get_data(as_text=True)
    layout = client.get("/admin/badges/DU.pdf?layout=a0-poster")
    assert layout.status_code == 400 and "a4-90x55" in layout.get_data(as_text=True)


def test_walk_in_gets_a_badge_and_can_be_checked_in(client: FlaskClient, login: Callable[[str], None],
                                                     pdf_text) -> None:  # type: ignore[no-untyped-def]
    login("reception")
    created = client.post("/api/v1/attendees", json={"group": "th", "full_name": "Nguyễn Văn An",
                                                     "position": "Giáo viên tin học", "unit": "Trường THCS"})
    assert created.status_code == 201
    body = created.get_json()
    assert body["attendee"]["number"] == "TH-021" and body["attendee"]["group"]["code"] == "TH"
    assert "Nguyễn Văn An" in pdf_text(client.get(body["badge"]["pdf"]).data)
    answer = client.post("/api/v1/checkins", json={"attendee_id": body["attendee"]["id"], "desk": "Bàn 2"})
    assert answer.get_json()["status"] == "checked_in"
    refused = client.post("/api/v1/attendees", json={"group": "NOPE", "full_name": "X"})
    assert refused.status_code == 400 and refused.get_json()["error"]["field"] == "group"


def test_a_walk_in_with_the_longest_accepted_texts_does_not_stop_the_groups_sheet(
        app: Flask, client: FlaskClient, login: Callable[[str], None], longest_texts: dict[str, str],
        pdf_text, printed_text, pdf_page_images) -> None:  # type: ignore[no-untyped-def]
    login("admin")
    for name in (longest_texts["name"], longest_texts["word"]):
        created = client.post("/api/v1/attendees", json={"group": "DU", "full_name": name,
                                                         "position": longest_texts["position"],
                                                         "unit": longest_texts["unit"]})
        assert created.status_code == 201, created.get_json()
        png = client.get(created.get_json()["badge"]["png"])
        assert png.status_code == 200
        image = Image.open(io.BytesIO(png.data))
        assert verified_ids(app, image) == [created.get_json()["attendee"]["id"]]
    sheet = client.get("/admin/badges/DU.pdf")
    assert sheet.status_code == 200, sheet.get_data(as_text=True)
    lines = pdf_text(sheet.data).splitlines()
    for name in (longest_texts["name"], longest_texts["word"]):
        printed = printed_text(lines, name)
        assert printed.endswith("…") and name.replace(" ", "").startswith(printed.removesuffix("…"))
    decoded = [i for page in pdf_page_images(sheet.data) for i in verified_ids(app, page)]
    assert sorted(decoded) == sorted(p.id for p in group_members("DU"))


def test_the_badges_command_writes_one_pdf_per_group(app: Flask, instance: Path, tmp_path: Path,
                                                      pdf_text) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "the"
    run = subprocess.run([sys.executable, "-m", "kiosk.cli", "badges", "--out", str(out)],
                         env={"KIOSK_INSTANCE": str(instance), "PATH": "/usr/bin:/bin"},
                         capture_output=True, text=True, check=True)
    assert "120" in run.stdout
    files = sorted(p.name for p in out.glob("*.pdf"))
    assert len(files) == 9 and "the-THON-a4-90x55.pdf" in files
    assert "Thường trực Đảng ủy" in pdf_text((out / "the-DU-a4-90x55.pdf").read_bytes())
    bad = subprocess.run([sys.executable, "-m", "kiosk.cli", "badges", "--group", "ZZ", "--out", str(out)],
                         env={"KIOSK_INSTANCE": str(instance), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True)
    assert bad.returncode != 0 and "ZZ" in bad.stderr
