"""The desk the screens use: statuses, a check with its feedback, hints, the editor command."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import REAL_COURSE, ROOT
from tests.support.fakes import MemoryProgress
from tutor.content.loader import load_course
from tutor.exercises.desk import Desk

COURSE = load_course(REAL_COURSE)  # as the tutor loads it: without the checks
SOLUTIONS = ROOT / "tests" / "data" / "exercise_solutions"


def test_a_lesson_offers_its_exercises_and_a_check_says_what_it_found(tmp_path: Path) -> None:
    progress = MemoryProgress()
    desk = Desk(COURSE, progress, tmp_path)
    try:
        assert [e.id for e in desk.for_lesson("dropout")] == ["inverted-dropout", "dropout-masks"]
        assert [e.id for e in desk.for_lesson("batch-norm-practice")] == ["bn-fold", "bn-backward"]
        assert desk.for_lesson("introduction") == [] and desk.lesson_counts("introduction") is None
        exercise = desk.for_lesson("channel-attention")[0]
        assert desk.status(exercise) == "new" and desk.lesson_counts("channel-attention") == (0, 1)
        assert not tmp_path.joinpath("se_block.py").exists()  # a status reads; it makes nothing
        status, lines = desk.check(exercise, "en")
        assert status == "failed" and lines[0].startswith("Not started: se_block still raises")
        assert progress.exercise_status("se-block")["last"]["diagnosis"] == "not_started"
        shutil.copy(SOLUTIONS / "se_block.py", desk.path(exercise))
        assert desk.status(exercise) == "changed"
        status, lines = desk.check(exercise, "fr")
        assert (status, lines) == ("passed", ["Réussi\u00a0: les 4 cas sont justes."])
        assert desk.lesson_counts("channel-attention") == (1, 1)
        assert [desk.hint(exercise) for _ in range(3)] == [1, 2, 2] and desk.hints_read(exercise) == 2
        assert progress.exercise_status("se-block")["hints"] == 2
    finally:
        desk.close()


def test_a_file_deleted_after_the_first_check_is_made_again(tmp_path: Path) -> None:
    desk = Desk(COURSE, MemoryProgress(), tmp_path)
    exercise = desk.for_lesson("channel-attention")[0]
    try:
        desk.check(exercise, "en")
        desk.path(exercise).unlink()
        status, lines = desk.check(exercise, "en")
        assert status == "failed" and lines[0].startswith("Not started")
    finally:
        desk.close()


def test_a_workspace_inside_the_program_is_said_not_raised(tmp_path: Path) -> None:
    desk = Desk(COURSE, MemoryProgress(), ROOT / "tutor" / "mine")
    exercise = COURSE.exercises[0]
    status, lines = desk.check(exercise, "en")
    assert status == "new" and lines == [
        f"the workspace {ROOT / 'tutor' / 'mine'} is inside the installed program; choose a directory of your own with --workspace."
    ]
    assert not (ROOT / "tutor" / "mine").exists()


def test_the_editor_is_the_students_choice(tmp_path: Path, monkeypatch) -> None:
    desk = Desk(COURSE, MemoryProgress(), tmp_path)
    exercise = COURSE.exercises[0]
    monkeypatch.setenv("VISUAL", "code --wait")
    assert desk.editor(exercise, "fr") == ["code", "--wait", str(tmp_path / "bn_forward.py")]
    assert (tmp_path / "bn_forward.py").read_text(encoding="utf-8").startswith('"""La BN en entraînement')
    monkeypatch.delenv("VISUAL")
    monkeypatch.setenv("EDITOR", "nano")
    assert desk.editor(exercise, "en")[0] == "nano"
