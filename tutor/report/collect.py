"""Finding and reading the progress stores of a class: files named, and directories searched.

Only reads (see `tutor.progress.readonly`). A file that cannot be used is named with the reason
and the others are read: one bad file never stops the report.

In a directory (searched through its subdirectories, without following symbolic links), a
progress store is a file named `*.sqlite3` (a database) or `*.json` (a file of an earlier
version, or the output of `cnn-tutor progress --json`), except:

- the copies the tutor keeps beside a store (`progress.backup-<time>.sqlite3`,
  `progress.corrupt-<time>.sqlite3`), which hold the same student's older progress;
- a `NAME.json` beside a `NAME.sqlite3`: the tutor copied it into the database once, and it has
  not been read since;
- hidden temporary files.

A directory named as a store (`class/ana.sqlite3/`) is not searched: it is named as not a
progress file.

A file named on the command line is read whatever its name. A file found twice (named, and in a
directory named too) is read once.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from tutor.progress.readonly import ReadStore, read_store
from tutor.progress.store import PROBLEMS

SUFFIXES = (".sqlite3", ".json")
COPY_NAME = re.compile(r"\.(backup|corrupt)-\d{8}T\d{6}Z(-\d+)?(\.sqlite3)?$")
"""The name of a copy kept by the tutor (`tutor.progress.storage.move_aside`, `reset`)."""


@dataclass(frozen=True)
class NotRead:
    """A file (or directory) that could not be used, and why."""

    path: Path
    error: Exception


@dataclass(frozen=True)
class Collected:
    stores: tuple[ReadStore, ...]
    """In the order found: the arguments' order, each directory's files sorted by path."""
    not_read: tuple[NotRead, ...]


class SymbolicLink(OSError):
    """A symbolic link met while searching a directory: not followed."""


def collect(arguments: list[Path]) -> Collected:
    """Read every progress store named or found in `arguments` (files and directories)."""
    stores: list[ReadStore] = []
    not_read: list[NotRead] = []
    seen: set[tuple[int, int]] = set()
    for path in find(arguments, not_read):
        try:
            info = os.stat(path)
        except OSError as error:
            not_read.append(NotRead(path, error))
            continue
        key = (info.st_dev, info.st_ino)
        if key in seen:
            continue
        seen.add(key)
        try:
            stores.append(read_store(path))
        except PROBLEMS as error:
            not_read.append(NotRead(path, error))
    return Collected(tuple(stores), tuple(not_read))


def find(arguments: list[Path], not_read: list[NotRead]) -> list[Path]:
    """The files to read: each file argument, and the progress stores under each directory argument.

    What cannot be searched (an argument that does not exist, a directory that cannot be listed, a
    link met in a directory) is added to `not_read`.
    """
    found: list[Path] = []
    for argument in arguments:
        try:
            info = os.stat(argument)
        except OSError as error:
            not_read.append(NotRead(argument, error))
            continue
        if stat.S_ISDIR(info.st_mode):
            found += _search(argument, not_read)
        else:
            found.append(argument)
    return found


def _search(directory: Path, not_read: list[NotRead]) -> list[Path]:
    found: list[Path] = []

    def refused(error: OSError) -> None:
        not_read.append(NotRead(Path(error.filename or directory), error))

    for root, directories, files in os.walk(directory, onerror=refused, followlinks=False):
        here = Path(root)
        names = set(files)
        taken = [name for name in directories if is_store_name(name)]  # named as a store: say what it is
        taken += [
            name
            for name in files
            if is_store_name(name) and not (name.endswith(".json") and name[: -len(".json")] + ".sqlite3" in names)
        ]
        directories[:] = sorted(name for name in directories if not is_store_name(name))
        for name in sorted(taken):
            _take(here / name, found, not_read)
    return found


def _take(path: Path, found: list[Path], not_read: list[NotRead]) -> None:
    """Add `path`, found in a directory, to the files to read, unless it is a symbolic link."""
    try:
        link = stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError as error:
        not_read.append(NotRead(path, error))
        return
    if link:
        not_read.append(NotRead(path, SymbolicLink(0, "a symbolic link, not followed", str(path))))
    else:
        found.append(path)


def is_store_name(name: str) -> bool:
    """Whether a file found in a directory is taken for a progress store, by its name."""
    return name.endswith(SUFFIXES) and not name.startswith(".") and COPY_NAME.search(name) is None
