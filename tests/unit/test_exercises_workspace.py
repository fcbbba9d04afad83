"""The student's workspace and what the session says of each exercise."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import REAL_COURSE, ROOT
from tutor.content.loader import load_course
from tutor.exercises.checker import Checker, file_digest
from tests.support.fakes import MemoryProgress
from tutor.exercises.session import Session
from tutor.exercises.workspace import Workspace, WorkspaceError, starting_text, workspace_dir
from tutor.text.i18n import Messages

COURSE = load_course(REAL_COURSE, exercise_checks=True)
SAY = Messages("en")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_starting_file_is_python_with_the_statement_as_docstring(lang: str) -> None:
    for exercise in COURSE.exercises:
        text = starting_text(exercise, lang)
        module = compile(text, exercise.file, "exec", flags=0x400, dont_inherit=True)  # PyCF_ONLY_AST
        docstring = module.body[0].value.value
        assert docstring.startswith(exercise.title.get(lang) + "\n\n")
        assert f"cnn-tutor hint {exercise.id}" in docstring
        assert max(len(line) for line in docstring.splitlines()) <= 79


def test_the_workspace_is_in_the_user_data_directory_unless_chosen(clean_environment: Path, monkeypatch) -> None:
    monkeypatch.delenv("CNN_TUTOR_WORKSPACE", raising=False)
    assert workspace_dir() == clean_environment / "data" / "cnn-tutor" / "exercises"
    assert workspace_dir(Path("elsewhere")) == Path("elsewhere").absolute()
    monkeypatch.setenv("CNN_TUTOR_WORKSPACE", "/tmp/chosen")
    assert workspace_dir() == Path("/tmp/chosen")


@pytest.mark.parametrize("inside", [ROOT / "tutor" / "work", REAL_COURSE / "exercises"])
def test_a_workspace_inside_the_program_or_its_course_is_refused(inside: Path) -> None:
    with pytest.raises(WorkspaceError) as caught:
        Workspace(inside, "en")
    assert caught.value.key == "exercises.workspace_in_package"


def test_prepare_copies_the_missing_files_and_keeps_the_students(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path, "en")
    exercise = COURSE.exercises[0]
    workspace.path(exercise).write_text("# mine\n")
    workspace.prepare(COURSE.exercises)
    assert workspace.path(exercise).read_text() == "# mine\n"
    assert all(workspace.path(other).is_file() for other in COURSE.exercises)
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".")]  # no temporary file left
    workspace.reset(exercise)
    assert workspace.path(exercise).read_text() == starting_text(exercise, "en")


def test_the_status_comes_from_the_last_check_of_the_same_file(tmp_path: Path) -> None:
    french = Workspace(tmp_path, "fr")
    french.prepare(COURSE.exercises)
    english = Workspace(tmp_path, "en")  # the same files, read by a student who changed language
    progress = MemoryProgress()
    session = Session(COURSE.exercises, COURSE.languages, english, progress, Checker(tmp_path))
    exercise = next(e for e in COURSE.exercises if e.id == "se-block")
    assert session.status(exercise) == "new"
    shutil.copy(ROOT / "tests" / "data" / "exercise_solutions" / "se_block.py", english.path(exercise))
    assert session.status(exercise) == "changed"
    digest = file_digest(english.path(exercise))
    progress.record_exercise_attempt(exercise.id, True, digest=digest, diagnosis="passed", duration=0.2)
    assert session.status(exercise) == "passed"
    english.path(exercise).write_text(english.path(exercise).read_text() + "\n# more\n")
    assert session.status(exercise) == "changed"
    progress.record_exercise_attempt(
        exercise.id, False, digest=file_digest(english.path(exercise)), diagnosis="syntax", duration=0.1
    )
    assert session.status(exercise) == "failed"
    assert (
        progress.exercise_status(exercise.id)["attempts"] == 2 and progress.exercise_status(exercise.id)["passes"] == 1
    )


def test_hints_go_one_further_each_time_and_stop_at_the_last(tmp_path: Path) -> None:
    session = Session(
        COURSE.exercises, COURSE.languages, Workspace(tmp_path, "en"), MemoryProgress(), Checker(tmp_path)
    )
    exercise = next(e for e in COURSE.exercises if len(e.hints) == 2)
    assert [session.take_hint(exercise) for _ in range(4)] == [1, 2, 2, 2]
    assert session.progress.exercise_status(exercise.id)["hints"] == 2
