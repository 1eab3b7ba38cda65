"""Per-installation secrets kept as files in the data directory (mode 0600)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

# Signs badge tokens: made by ``kiosk init``; replacing it invalidates every printed badge.
BADGE_SECRET_FILE = "badge.key"


def load_or_create_secret(path: Path, nbytes: int = 32) -> bytes:
    """Read the secret at ``path``, creating it atomically on first use."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_bytes(nbytes)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
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
