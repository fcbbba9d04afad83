"""The desk the screens use: statuses, a check with its feedback, hints, the editor command."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import REAL_COURSE, ROOT
from tutor.content.loader import load_course
from tutor.exercises.desk import Desk
from tests.support.fakes import MemoryProgress

COURSE = load_course(REAL_COURSE)  # as the tutor loads it: without the checks


def test_a_lesson_offers_its_exercises_and_a_check_says_what_it_found(tmp_path: Path) -> None:
    desk = Desk(COURSE, "en", MemoryProgress(), tmp_path)
    try:
        assert [e.id for e in desk.for_lesson("dropout")] == ["inverted-dropout", "dropout-masks"]
        assert desk.for_lesson("introduction") == [] and desk.lesson_done("introduction") is None
        exercise = desk.for_lesson("channel-attention")[0]
        assert desk.status(exercise) == "new" and desk.lesson_done("channel-attention") is False
        status, lines = desk.check(exercise)
        assert status == "failed" and lines[0].startswith("Not started: se_block still raises")
        shutil.copy(ROOT / "tests" / "data" / "exercise_solutions" / "se_block.py", desk.path(exercise))
        assert desk.status(exercise) == "changed"
        status, lines = desk.check(exercise)
        assert (status, lines) == ("passed", ["Passed: all 4 cases are right."])
        assert desk.lesson_done("channel-attention") is True
        assert [desk.hint(exercise) for _ in range(3)] == [1, 2, 2] and desk.hints_read(exercise) == 2
    finally:
        desk.close()


def test_the_editor_is_the_students_choice(tmp_path: Path, monkeypatch) -> None:
    desk = Desk(COURSE, "en", MemoryProgress(), tmp_path)
    exercise = COURSE.exercises[0]
    monkeypatch.setenv("VISUAL", "code --wait")
    assert desk.editor(exercise) == ["code", "--wait", str(tmp_path / "bn_forward.py")]
    assert (tmp_path / "bn_forward.py").is_file()
    monkeypatch.delenv("VISUAL")
    monkeypatch.setenv("EDITOR", "nano")
    assert desk.editor(exercise)[0] == "nano"
