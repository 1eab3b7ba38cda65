"""Per-installation secrets kept as files in the data directory, which only kiosk's user may read.

The data directory holds the database (every delegate, the PIN hashes), the
badge-signing and session keys and the TLS key. The ``kiosk`` command sets a
umask of 077 before it creates anything and makes the directory 700, however
it was made (kiosk.cli.main); files written here with explicit modes are 600
whatever the umask, and a secret left 644 by an older kiosk is made 600 when read.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

# Signs badge tokens: made by ``kiosk init``; replacing it invalidates every printed badge.
BADGE_SECRET_FILE = "badge.key"
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def make_private(folder: Path) -> None:
    """``folder`` (the data directory) 700 if it exists: nobody else may list it or open what it holds."""
    try:
        if stat.S_IMODE(folder.stat().st_mode) & 0o077:
            folder.chmod(PRIVATE_FOLDER)
    except FileNotFoundError:
        pass


def write_private(path: Path, data: bytes) -> None:
    """Write ``path`` atomically as a new 600 file, replacing whatever was there (whatever its mode)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def load_or_create_secret(path: Path, nbytes: int = 32) -> bytes:
    """Read the secret at ``path``, creating it atomically on first use."""
    try:
        secret = path.read_bytes()
    except FileNotFoundError:
        pass
    else:
        if stat.S_IMODE(path.stat().st_mode) & 0o077:
            path.chmod(PRIVATE_FILE)
        return secret
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_bytes(nbytes)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    with os.fdopen(fd, "wb") as handle:
        handle.write(secret)
        handle.flush()
        os.fsync(handle.fileno())
    try:
        os.link(tmp, path)  # fails if another process created it first: keep theirs
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return path.read_bytes()
