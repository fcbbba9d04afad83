"""Reading a progress store that is not ours to change: the files an instructor's class report reads.

Everything here only reads. No lock is taken (the store's lock is a file it would create),
nothing is created, migrated, moved aside or made private, and a database is opened read-only
(SQLite's `mode=ro`, `query_only`). A store whose last write was interrupted by a crash (a hot
journal beside it) cannot be read that way, since SQLite would have to roll the write back into
the file: its database and journal are then copied into a private temporary directory, where the
copy is rolled back and read, and the originals stay as they are.

The file named is the file read, as it is named: a database (`progress.sqlite3`, a backup, a
copy), or a JSON document (a `progress.json` of an earlier version, or the output of
`cnn-tutor progress --json`). Unlike `read_document`, a `progress.json` is not taken as a name
for the database beside it.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tutor.progress import storage
from tutor.progress.database import JOURNAL, Database, UnfinishedWrite, classify
from tutor.progress.document import Document
from tutor.progress.storage import NotProgressFile
from tutor.progress.store import READ_TIMEOUT, parse_legacy, stored_student

SQLITE_MAGIC = b"SQLite format 3\x00"
_READ = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_READ |= getattr(os, "O_NOCTTY", 0)


@dataclass(frozen=True)
class ReadStore:
    """What one progress store holds."""

    path: Path
    """The file read, as it was named."""
    kind: str
    """"database" or "json"."""
    document: Document
    """The whole document, checked (as `cnn-tutor progress --json` prints it)."""
    student: str | None
    """The student's name or id, if the store has a usable one."""


def read_store(path: Path) -> ReadStore:
    """The progress in the file at `path`, read without changing anything on disk.

    Raises:
        InvalidDocument: a damaged progress file or database.
        NewerFormat: written by a newer cnn-tutor.
        NotProgressFile: not a progress file (a directory, a device, an empty file, another
            program's database or JSON, a file over 100 MiB).
        OSError: it cannot be read (FileNotFoundError, PermissionError…).
    """
    real = Path(os.path.realpath(path))  # a link the instructor names is read where it points
    found = storage.check_file(real)
    if found.kind == "absent":
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))
    if found.size == 0:
        raise NotProgressFile(path, "an empty file")
    if _header(real) == SQLITE_MAGIC:
        document, settings = _read_database(real)
        return ReadStore(path, "database", document, stored_student(settings) or stored_student(document))
    legacy = parse_legacy(storage.read_bounded(real), real)
    if legacy is None:  # only white space
        raise NotProgressFile(path, "an empty file")
    return ReadStore(path, "json", legacy, stored_student(legacy))


def _header(path: Path) -> bytes:
    return storage.read_header(path, len(SQLITE_MAGIC))  # never opens a device; no pread (Windows has none)


def _read_database(path: Path) -> tuple[Document, dict]:
    classify(path)  # our header and a format this version knows, before SQLite opens it
    try:
        return _export(path, read_only=True)
    except UnfinishedWrite:
        return _read_rolled_back_copy(path)


def _export(path: Path, *, read_only: bool) -> tuple[Document, dict]:
    database = Database(path, timeout=READ_TIMEOUT, read_only=read_only)
    try:
        return database.export_all()
    finally:
        database.close()


def _read_rolled_back_copy(path: Path) -> tuple[Document, dict]:
    """Read a database whose last write was interrupted: a private copy of it and its journal is
    rolled back and read, and removed."""
    with tempfile.TemporaryDirectory(prefix="cnn-tutor-read-") as directory:  # mode 0700
        copy = Path(directory) / path.name
        for suffix in ("", JOURNAL):
            _copy(path.with_name(path.name + suffix), copy.with_name(copy.name + suffix))
        return _export(copy, read_only=False)


def _copy(source: Path, target: Path) -> None:
    descriptor = os.open(source, _READ)
    with os.fdopen(descriptor, "rb") as reading:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise NotProgressFile(source, "not a regular file")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
        with os.fdopen(os.open(target, flags, 0o600), "wb") as writing:
            shutil.copyfileobj(reading, writing)
