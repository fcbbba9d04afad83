"""The installed cnn-tutor in a real terminal (tmux at 80×24), driven key by key like a student."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REAL_COURSE
from tests.support.terminal import Terminal
from tutor.content.loader import load_course

EXECUTABLE = Path(sys.executable).parent / "cnn-tutor"

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is needed (.ci/run installs it)")


def start(env: dict[str, str], *args: str, width: int = 80, height: int = 24) -> Terminal:
    assert EXECUTABLE.exists(), f"{EXECUTABLE} is not installed (pip install -e .)"
    return Terminal([str(EXECUTABLE), *args], width, height, env=env)


def assert_no_traceback(screen: str) -> None:
    assert "Traceback" not in screen and "Error" not in screen.split("[exit")[0], screen


def test_walk_through_every_lesson_then_help_then_quit(tutor_env: dict[str, str]) -> None:
    module = load_course(REAL_COURSE).modules[0]
    terminal = start(tutor_env)
    try:
        screen = terminal.wait_for("Module 3/6: Advanced CNN techniques")
        assert_no_traceback(screen)
        terminal.press("Enter")
        count = len(module.lessons)
        for position, lesson in enumerate(module.lessons, 1):
            screen = terminal.wait_for(f"lesson {position}/{count} · EN")
            assert lesson.title.get("en")[:30] in screen.splitlines()[0] + screen
            assert_no_traceback(screen)
            if position < count:
                terminal.press("n")
        terminal.press("?")
        screen = terminal.wait_for("─ Help ─")
        assert "Next" in screen and "Previous" in screen
        terminal.press("Escape")
        terminal.wait_without("─ Help ─")
        terminal.press("q")
        screen = terminal.wait_for("[exit 0]")
        assert_no_traceback(screen)
    finally:
        terminal.close()


def test_progress_survives_a_restart_and_resumes(tutor_env: dict[str, str]) -> None:
    terminal = start(tutor_env)
    try:
        terminal.wait_for("Module 3/6")
        terminal.press("Enter", "n", "n")
        terminal.wait_for("lesson 3/13")
        terminal.press("q")
        terminal.wait_for("[exit 0]")
    finally:
        terminal.close()
    again = start(tutor_env)
    try:
        screen = again.wait_for("lesson 3/13")
        assert "Welcome back" in again.wait_for("Welcome back")
        again.press("Escape")
        screen = again.wait_for("lessons completed")
        assert "0/13 lessons completed" in screen  # leaving with n completes nothing: it was not read
        assert "•  1. Introduction" in screen and "•  2. Batch" in screen and "•  3. Batch" in screen
    finally:
        again.close()


def test_drawing_works_with_stderr_redirected(tutor_env: dict[str, str], tmp_path: Path) -> None:
    log = tmp_path / "stderr.txt"
    terminal = Terminal(["sh", "-c", f'"{EXECUTABLE}" 2>"{log}"'], env=tutor_env)
    try:
        terminal.wait_for("Module 3/6")
        terminal.press("q")
        terminal.wait_for("[exit 0]")
    finally:
        terminal.close()
    assert "\x1b[" not in log.read_text()


def test_tiny_terminal_then_enlarged(tutor_env: dict[str, str]) -> None:
    terminal = start(tutor_env, width=50, height=15)
    try:
        terminal.wait_for("Enlarge the terminal")
        terminal.resize(80, 24)
        terminal.wait_for("Module 3/6")
        terminal.press("q")
        terminal.wait_for("[exit 0]")
    finally:
        terminal.close()


@pytest.mark.parametrize("term", ["xterm", "linux", "vt100", "screen"])
def test_other_terminals_and_no_colour(tutor_env: dict[str, str], term: str) -> None:
    terminal = start({**tutor_env, "TERM": term, "NO_COLOR": "1", "LANG": "C"})
    try:
        screen = terminal.wait_for("Module 3/6")
        terminal.press("Enter")
        screen = terminal.wait_for("lesson 1/13")
        assert_no_traceback(screen)
        terminal.press("q")
        terminal.wait_for("[exit 0]")
    finally:
        terminal.close()


def test_ascii_mode_draws_only_ascii(tutor_env: dict[str, str]) -> None:
    terminal = start({**tutor_env, "LANG": "fr_FR.UTF-8"}, "--ascii")
    try:
        screen = terminal.wait_for("Module 3/6")
        assert screen.isascii(), screen
        terminal.press("Enter", "n")
        screen = terminal.wait_for("lecon 2/13")
        assert screen.isascii(), screen
        terminal.press("q")
        terminal.wait_for("[exit 0]")
    finally:
        terminal.close()


def test_answers_survive_a_dropped_connection(tutor_env: dict[str, str]) -> None:
    """SSH drops kill the tutor with SIGHUP: every answer given so far is already in the file."""
    import json
    import os
    import signal

    terminal = start(tutor_env)
    try:
        terminal.wait_for("Module 3/6")
        terminal.press("End", "Up", "Enter")  # the quiz is the last lesson but one
        terminal.wait_for("lesson 12/13")
        terminal.press("Tab", "2", "Tab", "3")
        terminal.wait_for("● 3) Randomly deactivates some neurons")
        os.kill(terminal.pid(), signal.SIGHUP)
        terminal.wait_for("[exit")
    finally:
        terminal.close()
    exported = subprocess.run(
        [str(EXECUTABLE), "progress", "--json"], capture_output=True, text=True, env=tutor_env, check=True
    )
    stored = json.loads(exported.stdout)  # whatever the store keeps its data in
    draft = stored["modules"]["module3"]["quizzes"]["module3-quiz"]["draft"]["answers"]
    assert draft == {"q-bn-purpose": 1, "q-dropout-training": 2}


def test_paging_after_a_check_reaches_every_place_to_revisit(tutor_env: dict[str, str]) -> None:
    """The links to revisit are part of the page: space reaches the last one, none is hidden in a
    box that scrolls on its own (31 of them once a check leaves 43 questions unanswered)."""
    terminal = start(tutor_env)
    try:
        terminal.wait_for("Module 3/6")
        terminal.press("End", "Up", "Enter")
        terminal.wait_for("lesson 12/13")
        terminal.press("Tab", "1", "c")
        terminal.wait_for("Lessons to revisit")
        for _ in range(8):
            try:
                screen = terminal.wait_for("A worked example (question 43)", timeout=5)
                break
            except AssertionError:
                terminal.press("Space")
        else:
            raise AssertionError(f"the last place to revisit never came on screen:\n{terminal.text()}")
        assert_no_traceback(screen)
    finally:
        terminal.close()


def test_keys_typed_ahead_are_taken_in_order(tutor_env: dict[str, str]) -> None:
    terminal = start(tutor_env)
    try:
        terminal.wait_for("Module 3/6")
        terminal.burst("Down", "Down", "Down", "Down", "Enter")
        screen = terminal.wait_for("lesson 5/13")
        assert "Dropout" in screen.splitlines()[0]
        terminal.press("q")
        terminal.wait_for("[exit 0]")
    finally:
        terminal.close()
