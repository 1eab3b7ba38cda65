"""QR codes for badges: encoded once with ``qrcode``, drawn by both renderers.

A code is kept as horizontal runs of dark modules so a renderer draws one
rectangle per run instead of one per module.
"""

from __future__ import annotations

import multiprocessing
import re
from collections.abc import Iterable
from dataclasses import dataclass

QUIET_ZONE_MODULES = 4
MIN_MODULE_MM = 0.5
"""Smallest module that still scans from a printed card at arm's length."""
MAX_MODULES = 41
"""Modules a side, quiet zone included, of the largest badge token's code (version 4)."""
CACHE_SIZE = 4096
"""Codes kept in memory: a re-print of a whole conference costs no encoding."""

_DARK_RUN = re.compile(b"\x01+")


@dataclass(frozen=True)
class QrCode:
    """A QR symbol with its quiet zone: ``modules`` a side, dark ``runs`` as (row, column, length)."""

    modules: int
    runs: tuple[tuple[int, int, int], ...]


_cache: dict[str, QrCode] = {}


def _encode(data: str) -> QrCode:
    """Encode at error correction H (30 % of the symbol may be damaged) with a 4-module quiet zone."""
    import qrcode  # here, not at the top: most processes that import kiosk.badges encode no QR code
    from qrcode.constants import ERROR_CORRECT_H

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_H, border=QUIET_ZONE_MODULES)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    runs = tuple(
        (row, run.start(), run.end() - run.start())
        for row, cells in enumerate(matrix)
        for run in _DARK_RUN.finditer(bytes(cells))
    )
    return QrCode(len(matrix), runs)


def _remember(data: str, code: QrCode) -> QrCode:
    if len(_cache) >= CACHE_SIZE:
        _cache.pop(next(iter(_cache)))  # oldest first
    _cache[data] = code
    return code


def encode(data: str) -> QrCode:
    cached = _cache.get(data)
    return cached if cached is not None else _remember(data, _encode(data))


def clear_cache() -> None:
    _cache.clear()


def encode_many(data: Iterable[str], workers: int) -> None:
    """Encode a batch ahead of rendering, on ``workers`` processes, into ``encode``'s cache.

    Choosing the best of the 8 masks is pure Python and most of a badge's cost,
    so a print run from the command line spreads it over the cores. A running
    server renders a group at a time and keeps ``workers=1``.
    """
    missing = [item for item in dict.fromkeys(data) if item not in _cache]
    if workers < 2 or len(missing) < 64:
        for item in missing:
            encode(item)
        return
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(16, len(missing) // (workers * 4))
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        for item, code in zip(missing, pool.map(_encode, missing, chunksize=chunk), strict=True):
            _remember(item, code)
