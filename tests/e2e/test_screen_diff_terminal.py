"""In a real terminal (tmux), the tutor sending only changed cells shows exactly what full frames show."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, real_lesson_count
from tests.support.terminal import Terminal
from tests.unit.test_screen_diff import Terminal as Screen

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is needed (.ci/run installs it)")

FULL_FRAMES = (
    "import sys, tutor.terminal.screen_diff as diff; diff.ScreenDiff.compress = lambda self, frame, size: frame; "
    "from tutor.cli.main import main; sys.exit(main(sys.argv[1:]))"
)
COUNT = real_lesson_count()
STEPS = [
    ("Enter", f"lesson 1/{COUNT}"),
    ("n", f"lesson 2/{COUNT}"),
    ("n", f"lesson 3/{COUNT}"),
    ("n", f"lesson 4/{COUNT}"),
    ("n", f"lesson 5/{COUNT}"),  # the dropout grids
    ("Tab", None),
    ("s", None),
    ("v", None),
    ("p", f"lesson 4/{COUNT}"),
    ("Tab", None),
    ("4", None),
]


def seen(terminal: Terminal) -> list[list[tuple]]:
    """What the terminal shows now: each cell's character, colours and visible attributes."""
    capture = terminal._tmux("capture-pane", "-p", "-e", "-N", "-t", "main")
    screen = Screen(80, 24)
    screen.play("".join(f"\x1b[{row};1H{line}" for row, line in enumerate(capture.split("\n")[:24], 1)))
    return screen.screen()


def same_screens(with_diff: Terminal, full: Terminal, step: str, timeout: float = 30.0) -> None:
    """Wait until both terminals show the same cells, twice in a row; fail with the step if they never do.

    Both run the same keys side by side: a lesson's rest, its scrollbar and a chart computed in a
    thread arrive a little later in each, at moments a loaded machine decides. What is compared is
    where they end, not a moment taken for their end.
    """
    deadline, agreed = time.monotonic() + timeout, 0
    while True:
        shown, expected = seen(with_diff), seen(full)
        agreed = agreed + 1 if shown == expected else 0
        if agreed == 2:
            return
        if time.monotonic() > deadline:
            rows = [row for row, (a, b) in enumerate(zip(shown, expected)) if a != b]
            raise AssertionError(f"step {step}: the screens still differ on rows {rows}")
        time.sleep(0.2)


@pytest.mark.slow
@pytest.mark.parametrize("term", ["xterm-256color", "xterm"])
def test_changed_cells_only_show_the_same_screens_as_full_frames(tmp_path: Path, term: str) -> None:
    terminals = []
    try:
        for name, command in (("diff", [sys.executable, "-m", "tutor"]), ("full", [sys.executable, "-c", FULL_FRAMES])):
            env = {
                "CNN_TUTOR_PROGRESS": str(tmp_path / name / "progress.json"),
                "LANG": "en_US.UTF-8",
                "TERM": term,
                "PYTHONPATH": str(ROOT),
            }
            terminals.append(Terminal([*command, "--lang", "en"], env=env, cwd=str(ROOT)))
        with_diff, full = terminals
        for terminal in terminals:
            terminal.wait_for("Module 3/6")
        same_screens(with_diff, full, "start")
        for key, expected in STEPS:
            for terminal in terminals:
                terminal.press(key)
            if expected:
                for terminal in terminals:
                    terminal.wait_for(expected)
            same_screens(with_diff, full, f"{key} {expected or ''}")
    finally:
        for terminal in terminals:
            terminal.close()
