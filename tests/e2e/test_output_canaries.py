"""Canaries of the output path: they fail loudly if Textual's writes change shape under the tutor.

The driver rewrites each frame to send only changed cells, relying on how Textual 8.2 writes:
one `driver.write` per frame, starting with a cursor move, between the synchronized-output
markers. If a Textual release changed that, nothing would break visibly: frames would simply
pass unchanged (the savings gone) or, worse, pieces of a frame would pass without the model
being forgotten. These tests watch the real tutor on a pseudo-terminal.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from benchmarks import sessions
from benchmarks.terminal import SYNC_END, SYNC_START, PtySession
from tests.conftest import ROOT

SPY = """
import atexit, json, sys
from tutor.terminal import driver
from tutor.terminal.frames import HARMLESS
from tutor.terminal.screen_diff import FRAME_START
writes = []
original = driver.TutorDriver.write
def write(self, data):
    kind = "frame" if FRAME_START.match(data) else "harmless" if HARMLESS.fullmatch(data) else "other"
    writes.append([kind, data[:12]])
    original(self, data)
driver.TutorDriver.write = write
atexit.register(lambda: open(sys.argv.pop(), "w").write(json.dumps(writes)))
from tutor.cli.main import main
sys.exit(main(sys.argv[1:-1]))
"""


def launch(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> PtySession:
    environment = {**sessions.environment("xterm-256color", tmp_path / "progress.json"), **(env or {})}
    return PtySession([sys.executable, *args], environment, str(ROOT))


def test_a_key_that_changes_two_rows_writes_only_them(tmp_path: Path) -> None:
    # Textual repaints the whole lesson list for it: about 4 KB at 256 colours.
    with launch(tmp_path, "-m", "tutor", "--lang", "en") as session:
        sessions.first_frame(session, sessions.TUTOR_MARKER)
        session.settle(0, 0.3)
        sent, offset = session.press("down")
        session.settle(offset, 0.3)
        written = len(session.output) - offset
        assert 0 < written < 400, f"{written} bytes for one highlight move: frames are no longer compressed"
        assert session.close() == 0


def test_textual_writes_each_frame_once_starting_with_a_cursor_move(tmp_path: Path) -> None:
    log = tmp_path / "writes.json"
    with launch(tmp_path, "-c", SPY, "--lang", "en", str(log)) as session:
        sessions.first_frame(session, sessions.TUTOR_MARKER)
        for key in ("enter", "n", "tab", "down", "p"):
            sent, offset = session.press(key)
            session.settle(offset, 0.3)
        assert session.close() == 0
    writes = json.loads(log.read_text())
    frames: list[list[str]] = []
    inside = None
    for kind, start in writes:
        if start.startswith(SYNC_START.decode()):
            inside = []
        elif start.startswith(SYNC_END.decode()):
            frames.append(inside)
            inside = None
        elif inside is not None:
            inside.append(kind)
    assert len(frames) > 5
    assert all(kinds == ["frame"] for kinds in frames), f"not one frame write per synchronized update: {frames}"
    others = sorted({start for kind, start in writes if kind == "other"})
    assert others == ["\x1b[?1049h", "\x1b[?1049l"], (
        f"writes the driver does not know (it forgets the screen): {others}"
    )


def test_textual_driver_is_respected(tmp_path: Path) -> None:
    # As `textual serve` runs an app: its web driver, not the tutor's terminal driver.
    env = {"TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver"}
    with launch(tmp_path, "-m", "tutor", "--lang", "en", env=env) as session:
        while len(session.output) < len(b"__GANGLION__") and session.process.poll() is None:
            if not session.read(10):
                break
        # The web driver's protocol first; the terminal driver would switch screens first (ESC[?1049h).
        assert session.output.startswith(b"__GANGLION__"), bytes(session.output[:200])


def settled(terminal) -> str:
    """The screen once two captures 0.3 s apart agree (the lesson's last touches drawn)."""
    previous = None
    while (screen := terminal.text()) != previous:
        previous = screen
        time.sleep(0.3)
    return screen


def test_ctrl_l_repairs_a_screen_damaged_from_outside(tmp_path: Path) -> None:
    import shutil

    import pytest

    if shutil.which("tmux") is None:
        pytest.skip("tmux is needed (.ci/run installs it)")
    from tests.e2e.test_e2e_terminal import start

    env = {
        "CNN_TUTOR_PROGRESS": str(tmp_path / "progress.json"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "LANG": "en_US.UTF-8",
        "TERM": "xterm-256color",
    }
    terminal = start(env)
    try:
        terminal.wait_for("Module 3/6")
        terminal.press("Enter")
        terminal.wait_for("lesson 1/")
        before = settled(terminal)
        tty = terminal._tmux("display-message", "-p", "-t", "main", "#{pane_tty}").strip()
        with open(tty, "w") as pane:  # another program writing on the terminal (wall, a background job)
            pane.write("\x1b[2J\x1b[5;5HSOMETHING ELSE WROTE HERE")
        terminal.wait_for("SOMETHING ELSE")
        terminal.press("C-l")
        terminal.wait_without("SOMETHING ELSE")
        assert settled(terminal) == before
    finally:
        terminal.close()


def test_the_redraw_key_is_listed_in_help(tmp_path: Path) -> None:
    with launch(tmp_path, "-m", "tutor", "--lang", "en") as session:
        sessions.first_frame(session, sessions.TUTOR_MARKER)
        sent, offset = session.press("?")
        assert session.frame_with("Redraw the whole screen", offset) is not None
        os.write(session.leader, b"\x1b")
