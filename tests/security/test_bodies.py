"""Bodies too large to read, against a real ``kiosk serve``: chunked or declared, signed in or not.

The limit holds for every body: 64 kB for the API, 10 MB of upload under
/admin/. Past it the answer is a 413 and the connection is closed; the server
neither buffers the body nor reads the rest of it.
"""

from __future__ import annotations

import select
import time
from collections.abc import Iterator

import pytest

from tests.livekiosk import LiveKiosk
from tests.security.attacker import call, kiosk_with, login, raw_connection, rss_kib

pytestmark = pytest.mark.alone  # it measures time, memory or a race: run with the machine to itself

CHUNK = 64 * 1024


@pytest.fixture(scope="module")
def kiosk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveKiosk]:
    with kiosk_with(tmp_path_factory.mktemp("bodies") / "instance") as served:
        yield served


def _status(head: bytes) -> int:
    return int(head.split(b" ", 2)[1])


def send_chunked(kiosk: LiveKiosk, path: str, total: int, *, headers: str = "",
                 prefix: bytes = b"") -> tuple[int, int, bool]:
    """Send up to ``total`` bytes as a chunked body, watching for an answer between chunks.

    Returns the answer's status, how many body bytes were sent before it came
    (the kernel's socket buffers on loopback take a few MB the server never
    reads), and whether the server then closed the connection rather than
    reading on.
    """
    connection = raw_connection(kiosk)
    sent = 0
    try:
        connection.sendall((f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{kiosk.port}\r\n"
                            f"Transfer-Encoding: chunked\r\n{headers}\r\n").encode())
        chunk = prefix + b"0" * (CHUNK - len(prefix))
        answer = b""
        while sent < total:
            if select.select([connection], [], [], 0)[0]:
                break  # the server answered (or closed) before the body ended
            try:
                connection.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(chunk)
            chunk = b"0" * CHUNK
        else:
            connection.sendall(b"0\r\n\r\n")
        connection.settimeout(120)
        while b"\r\n" not in answer:
            more = connection.recv(4096)
            assert more, f"closed without an answer after {sent} bytes"
            answer += more
        connection.settimeout(5)
        try:
            while connection.recv(65536):
                pass
            closed = True
        except TimeoutError:
            closed = False
        except ConnectionResetError:
            closed = True
        return _status(answer), sent, closed
    finally:
        connection.close()


def test_a_chunked_body_to_the_login_is_cut_off_at_64_kb(kiosk: LiveKiosk) -> None:
    assert kiosk.process is not None
    before = rss_kib(kiosk.process.pid)
    status, sent, closed = send_chunked(kiosk, "/api/v1/login", 100 * 1024 * 1024,
                                        headers="Content-Type: application/json\r\n",
                                        prefix=b'{"role": "admin", "pin": "')
    assert status == 413
    assert sent < 16 * 1024 * 1024, f"{sent} bytes were taken before the 413"
    assert closed, "the server kept reading the body after its 413"
    time.sleep(0.5)
    assert rss_kib(kiosk.process.pid) - before < 20 * 1024, "the server grew while refusing the body"
    # and it still serves
    assert call(kiosk, "GET", "/api/v1/time").status == 200


def test_a_declared_length_over_the_limit_is_refused_unread_and_the_connection_closed(kiosk: LiveKiosk) -> None:
    connection = raw_connection(kiosk)
    try:
        connection.sendall((f"POST /api/v1/checkins HTTP/1.1\r\nHost: 127.0.0.1:{kiosk.port}\r\n"
                            "Content-Type: application/json\r\nContent-Length: 104857600\r\n\r\n").encode())
        connection.settimeout(10)
        answer = b""
        while True:
            try:
                more = connection.recv(65536)
            except TimeoutError:
                pytest.fail(f"the server kept the connection open to read the body; it answered {answer[:60]!r}")
            if not more:
                break  # closed: it will not read the 100 MB
            answer += more
    finally:
        connection.close()
    assert _status(answer) == 413 and b"too_large" in answer


def test_a_chunked_body_with_a_cookie_is_cut_off_too(kiosk: LiveKiosk) -> None:
    desk = login(kiosk, "reception")
    status, sent, closed = send_chunked(kiosk, "/api/v1/checkins", 100 * 1024 * 1024,
                                        headers=f"Content-Type: application/json\r\nCookie: {desk}\r\n")
    assert status == 413 and sent < 16 * 1024 * 1024 and closed


def test_the_organiser_may_still_upload_a_large_roster_chunked(kiosk: LiveKiosk) -> None:
    admin = login(kiosk, "admin")
    boundary = "kioskboundary"
    rows = "Họ và tên,Chức vụ,Đơn vị,Nhóm\r\n" + "".join(f"Người {n},Cán bộ,Xã,TH\r\n" for n in range(40_000))
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"dry_run\"\r\n\r\n1\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"roster\"; filename=\"ds.csv\"\r\n"
            f"Content-Type: text/csv\r\n\r\n{rows}\r\n--{boundary}--\r\n").encode()
    assert 1024 * 1024 < len(body) < 10 * 1024 * 1024  # far past the API's 64 kB
    connection = raw_connection(kiosk)
    try:
        connection.sendall((f"POST /admin/import/roster HTTP/1.1\r\nHost: 127.0.0.1:{kiosk.port}\r\n"
                            f"Origin: http://127.0.0.1:{kiosk.port}\r\nCookie: {admin}\r\n"
                            f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
                            "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").encode())
        for start in range(0, len(body), CHUNK):
            piece = body[start:start + CHUNK]
            connection.sendall(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
        connection.sendall(b"0\r\n\r\n")
        connection.settimeout(120)
        answer = b""
        while more := connection.recv(65536):
            answer += more
    finally:
        connection.close()
    assert _status(answer) in (200, 400), answer[:200]  # read and checked (a roster with errors is a 400 page)
    declared = call(kiosk, "POST", "/admin/import/roster", raw=b"x" * 100,
                    headers={"Cookie": admin, "Content-Type": "multipart/form-data; boundary=x",
                             "Content-Length": str(12 * 1024 * 1024)}, timeout=10)
    assert declared.status == 413
