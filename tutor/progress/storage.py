"""The progress files on disk: where they are, what they may be, and how they are replaced.

The path the student names (`--progress`, `$CNN_TUTOR_PROGRESS`, or `progress.json` in the user
data directory) is the *named* path; see `StorePaths` for the database beside it. Nothing here
renames or replaces a file that is not a progress file: a directory, a device, a text file named
by mistake are refused; and a symbolic link put where the directory or a file should be is
refused, not followed.

How, depends on what the platform offers (`Platform`, decided by capability when this module is
imported, never by the platform's name): where it can (Linux, macOS, the BSDs) every operation
opens the directory with O_NOFOLLOW and works relative to that descriptor, and the directory's
owner and mode are checked on it. Elsewhere (Windows: no O_NOFOLLOW, no `dir_fd=`, no POSIX
owners) the same operations go by path: what is at a path is looked at with `os.lstat` before it
is opened, and the file opened is checked to be the one looked at (a link swapped in between is
refused); replacing stays atomic (`os.replace`) and the lock is the same (`filelock`).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, UTC
from pathlib import Path

from tutor.system.records import Record

LOCK_TIMEOUT = 10.0
"""Seconds the writer waits for another session to finish its write before reporting the lock held."""
MAX_LEGACY_BYTES = 100 * 1024 * 1024
"""A JSON progress file larger than this is not read (a semester of daily use makes about 4 MB)."""
DATABASE_SUFFIX = ".sqlite3"

_SYMLINK_ERRORS = {errno.ELOOP, errno.EMLINK}  # O_NOFOLLOW on a link: ELOOP (Linux, macOS), EMLINK (FreeBSD)
_NAME_SURROGATE = 0x20000000
"""The bit of a Windows reparse tag that makes it a link to another name (a symbolic link, a junction)."""


@dataclass(frozen=True, eq=False, repr=False)
class Platform(Record):
    """What the operating system offers the store, found by capability (see `detect`)."""

    descriptors: bool
    """A directory can be opened without following a link (O_DIRECTORY, O_NOFOLLOW) and files opened,
    examined, renamed and removed relative to it (`dir_fd=`): what a link swapped in cannot fool."""
    owners: bool
    """Files have POSIX owners and modes (`os.geteuid`): the directory's owner and mode are checked,
    and a database readable by others is made private. Without them (Windows), modes mean nothing,
    and a file is as private as its directory's access list makes it."""
    directory: int
    """Flags opening a directory (with descriptors)."""
    read: int
    """Flags opening a file to read: never through a link (where O_NOFOLLOW exists), never waiting
    on a named pipe (O_NONBLOCK), in binary mode (O_BINARY, Windows)."""
    create: int
    """Flags creating a new file, never an existing one (O_EXCL: a link there is not followed either)."""
    flush: int
    """Flags opening a file to flush it to disk (Windows flushes only what is open for writing)."""

    @classmethod
    def detect(cls) -> Platform:
        """What `os` offers now (a test takes capabilities away from `os`, then detects again)."""
        optional = lambda name: getattr(os, name, 0)  # noqa: E731 — 0: a flag the platform has not
        nofollow, cloexec, binary = optional("O_NOFOLLOW"), optional("O_CLOEXEC"), optional("O_BINARY")
        descriptors = (
            hasattr(os, "O_NOFOLLOW")
            and hasattr(os, "O_DIRECTORY")
            and {os.open, os.stat, os.rename, os.unlink} <= set(os.supports_dir_fd)
        )
        return cls(
            descriptors=descriptors,
            owners=hasattr(os, "geteuid"),
            directory=os.O_RDONLY | optional("O_DIRECTORY") | nofollow | cloexec,
            read=os.O_RDONLY | nofollow | optional("O_NONBLOCK") | cloexec | binary,
            create=os.O_WRONLY | os.O_CREAT | os.O_EXCL | nofollow | cloexec | binary,
            flush=(os.O_RDONLY if descriptors else os.O_RDWR) | nofollow | cloexec | binary,
        )


PLATFORM = Platform.detect()


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
    return datetime.now(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True, eq=False, repr=False)
class StorePaths(Record):
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


@dataclass(frozen=True, eq=False, repr=False)
class Found(Record):
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
            found = directory.stat(path.name)
    except FileNotFoundError:
        return Found("absent")
    return _found(found)


def _found(found: os.stat_result) -> Found:
    if _is_link(found):
        return Found("link")
    if stat.S_ISREG(found.st_mode):
        return Found("file", found.st_size, (found.st_dev, found.st_ino))
    return Found("other", what=_KINDS.get(stat.S_IFMT(found.st_mode), "not a regular file"))


def _is_link(found: os.stat_result) -> bool:
    """A symbolic link, or (Windows) a junction or another reparse point that names another place."""
    return stat.S_ISLNK(found.st_mode) or bool(getattr(found, "st_reparse_tag", 0) & _NAME_SURROGATE)


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
            descriptor = _open_regular(directory, path)
    except FileNotFoundError:
        return None
    with os.fdopen(descriptor, "rb") as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise NotProgressFile(path, f"larger than {limit // (1024 * 1024)} MiB")
    return data


def read_header(path: Path, size: int) -> bytes:
    """The first `size` bytes (or fewer) of the regular file at `path`.

    Raises:
        SymlinkRefused, NotProgressFile, OSError (FileNotFoundError: nothing there).
    """
    with directory_of(path) as directory:
        descriptor = _open_regular(directory, path)
    with os.fdopen(descriptor, "rb") as stream:
        return stream.read(size)


def _open_regular(directory: Directory, path: Path) -> int:
    """A descriptor of the regular file at `path` in `directory`, opened to read, never through a link.

    By path (no O_NOFOLLOW), the file opened must be the one looked at: a file replaced in between
    (another session's rename) is looked at again; one that never matches (a link swapped in) is refused.
    """
    for _ in range(3):
        found = _found(directory.stat(path.name))
        if found.kind == "link":
            raise SymlinkRefused(errno.ELOOP, "symbolic link", str(path))
        if found.kind != "file":
            raise NotProgressFile(path, found.what)  # not even opened: opening a device can act
        descriptor = directory.open(path.name, PLATFORM.read)
        try:
            opened = _found(os.fstat(descriptor))
            if opened.kind != "file":
                raise NotProgressFile(path, opened.what)
        except BaseException:
            os.close(descriptor)
            raise
        if PLATFORM.descriptors or opened.key == found.key or not all(found.key):
            return descriptor
        os.close(descriptor)
    raise SymlinkRefused(errno.ELOOP, "replaced while it was opened", str(path))


class Directory:
    """A file's directory, checked not to be a link, in which files are reached by name only.

    Names are single path components: nothing here follows a link at the name (see `Platform`).
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    def stat(self, name: str) -> os.stat_result:
        """What is at `name`, the link itself if it is one (FileNotFoundError: nothing)."""
        return os.lstat(self.path / name)

    def open(self, name: str, flags: int) -> int:
        """`os.open` of `name` with `flags` (mode 0600 if it creates it); a link there is refused."""
        if not flags & os.O_CREAT:  # O_CREAT | O_EXCL follows no link, by itself
            self._refuse_link(name)
        return _open(str(self.path / name), flags)

    def rename(self, source: str, target: str) -> None:
        os.rename(self.path / source, self.path / target)

    def replace(self, source: str, target: str) -> None:
        os.replace(self.path / source, self.path / target)

    def unlink(self, name: str) -> None:
        os.unlink(self.path / name)

    def names(self) -> list[str]:
        return os.listdir(self.path)

    def exists(self, name: str) -> bool:
        try:
            self.stat(name)
        except FileNotFoundError:
            return False
        return True

    def flush(self) -> None:
        """Make the renames and removals done in it durable, where the platform can (else they stay as done)."""
        with suppress(OSError):  # Windows cannot open a directory: its file system journals renames itself
            descriptor = os.open(self.path, PLATFORM.directory)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)

    def check_private(self) -> None:
        """Raises UnsafeDirectory unless it is the user's and not writable by everyone (where owners exist)."""
        if PLATFORM.owners:
            _check_private(os.stat(self.path), self.path)

    def close(self) -> None:
        pass

    def _refuse_link(self, name: str) -> None:
        with suppress(FileNotFoundError):
            if _is_link(self.stat(name)):
                raise SymlinkRefused(errno.ELOOP, "symbolic link", str(self.path / name))

    @classmethod
    def opening(cls, path: Path) -> Directory:
        """The directory at `path`, refused if it is a link (FileNotFoundError, NotADirectoryError…)."""
        found = os.lstat(path)
        if _is_link(found):
            raise SymlinkRefused(errno.ELOOP, "symbolic link", str(path))
        if not stat.S_ISDIR(found.st_mode):
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path))
        return cls(path)


class DescriptorDirectory(Directory):
    """A directory opened with O_NOFOLLOW: every name is reached relative to its descriptor, so that a
    link put in the directory's path after it was opened changes nothing."""

    def __init__(self, path: Path, descriptor: int) -> None:
        super().__init__(path)
        self.descriptor = descriptor

    def stat(self, name: str) -> os.stat_result:
        return os.stat(name, dir_fd=self.descriptor, follow_symlinks=False)

    def open(self, name: str, flags: int) -> int:
        return _open(name, flags, self.descriptor)

    def rename(self, source: str, target: str) -> None:
        os.rename(source, target, src_dir_fd=self.descriptor, dst_dir_fd=self.descriptor)

    def replace(self, source: str, target: str) -> None:
        os.replace(source, target, src_dir_fd=self.descriptor, dst_dir_fd=self.descriptor)

    def unlink(self, name: str) -> None:
        os.unlink(name, dir_fd=self.descriptor)

    def names(self) -> list[str]:
        return os.listdir(self.descriptor)

    def flush(self) -> None:
        with suppress(OSError):  # the files are already complete: a failure here loses nothing
            os.fsync(self.descriptor)

    def check_private(self) -> None:
        if PLATFORM.owners:
            _check_private(os.fstat(self.descriptor), self.path)

    def close(self) -> None:
        os.close(self.descriptor)

    @classmethod
    def opening(cls, path: Path) -> DescriptorDirectory:
        try:
            descriptor = _open(str(path), PLATFORM.directory)
        except NotADirectoryError:
            if path.is_symlink():  # Linux checks O_DIRECTORY before O_NOFOLLOW
                raise SymlinkRefused(errno.ELOOP, "symbolic link", str(path)) from None
            raise
        return cls(path, descriptor)


def _check_private(found: os.stat_result, path: Path) -> None:
    if found.st_uid != os.geteuid() or found.st_mode & stat.S_IWOTH:
        raise UnsafeDirectory(path)


@contextmanager
def directory_of(path: Path, *, private: bool = False) -> Iterator[Directory]:
    """`path`'s directory, opened without following a link.

    Args:
        path: A file in the directory.
        private: Check the directory is the user's and not writable by everyone (where progress is
            written), where the platform has owners (see `Platform.owners`).

    Raises:
        SymlinkRefused, UnsafeDirectory, OSError.
    """
    kind = DescriptorDirectory if PLATFORM.descriptors else Directory
    directory = kind.opening(path.parent)
    try:
        if private:
            directory.check_private()
        yield directory
    finally:
        directory.close()


def make_directory(path: Path) -> None:
    """Create the directory of `path` (mode 0700 where modes exist) if it does not exist."""
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
    with directory_of(paths.lock, private=True) as directory:
        # Refuses a symlinked or shared directory, and a link at the lock, before the lock is created.
        directory._refuse_link(paths.lock.name)
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
        os.close(directory.open(path.name, PLATFORM.create))


def sync_file(path: Path) -> None:
    """Flush a file that was written by another library (SQLite) to disk."""
    with directory_of(path) as directory:
        descriptor = directory.open(path.name, PLATFORM.flush)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def replace(source: Path, target: Path) -> None:
    """Rename `source` over `target` (same directory), atomically, and make the rename durable."""
    with directory_of(target) as directory:
        directory.replace(source.name, target.name)
        directory.flush()


def remove(path: Path) -> None:
    """Delete a file, if it is there."""
    with directory_of(path) as directory, suppress(FileNotFoundError):
        directory.unlink(path.name)


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
        found = _found(directory.stat(path.name))
        if found.kind == "link":
            raise SymlinkRefused(errno.ELOOP, "symbolic link", str(path))
        if found.kind != "file":
            raise NotProgressFile(path, found.what)
        target = _free_name(path, label, directory, companions)
        directory.rename(path.name, target)
        for suffix in companions:
            with suppress(FileNotFoundError):
                directory.rename(path.name + suffix, target + suffix)
        directory.flush()
    return path.with_name(target)


def free_name(path: Path, label: str) -> Path:
    """A name for a copy of `path` that nothing has, as `move_aside` names it (then -1, -2… in the same second)."""
    with directory_of(path) as directory:
        return path.with_name(_free_name(path, label, directory, ()))


def _free_name(path: Path, label: str, directory: Directory, companions: tuple[str, ...]) -> str:
    # A database keeps its suffix, so that `--progress` opens a copy as it is.
    stem, suffix = path.name, ""
    if stem.endswith(DATABASE_SUFFIX):
        stem, suffix = stem[: -len(DATABASE_SUFFIX)], DATABASE_SUFFIX
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = f"{stem}.{label}-{stamp}{suffix}"
    for number in range(1, 1000):
        if not any(directory.exists(target + companion) for companion in ("", *companions)):
            break
        target = f"{stem}.{label}-{stamp}-{number}{suffix}"
    return target


def remove_stale_temporaries(path: Path) -> None:
    """Delete temporary files left beside `path` by a writer that was killed; call it holding the lock."""
    prefix = f".{path.name}."
    with directory_of(path) as directory:
        for name in directory.names():
            if name.startswith(prefix) and name.endswith((".tmp", ".tmp-journal")):
                with suppress(OSError):
                    directory.unlink(name)


def make_private(path: Path) -> None:
    """Make the file at `path` (if any, and not a link) readable and writable by its owner only.

    Where files have no POSIX modes (Windows) there is nothing to change: the file is as private as
    the access list it inherited from its directory.
    """
    if not PLATFORM.owners:
        return
    try:
        with directory_of(path) as directory:
            descriptor = directory.open(path.name, PLATFORM.read)
    except OSError:
        return
    try:
        found = os.fstat(descriptor)
        if stat.S_ISREG(found.st_mode) and stat.S_IMODE(found.st_mode) & 0o077:
            if hasattr(os, "fchmod"):
                os.fchmod(descriptor, 0o600)
            elif (found.st_dev, found.st_ino) == _key_of(os.lstat(path)):  # still the file opened, not a link
                os.chmod(path, 0o600)
    except OSError:
        pass  # not ours to change: it stays as it was
    finally:
        os.close(descriptor)


def _key_of(found: os.stat_result) -> tuple[int, int] | None:
    return None if _is_link(found) else (found.st_dev, found.st_ino)


def cannot_write(path: Path) -> OSError | None:
    """Why nothing can be written in `path`'s directory (a read-only disk, no permission), or None."""
    if is_read_only(path):
        return OSError(errno.EROFS, os.strerror(errno.EROFS))
    if path.parent.is_dir() and not os.access(path.parent, os.W_OK | os.X_OK):
        return OSError(errno.EACCES, os.strerror(errno.EACCES))
    return None


def is_read_only(path: Path) -> bool:
    """Whether the file system holding `path`'s directory is mounted read-only (False where that cannot be asked)."""
    if not (hasattr(os, "statvfs") and hasattr(os, "ST_RDONLY")):
        return False  # Windows: a read-only disk is then known by its writes failing
    try:
        return bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def reopen_error(path: Path) -> OSError | None:
    """Why the file at `path` cannot be opened to read now (as SymlinkRefused for a link), or None."""
    try:
        with directory_of(path) as directory:
            os.close(directory.open(path.name, PLATFORM.read))
    except OSError as error:
        return refused(error, path)
    return None


def _open(name: str, flags: int, directory: int | None = None) -> int:
    try:
        if directory is None:
            return os.open(name, flags, 0o600)
        return os.open(name, flags, 0o600, dir_fd=directory)
    except OSError as error:
        raise refused(error, name) from None


def refused(error: OSError, name: str | Path) -> OSError:
    """`error`, as SymlinkRefused when it says a symbolic link was met where none is followed."""
    if error.errno in _SYMLINK_ERRORS and not isinstance(error, SymlinkRefused):
        return SymlinkRefused(error.errno, "symbolic link", str(name))
    return error
