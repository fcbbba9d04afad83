"""A storm of 500 keys in a real terminal ends on a working tutor, never an internal error."""

from __future__ import annotations

import random
import shutil
import time
from pathlib import Path

import pytest

from tests.e2e.test_e2e_terminal import start

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is needed (.ci/run installs it)")

STORM_KEYS = [
    "n",
    "p",
    "l",
    "t",
    "Escape",
    "Enter",
    "Tab",
    "BTab",
    "Space",
    "End",
    "Home",
    "Down",
    "Up",
    "NPage",
    "1",
    "2",
    "3",
    "c",
    "r",
    "v",
    "g",
    "?",
    "+",
    "-",
    "b",
    "w",
]
"""Keys a student may press anywhere; q is pressed once, at the end."""


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2])
def test_a_storm_of_500_keys_leaves_a_working_tutor(tmp_path: Path, seed: int) -> None:
    env = {
        "CNN_TUTOR_PROGRESS": str(tmp_path / "progress.json"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "LANG": "en_US.UTF-8",
        "TERM": "xterm-256color",
    }
    rng = random.Random(seed)
    terminal = start(env, "--lang", "en")
    try:
        terminal.wait_for("3/6")
        terminal.press(*["Down"] * 10, "Enter")  # the lesson before the quiz, as in the reports
        terminal.wait_for("lesson 11/")
        storm = [rng.choice(STORM_KEYS) for _ in range(500)]
        for start_at in range(0, len(storm), 25):
            terminal.burst(*storm[start_at : start_at + 25])  # 25 keys in one write, at once
            time.sleep(0.02)
        # Then quit: q closes the help if the storm left it open, and quits from any other screen.
        for _ in range(6):
            terminal.press("q")
            try:
                screen = terminal.wait_for("[exit", timeout=20)
                break
            except AssertionError:
                continue
        else:
            raise AssertionError(f"the tutor did not quit:\n{terminal.text()}")
        assert "[exit 0]" in screen, screen
        assert "internal error" not in screen and "Traceback" not in screen, screen
        assert not (tmp_path / "state" / "cnn-tutor" / "errors.log").exists()
    finally:
        terminal.close()
