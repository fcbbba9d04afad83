"""Where things are: the bundled course, the progress file, the cache and the log."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

APP_NAME = "cnn-tutor"
PROGRESS_VARIABLE = "CNN_TUTOR_PROGRESS"


def bundled_lessons() -> Path:
    """The course shipped with the program (inside the wheel, or the checkout's lessons/)."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "lessons"
    if (packaged / "course.yaml").is_file():
        return packaged
    return package.parent / "lessons"


def progress_file(option: str | None = None, env: Mapping[str, str] = os.environ) -> Path:
    """--progress, else $CNN_TUTOR_PROGRESS, else progress.json in the user data directory."""
    chosen = option or env.get(PROGRESS_VARIABLE)
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "progress.json"


def cache_dir() -> Path:
    """The user cache directory: what start-up can rebuild, kept to start faster."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False))


def log_file() -> Path:
    """The error log, in the user state directory."""
    from platformdirs import user_state_dir

    return Path(user_state_dir(APP_NAME, appauthor=False)) / "errors.log"
