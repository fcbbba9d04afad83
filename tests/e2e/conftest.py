"""Fixtures of the end-to-end tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def tutor_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a tutor started in a terminal: its own progress file and state, UTF-8, 256 colours."""
    return {
        "CNN_TUTOR_PROGRESS": str(tmp_path / "progress.json"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "LANG": "en_US.UTF-8",
        "TERM": "xterm-256color",
    }
