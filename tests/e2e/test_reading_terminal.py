"""Reading every lesson to its end in a real terminal (tmux), with space only, as a student would.

The end of a lesson is the last line `cnn-tutor show N` prints: it must be on screen once space
no longer changes anything. Completion is read back with `cnn-tutor progress --json`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time

import pytest

from tests.conftest import REAL_COURSE
from tests.e2e.test_e2e_terminal import EXECUTABLE, start
from tests.support.terminal import Terminal
from tutor.content.loader import load_course

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is needed (.ci/run installs it)")

QUIET = 2.5
"""Seconds without any change after a space that mean the lesson is at its end."""
FRAME = "│║|╭╮╰╯╔╗╚╝─═▁▂▃▄▅▆▇█▔▊▎*`"


def words(text: str) -> str:
    """`text` without frames or white space: a long word (a URL) may be cut anywhere at a line's end."""
    return "".join(text.translate({ord(character): " " for character in FRAME}).split())


def show(number: int, lang: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [str(EXECUTABLE), "show", str(number), "--lang", lang], capture_output=True, text=True, env=env, check=True
    )
    return result.stdout


def tail_of(text: str) -> str:
    """The last words of the last line printed (at most five)."""
    return "".join(text.rstrip().splitlines()[-1].translate({ord(character): " " for character in FRAME}).split()[-5:])


def lesson_tail(number: int, lang: str, env: dict[str, str]) -> str:
    """The last words of lesson `number` on screen: those `cnn-tutor show` ends with or, in a lesson with
    exercises, those of its last exercise box (its keys line, before any check or hint)."""
    from tutor.text.i18n import Messages

    course = load_course(REAL_COURSE)
    lesson = course.modules[0].lessons[number - 1]
    if any(exercise.lesson == lesson.id for exercise in course.exercises):
        return tail_of(Messages(lang)("exercises.view_keys"))
    return tail_of(show(number, lang, env))


def space_until_still(terminal: Terminal) -> str:
    """Press space until one press changes nothing for QUIET seconds; the screen then."""
    screen = terminal.text()
    for _ in range(200):
        terminal.press("Space")
        deadline = time.monotonic() + QUIET
        while (now := terminal.text()) == screen and time.monotonic() < deadline:
            time.sleep(0.05)
        if now == screen:
            return screen
        screen = now
    raise AssertionError(f"space never stopped moving the lesson:\n{screen}")


def lesson_env(tmp_path, lang: str) -> dict[str, str]:
    return {
        "CNN_TUTOR_PROGRESS": str(tmp_path / "progress.json"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "LANG": "fr_FR.UTF-8" if lang == "fr" else "en_US.UTF-8",
        "TERM": "xterm-256color",
    }


@pytest.mark.slow
@pytest.mark.parametrize(("width", "height", "lang"), [(80, 24, "fr"), (60, 20, "en")])
def test_space_alone_reaches_the_last_line_of_every_lesson(tmp_path, width: int, height: int, lang: str) -> None:
    env = lesson_env(tmp_path, lang)
    lessons = load_course(REAL_COURSE).modules[0].lessons
    terminal = start(env, "--lang", lang, width=width, height=height)
    try:
        terminal.wait_for("3/6")
        for number in range(1, len(lessons) + 1):
            tail = lesson_tail(number, lang, env)
            terminal.press("Home", *["Down"] * (number - 1), "Enter")
            terminal.wait_for(f"{number}/{len(lessons)} · {lang.upper()}")
            screen = space_until_still(terminal)
            assert tail in words(screen), f"lesson {number}: {tail!r} is not on screen:\n{screen}"
            terminal.press("Escape")
            terminal.wait_without(f"{number}/{len(lessons)} · {lang.upper()}")
    finally:
        terminal.close()


@pytest.mark.slow
def test_spaces_typed_50_ms_apart_from_the_opening_reach_the_last_line(tmp_path) -> None:
    env = lesson_env(tmp_path, "en")
    lessons = load_course(REAL_COURSE).modules[0].lessons
    terminal = start(env, "--lang", "en")
    try:
        terminal.wait_for("3/6")
        terminal.press("Enter")
        for number in range(1, len(lessons) + 1):
            if number > 1:
                terminal.press("n")
            terminal.press(*["Space"] * 45)  # sent at once after n, 50 ms apart: many before the lesson is whole
            tail = lesson_tail(number, "en", env)
            deadline = time.monotonic() + 30
            while tail not in words(screen := terminal.text()) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert tail in words(screen), f"lesson {number}:\n{screen}"
    finally:
        terminal.close()


def test_completion_follows_the_last_line_seen_never_arrival_or_n(tmp_path) -> None:
    env = lesson_env(tmp_path, "en")
    terminal = start(env, "--lang", "en")

    def states() -> dict[str, dict]:
        exported = subprocess.run(
            [str(EXECUTABLE), "progress", "--json"], capture_output=True, text=True, env=env, check=True
        )
        return json.loads(exported.stdout)["modules"]["module3"]["lessons"]

    ids = [lesson.id for lesson in load_course(REAL_COURSE).modules[0].lessons]
    count, first = len(ids), ids.index("weight-decay")
    arrived, then = ids[first + 1], ids[first + 2]
    try:
        terminal.wait_for("3/6")
        terminal.press(*["Down"] * first, "Enter")
        terminal.wait_for(f"lesson {first + 1}/{count}")
        terminal.press("End")
        deadline = time.monotonic() + 15
        while "completed" not in states().get("weight-decay", {}):
            assert time.monotonic() < deadline, states()
            time.sleep(0.1)
        terminal.press("n")
        terminal.wait_for(f"lesson {first + 2}/{count}")
        terminal.press("n")
        terminal.wait_for(f"lesson {first + 3}/{count}")
        terminal.press("q")
        terminal.wait_for("[exit 0]")
    finally:
        terminal.close()
    lessons = states()
    assert "completed" in lessons["weight-decay"]
    assert "completed" not in lessons[arrived]  # arrived from the bottom of the lesson before, left with n
    assert "completed" not in lessons[then]  # arrived, then quit
