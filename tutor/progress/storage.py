"""The progress files on disk: where they are, what they may be, and how they are replaced.

The path the student names (`--progress`, `$CNN_TUTOR_PROGRESS`, or `progress.json` in the user
data directory) is the *named* path; see `StorePaths` for the database beside it. Every operation
opens the directory with O_NOFOLLOW and works relative to it, so a symbolic link put where the
directory or a file should be is refused, not followed. Nothing here renames or replaces a file
that is not a progress file: a directory, a device, a text file named by mistake are refused.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

LOCK_TIMEOUT = 10.0
"""Seconds the writer waits for another session to finish its write before reporting the lock held."""
MAX_LEGACY_BYTES = 100 * 1024 * 1024
"""A JSON progress file larger than this is not read (a semester of daily use makes about 4 MB)."""
DATABASE_SUFFIX = ".sqlite3"

_DIRECTORY = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_READ = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC  # NONBLOCK: a FIFO does not hang us
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
_SYMLINK_ERRORS = {errno.ELOOP, errno.EMLINK}  # O_NOFOLLOW on a link: ELOOP (Linux, macOS), EMLINK (FreeBSD)


class SymlinkRefused(OSError):
    """The progress file, its lock or its directory is a symbolic link, which is not followed."""


class NotProgressFile(Exception):
    """Something that is not a progress file is where one should be: it is left exactly as it is."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class UnsafeDirectory(Exception):
    """The progress directory belongs to another user or anyone may write in it: nothing is saved there."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


def utc_now() -> str:
    """The current time as a timezone-aware UTC ISO-8601 string of fixed length (sortable)."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class StorePaths:
    """The files of one progress store.

    - `database`: the SQLite database that holds the progress. When the named path ends in
      `.sqlite3` it is the database itself; otherwise the database is beside it, with `.json`
      replaced by `.sqlite3` (or `.sqlite3` added): `progress.json` → `progress.sqlite3`.
    - `legacy`: the named path when it is not the database: a JSON progress file of an earlier
      cnn-tutor, copied into a new database the first time one is needed, and left as it was.
    - `lock`: held by every write, by `reset`, and while a damaged database is moved aside.
    """

    named: Path

    @property
    def database(self) -> Path:
        name = self.named.name
        if name.endswith(DATABASE_SUFFIX):
            return self.named
        stem = name[: -len(".json")] if name.endswith(".json") and len(name) > len(".json") else name
        return self.named.with_name(stem + DATABASE_SUFFIX)

    @property
    def legacy(self) -> Path | None:
        return None if self.database == self.named else self.named

    @property
    def lock(self) -> Path:
        return self.database.with_name(self.database.name + ".lock")


@dataclass(frozen=True)
class Found:
    """What is at a path: nothing, a regular file (of `size` bytes, inode `key`), or something else."""

    kind: str
    """"absent", "file", "link" or "other"."""
    size: int = 0
    key: tuple[int, int] = (0, 0)
    what: str = ""
    """For "other": what it is (a directory, a character device…)."""


_KINDS = {
    stat.S_IFDIR: "a directory",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a named pipe",
    stat.S_IFSOCK: "a socket",
}


def inspect(path: Path) -> Found:
    """What is at `path`, without following a link there (a link in the directory's path is refused).

    Raises:
        SymlinkRefused: the directory is a symbolic link.
        OSError: the directory cannot be opened (but not when it does not exist).
    """
    try:
        with directory_of(path) as directory:
            found = os.stat(path.name, dir_fd=directory, follow_symlinks=False)
    except FileNotFoundError:
        return Found("absent")
    return _found(found)


def _found(found: os.stat_result) -> Found:
    if stat.S_ISREG(found.st_mode):
        return Found("file", found.st_size, (found.st_dev, found.st_ino))
    if stat.S_ISLNK(found.st_mode):
        return Found("link")
    return Found("other", what=_KINDS.get(stat.S_IFMT(found.st_mode), "not a regular file"))


def check_file(path: Path) -> Found:
    """`inspect(path)`, refusing a link and anything but a regular file.

    Raises:
        SymlinkRefused, NotProgressFile, OSError.
    """
    found = inspect(path)
    if found.kind == "link":
        raise SymlinkRefused(errno.ELOOP, "symbolic link", str(path))
    if found.kind == "other":
        raise NotProgressFile(path, found.what)
    return found


def read_bounded(path: Path, limit: int = MAX_LEGACY_BYTES) -> bytes | None:
    """The bytes of the regular file at `path`, or None when there is nothing there.

    Raises:
        SymlinkRefused: a link.
        NotProgressFile: not a regular file (never read: a device could be endless), or larger than `limit`.
        OSError: it cannot be read now (permission, too many open files, I/O): nothing is concluded.
    """
    try:
        with directory_of(path) as directory:
            found = _found(os.stat(path.name, dir_fd=directory, follow_symlinks=False))
            if found.kind == "link":
                raise SymlinkRefused(errno.ELOOP, "symbolic link", str(path))
            if found.kind != "file":
                raise NotProgressFile(path, found.what)  # not even opened: opening a device can act
            descriptor = _open(path.name, _READ, directory)
    except FileNotFoundError:
        return None
    with os.fdopen(descriptor, "rb") as stream:
        found = _found(os.fstat(descriptor))
        if found.kind != "file":
            raise NotProgressFile(path, found.what)
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise NotProgressFile(path, f"larger than {limit // (1024 * 1024)} MiB")
    return data


@contextmanager
def directory_of(path: Path, *, private: bool = False) -> Iterator[int]:
    """A descriptor of `path`'s directory, opened without following a link.

    Args:
        path: A file in the directory.
        private: Check the directory is the user's and not writable by everyone (where progress is written).

    Raises:
        SymlinkRefused, UnsafeDirectory, OSError.
    """
    try:
        descriptor = _open(str(path.parent), _DIRECTORY)
    except NotADirectoryError:
        if path.parent.is_symlink():  # Linux checks O_DIRECTORY before O_NOFOLLOW
            raise SymlinkRefused(errno.ELOOP, "symbolic link", str(path.parent)) from None
        raise
    try:
        if private:
            found = os.fstat(descriptor)
            if found.st_uid != os.geteuid() or found.st_mode & stat.S_IWOTH:
                raise UnsafeDirectory(path.parent)
        yield descriptor
    finally:
        os.close(descriptor)


def make_directory(path: Path) -> None:
    """Create the directory of `path` (mode 0700) if it does not exist."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)


@contextmanager
def locked(paths: StorePaths, timeout: float) -> Iterator[None]:
    """Hold the store's lock, shared by every session of the user; creates the directory (0700).

    Raises:
        SymlinkRefused: the directory or the lock file is a symbolic link.
        UnsafeDirectory: the directory is another user's, or anyone may write in it.
        TimeoutError: another session held the lock for `timeout` seconds.
        OSError: the lock cannot be created.
    """
    from filelock import FileLock  # imported when progress is first saved: it is not small

    make_directory(paths.lock)
    with directory_of(paths.lock, private=True):
        pass  # refuses a symlinked or shared directory before the lock file is created in it
    lock = FileLock(paths.lock, mode=0o600, timeout=timeout, poll_interval=0.005)
    try:
        lock.acquire()
    except OSError as error:
        raise refused(error, paths.lock) from None
    try:
        yield
    finally:
        lock.release()


def temporary_name(path: Path) -> str:
    """A new name for a temporary file beside `path`, which `remove_stale_temporaries` recognises."""
    return f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"


def create_private(path: Path) -> None:
    """Create an empty file at `path` with mode 0600; never opens an existing one.

    Raises:
        OSError: FileExistsError and the like.
    """
    with directory_of(path, private=True) as directory:
        os.close(_open(path.name, _CREATE, directory))


def sync_file(path: Path) -> None:
    """Flush a file that was written by another library (SQLite) to disk."""
    with directory_of(path) as directory:
        descriptor = _open(path.name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, directory)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def replace(source: Path, target: Path) -> None:
    """Rename `source` over `target` (same directory) and make the rename durable."""
    with directory_of(target) as directory:
        os.replace(source.name, target.name, src_dir_fd=directory, dst_dir_fd=directory)
        _sync_directory(directory)


def remove(path: Path) -> None:
    """Delete a file, if it is there."""
    with directory_of(path) as directory, suppress(FileNotFoundError):
        os.unlink(path.name, dir_fd=directory)


def move_aside(path: Path, label: str, companions: tuple[str, ...] = ()) -> Path:
    """Rename the regular file at `path` to `<name>.<label>-<UTC time>`, never over an existing file
    (`progress.sqlite3` → `progress.<label>-<UTC time>.sqlite3`).

    Args:
        path: The file.
        label: "corrupt" or "backup".
        companions: Suffixes of files that go with it (SQLite's "-journal"), renamed alongside if present.

    Returns:
        The new path.

    Raises:
        SymlinkRefused, NotProgressFile: `path` is a link, or not a regular file; nothing is renamed.
    """
    with directory_of(path) as directory:
        found = _found(os.stat(path.name, dir_fd=directory, follow_symlinks=False))
        if found.kind == "link":
            raise SymlinkRefused(errno.ELOOP, "symbolic link", str(path))
        if found.kind != "file":
            raise NotProgressFile(path, found.what)
        target = _free_name(path, label, directory, companions)
        os.rename(path.name, target, src_dir_fd=directory, dst_dir_fd=directory)
        for suffix in companions:
            with suppress(FileNotFoundError):
                os.rename(path.name + suffix, target + suffix, src_dir_fd=directory, dst_dir_fd=directory)
        _sync_directory(directory)
    return path.with_name(target)


def free_name(path: Path, label: str) -> Path:
    """A name for a copy of `path` that nothing has, as `move_aside` names it (then -1, -2… in the same second)."""
    with directory_of(path) as directory:
        return path.with_name(_free_name(path, label, directory, ()))


def _free_name(path: Path, label: str, directory: int, companions: tuple[str, ...]) -> str:
    # A database keeps its suffix, so that `--progress` opens a copy as it is.
    stem, suffix = path.name, ""
    if stem.endswith(DATABASE_SUFFIX):
        stem, suffix = stem[: -len(DATABASE_SUFFIX)], DATABASE_SUFFIX
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = f"{stem}.{label}-{stamp}{suffix}"
    for number in range(1, 1000):
        if not any(_exists(target + companion, directory) for companion in ("", *companions)):
            break
        target = f"{stem}.{label}-{stamp}-{number}{suffix}"
    return target


def remove_stale_temporaries(path: Path) -> None:
    """Delete temporary files left beside `path` by a writer that was killed; call it holding the lock."""
    prefix = f".{path.name}."
    with directory_of(path) as directory:
        for name in os.listdir(directory):
            if name.startswith(prefix) and name.endswith((".tmp", ".tmp-journal")):
                with suppress(OSError):
                    os.unlink(name, dir_fd=directory)


def make_private(path: Path) -> None:
    """Make the file at `path` (if any, and not a link) readable and writable by its owner only."""
    try:
        with directory_of(path) as directory:
            descriptor = os.open(path.name, _READ, dir_fd=directory)
    except OSError:
        return
    try:
        found = os.fstat(descriptor)
        if stat.S_ISREG(found.st_mode) and stat.S_IMODE(found.st_mode) & 0o077:
            os.fchmod(descriptor, 0o600)
    except OSError:
        pass  # not ours to change: it stays as it was
    finally:
        os.close(descriptor)


def cannot_write(path: Path) -> OSError | None:
    """Why nothing can be written in `path`'s directory (a read-only disk, no permission), or None."""
    if is_read_only(path):
        return OSError(errno.EROFS, os.strerror(errno.EROFS))
    if path.parent.is_dir() and not os.access(path.parent, os.W_OK | os.X_OK):
        return OSError(errno.EACCES, os.strerror(errno.EACCES))
    return None


def is_read_only(path: Path) -> bool:
    """Whether the file system holding `path`'s directory is mounted read-only."""
    try:
        return bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _open(name: str, flags: int, directory: int | None = None) -> int:
    try:
        return os.open(name, flags, 0o600, dir_fd=directory)
    except OSError as error:
        raise refused(error, name) from None


def refused(error: OSError, name: str | Path) -> OSError:
    """`error`, as SymlinkRefused when it says a symbolic link was met where none is followed."""
    if error.errno in _SYMLINK_ERRORS:
        return SymlinkRefused(error.errno, "symbolic link", str(name))
    return error


def _exists(name: str, directory: int) -> bool:
    try:
        os.stat(name, dir_fd=directory, follow_symlinks=False)
    except FileNotFoundError:
        return False
    return True


def _sync_directory(directory: int) -> None:
    # Makes a rename itself durable; the file is already complete, so a failure here loses nothing.
    with suppress(OSError):
        os.fsync(directory)
