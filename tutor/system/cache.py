"""What start-up would otherwise rebuild from files, kept as pickles in the user cache directory.

Every entry is stored with a key its reader must match: the program's version, the Python
that wrote it, and whatever the caller adds (usually `stamps` of the files it was built from).
Any trouble with the cache (no cache directory, a read-only home, a corrupt or foreign file)
makes `read` return None and `write` give up silently: the caller then does the work itself.
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from tutor import __version__
from tutor.system.paths import cache_dir

Stamps = tuple[tuple[str, int, int], ...]

WRITER = (__version__, sys.implementation.cache_tag, pickle.HIGHEST_PROTOCOL)
SETTLE_NS = 2_000_000_000
"""A file changed this recently may have been read before its change: not cached yet."""


def stamps(paths: Iterable[str | Path]) -> Stamps:
    """Each path with its size and modification time (ns). Raises OSError when one is missing."""
    found = []
    for path in paths:
        status = os.stat(path)
        found.append((str(path), status.st_size, status.st_mtime_ns))
    return tuple(found)


def read(name: str, key: object) -> object | None:
    """The value stored under `name` if it was stored with `key` by this program; else None."""
    try:
        with open(cache_dir() / f"{name}.pickle", "rb") as stream:
            stored_key, value = pickle.load(stream)
    except Exception:  # noqa: BLE001 — a cache that cannot be read is only a slower start
        return None
    return value if stored_key == (WRITER, key) else None


def write(name: str, key: object, value: object, read_from: Stamps) -> None:
    """Store `value` under `name` with `key`, unless a file it was `read_from` has only just changed.

    The file is replaced atomically and readable by its owner only.
    """
    if any(mtime > time.time_ns() - SETTLE_NS for _path, _size, mtime in read_from):
        return
    temporary = None
    try:
        directory = cache_dir()
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{name}-", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(((WRITER, key), value), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, directory / f"{name}.pickle")
    except Exception:  # noqa: BLE001 — without a cache, the next start does the work again
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass
