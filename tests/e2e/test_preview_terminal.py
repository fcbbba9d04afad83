"""`cnn-tutor preview FILE` in a real terminal (tmux): the lesson is drawn again after each save,
and while the course has a problem, the problem is shown (file:line:col) in place of the lesson."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_COURSE
from tests.e2e.test_e2e_terminal import assert_no_traceback, start

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is needed (.ci/run installs it)")


@pytest.fixture
def tutor_env(tmp_path: Path) -> dict[str, str]:
    return {"XDG_STATE_HOME": str(tmp_path / "state"), "LANG": "en_US.UTF-8", "TERM": "xterm-256color"}


def save(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_preview_draws_the_lesson_again_after_each_save(tmp_path: Path, tutor_env: dict[str, str]) -> None:
    course = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, course)
    lesson = course / "basics" / "first.yaml"
    terminal = start(tutor_env, "preview", str(lesson), "--lang", "en")
    try:
        screen = terminal.wait_for("First lesson")
        assert "(basics/first.yaml, drawn at" in screen

        save(lesson, "en: First lesson}", "en: A renamed lesson}")
        terminal.wait_for("A renamed lesson")

        save(lesson, "style: warning", "style: danger")  # a mistake: the problem replaces the lesson
        screen = terminal.wait_for("callout style must be one of")
        assert "basics/first.yaml:" in screen and "1 problem in the course" in screen
        assert "A renamed lesson" not in screen

        save(lesson, "style: danger", "style: warning")
        screen = terminal.wait_without("callout style must be one of")
        terminal.wait_for("A renamed lesson")

        terminal.press("q")
        screen = terminal.wait_for("[exit 0]")
        assert_no_traceback(screen)
    finally:
        terminal.close()
