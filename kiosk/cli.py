"""The ``kiosk`` command.

Only the standard library and click are imported at the top: ``kiosk serve``
must patch the standard library for gevent before Flask is imported.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

ROLE_LABELS = {"admin": "Quản trị (admin)", "reception": "Đón tiếp (reception)", "chair": "Chủ trì (chair)"}


def _app():
    """The application, its context pushed for the rest of the command (kiosk.extensions.db is its database)."""
    from kiosk.app import create_app

    app = create_app()
    context = app.app_context()
    context.push()
    click.get_current_context().call_on_close(context.pop)
    return app


def _refused(error) -> click.ClickException:
    """A refusal for the terminal: in Vietnamese, and in English below when it reads differently."""
    from babel.support import Translations
    from flask import current_app

    english = Translations.load(current_app.config["BABEL_TRANSLATION_DIRECTORIES"], ["en"])
    vietnamese, translated = error.render(), error.render(english.gettext)
    return click.ClickException(vietnamese if translated == vietnamese else f"{vietnamese}\n({translated})")


NOT_INSTALLED_HINT = (
    "Đặt KIOSK_INSTANCE và DATABASE_URL như khi cài (trên máy chủ cài theo deploy/README.md: chạy lệnh qua "
    "/usr/local/bin/kiosk, lệnh này nạp /srv/kiosk/kiosk.env), hoặc cài mới: kiosk init --demo. "
    "(Set KIOSK_INSTANCE and DATABASE_URL as at installation; on a server installed by deploy/README.md run "
    "commands through /usr/local/bin/kiosk, which loads /srv/kiosk/kiosk.env; or install: kiosk init --demo.)")


def _where(config) -> str:
    """The data folder and database a command looked at, the database's password hidden."""
    from sqlalchemy.engine import make_url

    database = make_url(config.DATABASE_URL).render_as_string(hide_password=True)
    return f"thư mục dữ liệu / data folder {config.INSTANCE_PATH}, cơ sở dữ liệu / database {database}"


def _missing_installation(config) -> str | None:
    """What is missing for an installation with an event, found without creating anything; None when it is there."""
    from sqlalchemy import create_engine, inspect
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    url = make_url(config.DATABASE_URL)
    if url.get_backend_name() == "sqlite" and not (url.database and Path(url.database).is_file()):
        return "Không có cơ sở dữ liệu (no database)"
    if not Path(config.INSTANCE_PATH).is_dir():
        return "Không có thư mục dữ liệu (no data folder)"
    engine = create_engine(config.DATABASE_URL)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("event"):
                return "Cơ sở dữ liệu chưa có sự kiện (no event loaded)"
    except SQLAlchemyError as error:
        return f"Không mở được cơ sở dữ liệu (cannot open the database: {type(error).__name__})"
    finally:
        engine.dispose()
    return None


def _installed_app():
    """:func:`_app` for every command but ``init``: the installation must be there, and looking creates nothing.

    A command run without the installation's environment (another data
    folder, no DATABASE_URL) says which folder and database it looked at,
    instead of creating an empty database there.
    """
    from kiosk.config import Config

    config = Config()
    missing = _missing_installation(config)
    if missing is not None:
        raise click.ClickException(f"{missing}: {_where(config)}.\n{NOT_INSTALLED_HINT}")
    return _app()


def _database(app):
    from kiosk.extensions import DB_KEY

    return app.extensions[DB_KEY]


def _print_pins(pins: dict[str, str | None]) -> None:
    if not pins:
        return
    click.echo("Mã PIN (chỉ hiện một lần / shown once):")
    for role, pin in pins.items():
        from kiosk.auth.pins import PIN_ENV

        shown = pin if pin is not None else f"(theo biến môi trường {PIN_ENV[role]})"
        click.echo(f"  {ROLE_LABELS[role]:<24} {shown}")


class _WholeSummary:
    """``kiosk --help`` lists each command with its whole summary, Vietnamese then English.

    click would cut it to the terminal's width ("…(hoặc ảnh..."); the definition list wraps it instead.
    """

    short_help: str | None
    help: str | None

    def get_short_help_str(self, limit: int = 45) -> str:
        if self.short_help:
            return self.short_help
        paragraphs = [" ".join(part.split()) for part in (self.help or "").split("\n\n") if part.strip()]
        return " ".join(paragraphs[:2])


class _Command(_WholeSummary, click.Command):
    pass


class _Group(_WholeSummary, click.Group):
    command_class = _Command
    group_class = type  # subgroups are _Group too


@click.group(cls=_Group, context_settings={"max_content_width": 110},
             help="kiosk — đón tiếp đại biểu và chương trình trực tiếp cho hội nghị.\n\n"
                  "kiosk — check-in and live agenda for conferences. "
                  "Data directory: ./instance, or KIOSK_INSTANCE.")
@click.version_option(package_name="kiosk")
def cli() -> None:
    pass


@cli.command(help="Khởi tạo cơ sở dữ liệu và nạp sự kiện (mặc định: hội nghị CCHC xã Cẩm Giang), "
                  "tạo mã PIN cho các vai trò.\n\n"
                  "Create the database, load the event (default: the built-in Cẩm Giang conference) "
                  "and set the role PINs.")
@click.option("--event", "event_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp sự kiện TOML / event file (TOML).")
@click.option("--demo", is_flag=True, help="Nạp 120 đại biểu mẫu / load 120 sample delegates.")
@click.option("--force", is_flag=True, help="Thay thế sự kiện đã có / replace the loaded event.")
def init(event_file: Path | None, demo: bool, force: bool) -> None:
    from kiosk.events.eventfile import EventFileError
    from kiosk.installation import InitError, initialise

    app = _app()
    try:
        result = initialise(_database(app), Path(app.instance_path), event_file=event_file, demo=demo, force=force)
    except (EventFileError, InitError) as error:
        raise _refused(error) from error
    click.echo(f"Đã nạp sự kiện: {result.event_title}")
    click.echo(f"  {result.groups} nhóm đại biểu, {result.agenda_items} mục chương trình, "
               f"{result.attendees} đại biểu" + (" mẫu" if demo else ""))
    click.echo(f"  Dữ liệu: {app.instance_path}")
    if result.restored:
        from kiosk.secretfile import BADGE_SECRET_FILE

        click.echo(f"  Khôi phục từ bản sao lưu: thẻ đã in chỉ quét được khi {BADGE_SECRET_FILE} là tệp của máy cũ "
                   f"(restored from a backup: printed badges scan only with the old {BADGE_SECRET_FILE})")
    _print_pins(result.pins)


@cli.command(help="Đặt lại mã PIN của một vai trò (hoặc tất cả) và in ra.\n\n"
                  "Reset the PIN of a role (or all roles) and print it.")
@click.argument("role", required=False, type=click.Choice(["admin", "reception", "chair"]))
def pins(role: str | None) -> None:
    from kiosk.auth.pins import ROLES
    from kiosk.boundary import command_unit
    from kiosk.installation import prepare_database, set_pins

    app = _installed_app()
    database = _database(app)
    prepare_database(database, Path(app.instance_path))
    with command_unit(database) as session:
        shown = set_pins(session, (role,) if role else ROLES, replace=True)
    _print_pins(shown)


@cli.command(help="Chạy máy chủ (gevent + WebSocket) cho mọi màn hình.\n\n"
                  "Serve every screen (gevent + WebSocket, for hundreds of clients).")
@click.option("--host", default=lambda: os.environ.get("KIOSK_HOST", "127.0.0.1"), show_default="127.0.0.1",
              help="Địa chỉ lắng nghe; 0.0.0.0 để điện thoại trong mạng LAN truy cập / "
                   "address to listen on; 0.0.0.0 for phones on the LAN.")
@click.option("--port", type=int, default=lambda: int(os.environ.get("KIOSK_PORT", "5000")),
              show_default="5000 or KIOSK_PORT", help="Cổng / port.")
@click.option("--https", "use_https", is_flag=True,
              help="HTTPS với chứng chỉ tự ký (cần cho camera điện thoại) / "
                   "HTTPS with a self-signed certificate (phones need it for the camera).")
def serve(host: str, port: int, use_https: bool) -> None:
    from kiosk.addresses import PublicUrlError, public_base_url
    from kiosk.boundary import command_unit
    from kiosk.events.service import current_event
    from kiosk.installation import apply_environment_pins, prepare_database
    from kiosk.live.socket import socketio_of

    app = _installed_app()
    database = _database(app)
    prepare_database(database, Path(app.instance_path))
    with command_unit(database) as session:
        if current_event(session) is None:
            raise click.ClickException("Chưa có sự kiện. Hãy chạy trước: kiosk init --demo "
                                       "(no event loaded: run kiosk init --demo first)")
        apply_environment_pins(session)
    # Where it listens, for the links phones open (kiosk.addresses) and the Host check.
    app.config.update(SERVE_HOST=host, SERVE_PORT=port, SERVE_HTTPS=use_https)
    try:
        phones = public_base_url(app.config)
    except PublicUrlError as error:
        raise click.ClickException(str(error)) from error
    ssl_options: dict[str, str] = {}
    scheme = "http"
    if use_https:
        from kiosk.tls import ensure_certificate

        certificate = ensure_certificate(Path(app.instance_path))
        ssl_options = {"certfile": str(certificate.cert_path), "keyfile": str(certificate.key_path)}
        app.config["SESSION_COOKIE_SECURE"] = True
        scheme = "https"
        click.echo(f"Chứng chỉ tự ký, vân tay SHA-256 / self-signed certificate, SHA-256 fingerprint:\n"
                   f"  {certificate.fingerprint}")
        for name in certificate.hosts:
            click.echo(f"  {scheme}://{name}:{port}/")
    click.echo(f"kiosk đang chạy / serving (async mode: {socketio_of(app).async_mode}):")
    _print_addresses(scheme, host, port, phones)
    sys.stdout.flush()
    _serve_forever(app, host, port, ssl_options)


@cli.command(help="Tạo (hoặc làm mới) chứng chỉ HTTPS tự ký trong thư mục dữ liệu, ghi tên các địa chỉ LAN của "
                  "máy này, và in vân tay SHA-256 để kiểm tra trên điện thoại. Dùng cho nginx (deploy/README.md); "
                  "kiosk serve --https tự làm việc này.\n\n"
                  "Make (or renew) the self-signed HTTPS certificate in the data folder, naming this machine's LAN "
                  "addresses, and print its SHA-256 fingerprint to check on the phones. For nginx "
                  "(deploy/README.md); kiosk serve --https does this by itself.")
def cert() -> None:
    from kiosk.tls import ensure_certificate

    app = _installed_app()
    certificate = ensure_certificate(Path(app.instance_path))
    click.echo(f"Chứng chỉ / certificate: {certificate.cert_path}")
    click.echo(f"Khóa riêng / private key: {certificate.key_path}")
    click.echo(f"Tên / names: {', '.join(certificate.hosts)}")
    click.echo(f"Vân tay SHA-256 / SHA-256 fingerprint:\n  {certificate.fingerprint}")


SCREENS = (
    ("Màn hình hội trường / hall screen", "/screen"),
    ("Bàn đón tiếp / reception desks", "/checkin"),
    ("Chủ trì / the chair", "/chair"),
    ("Bục phát biểu / stage monitor", "/stage"),
    ("Điện thoại đại biểu / phones", "/agenda"),
    ("Quản trị / admin", "/admin"),
)


def _print_addresses(scheme: str, host: str, port: int, phones: str | None) -> None:
    """Every screen's address, the one phones and other desks open, or how to let them in on loopback only."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    for label, path in SCREENS:
        click.echo(f"  {label:<36} {scheme}://{shown}:{port}{path}")
    if phones:
        click.echo(f"Điện thoại và các bàn khác mở / phones and other desks open: {phones}/ (QR trên /screen)")
    elif host in ("127.0.0.1", "localhost", "::1"):
        click.echo("Chỉ máy này mở được. Để điện thoại và các bàn đón tiếp khác vào được, chạy:\n"
                   "  KIOSK_HOST=0.0.0.0 make run   hoặc   kiosk serve --host 0.0.0.0\n"
                   "(Only this computer can open it. To let phones and other desks in, run one of the above.)")
    elif host in ("0.0.0.0", "::"):
        click.echo("Máy khác trong mạng LAN mở bằng địa chỉ IP của máy này thay cho 127.0.0.1 "
                   "(other devices on the LAN: this computer's IP address instead of 127.0.0.1).")


def _serve_forever(app, host: str, port: int, ssl_options: dict[str, str]) -> None:
    """gevent's WSGI server on a listener with TCP_NODELAY.

    Without it, a response written as headers then body waits for the client's
    delayed ACK: 40 ms added to every answer at the desk.
    """
    import socket

    from gevent import pywsgi

    listener = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # inherited by accepted sockets
    listener.bind((host, port))
    listener.listen(1024)
    pywsgi.WSGIServer(listener, app, log=None, **ssl_options).serve_forever()


@cli.group(help="Báo cáo sau hội nghị.\n\nReports for after the conference.")
def report() -> None:
    pass


def _loaded_event():
    """The app (its context pushed) and the installation's event, or a clear refusal."""
    from kiosk.config import Config
    from kiosk.events.service import current_event
    from kiosk.installation import prepare_database

    app = _installed_app()
    database = _database(app)
    prepare_database(database, Path(app.instance_path))
    event = current_event(database.session())
    if event is None:
        raise click.ClickException(f"Chưa có sự kiện (no event loaded): {_where(Config())}.\n{NOT_INSTALLED_HINT}")
    return app, event


TABLE_FORMATS = ("pdf", "csv", "xlsx", "docx")  # kiosk.reports.TABLE_FORMATS, without importing reportlab here


def _report_command(name: str, help_text: str, stem: str, label: str, build,
                    formats: tuple[str, ...] = TABLE_FORMATS) -> None:
    """``kiosk report NAME [--format] [--out]``: ``build(event, fmt)`` gives the file's bytes; the first of
    ``formats`` is the default."""

    @report.command(name, help=help_text)
    @click.option("--format", "fmt", type=click.Choice(list(formats)), default=formats[0], show_default=True,
                  help="Định dạng / format.")
    @click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
                  help=f"Tệp ghi ra / output file  [mặc định / default: {stem}.FORMAT]")
    def command(fmt: str, out: Path | None) -> None:
        _app, event = _loaded_event()
        path = out or Path(f"{stem}.{fmt}")
        path.write_bytes(build(event, fmt))
        click.echo(f"Đã ghi {label}: {path}")


def _timing_report(event, fmt: str) -> bytes:
    from kiosk.extensions import db
    from kiosk.timer.report import timing_report

    return timing_report(db.session(), event, fmt, time.time())


def _attendance_report(event, fmt: str) -> bytes:
    from kiosk.checkin.report import attendance_report
    from kiosk.db import utcnow
    from kiosk.extensions import db

    return attendance_report(db.session(), event, fmt, utcnow())


_report_command("timing", "Báo cáo thời gian cho biên bản: kế hoạch và thực tế từng nội dung, quá giờ, tổng thời "
                "gian chậm.\n\nThe timing report for the minutes: planned against actual per item, overtime, "
                "total delay.", "bao-cao-thoi-gian", "báo cáo thời gian / timing report written", _timing_report)
_report_command("attendance", "Báo cáo điểm danh cho biên bản: đại biểu từng nhóm, giờ đến.\n\nThe attendance "
                "report for the minutes: delegates per group, arrival times.", "bao-cao-diem-danh",
                "báo cáo điểm danh / attendance report written", _attendance_report)


def _minutes(event, fmt: str) -> bytes:
    from kiosk.extensions import db
    from kiosk.minutes.record import minutes_file

    return minutes_file(db.session(), event, fmt, time.time())


_report_command("minutes", "Biên bản hội nghị theo thể thức Nghị định 30/2020/NĐ-CP: giờ khai mạc và bế mạc thực "
                "tế, chủ trì, thư ký, đại biểu được mời, có mặt, dự thay, vắng có lý do, vắng; từng nội dung với "
                "người trình bày và thời lượng thực tế. Khi chương trình chưa kết thúc là bản dự thảo.\n\n"
                "The minutes of the conference (biên bản) in the layout of Decree 30/2020: actual opening and "
                "closing times, chair, secretary, delegates invited, present, by stand-in, excused, absent; each "
                "item with its presenter and actual length. A draft until the programme has ended.",
                "bien-ban-hoi-nghi", "biên bản / minutes written", _minutes, formats=("docx", "pdf"))


@cli.command(help="In thẻ đại biểu có mã QR: mỗi nhóm một tệp PDF (hoặc ảnh PNG từng người).\n\n"
                  "Make QR badges: one PDF per attendee group (or a PNG per delegate).")
@click.option("--group", "group_code", help="Chỉ nhóm này (mã, ví dụ PCM) / only this group (its code).")
@click.option("--layout", "layout_name", default="a4-90x55", show_default=True,
              help="Khổ thẻ trong badges/layouts / a layout in badges/layouts.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "png"]), default="pdf", show_default=True,
              help="PDF để in, PNG để gửi qua Zalo/email / PDF to print, PNG to send.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("badges"),
              show_default=True, help="Thư mục ghi ra / output folder.")
def badges(group_code: str | None, layout_name: str, fmt: str, out_dir: Path) -> None:
    from kiosk.badges.errors import BadgeError
    from kiosk.badges.layouts import layout_names, load_layout
    from kiosk.badges.render_png import render_png
    from kiosk.badges.service import badge_for, group_attendees, write_group_pdf
    from kiosk.extensions import db

    app, event = _loaded_event()
    groups = [g for g in event.groups if group_code is None or g.code == group_code.upper()]
    if not groups:
        raise click.ClickException(f"Không có nhóm “{group_code}”; các mã nhóm: "
                                   f"{', '.join(g.code for g in event.groups)} (no such group)")
    if layout_name not in layout_names():
        raise click.ClickException(f"Không có khổ thẻ “{layout_name}”; chọn: {', '.join(layout_names())}")
    layout = load_layout(layout_name)
    secret = app.config["BADGE_SECRET"]
    session = db.session()
    batches = [(g, group_attendees(session, event, g)) for g in groups]
    batches = [(g, people) for g, people in batches if people]
    total = sum(len(people) for _g, people in batches)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    try:
        with click.progressbar(length=total, label="Đang tạo thẻ / making badges") as bar:
            for group, people in batches:
                if fmt == "pdf":
                    path = out_dir / f"the-{group.code}-{layout_name}.pdf"
                    write_group_pdf(event, people, secret, layout, path, progress=lambda _n: bar.update(1),
                                    qr_workers=os.cpu_count() or 1)
                    written.append(path)
                    continue
                folder = out_dir / group.code
                folder.mkdir(exist_ok=True)
                for person in people:
                    path = folder / f"the-{person.number}.png"
                    path.write_bytes(render_png(badge_for(event, person, secret)))
                    written.append(path)
                    bar.update(1)
    except BadgeError as error:
        raise _refused(error) from error
    click.echo(f"Đã tạo {total} thẻ trong {len(written)} tệp tại {out_dir}/ ({total} badges, {len(written)} files)")


@cli.command("import-plan", help="Đọc kế hoạch tổ chức hội nghị (.docx, .md, .txt) và viết tệp sự kiện TOML để "
                                  "kiểm tra, kèm danh sách những gì kế hoạch không ghi.\n\n"
                                  "Read a conference plan (.docx, .md, .txt) into an event file (TOML) to review, "
                                  "listing what the plan does not say.")
@click.argument("plan_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp sự kiện ghi ra / event file to write  [mặc định / default: TÊN-KẾ-HOẠCH.toml]")
def import_plan(plan_file: Path, out: Path | None) -> None:
    from kiosk.plans import PlanError
    from kiosk.plans import import_plan as read

    try:
        plan = read(plan_file.name, plan_file.read_bytes())
    except PlanError as error:
        raise click.ClickException(f"{plan_file}: {error}") from error
    out = out or Path(f"{plan_file.stem}.toml")
    if out.resolve() == plan_file.resolve():
        raise click.ClickException(f"--out không được ghi đè lên kế hoạch / would overwrite the plan: {out}")
    out.write_text(plan.event_file(plan_file.name), encoding="utf-8")
    spec = plan.spec
    presentations = [p for item in spec.agenda for p in item.items if p.kind == "presentation"]
    click.echo(f"Kế hoạch / plan: {spec.title}")
    click.echo(f"  {spec.organiser} · {spec.place} · {spec.date} {spec.start_time}")
    click.echo(f"  {len(spec.groups)} nhóm đại biểu, {len(spec.agenda)} mục chương trình, "
               f"{len(presentations)} tham luận × {spec.presentation_minutes} phút")
    for line in plan.missing:
        click.echo(f"  KHÔNG TÌM THẤY: {line}")
    for line in plan.notes:
        click.echo(f"  LƯU Ý: {line}")
    click.echo(f"Đã ghi / written: {out}\nKiểm tra, sửa, rồi nạp / review, then load: kiosk init --event {out} --force")


@cli.command("import-roster", help="Nạp danh sách đại biểu (CSV hoặc XLSX): cột họ tên, chức vụ, đơn vị, nhóm, ghế. "
                                    "Có lỗi thì không nạp gì và in mọi lỗi.\n\n"
                                    "Load the delegate list (CSV or XLSX): name, position, unit, group, seat. "
                                    "Any error: nothing is loaded and every error is printed.")
@click.argument("roster_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Chỉ kiểm tra, không nạp / check only, change nothing.")
def import_roster(roster_file: Path, dry_run: bool) -> None:
    from kiosk.attendees.roster_import import import_roster as load
    from kiosk.boundary import command_unit

    app, event = _loaded_event()
    with command_unit(_database(app)) as session:
        check = load(session, event, roster_file.name, roster_file.read_bytes(), dry_run=dry_run)
    if not check.ok:
        for error in check.errors:
            click.echo(f"  {error}", err=True)
        raise click.ClickException(f"{len(check.errors)} lỗi trong {roster_file}: không nạp đại biểu nào "
                                   f"({len(check.errors)} errors: nothing loaded)")
    if dry_run:
        click.echo(f"Không có lỗi: {len(check.rows)} đại biểu sẵn sàng để nạp; chưa thay đổi gì "
                   f"(no errors, {len(check.rows)} delegates; dry run, nothing changed)")
    else:
        click.echo(f"Đã nạp {len(check.rows)} đại biểu từ {roster_file} ({len(check.rows)} delegates loaded)")


@cli.command(help="Sao lưu cả sự kiện: chương trình, nhóm, đại biểu (giữ mã và phiên bản thẻ), điểm danh, "
                  "đồng hồ, tin nhắn. Khôi phục: kiosk init --event TỆP --force.\n\n"
                  "Back up the whole event: programme, groups, delegates (ids and badge versions kept), "
                  "check-ins, the clock, messages. Restore: kiosk init --event FILE --force.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp ghi ra / output file  [mặc định / default: sao-luu-kiosk-NGÀY-GIỜ.toml]")
def export(out: Path | None) -> None:
    from kiosk.backup.export import export_event
    from kiosk.db import utcnow
    from kiosk.extensions import db
    from kiosk.secretfile import BADGE_SECRET_FILE

    app, event = _loaded_event()
    now = utcnow()
    path = out or Path(f"sao-luu-kiosk-{now:%Y%m%d-%H%M%S}.toml")
    path.write_text(export_event(db.session(), event, now), encoding="utf-8")
    click.echo(f"Đã sao lưu / backup written: {path}")
    click.echo(f"Chép kèm khóa ký thẻ / copy the badge key too: {Path(app.instance_path) / BADGE_SECRET_FILE}")


def main() -> None:
    """Console entry point: patch for gevent first when serving; keep what kiosk writes to its user."""
    if len(sys.argv) > 1 and sys.argv[1] == "serve":
        from gevent import monkey

        monkey.patch_all()
    from kiosk.config import default_instance_path
    from kiosk.secretfile import make_private

    # The database (every delegate, the PIN hashes), its WAL, keys, backups and reports: 600, folders 700.
    os.umask(0o077)
    make_private(default_instance_path())
    cli(prog_name="kiosk")


if __name__ == "__main__":
    main()
