"""Another user of the machine reads nothing kiosk writes (issue 14, item 5).

The database holds every delegate and the PIN hashes; the data folder the
badge-signing and session keys. Every file kiosk writes is 600 and the data
folder 700, even one made earlier with 755, whatever the umask kiosk is
started with (022 here, as most systems have it).
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from kiosk.secretfile import load_or_create_secret
from kiosk.tls import ensure_certificate
from tests.conftest import PINS
from tests.livekiosk import LiveKiosk, login_cookie


@contextlib.contextmanager
def umask(mask: int) -> Iterator[None]:
    """Commands started in the block inherit ``mask``, as from a login shell."""
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def modes(folder: Path, *, harness: tuple[str, ...] = ()) -> dict[str, str]:
    """Every file and folder under ``folder`` (itself included) with its permission bits, as ls shows them."""
    found = {".": stat.filemode(folder.stat().st_mode)}
    for path in folder.rglob("*"):
        if path.name not in harness:
            found[str(path.relative_to(folder))] = stat.filemode(path.lstat().st_mode)
    return found


def private(found: dict[str, str]) -> dict[str, str]:
    """What is not rw for its owner alone (files) or rwx (folders)."""
    return {name: mode for name, mode in found.items() if mode not in ("-rw-------", "drwx------")}


def test_every_file_kiosk_writes_is_private_to_its_user(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    instance.mkdir()
    instance.chmod(0o755)  # made earlier, by hand or by an older kiosk
    out = tmp_path / "out"
    out.mkdir()
    kiosk = LiveKiosk(instance=instance, pins=dict(PINS))
    harness = ("serve.log",)  # the test's own log of `kiosk serve`, made by this process
    with umask(0o022):
        kiosk.init("--demo")
        kiosk.start()
        try:
            cookie = login_cookie(kiosk.url, "reception")
            scan = urllib.request.Request(kiosk.url + "/api/v1/checkins", method="POST",
                                          data=json.dumps({"attendee_id": 1, "desk": "Bàn 1"}).encode(),
                                          headers={"Content-Type": "application/json", "Cookie": cookie})
            with urllib.request.urlopen(scan, timeout=30) as response:
                assert json.load(response)["status"] == "checked_in"
            while_serving = modes(instance, harness=harness)
        finally:
            kiosk.stop()
        for args in (["export", "--out", str(out / "sao-luu.toml")],
                     ["report", "attendance", "--out", str(out / "diem-danh.pdf")],
                     ["report", "attendance", "--format", "csv", "--out", str(out / "diem-danh.csv")],
                     ["badges", "--group", "DU", "--out", str(out / "the")],
                     ["badges", "--group", "DU", "--format", "png", "--out", str(out / "the")]):
            subprocess.run([sys.executable, "-m", "kiosk.cli", *args], env=kiosk.env, check=True, capture_output=True)
    assert {"kiosk.sqlite3", "kiosk.sqlite3-wal", "badge.key", "session.key"} <= set(while_serving), while_serving
    assert private(while_serving) == {}
    assert private(modes(instance, harness=harness)) == {}
    written = modes(out)
    assert {".", "sao-luu.toml", "diem-danh.pdf", "diem-danh.csv", "the", "the/the-DU-a4-90x55.pdf", "the/DU",
            "the/DU/the-DU-001.png"} <= set(written), written  # badge sheets check their delegates in: private too
    assert private({name: mode for name, mode in written.items() if name != "."}) == {}


def test_keys_written_by_python_are_600_even_over_an_older_644_file(tmp_path: Path) -> None:
    """The TLS key and the secrets are 600 whatever the process's umask, and a 644 file left by an older kiosk is
    made 600 when it is rewritten or read."""
    with umask(0o022):
        ensure_certificate(tmp_path)
        (tmp_path / "tls-cert.pem").unlink()  # a new certificate is due: the key is written again
        (tmp_path / "tls-key.pem").chmod(0o644)
        (tmp_path / "badge.key").write_bytes(b"k" * 32)
        (tmp_path / "badge.key").chmod(0o644)
        certificate = ensure_certificate(tmp_path)
        assert load_or_create_secret(tmp_path / "badge.key") == b"k" * 32
        load_or_create_secret(tmp_path / "session.key")
    assert certificate.key_path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    written = {name: mode for name, mode in modes(tmp_path).items() if name != "."}  # pytest made the folder
    assert set(written) == {"tls-key.pem", "tls-cert.pem", "badge.key", "session.key"}
    assert private(written) == {}


def test_a_damaged_certificate_is_made_anew_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "tls-cert.pem").write_text("-----BEGIN CERTIFICATE-----\ncut short by a full disk")
    (tmp_path / "tls-key.pem").write_text("")
    certificate = ensure_certificate(tmp_path)
    assert len(certificate.fingerprint.split(":")) == 32 and "127.0.0.1" in certificate.hosts
