"""The progress store on a platform without POSIX's descriptor calls, as on Windows (issue 18).

Windows' `os` has no O_NOFOLLOW, O_DIRECTORY, O_CLOEXEC or O_NONBLOCK, no `dir_fd=` (an empty
`os.supports_dir_fd`), no `fchmod`, `geteuid`, `statvfs` or `pread`. These tests cannot run on
Windows here, so they take those capabilities away and check that the store still keeps its
guarantees, the way it does where they are missing.

Two ways, for two questions:

- `take_posix_away` (in this process): the store's modules see an `os` without those names, and
  the store detects its platform again. Only the store's view of `os` changes: the libraries under
  it (filelock, SQLite) and the tests themselves still run on this machine's POSIX, as they would
  run on Windows' own calls there.
- `WITHOUT_POSIX` (a script's first lines, for a new interpreter): the names are deleted from the
  real `os` (and `signal.SIGHUP`, `termios`, `fcntl`… made absent) before anything of the tutor is
  imported (only `LIBRARIES` before): importing must not fail.
"""

from __future__ import annotations

import os
import types

import pytest

REMOVED = (
    "O_NOFOLLOW",
    "O_DIRECTORY",
    "O_CLOEXEC",
    "O_NONBLOCK",
    "fchmod",
    "fchown",
    "geteuid",
    "getuid",
    "getegid",
    "statvfs",
    "ST_RDONLY",
    "pread",
    "mkfifo",
)
"""What POSIX has and Windows' `os` has not, among what the store could use."""


class WithoutPosix(types.ModuleType):
    """`os`, without `REMOVED` and with no function taking `dir_fd=`."""

    def __init__(self) -> None:
        super().__init__("os")
        self.supports_dir_fd: set = set()

    def __getattr__(self, name: str):
        if name in REMOVED:
            raise AttributeError(f"module 'os' has no attribute {name!r} (taken away: as on Windows)")
        return getattr(os, name)


def take_posix_away(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the progress store run as where POSIX's descriptor calls are missing (see the module)."""
    from tutor.progress import database, storage

    portable = WithoutPosix()
    for module in (storage, database):
        monkeypatch.setattr(module, "os", portable)
    monkeypatch.setattr(storage, "PLATFORM", storage.Platform.detect())
    assert not storage.PLATFORM.descriptors and not storage.PLATFORM.owners


LIBRARIES = ("platformdirs",)
"""Libraries that choose their implementation by `sys.platform` (on Windows, one with no POSIX call):
imported before the names go, since here they would choose their POSIX one."""

WITHOUT_POSIX = f"""
import os, signal, sys
for library in {LIBRARIES!r}:
    __import__(library)
for name in {REMOVED!r}:
    if hasattr(os, name):
        delattr(os, name)
os.supports_dir_fd = set()
for name in ("SIGHUP", "SIGTSTP", "SIGCONT", "SIGWINCH", "SIGQUIT", "SIGUSR1", "SIGUSR2"):
    if hasattr(signal, name):
        delattr(signal, name)
for name in ("termios", "tty", "fcntl", "pty", "pwd", "grp", "resource"):
    sys.modules[name] = None  # importing it raises ImportError, as on Windows
"""
"""Python to run first in a new interpreter: the POSIX-only names are gone from `os`, `signal` and `sys.modules`."""
