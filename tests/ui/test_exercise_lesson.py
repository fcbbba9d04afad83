"""The exercises in the tutor: a box at the end of their lesson, its keys, and the course map's marks.

Each key as a student uses it: `e` opens the file in the editor named by $VISUAL (here a script
that writes the solution, as a student would), `c` checks the file in a thread worker (a real
check, in a new Python), `h` shows the next hint; each is recorded in the progress store.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.conftest import REAL_COURSE, ROOT
from tests.support.fakes import MemoryProgress
from tests.support.helpers import notifications, screen_text, until, workers_done
from tutor.app.app import TutorApp
from tutor.content.loader import load_course
from tutor.screens.lesson import LessonScreen
from tutor.screens.start import StartScreen
from tutor.widgets.chrome.lesson_list import LessonList
from tutor.widgets.exercise.view import ExerciseView

COURSE = load_course(REAL_COURSE)
MODULE = COURSE.modules[0].id
SOLUTION = ROOT / "tests" / "data" / "exercise_solutions" / "se_block.py"
LESSON = "channel-attention"
"""A lesson with one exercise, se-block (which needs no other exercise's file)."""


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "workspace"
    monkeypatch.setenv("CNN_TUTOR_WORKSPACE", str(path))
    return path


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """$VISUAL: a script that 'edits' the file it is given by writing the solution into it."""
    script = tmp_path / "fake-editor"
    log = tmp_path / "edited"
    script.write_text(f'#!/bin/sh\necho "$1" >> "{log}"\ncp "{SOLUTION}" "$1"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("VISUAL", str(script))
    monkeypatch.setenv("EDITOR", "false")  # $VISUAL wins
    return log


def suspending(app: TutorApp) -> list[str]:
    """Pilot's headless driver cannot suspend: record the suspension instead of giving up the terminal."""
    seen: list[str] = []

    @contextlib.contextmanager
    def suspend():
        seen.append("suspended")
        yield
        seen.append("resumed")

    app.suspend = suspend  # type: ignore[method-assign]
    return seen


async def open_at_end(pilot: Pilot, lesson: str = LESSON) -> ExerciseView | None:
    app = pilot.app
    await pilot.pause()
    app.open_lesson(f"{MODULE}/{lesson}")
    await until(
        pilot,
        lambda: (
            isinstance(app.screen, LessonScreen)
            and app.screen.lesson.id == lesson
            and bool(app.screen.query(".next-hint"))
        ),
    )  # the whole lesson is mounted
    await pilot.press("end")
    await workers_done(app)
    await pilot.pause()
    views = list(app.screen.query(ExerciseView).results(ExerciseView))
    return views[0] if views else None


def student_file(workspace: Path) -> Path:
    return workspace / "se_block.py"


async def test_the_lesson_ends_with_its_exercise_and_a_lesson_without_has_no_exercise_keys(workspace: Path) -> None:
    progress = MemoryProgress()
    app = TutorApp(COURSE, "en", progress)
    async with app.run_test(size=(100, 40)) as pilot:
        view = await open_at_end(pilot)
        assert view is not None and view.exercise.id == "se-block"
        text = screen_text(app)
        assert "Exercise" in text and view.exercise.title.get("en") in text
        assert "not started" in text and "Keys: e edit the file in your editor" in text
        assert "edit the file c" not in " ".join(text.split())  # the key bar is the lesson's: the box says its keys
        view.focus()  # selected (tab, a click): the key bar lists them too
        await pilot.pause()
        assert "e edit the file c check h hint" in " ".join(screen_text(app).split())
        await open_at_end(pilot, "receptive-field")  # no exercise there
        assert not app.screen.query(ExerciseView)
        text = screen_text(app)
        assert "edit the file" not in text and "c check" not in " ".join(text.split())
        await pilot.press("c", "h", "e")
        await workers_done(app)
        await pilot.pause()
        assert progress.exercise_statuses() == {} and not workspace.exists()  # nothing checked, no hint


@pytest.mark.skipif(os.name != "posix", reason="the fake editor is a shell script")
async def test_e_opens_the_file_in_the_editor_with_the_app_suspended(workspace: Path, editor: Path) -> None:
    progress = MemoryProgress()
    app = TutorApp(COURSE, "en", progress)
    async with app.run_test(size=(100, 40)) as pilot:
        seen = suspending(app)
        view = await open_at_end(pilot)
        await pilot.press("e")
        await until(pilot, lambda: view.status == "changed")
        assert seen == ["suspended", "resumed"]
        assert editor.read_text(encoding="utf-8").split() == [str(student_file(workspace))]
        assert student_file(workspace).read_bytes() == SOLUTION.read_bytes()
        assert "changed, not checked" in screen_text(app)
        app.screen.query_one(ExerciseView)  # the box is still there, once the editor is closed


async def test_e_where_no_terminal_can_be_given_says_where_the_file_is(workspace: Path, editor: Path) -> None:
    app = TutorApp(COURSE, "en", MemoryProgress())
    async with app.run_test(size=(100, 40)) as pilot:
        await open_at_end(pilot)  # headless, as in a browser tab: the app cannot be suspended
        await pilot.press("e")
        await until(pilot, lambda: any("editor of your own" in note for note in notifications(app)))
        assert str(student_file(workspace)) in " ".join(notifications(app))
        assert not editor.exists()  # the editor was not started
        assert student_file(workspace).is_file()  # the starting file is there to be edited


async def test_e_with_an_editor_that_does_not_exist_says_so(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISUAL", "/nonexistent/editor --wait")
    app = TutorApp(COURSE, "en", MemoryProgress())
    async with app.run_test(size=(100, 40)) as pilot:
        suspending(app)
        view = await open_at_end(pilot)
        await pilot.press("e")
        await until(pilot, lambda: any("Could not start the editor" in note for note in notifications(app)))
        assert "/nonexistent/editor" in " ".join(notifications(app)) and view.status == "new"


async def test_c_checks_in_a_thread_then_shows_the_feedback_and_records_it(workspace: Path) -> None:
    progress = MemoryProgress()
    app = TutorApp(COURSE, "en", progress)
    async with app.run_test(size=(100, 40)) as pilot:
        view = await open_at_end(pilot)
        await pilot.press("c")
        assert view.status == "checking"
        await until(pilot, lambda: view.status != "checking")
        assert view.status == "failed"
        text = screen_text(app)
        assert "not passing yet" in text and "Not started" in text and "NotImplementedError" in text
        assert [check["passed"] for check in progress.checks] == [False]
        shutil.copyfile(SOLUTION, student_file(workspace))  # the student's own editor, outside the tutor
        await pilot.press("c")
        await until(pilot, lambda: view.status not in ("checking", "failed"))
        assert view.status == "passed"
        assert "✓ done" in screen_text(app) and "Passed: all" in screen_text(app)
        assert [check["passed"] for check in progress.checks] == [False, True]
        assert progress.exercise_status("se-block")["passes"] == 1


async def test_h_shows_the_hints_one_at_a_time_and_records_them(workspace: Path) -> None:
    progress = MemoryProgress()
    app = TutorApp(COURSE, "en", progress)
    async with app.run_test(size=(100, 40)) as pilot:
        view = await open_at_end(pilot)
        hints = view.exercise.hints
        assert len(hints) >= 2
        await pilot.press("h")
        await until(pilot, lambda: view.hints == 1)
        text = screen_text(app)
        assert f"Hint 1 of {len(hints)}" in text and "Hint 2 of" not in text
        assert progress.exercise_status("se-block")["hints"] == 1
        await pilot.press("h")
        await until(pilot, lambda: view.hints == 2)
        assert f"Hint 2 of {len(hints)}" in screen_text(app)
        assert progress.exercise_status("se-block")["hints"] == 2


async def test_the_course_map_marks_the_exercises_done(workspace: Path) -> None:
    progress = MemoryProgress()
    app = TutorApp(COURSE, "en", progress)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert map_row(app, LESSON).endswith("exercises 0/1")
        assert map_row(app, "batch-norm-practice").endswith("exercises 0/2")
        assert "exercises" not in map_row(app, "receptive-field")
        view = await open_at_end(pilot)
        workspace.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SOLUTION, student_file(workspace))
        await pilot.press("c")
        await until(pilot, lambda: view.status == "passed")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, StartScreen))
        await pilot.pause()
        assert map_row(app, LESSON).endswith("✓ exercises 1/1")
        assert "exercises 1/1" in screen_text(app)


def map_row(app: TutorApp, lesson: str) -> str:
    """The title part of a lesson's row on the course map, as drawn."""
    return app.screen.query_one(LessonList).get_option(f"{MODULE}/{lesson}").prompt.title.plain


async def test_the_box_speaks_french(workspace: Path) -> None:
    app = TutorApp(COURSE, "fr", MemoryProgress())
    async with app.run_test(size=(100, 40)) as pilot:
        view = await open_at_end(pilot)
        text = screen_text(app)
        assert "Exercice" in text and view.exercise.title.get("fr") in text and "pas commencé" in text
        assert "Touches : e modifier le fichier" in text


async def test_the_keys_act_on_the_box_selected_when_a_lesson_has_two(workspace: Path) -> None:
    app = TutorApp(COURSE, "en", MemoryProgress())
    async with app.run_test(size=(100, 40)) as pilot:
        await open_at_end(pilot, "batch-norm-practice")
        views = list(app.screen.query(ExerciseView).results(ExerciseView))
        assert [view.exercise.id for view in views] == ["bn-fold", "bn-backward"]
        views[1].focus()
        await pilot.press("h")
        await until(pilot, lambda: views[1].hints == 1)
        assert views[0].hints == 0


async def test_a_check_that_fails_in_the_tutor_says_so_in_one_line_and_the_tutor_goes_on(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tutor.exercises.desk import Desk

    def broken(self, exercise, lang):
        raise OSError("no room left on the device")

    monkeypatch.setattr(Desk, "check", broken)
    app = TutorApp(COURSE, "en", MemoryProgress())
    async with app.run_test(size=(100, 40)) as pilot:
        view = await open_at_end(pilot)
        await pilot.press("c")
        await until(pilot, lambda: view.status != "checking")
        assert view.feedback == [
            "The tutor could not check this exercise (its fault, not yours): OSError: no room left on the device"
        ]
        text = screen_text(app)
        assert "The tutor could not check this exercise" in text and "Traceback" not in text and app.is_running
        assert view.status == "new"  # what it was: nothing was checked
        await pilot.press("c")  # and the student may try again
        await until(pilot, lambda: view.status != "checking")


@pytest.mark.parametrize("lang", ["en", "fr"])
async def test_code_in_a_statement_or_a_hint_is_marked_as_code_not_by_backticks(workspace: Path, lang: str) -> None:
    exercises = [exercise for exercise in COURSE.exercises if "`" in exercise.statement.get(lang)]
    assert exercises
    app = TutorApp(COURSE, lang, MemoryProgress())
    async with app.run_test(size=(100, 40)) as pilot:
        for exercise in exercises:
            await open_at_end(pilot, exercise.lesson)
            view = next(each for each in app.screen.query(ExerciseView) if each.exercise == exercise)
            view.show_hint(len(exercise.hints))
            lines = app.console.render_lines(view.render(), app.console.options.update_width(90))
            shown = "".join(segment.text for line in lines for segment in line)
            code = exercise.statement.get(lang).split("`")[1]
            assert "`" not in shown and " ".join(code.split()) in " ".join(shown.split()), (exercise.id, shown)
