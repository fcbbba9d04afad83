"""The error log: full tracebacks go to a file in the user state directory, never the screen."""

from __future__ import annotations

import datetime as dt
import errno
import os
import traceback
from pathlib import Path

from tutor.system.paths import log_file

MAX_LOG_BYTES = 1024 * 1024
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
"""Never through a link where O_NOFOLLOW exists (elsewhere, Windows, a link is looked for first)."""


def log_exception(error: BaseException, context: str = "") -> str:
    """Append `error` with its traceback to the log; returns where it went, for a message."""
    path = log_file()
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    text = "".join(traceback.format_exception(error))
    entry = f"--- {stamp} {context}\n{text}\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if path.is_file() and path.stat().st_size > MAX_LOG_BYTES:
            os.replace(path, path.with_suffix(".log.old"))
        if not hasattr(os, "O_NOFOLLOW") and path.is_symlink():
            raise OSError(errno.ELOOP, "symbolic link")
        fd = os.open(path, _FLAGS, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as stream:
            stream.write(entry)
    except OSError as why:
        return f"(no log: {Path(path)} could not be written: {why.strerror or why})"
    return str(path)
