"""Past one machine: two `kiosk serve` processes on one PostgreSQL, Socket.IO messages through Redis, nginx in front.

Set up as deploy/README.md says: the environment from ``deploy/kiosk.env``
(its database and queue swapped for the throwaway ones), every command
through ``deploy/kiosk`` (``kiosk init``, ``kiosk cert``), ``deploy/nginx.conf``
with its HTTPS server on the certificate ``kiosk cert`` made.

Each test needs PostgreSQL's ``initdb``/``pg_ctl``, ``redis-server`` (and for the
last one ``nginx``): throwaway servers on free loopback ports, in temporary
folders, stopped at the end. Without them the tests skip, unless
KIOSK_REQUIRE_MULTIPROCESS=1 (set by .ci/run, which installs them).
"""

from __future__ import annotations

import glob
import http.client
import importlib.util
import json
import os
import pwd
import queue
import re
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from kiosk.secretfile import BADGE_SECRET_FILE
from tests.conftest import PINS, kiosk_app
from tests.livekiosk import LiveKiosk, free_port, login_cookie

pytestmark = pytest.mark.alone  # it measures time, memory or a race: run with the machine to itself

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = os.environ.get("KIOSK_REQUIRE_MULTIPROCESS") == "1"
WAIT = 20.0  # seconds: the longest any server may take to come up
PUSH = 1.0  # seconds: how soon a change made at one process must reach a client of the other


def need(what: str, found: object) -> None:
    """Skip (or with KIOSK_REQUIRE_MULTIPROCESS=1, fail) when something to run is missing."""
    if not found:
        if REQUIRED:
            pytest.fail(f"{what} is required (KIOSK_REQUIRE_MULTIPROCESS=1) but missing")
        pytest.skip(f"{what} is not installed")


def postgres_program(name: str) -> str | None:
    """On PATH, or in Debian's /usr/lib/postgresql/<version>/bin (newest first)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = glob.glob(f"/usr/lib/postgresql/*/bin/{name}")
    candidates.sort(key=lambda path: int(re.search(r"/(\d+)/bin/", path).group(1)))  # type: ignore[union-attr]
    return candidates[-1] if candidates else None


def wait_until(ready: Callable[[], bool], what: str, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if ready():
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not come up within {timeout:.0f} s")


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    """A throwaway PostgreSQL cluster on a free port (its socket in its own folder); yields a SQLAlchemy URL."""
    initdb, pg_ctl = postgres_program("initdb"), postgres_program("pg_ctl")
    need("PostgreSQL (initdb and pg_ctl: apt-get install postgresql)", initdb and pg_ctl)
    need("psycopg (pip install 'psycopg[binary]')", importlib.util.find_spec("psycopg"))
    import psycopg

    run_as: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root: the Debian package's `postgres` user runs it
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(folder)
            need("a `postgres` system user to run PostgreSQL as (root is refused)", False)
        os.chown(folder, owner.pw_uid, owner.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    data, port = folder / "data", free_port()
    try:
        subprocess.run([*run_as, initdb, "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                        "--no-locale", "--no-sync"], check=True, capture_output=True, timeout=60)
        subprocess.run([*run_as, pg_ctl, "-D", str(data), "-l", str(folder / "postgres.log"), "-w", "-t", "30",
                        "-o", f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start"],
                       check=True, capture_output=True, timeout=60)
        with psycopg.connect(f"host=127.0.0.1 port={port} user=postgres dbname=postgres", autocommit=True) as c:
            c.execute("CREATE DATABASE kiosk")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/kiosk"
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run([*run_as, pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"],
                           capture_output=True, timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throwaway redis-server on a free port, keeping nothing on disk."""
    server = shutil.which("redis-server")
    need("redis-server (apt-get install redis-server)", server)
    need("the redis package (pip install redis)", importlib.util.find_spec("redis"))
    import redis

    port = free_port()
    process = subprocess.Popen([str(server), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", str(tmp_path_factory.mktemp("redis"))],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: bool(redis.Redis(port=port, socket_timeout=1).ping()), "redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def deploy_env(path: Path, **values: str) -> dict[str, str]:
    """deploy/kiosk.env as the guide installs it, with ``values`` in place of its own; written to ``path`` too."""
    env = {}
    for line in (ROOT / "deploy/kiosk.env").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            env[name.strip()] = value.strip()
    assert {"KIOSK_INSTANCE", "DATABASE_URL", "KIOSK_MESSAGE_QUEUE"} <= set(env) and env["KIOSK_PROXIES"] == "1"
    env.update(values)
    path.write_text("".join(f"{name}={value}\n" for name, value in env.items()))
    return env


def kiosk_command(env_file: Path, *args: str, cwd: Path | None = None,
                  extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``kiosk ARGS`` as the organiser runs it on the server: deploy/kiosk (here as this user, this checkout's
    kiosk)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_") and k != "DATABASE_URL"}
    env.update({"KIOSK_ENV_FILE": str(env_file), "KIOSK_USER": pwd.getpwuid(os.geteuid()).pw_name,
                "KIOSK_PROGRAM": str(Path(sys.executable).parent / "kiosk"), **(extra or {})})
    return subprocess.run([str(ROOT / "deploy/kiosk"), *args], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory, postgres: str, redis_url: str) -> dict[str, Any]:
    """Steps 5 to 8 of deploy/README.md: the environment file, ``kiosk init``, ``kiosk cert``."""
    folder = tmp_path_factory.mktemp("srv-kiosk")
    env_file = folder / "kiosk.env"
    env = deploy_env(env_file, KIOSK_INSTANCE=str(folder / "instance"), DATABASE_URL=postgres,
                     KIOSK_MESSAGE_QUEUE=redis_url)
    pins = {f"KIOSK_{role.upper()}_PIN": pin for role, pin in PINS.items()}
    for step in (("init", "--demo"), ("cert",)):
        done = kiosk_command(env_file, *step, cwd=folder, extra=pins)
        assert done.returncode == 0, done.stderr + done.stdout
    return {"env": env, "env_file": env_file, "instance": folder / "instance"}


@pytest.fixture(scope="module")
def kiosks(tmp_path_factory: pytest.TempPathFactory,
           installed: dict[str, Any]) -> Iterator[tuple[LiveKiosk, LiveKiosk]]:
    """Processes A and B, each run as the unit runs it (the environment file, ``kiosk serve`` on its own port).

    A uses the installation's data folder; B has its own, with A's two secrets
    copied in, as on a second machine.
    """
    env = {k: v for k, v in installed["env"].items() if k != "KIOSK_INSTANCE"}
    a = LiveKiosk(instance=installed["instance"], pins=dict(PINS), extra_env=env)
    b = LiveKiosk(instance=tmp_path_factory.mktemp("b") / "instance", pins=dict(PINS), extra_env=env)
    b.instance.mkdir(parents=True)
    for secret in ("session.key", BADGE_SECRET_FILE):  # what deploy/README.md says to copy to each machine
        shutil.copy2(a.instance / secret, b.instance / secret)
    try:
        a.start()
        b.start()
        yield a, b
    finally:
        a.stop()
        b.stop()


# --- clients ---------------------------------------------------------------------


def request(url: str, method: str, path: str, body: object = None, cookie: str = "",
            headers: dict[str, str] | None = None, timeout: float = WAIT) -> tuple[int, Any]:
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        connection.request(method, path, None if body is None else json.dumps(body),
                           {"Content-Type": "application/json", **({"Cookie": cookie} if cookie else {}),
                            **(headers or {})})
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


class Live:
    """What one Socket.IO client on /live received: (event, arrival time, data), in order."""

    def __init__(self) -> None:
        self.received: queue.Queue[tuple[str, float, Any]] = queue.Queue()

    def handler(self, name: str) -> Callable[[Any], None]:
        return lambda data: self.received.put((name, time.monotonic(), data))

    def wait_for(self, name: str, match: Callable[[Any], bool], timeout: float) -> float:
        """When the first matching event arrived; AssertionError if none within ``timeout``."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                event, at, data = self.received.get(timeout=left)
            except queue.Empty:
                break
            if event == name and match(data):
                return at
        raise AssertionError(f"no matching `{name}` within {timeout} s")


@contextmanager
def live_client(url: str, cookie: str, chair_url: str, *, transport: str = "websocket") -> Iterator[Live]:
    """A /live client signed in through ``cookie``, ready once a message sent at ``chair_url`` reaches it."""
    import socketio

    live = Live()
    client = socketio.Client(reconnection=False)
    for name in ("hello", "timer", "attendance", "arrival", "message"):
        client.on(name, live.handler(name), namespace="/live")
    client.connect(url, headers={"Cookie": cookie} if cookie else {}, namespaces=["/live"], transports=[transport],
                   wait_timeout=10)
    try:
        live.wait_for("hello", lambda _data: True, 5)
        # The receiving process subscribes to Redis when its first client connects: wait until it listens.
        chair = login_cookie(chair_url, "chair", timeout=WAIT)
        deadline = time.monotonic() + WAIT
        while True:
            probe = f"kiểm tra {uuid.uuid4().hex[:6]}"
            assert request(chair_url, "POST", "/api/v1/messages", {"text": probe}, chair)[0] == 200
            try:
                live.wait_for("message", lambda data, p=probe: (data["message"] or {}).get("text") == p, 0.5)
                break
            except AssertionError:
                assert time.monotonic() < deadline, "the Socket.IO client never heard the other process"
        yield live
    finally:
        client.disconnect()


# --- the tests -------------------------------------------------------------------


def test_a_scan_at_one_process_reaches_the_desks_and_screens_of_the_other(kiosks: tuple[LiveKiosk, LiveKiosk]) -> None:
    a, b = kiosks
    # signed in at A, its cookie works at B: both have the same session key
    desk = login_cookie(a.url, "reception", timeout=WAIT)
    with live_client(b.url, desk, a.url) as live:
        sent = time.monotonic()
        status, answer = request(a.url, "POST", "/api/v1/checkins",
                                 {"attendee_id": 7, "desk": "Bàn A", "client_id": uuid.uuid4().hex}, desk)
        assert (status, answer["status"]) == (200, "checked_in")
        arrived = live.wait_for("arrival", lambda person: person["id"] == 7 and person["checked_in_desk"] == "Bàn A",
                                PUSH)
        counted = live.wait_for("attendance", lambda counts: counts["total"]["checked_in"] >= 1, PUSH)
        assert arrived - sent < PUSH and counted - sent < PUSH
    status, counts = request(b.url, "GET", "/api/v1/attendance")
    assert counts["total"]["checked_in"] == 1  # B reads what A wrote
    # the scan's plain statements on PostgreSQL: a repeat at B is told the first arrival, to the microsecond
    status, again = request(b.url, "POST", "/api/v1/checkins",
                            {"attendee_id": 7, "desk": "Bàn B", "client_id": uuid.uuid4().hex}, desk)
    assert (status, again["status"], again["first_desk"]) == (200, "already_checked_in", "Bàn A")
    assert again["first_checked_in_at"] == answer["first_checked_in_at"]


def test_a_chair_command_at_one_process_moves_the_clock_on_the_others_screens(
        kiosks: tuple[LiveKiosk, LiveKiosk]) -> None:
    a, b = kiosks
    chair = login_cookie(a.url, "chair", timeout=WAIT)
    with live_client(b.url, "", a.url) as screen:  # a public hall screen at B
        sent = time.monotonic()
        status, state = request(a.url, "POST", "/api/v1/timer/toggle", {}, chair)
        assert status == 200
        shown = screen.wait_for("timer", lambda clock: clock["revision"] == state["revision"], PUSH)
        assert shown - sent < PUSH
    assert request(b.url, "GET", "/api/v1/timer")[1]["status"] == state["status"]


def test_a_command_waiting_for_a_database_lock_does_not_stall_the_server(
        kiosks: tuple[LiveKiosk, LiveKiosk], postgres: str) -> None:
    """psycopg waits in gevent's loop (not in C): while one request waits on PostgreSQL, others are answered."""
    import psycopg

    a, _b = kiosks
    chair = login_cookie(a.url, "chair", timeout=WAIT)
    answers: dict[str, tuple[int, Any]] = {}
    with psycopg.connect(postgres.replace("postgresql+psycopg", "postgresql")) as holder:
        holder.execute("SELECT id FROM event FOR UPDATE")  # another process mid-command holds the clock's lock
        command = threading.Thread(target=lambda: answers.setdefault(
            "toggle", request(a.url, "POST", "/api/v1/timer/toggle", {}, chair)), daemon=True)
        command.start()
        time.sleep(0.3)  # the command is now waiting for the lock
        asked = time.monotonic()
        assert request(a.url, "GET", "/api/v1/time")[0] == 200
        answered = time.monotonic() - asked
        assert command.is_alive(), "the command did not wait for the lock"
        holder.rollback()
    command.join(WAIT)
    assert answered < 0.5, f"a request waited {answered:.1f} s behind another's database wait"
    assert answers["toggle"][0] == 200


def test_migrations_on_postgresql_give_exactly_the_models_schema(kiosks: tuple[LiveKiosk, LiveKiosk],
                                                                 postgres: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine

    from kiosk.models import Base

    engine = create_engine(postgres)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_hostile_bodies_on_postgresql_are_4xx(kiosks: tuple[LiveKiosk, LiveKiosk], postgres: str) -> None:
    """What the fuzzing found, against PostgreSQL: no NUL or over-long text reaches it, nothing changes."""
    import psycopg

    from tests.security.test_fuzz import HOSTILE_BODIES

    a, _b = kiosks
    admin = login_cookie(a.url, "admin", timeout=WAIT)
    url = postgres.replace("postgresql+psycopg", "postgresql")

    def rows() -> tuple[int, ...]:
        with psycopg.connect(url) as connection:
            return tuple(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[index]
                         for table in ("attendee", "checkin", "timer_transition", "presenter_message"))

    before = rows()
    bodies = [*HOSTILE_BODIES, ("/api/v1/attendees", json.dumps({"group": "TH", "full_name": "A",
                                                                  "unit": "\u0958" * 300}).encode())]
    for path, body in bodies:
        host, port = a.url.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=WAIT)
        connection.request("POST", path, body, {"Content-Type": "application/json", "Cookie": admin})
        response = connection.getresponse()
        answer = json.loads(response.read())
        connection.close()
        assert 400 <= response.status < 500 and answer["error"]["message"], (path, body[:80], response.status)
    assert rows() == before


@pytest.fixture(scope="module")
def proxy(kiosks: tuple[LiveKiosk, LiveKiosk], tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """deploy/nginx.conf in front of A and B, HTTP and HTTPS on free ports; yields their URLs."""
    program = shutil.which("nginx") or (os.path.exists("/usr/sbin/nginx") and "/usr/sbin/nginx")
    need("nginx (apt-get install nginx)", program)
    a, b = kiosks
    folder = tmp_path_factory.mktemp("nginx")
    for _attempt in range(3):  # a free port may be taken again before nginx binds it: then new ports
        process, port, tls_port = _start_nginx(program, folder, a, b)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until(lambda process=process, url=url: process.poll() is None
                       and request(url, "GET", "/api/v1/time", timeout=2)[0] == 200, "nginx")
            break
        except RuntimeError:
            process.terminate()
            process.wait(timeout=10)
            errors = (folder / "stderr.log").read_text()
            if "Address already in use" not in errors:
                raise RuntimeError(f"nginx did not come up: {errors[-2000:]}") from None
    else:
        raise RuntimeError("nginx found its ports taken three times")
    try:
        yield {"http": url, "https": f"https://127.0.0.1:{tls_port}"}
    finally:
        process.terminate()
        process.wait(timeout=10)


def _start_nginx(program: str, folder: Path, a: LiveKiosk, b: LiveKiosk) -> tuple[subprocess.Popen[bytes], int, int]:
    """nginx with deploy/nginx.conf in front of A and B on two free ports (its errors in ``folder``/stderr.log)."""
    port, tls_port = free_port(), free_port()
    site = (ROOT / "deploy/nginx.conf").read_text()
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port};")
    site = site.replace("listen 443 ssl;", f"listen 127.0.0.1:{tls_port} ssl;")
    site = site.replace("/srv/kiosk/instance/", f"{a.instance}/")  # the certificate `kiosk cert` made
    site = site.replace("server 127.0.0.1:5001;", f"server 127.0.0.1:{a.port};")
    site = site.replace("server 127.0.0.1:5002;", f"server 127.0.0.1:{b.port};")
    (folder / "site.conf").write_text(site)
    temp = "\n".join(f"    {kind}_temp_path {folder}/{kind};" for kind in ("client_body", "proxy", "fastcgi",
                                                                           "uwsgi", "scgi"))
    (folder / "nginx.conf").write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"worker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
        + "events { worker_connections 1024; }\n"
        + f"http {{\n    access_log off;\n{temp}\n    include {folder}/site.conf;\n}}\n")
    process = subprocess.Popen([str(program), "-p", str(folder), "-c", str(folder / "nginx.conf"),
                                "-g", "daemon off;"], stdout=subprocess.DEVNULL,
                               stderr=(folder / "stderr.log").open("wb"))
    return process, port, tls_port


@pytest.fixture(scope="module")
def nginx(proxy: dict[str, str]) -> str:
    return proxy["http"]


@pytest.mark.parametrize("transport", ["websocket", "polling"])
def test_through_nginx_a_desk_page_posts_and_hears_the_other_process(
        kiosks: tuple[LiveKiosk, LiveKiosk], nginx: str, transport: str) -> None:
    """A browser behind deploy/nginx.conf: its POSTs pass the origin check, and pushes reach it on either transport."""
    a, b = kiosks
    desk = login_cookie(nginx, "reception", timeout=WAIT)
    origin = {"Origin": nginx}  # what a browser sends with the desk page's fetch()
    first = 20 if transport == "websocket" else 40  # delegates not yet checked in
    with live_client(nginx, desk, nginx, transport=transport) as live:
        for server, attendee_id, headers in ((nginx, first, origin), (a.url, first + 1, {}), (b.url, first + 2, {})):
            sent = time.monotonic()
            status, answer = request(server, "POST", "/api/v1/checkins", {"attendee_id": attendee_id,
                                                                          "desk": "Bàn 9"}, desk, headers)
            assert (status, answer["status"]) == (200, "checked_in"), answer
            arrived = live.wait_for("arrival", lambda person, i=attendee_id: person["id"] == i, PUSH)
            assert arrived - sent < PUSH


def _login_over(url: str, certificate: Path) -> tuple[int, str]:
    """Sign in as the chair through ``url`` (http or https, trusting ``certificate``): status and Set-Cookie."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https":
        context = ssl.create_default_context(cafile=str(certificate))
        connection: http.client.HTTPConnection = http.client.HTTPSConnection(parts.hostname or "", parts.port,
                                                                             timeout=WAIT, context=context)
    else:
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=WAIT)
    try:
        connection.request("POST", "/api/v1/login", json.dumps({"role": "chair", "pin": PINS["chair"]}),
                           {"Content-Type": "application/json", "Origin": url})
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Set-Cookie", "")
    finally:
        connection.close()


def test_through_nginx_over_https_the_session_cookie_is_secure(kiosks: tuple[LiveKiosk, LiveKiosk],
                                                                proxy: dict[str, str]) -> None:
    """The certificate `kiosk cert` made serves nginx's HTTPS; the cookie is Secure there, and only there."""
    a, _b = kiosks
    status, cookie = _login_over(proxy["https"], a.instance / "tls-cert.pem")
    assert status == 200 and "; Secure" in cookie and "HttpOnly" in cookie, cookie
    status, cookie = _login_over(proxy["http"], a.instance / "tls-cert.pem")
    assert status == 200 and "Secure" not in cookie, cookie


def test_every_command_run_the_guides_way_finds_the_installation(installed: dict[str, Any],
                                                                  kiosks: tuple[LiveKiosk, LiveKiosk],
                                                                  tmp_path: Path) -> None:
    """`kiosk report …` from any folder reads the shared database and data folder, and leaves nothing behind."""
    elsewhere = tmp_path / "home"
    elsewhere.mkdir()
    done = kiosk_command(installed["env_file"], "report", "attendance", "--format", "csv",
                         "--out", str(elsewhere / "diem-danh.csv"), cwd=elsewhere)
    assert done.returncode == 0, done.stderr
    assert "Nguyễn" in (elsewhere / "diem-danh.csv").read_text(encoding="utf-8-sig")
    assert sorted(p.name for p in elsewhere.iterdir()) == ["diem-danh.csv"]


# --- behind a proxy, without servers -----------------------------------------------


@pytest.fixture
def proxied_app(tmp_path: Path, pin_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with kiosk_app(tmp_path / "instance", PROXIES=1, CHECKIN_RATE_LIMIT="3 per minute") as application:
        yield application


def test_behind_nginx_each_desk_has_its_own_rate_limit(proxied_app: Flask) -> None:
    """With KIOSK_PROXIES=1 the desk's address comes from X-Forwarded-For: one fast desk does not block the others."""
    client = proxied_app.test_client()
    assert client.post("/api/v1/login", json={"role": "reception", "pin": PINS["reception"]}).status_code == 200

    def scan(desk_address: str, attendee_id: int) -> int:
        return client.post("/api/v1/checkins", json={"attendee_id": attendee_id, "desk": desk_address},
                           headers={"X-Forwarded-For": desk_address}).status_code

    assert [scan("192.168.1.21", n) for n in (1, 2, 3, 4)] == [200, 200, 200, 429]
    assert [scan("192.168.1.22", n) for n in (5, 6)] == [200, 200]


def test_wrong_pins_count_across_processes(kiosks: tuple[LiveKiosk, LiveKiosk]) -> None:
    """Rate limits live in the same Redis: two processes are not twice as lenient to a PIN guesser."""
    a, b = kiosks
    answers = [request(url, "POST", "/api/v1/login", {"role": "admin", "pin": "0000"})[0]
               for url in (a.url, b.url) * 6]
    assert answers[:10] == [401] * 10
    assert answers[10:] == [429, 429]


def test_behind_a_proxy_the_cookie_is_secure_exactly_when_the_client_came_over_https(proxied_app: Flask) -> None:
    client = proxied_app.test_client()
    body = {"role": "chair", "pin": PINS["chair"]}
    over_https = client.post("/api/v1/login", json=body, headers={"X-Forwarded-Proto": "https"})
    over_http = client.post("/api/v1/login", json=body, headers={"X-Forwarded-Proto": "http"})
    assert "; Secure" in over_https.headers["Set-Cookie"]
    assert "Secure" not in over_http.headers["Set-Cookie"]
