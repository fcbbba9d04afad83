"""Reading every lesson to its end in a real terminal (tmux), with space only, as a student would.

The end of a lesson is the last line `cnn-tutor show N` prints: space must bring it on screen (with
the hint to the next lesson below it) before space stops changing anything. Completion is read back with `cnn-tutor progress --json`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time

import pytest

from tests.conftest import REAL_COURSE
from tests.e2e.test_e2e_terminal import EXECUTABLE, start
from tests.support.course_text import next_hint_start
from tests.support.terminal import Terminal
from tutor.content.loader import load_course

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is needed (.ci/run installs it)")

QUIET = 2.5
"""Seconds without any change after a space that mean space has stopped moving the lesson short of its end."""
COURSE = load_course(REAL_COURSE)
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

    lesson = COURSE.modules[0].lessons[number - 1]
    if any(exercise.lesson == lesson.id for exercise in COURSE.exercises):
        return tail_of(Messages(lang)("exercises.view_keys"))
    return tail_of(show(number, lang, env))


def at_the_end(header: str, tail: str, hint: str):
    """Whether a screen shows the lesson (`header`) to its end: its last words with the hint to the next lesson
    after them (a lesson's exercise boxes all end with the same keys line, and the lesson before may end with
    it too: the header and the hint tell the last one of this lesson)."""

    def shown(screen: str) -> bool:
        text = words(screen)
        return header in screen.splitlines()[0] and tail in text and words(hint) in text[text.rfind(tail) :]

    return shown


def space_to_the_end(terminal: Terminal, at_end) -> str:
    """Press space until the screen shows the lesson's end (`at_end(screen)`), or until a space changes
    nothing for QUIET seconds (space stops short: the caller's assertion then fails); the screen then."""
    screen = terminal.text()
    for _ in range(200):
        terminal.press("Space")
        deadline = time.monotonic() + QUIET
        while (now := terminal.text()) == screen and time.monotonic() < deadline:
            time.sleep(0.05)
        if now == screen or at_end(now):
            return now
        screen = now
    raise AssertionError(f"space never stopped moving the lesson:\n{screen}")


def spaces_until(terminal: Terminal, at_end, most: int) -> None:
    """Type space every 50 ms, `most` times, or fewer once the screen shows the lesson's end (the spaces
    after that, which the student would not type, only made the test slower)."""
    for _ in range(most):
        sent = time.monotonic()
        terminal.burst("Space")
        if at_end(terminal.text()):
            return
        time.sleep(max(0.0, sent + 0.05 - time.monotonic()))


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
    lessons = COURSE.modules[0].lessons
    terminal = start(env, "--lang", lang, width=width, height=height)
    try:
        terminal.wait_for("3/6")
        for number in range(1, len(lessons) + 1):
            tail = lesson_tail(number, lang, env)
            terminal.burst("Home", *["Down"] * (number - 1), "Enter")  # typed ahead: the map's keys act in order
            header = f"{number}/{len(lessons)} · {lang.upper()}"
            terminal.wait_for(header)
            hint = next_hint_start(COURSE, lessons[number - 1].id, lang)
            screen = space_to_the_end(terminal, at_the_end(header, tail, hint))
            assert tail in words(screen), f"lesson {number}: {tail!r} is not on screen:\n{screen}"
            terminal.press("Escape")
            terminal.wait_without(f"{number}/{len(lessons)} · {lang.upper()}")
    finally:
        terminal.close()


@pytest.mark.slow
def test_spaces_typed_50_ms_apart_from_the_opening_reach_the_last_line(tmp_path) -> None:
    env = lesson_env(tmp_path, "en")
    lessons = COURSE.modules[0].lessons
    terminal = start(env, "--lang", "en")
    try:
        terminal.wait_for("3/6")
        terminal.press("Enter")
        for number in range(1, len(lessons) + 1):
            tail = lesson_tail(number, "en", env)
            header = f"{number}/{len(lessons)} · EN"
            at_end = at_the_end(header, tail, next_hint_start(COURSE, lessons[number - 1].id, "en"))
            if number > 1:
                terminal.press("n")
            spaces_until(terminal, at_end, 45)  # sent at once after n, 50 ms apart: many before the lesson is whole
            deadline = time.monotonic() + 30
            while not at_end(screen := terminal.text()) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert at_end(screen), f"lesson {number}: {tail!r} is not on screen:\n{screen}"
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
