"""The ``kiosk`` command.

Only the standard library and click are imported at the top: ``kiosk serve``
must patch the standard library for gevent before Flask is imported.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

ROLE_LABELS = {"admin": "Quản trị (admin)", "reception": "Đón tiếp (reception)", "chair": "Chủ trì (chair)"}


def _app():  # type: ignore[no-untyped-def]
    from kiosk.app import create_app

    return create_app()


def _print_pins(pins: dict[str, str | None]) -> None:
    if not pins:
        return
    click.echo("Mã PIN (chỉ hiện một lần / shown once):")
    for role, pin in pins.items():
        from kiosk.auth.pins import PIN_ENV

        shown = pin if pin is not None else f"(theo biến môi trường {PIN_ENV[role]})"
        click.echo(f"  {ROLE_LABELS[role]:<24} {shown}")


@click.group(help="kiosk — đón tiếp đại biểu và chương trình trực tiếp cho hội nghị.\n\n"
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
    from kiosk.db import db

    try:
        result = initialise(db, Path(app.instance_path), event_file=event_file, demo=demo, force=force)
    except (EventFileError, InitError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Đã nạp sự kiện: {result.event_title}")
    click.echo(f"  {result.groups} nhóm đại biểu, {result.agenda_items} mục chương trình, "
               f"{result.attendees} đại biểu" + (" mẫu" if demo else ""))
    click.echo(f"  Dữ liệu: {app.instance_path}")
    _print_pins(result.pins)


@cli.command(help="Đặt lại mã PIN của một vai trò (hoặc tất cả) và in ra.\n\n"
                  "Reset the PIN of a role (or all roles) and print it.")
@click.argument("role", required=False, type=click.Choice(["admin", "reception", "chair"]))
def pins(role: str | None) -> None:
    from kiosk.auth.pins import ROLES
    from kiosk.db import db
    from kiosk.installation import prepare_database, set_pins

    app = _app()
    prepare_database(db, Path(app.instance_path))
    with db.transaction() as session:
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
    from kiosk.db import db
    from kiosk.events.service import current_event
    from kiosk.installation import apply_environment_pins, prepare_database
    from kiosk.live.socket import socketio

    app = _app()
    prepare_database(db, Path(app.instance_path))
    with db.transaction() as session:
        if current_event(session) is None:
            raise click.ClickException("Chưa có sự kiện. Hãy chạy trước: kiosk init --demo "
                                       "(no event loaded: run kiosk init --demo first)")
        apply_environment_pins(session)
    ssl_options: dict[str, str] = {}
    scheme = "http"
    if use_https:
        from kiosk.tls import ensure_certificate

        certificate = ensure_certificate(Path(app.instance_path))
        ssl_options = {"certfile": str(certificate.cert_path), "keyfile": str(certificate.key_path)}
        scheme = "https"
        click.echo(f"Chứng chỉ tự ký, vân tay SHA-256 / self-signed certificate, SHA-256 fingerprint:\n"
                   f"  {certificate.fingerprint}")
        for name in certificate.hosts:
            click.echo(f"  {scheme}://{name}:{port}/")
    click.echo(f"kiosk đang chạy tại / serving at {scheme}://{'127.0.0.1' if host == '0.0.0.0' else host}:{port}/ "
               f"(async mode: {socketio.async_mode})", err=False)
    sys.stdout.flush()
    socketio.run(app, host=host, port=port, log_output=False, **ssl_options)


def main() -> None:
    """Console entry point: patch for gevent first when serving."""
    if len(sys.argv) > 1 and sys.argv[1] == "serve":
        from gevent import monkey

        monkey.patch_all()
    cli(prog_name="kiosk")


if __name__ == "__main__":
    main()
