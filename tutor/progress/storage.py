"""The progress file on disk: private, never reached through a symbolic link, replaced atomically.

Every operation opens the file's directory with O_NOFOLLOW and works relative to it, so a
symbolic link put where the directory or the file should be is refused, not followed.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timezone
from pathlib import Path

LOCK_TIMEOUT = 10.0
"""Seconds to wait for another session to finish its write before giving up on saving."""

_DIRECTORY = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_READ = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC  # NONBLOCK: a FIFO does not hang us
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
_SYMLINK_ERRORS = {errno.ELOOP, errno.EMLINK}  # O_NOFOLLOW on a link: ELOOP (Linux, macOS), EMLINK (FreeBSD)


class SymlinkRefused(OSError):
    """The progress file, its lock or its directory is a symbolic link, which is not followed."""


def utc_now() -> str:
    """The current time as a timezone-aware UTC ISO-8601 string of fixed length (sortable)."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


class ProgressFile:
    """The progress file at `path`, its lock `<path>.lock`, and the copies moved aside next to it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock_path = path.with_name(path.name + ".lock")

    def exists(self) -> bool:
        """Whether anything (a file, or a link) is where the file should be."""
        return os.path.lexists(self.path)

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the lock shared by every session of the user; creates the directory (0700).

        Raises:
            SymlinkRefused: the directory or the lock file is a symbolic link.
            OSError: the lock cannot be created, or is held for more than the timeout.
        """
        from filelock import FileLock  # imported when progress is first saved: it is not small

        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with self._directory():
            pass  # refuses a symlinked directory before the lock file is created in it
        lock = FileLock(self.lock_path, mode=0o600, timeout=LOCK_TIMEOUT, poll_interval=0.005)
        try:
            lock.acquire()
        except OSError as error:
            raise _refused(error, self.lock_path) from None
        try:
            yield
        finally:
            lock.release()

    def read(self) -> bytes | None:
        """The stored bytes, or None when there is no file (nor directory)."""
        try:
            with self._directory() as directory:
                descriptor = _open(self.path.name, _READ, directory)
        except FileNotFoundError:
            return None
        with os.fdopen(descriptor, "rb") as stream:
            return stream.read()

    def write(self, data: bytes) -> None:
        """Replace the file by `data`: temporary file in the same directory, flush, fsync, rename."""
        with self._directory() as directory:
            temporary = f".{self.path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
            descriptor = _open(temporary, _CREATE, directory)
            try:
                with os.fdopen(descriptor, "wb") as stream:
                    stream.write(data)
                    stream.flush()
                    os.fsync(stream.fileno())
                os.replace(temporary, self.path.name, src_dir_fd=directory, dst_dir_fd=directory)
            except BaseException:
                with suppress(OSError):
                    os.unlink(temporary, dir_fd=directory)
                raise
            _sync_directory(directory)

    def move_aside(self, label: str) -> Path:
        """Rename the file to `<name>.<label>-<UTC time>`, never over an existing file; returns the new path.

        Raises:
            SymlinkRefused: the file is a symbolic link.
        """
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        with self._directory() as directory:
            if stat.S_ISLNK(os.stat(self.path.name, dir_fd=directory, follow_symlinks=False).st_mode):
                raise SymlinkRefused(errno.ELOOP, "symbolic link", str(self.path))
            target = f"{self.path.name}.{label}-{stamp}"
            for number in range(1, 1000):
                if not _exists(target, directory):
                    break
                target = f"{self.path.name}.{label}-{stamp}-{number}"
            os.rename(self.path.name, target, src_dir_fd=directory, dst_dir_fd=directory)
            _sync_directory(directory)
        return self.path.with_name(target)

    def remove_stale_temporaries(self) -> None:
        """Delete temporary files left by a writer that was killed; call it holding the lock."""
        prefix = f".{self.path.name}."
        with self._directory() as directory:
            for name in os.listdir(directory):
                if name.startswith(prefix) and name.endswith(".tmp"):
                    with suppress(OSError):
                        os.unlink(name, dir_fd=directory)

    @contextmanager
    def _directory(self) -> Iterator[int]:
        try:
            descriptor = _open(str(self.path.parent), _DIRECTORY)
        except NotADirectoryError:
            if self.path.parent.is_symlink():  # Linux checks O_DIRECTORY before O_NOFOLLOW
                raise SymlinkRefused(errno.ELOOP, "symbolic link", str(self.path.parent)) from None
            raise
        try:
            yield descriptor
        finally:
            os.close(descriptor)


def _open(name: str, flags: int, directory: int | None = None) -> int:
    try:
        return os.open(name, flags, 0o600, dir_fd=directory)
    except OSError as error:
        raise _refused(error, name) from None


def _refused(error: OSError, name: str | Path) -> OSError:
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
    # Makes the rename itself durable; the file is already complete, so a failure here loses nothing.
    with suppress(OSError):
        os.fsync(directory)
