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
STEPS = [("Enter", f"lesson 1/{COUNT}"), ("n", f"lesson 2/{COUNT}"), ("n", f"lesson 3/{COUNT}"),
         ("n", f"lesson 4/{COUNT}"), ("n", f"lesson 5/{COUNT}"),  # the dropout grids
         ("Tab", None), ("s", None), ("v", None), ("p", f"lesson 4/{COUNT}"), ("Tab", None), ("4", None)]


def seen(terminal: Terminal) -> list[list[tuple]]:
    """What the terminal shows once it stops changing: each cell's character, colours and visible attributes."""
    previous, deadline = None, time.monotonic() + 10
    while time.monotonic() < deadline:
        time.sleep(0.3)  # charts are computed in a thread and arrive a little later
        capture = terminal._tmux("capture-pane", "-p", "-e", "-N", "-t", "main")
        if capture == previous:
            break
        previous = capture
    screen = Screen(80, 24)
    screen.play("".join(f"\x1b[{row};1H{line}" for row, line in enumerate(capture.split("\n")[:24], 1)))
    return screen.screen()


def screens(terminal: Terminal) -> list[list[list[tuple]]]:
    """What the terminal shows after each step."""
    terminal.wait_for("Module 3/6")
    shown = [seen(terminal)]
    for key, expected in STEPS:
        terminal.press(key)
        if expected:
            terminal.wait_for(expected)
        shown.append(seen(terminal))
    return shown


@pytest.mark.parametrize("term", ["xterm-256color", "xterm"])
def test_changed_cells_only_show_the_same_screens_as_full_frames(tmp_path: Path, term: str) -> None:
    results = []
    for name, command in (("diff", [sys.executable, "-m", "tutor"]), ("full", [sys.executable, "-c", FULL_FRAMES])):
        env = {"CNN_TUTOR_PROGRESS": str(tmp_path / name / "progress.json"), "LANG": "en_US.UTF-8", "TERM": term,
               "PYTHONPATH": str(ROOT)}
        terminal = Terminal([*command, "--lang", "en"], env=env, cwd=str(ROOT))
        try:
            results.append(screens(terminal))
        finally:
            terminal.close()
    with_diff, full = results
    for step, (shown, expected) in enumerate(zip(with_diff, full)):
        assert shown == expected, f"step {step}: {STEPS[step - 1] if step else 'start'}"
