"""The name for the class report, in a real terminal: asked at the first start with the login name offered,
never again once answered or declined, and not at all with --student."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.terminal import Terminal

EXECUTABLE = Path(sys.executable).parent / "cnn-tutor"
QUESTION = "Your name or student id, for your instructor's class report:"

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is needed (.ci/run installs it)")


@pytest.fixture
def tutor_env(tutor_env: dict[str, str]) -> dict[str, str]:
    return {**tutor_env, "LOGNAME": "ana42"}  # what getpass.getuser() reads first: the login name offered


def start(env: dict[str, str], *args: str) -> Terminal:
    assert EXECUTABLE.exists(), f"{EXECUTABLE} is not installed (pip install -e .)"
    # The tests' environment turns the question off (CNN_TUTOR_STUDENT empty, tests/conftest.py): a
    # student's terminal has no such variable.
    return Terminal(["env", "-u", "CNN_TUTOR_STUDENT", str(EXECUTABLE), "--lang", "en", *args], 80, 24, env=env)


def stored_student(env: dict[str, str]) -> object:
    exported = subprocess.run(
        [str(EXECUTABLE), "progress", "--json"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env},
    )
    return json.loads(exported.stdout).get("student")  # no name: no key


def open_first_lesson_and_quit(terminal: Terminal) -> str:
    """Keys reach the tutor (no question in the way): Enter opens the first lesson."""
    terminal.wait_for("Module 3/6")
    terminal.press("Enter")
    screen = terminal.wait_for("lesson 1/")
    terminal.press("q")
    terminal.wait_for("[exit 0]")
    return screen


def test_asked_once_with_the_login_name_offered_and_kept_with_enter(tutor_env: dict[str, str]) -> None:
    terminal = start(tutor_env)
    try:
        terminal.wait_for(QUESTION)
        screen = terminal.wait_for("ana42")  # the field is drawn a frame after the question, at times
        assert "Traceback" not in screen
        terminal.press("Enter")
        terminal.wait_without(QUESTION)
        open_first_lesson_and_quit(terminal)
    finally:
        terminal.close()
    assert stored_student(tutor_env) == "ana42"
    again = start(tutor_env)
    try:
        assert QUESTION not in open_first_lesson_and_quit(again)
    finally:
        again.close()


def test_declined_with_escape_is_not_asked_again(tutor_env: dict[str, str]) -> None:
    terminal = start(tutor_env)
    try:
        terminal.wait_for(QUESTION)
        terminal.wait_for("ana42")
        terminal.press("Escape")
        terminal.wait_without(QUESTION)
        open_first_lesson_and_quit(terminal)
    finally:
        terminal.close()
    assert stored_student(tutor_env) is None
    again = start(tutor_env)
    try:
        assert QUESTION not in open_first_lesson_and_quit(again)
    finally:
        again.close()


def test_the_student_option_names_the_student_without_asking(tutor_env: dict[str, str]) -> None:
    terminal = start(tutor_env, "--student", "Ana Lima (s42)")
    try:
        assert QUESTION not in open_first_lesson_and_quit(terminal)
    finally:
        terminal.close()
    assert stored_student(tutor_env) == "Ana Lima (s42)"
