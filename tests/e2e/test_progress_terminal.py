"""The progress store under the real tutor (tmux at 80×24): a lock held by another process, a killed tutor,
the language chosen, and what could not be saved at quit."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REAL_COURSE, ROOT, real_lesson_count
from tests.e2e.test_e2e_terminal import assert_no_traceback, start
from tutor.content.loader import load_course
from tutor.progress import ProgressStore
from tutor.progress.storage import StorePaths
from tutor.progress.store import read_document, remembered_language

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is needed (.ci/run installs it)")
COUNT = real_lesson_count()

HOLD_LOCK = """
import sys
from filelock import FileLock
lock = FileLock(sys.argv[1])
lock.acquire()
print("held", flush=True)
sys.stdin.read()
"""


def hold_lock(path: Path) -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(StorePaths(path).lock)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert holder.stdout.readline() == "held\n"
    return holder


def wait_until(condition, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition was never met"
        time.sleep(0.05)


def test_a_lock_held_by_another_process_never_delays_what_the_student_sees(tutor_env: dict[str, str]) -> None:
    """Before: with the lock held, the course map came after 10 s and the first lesson after 19 s."""
    path = Path(tutor_env["CNN_TUTOR_PROGRESS"])
    store = ProgressStore(path)
    store.set_position("module3", "introduction", 0.0)  # the tutor resumes there: two changes at start
    store.close()
    holder = hold_lock(path)
    terminal = start(tutor_env)
    try:
        started = time.monotonic()
        terminal.wait_for(f"lesson 1/{COUNT}")
        terminal.press("n")
        terminal.wait_for(f"lesson 2/{COUNT}")
        terminal.press("n")
        terminal.wait_for(f"lesson 3/{COUNT}")
        assert time.monotonic() - started < 8  # each write gave up waiting after 0.1 s
        holder.stdin.close()  # the other session is done: what was kept in memory is saved
        holder.wait(timeout=30)
        terminal.press("n")
        terminal.wait_for(f"lesson 4/{COUNT}")
        wait_until(lambda: len(read_document(path)["modules"]["module3"].get("lessons", {})) >= 4)
        terminal.press("q")
        assert_no_traceback(terminal.wait_for("[exit 0]"))
    finally:
        terminal.close()
        holder.kill()
    lessons = read_document(path)["modules"]["module3"]["lessons"]
    assert {"introduction", "batch-norm"} <= set(lessons) and len(lessons) == 4


def test_a_killed_tutor_keeps_what_was_shown_and_resumes(tutor_env: dict[str, str]) -> None:
    path = Path(tutor_env["CNN_TUTOR_PROGRESS"])
    terminal = start(tutor_env)
    try:
        terminal.wait_for("Module 3/6")
        for key, shown in (
            ("Enter", f"lesson 1/{COUNT}"),
            ("n", f"lesson 2/{COUNT}"),
            ("n", f"lesson 3/{COUNT}"),
            ("l", f"leçon 3/{COUNT}"),
        ):
            terminal.press(key)
            terminal.wait_for(shown)
        position = lambda: read_document(path)["modules"]["module3"]["position"]["lesson"]  # noqa: E731
        third = load_course(REAL_COURSE).modules[0].lessons[2].id
        wait_until(lambda: StorePaths(path).database.exists() and position() == third)
        wait_until(lambda: remembered_language(path) == "fr")
        os.kill(terminal.pid(), signal.SIGKILL)
        terminal.wait_for("[exit")
    finally:
        terminal.close()
    again = start(tutor_env)  # no --lang: the language chosen with l is back
    try:
        again.wait_for(f"leçon 3/{COUNT}")
        again.press("q")
        again.wait_for("[exit 0]")
    finally:
        again.close()


def test_progress_that_cannot_be_saved_is_said_at_quit(tutor_env: dict[str, str], tmp_path: Path) -> None:
    path = Path(tutor_env["CNN_TUTOR_PROGRESS"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.mkdir()  # a directory where the progress file should be: refused, kept in memory
    terminal = start(tutor_env)
    try:
        # One word of the notice: its sentences wrap where the path's length puts them (longer under xdist).
        terminal.wait_for("--progress.")
        terminal.press("Enter")
        terminal.wait_for(f"lesson 1/{COUNT}")
        terminal.press("q")
        terminal.wait_for("[exit 0]")
        # Joined where the terminal wrapped the line: the path's length puts the wrap anywhere, even mid-word.
        screen = " ".join(terminal.text(joined=True).split())
        assert "the last changes to your progress could not be saved" in screen
        assert "is not a cnn-tutor progress file (a directory)" in screen and "kept in memory" not in screen
    finally:
        terminal.close()
    assert path.is_dir() and sorted(entry.name for entry in tmp_path.iterdir()) == ["progress.json"]
