"""What start-up would otherwise rebuild from files, kept as JSON in the user cache directory.

An entry is plain data (JSON: no format that can run code, such as pickle), stored with a key
its reader must match: this program's version and Python, and the caller's key, usually a
`fingerprint` (BLAKE2b) of the contents of the files the value was built from. The caller
rebuilds its objects from the data and checks them as it does.

Where the cache directory is shared or on `/tmp`, someone else could plant an entry. So an entry
is read only from a directory and a file that belong to this user, are writable by no one else,
and are not symbolic links (opened with O_NOFOLLOW, checked on the open descriptors); a file is
written the same way, by an atomic rename. Any trouble (no cache directory, a read-only home, a
corrupt, foreign or outdated entry) makes `read` return None and `write` give up silently: the
caller then does the work itself, and the next `write` replaces the entry.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import sys
from pathlib import Path

from tutor import __version__
from tutor.system.paths import cache_dir

try:
    # hashlib's own BLAKE2b: importing hashlib would load OpenSSL, ~3 ms of every start-up.
    from _blake2 import blake2b
except ImportError:  # a Python built without it
    from hashlib import blake2b

FORMAT = 2
"""Version of the entries' layout (1 was a pickle, never read again)."""
WRITER = (__version__, sys.implementation.cache_tag, FORMAT)
MAX_ENTRY_BYTES = 16 * 1024 * 1024
MAX_FINGERPRINT_FILES = 2_000
MAX_FINGERPRINT_BYTES = 64 * 1024 * 1024
SUPPORTED = os.name == "posix" and {os.open, os.stat, os.rename, os.unlink} <= os.supports_dir_fd
"""Checked opening needs POSIX (O_NOFOLLOW, descriptors of directories); elsewhere there is no cache."""
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def current_user() -> int:
    """The user whose files the cache trusts (tests stand in another one)."""
    return os.geteuid()


def private(status: os.stat_result) -> bool:
    """Whether a file or directory belongs to this user and no one else may write to it."""
    return status.st_uid == current_user() and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def fingerprint(*roots: Path) -> str | None:
    """A BLAKE2b digest of `roots` (files, and every file under directories: names and contents).

    A change to any file, a file added, removed or renamed, changes it. Symbolic links are
    followed, as the readers of those files do (each directory once). None when there are too
    many files or bytes, or one cannot be read.
    """
    digest = blake2b()
    seen: set[tuple[int, int]] = set()
    files = size = 0
    try:
        for root in roots:
            digest.update(b"\0root\0" + os.fsencode(root))
            if not os.path.isdir(root):
                content = _regular_file(os.fspath(root), MAX_FINGERPRINT_BYTES - size)
                if content is None:
                    return None
                size += len(content)
                digest.update(str(len(content)).encode() + b"\0" + content)
                continue
            for directory, names, filenames in os.walk(root, followlinks=True, onerror=_raise):
                status = os.stat(directory)
                if (status.st_dev, status.st_ino) in seen:
                    names.clear()
                    continue
                seen.add((status.st_dev, status.st_ino))
                names.sort()
                for name in sorted(filenames):
                    path = os.path.join(directory, name)
                    files += 1
                    if files > MAX_FINGERPRINT_FILES:
                        return None
                    content = _regular_file(path, MAX_FINGERPRINT_BYTES - size)
                    relative = os.fsencode(os.path.relpath(path, root))
                    if content is None:  # a FIFO, a dangling link (an editor's lock): its name only
                        digest.update(b"\0other\0" + relative)
                        continue
                    size += len(content)
                    if size > MAX_FINGERPRINT_BYTES:
                        return None
                    digest.update(b"\0file\0" + relative + b"\0" + str(len(content)).encode() + b"\0")
                    digest.update(content)
    except OSError:
        return None
    return digest.hexdigest()


def _raise(error: OSError) -> None:
    raise error


def _regular_file(path: str, limit: int) -> bytes | None:
    """Up to `limit` + 1 bytes of `path` if it is a regular file (never blocks on a FIFO); else None."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | _CLOEXEC)
    except OSError:
        if os.path.lexists(path) and not os.path.exists(path):
            return None  # a dangling link
        raise
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None
        return stream.read(limit + 1)


def _key(key: str) -> str:
    return blake2b(json.dumps([WRITER, key]).encode()).hexdigest()


def read(name: str, key: str) -> object | None:
    """The data stored under `name` with `key` by this program, from a private file; else None."""
    data = _read_private(f"{name}.json")
    if data is None:
        return None
    try:
        entry = json.loads(data)
    except (ValueError, RecursionError):  # not UTF-8, not JSON, or nested too deep
        return None
    if not isinstance(entry, dict) or entry.get("key") != _key(key) or "value" not in entry:
        return None
    return entry["value"]


def write(name: str, key: str, value: object) -> None:
    """Store `value` (JSON data) under `name` with `key`: atomically, readable by its owner only."""
    try:
        data = json.dumps(
            {"key": _key(key), "value": value}, ensure_ascii=False, allow_nan=False, separators=(",", ":")
        )
    except (TypeError, ValueError):
        return
    directory = _open_directory(create=True)
    if directory is None:
        return
    temporary = f".{name}-{os.urandom(8).hex()}.tmp"
    try:
        descriptor = os.open(
            temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o600, dir_fd=directory
        )
        try:
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(data.encode("utf-8", "surrogatepass"))
        except BaseException:
            os.unlink(temporary, dir_fd=directory)
            raise
        os.replace(temporary, f"{name}.json", src_dir_fd=directory, dst_dir_fd=directory)
        _remove_quietly(f"{name}.pickle", directory)  # written by earlier versions; never read
    except (OSError, UnicodeError):
        pass
    finally:
        os.close(directory)


def _open_directory(create: bool = False) -> int | None:
    """A descriptor of the cache directory, if it is a private directory (not a link); else None."""
    if not SUPPORTED:
        return None
    path = cache_dir()
    try:
        if create:
            path.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC)
    except OSError:
        return None
    status = os.fstat(descriptor)
    if stat.S_ISDIR(status.st_mode) and private(status):
        return descriptor
    os.close(descriptor)
    return None


def _read_private(filename: str) -> bytes | None:
    """The bytes of a private regular file of the cache directory (never through a link), or None."""
    directory = _open_directory()
    if directory is None:
        return None
    try:
        descriptor = os.open(filename, os.O_RDONLY | _NOFOLLOW | os.O_NONBLOCK | _CLOEXEC, dir_fd=directory)
    except OSError:
        return None
    finally:
        os.close(directory)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or not private(status) or status.st_size > MAX_ENTRY_BYTES:
            return None
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            data = stream.read(MAX_ENTRY_BYTES + 1)
        return data if len(data) <= MAX_ENTRY_BYTES else None
    except OSError:
        return None
    finally:
        os.close(descriptor)


def _remove_quietly(filename: str, directory: int) -> None:
    with contextlib.suppress(OSError):
        os.unlink(filename, dir_fd=directory)
