"""The name for the class report, asked once the first time the tutor opens, and never needed to study."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from tests.conftest import FIXTURE_COURSE
from tests.support.fakes import MemoryProgress
from tests.support.helpers import assert_ascii, notifications, screen_text, until
from tutor.app.app import TutorApp
from tutor.cli.launch import student_to_ask
from tutor.content.loader import load_course
from tutor.progress import ProgressStore
from tutor.screens.lesson import LessonScreen
from tutor.screens.start import StartScreen
from tutor.screens.student import StudentScreen

COURSE = load_course(FIXTURE_COURSE)


def asking(progress: MemoryProgress, suggested: str = "ana", lang: str = "en", **options) -> TutorApp:
    return TutorApp(COURSE, lang, progress, ask_student=suggested, **options)


async def test_enter_keeps_the_name_offered_and_the_course_map_is_there_under_it() -> None:
    progress = MemoryProgress()
    app = asking(progress, "ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StudentScreen), what="the question")
        text = screen_text(app)
        assert "Your name or student id, for your instructor's class report:" in text
        assert app.screen.query_one(Input).value == "ana"
        footer = text.rstrip().splitlines()[-1]  # the question's keys, not the course map's (l, q type here)
        assert "Keep" in footer and "Skip" in footer and "Quit" not in footer and "Language" not in footer
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, StartScreen), what="the course map")
        assert progress.student == "ana" and progress.student_asked
        assert any("ana" in message for message in notifications(app))


async def test_another_name_can_be_typed_and_keys_go_to_the_field_not_the_tutor() -> None:
    progress = MemoryProgress()
    app = asking(progress, "ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StudentScreen), what="the question")
        app.screen.query_one(Input).value = ""
        await pilot.press(*"Quentin l?", "enter")  # q, l and ? are the tutor's keys elsewhere
        await until(pilot, lambda: isinstance(app.screen, StartScreen), what="the course map")
        assert progress.student == "Quentin l?" and app.lang == "en" and app.is_running


async def test_escape_declines_and_studying_goes_on() -> None:
    progress = MemoryProgress()
    app = asking(progress, "ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StudentScreen), what="the question")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, StartScreen), what="the course map")
        assert progress.student is None and progress.student_asked
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, LessonScreen), what="the first lesson")


async def test_an_emptied_field_declines_and_a_name_a_terminal_would_obey_is_refused_in_place() -> None:
    progress = MemoryProgress()
    app = asking(progress, "")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StudentScreen), what="the question")
        app.screen.query_one(Input).value = "a\u202eb"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StudentScreen) and not progress.student_asked
        assert "Letters, digits, spaces and punctuation only, please." in screen_text(app)
        app.screen.query_one(Input).value = "   "
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, StartScreen), what="the course map")
        assert progress.student is None and progress.student_asked


async def test_it_is_asked_over_the_lesson_the_student_resumes() -> None:
    progress = MemoryProgress(position=("basics", "second", 0.0))
    app = asking(progress, "ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StudentScreen), what="the question")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, LessonScreen), what="the lesson resumed")


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
async def test_french_and_ascii_fit(size: tuple[int, int]) -> None:
    app = asking(MemoryProgress(), "ana", lang="fr", ascii_only=True)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StudentScreen), what="the question")
        text = screen_text(app)
        assert_ascii(text)
        assert "Votre nom ou numero d'etudiant" in text and "Echap" in " ".join(text.split())
        assert text.rstrip().splitlines()[-1].split() == ["enter", "Garder", "esc", "Passer"]


async def test_without_a_question_nothing_is_asked() -> None:
    app = TutorApp(COURSE, "en", MemoryProgress())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen) and not app.query(StudentScreen)


def test_the_question_is_asked_once_and_the_lab_variable_answers_it(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    store = ProgressStore(path)
    assert student_to_ask(store, {}) is not None  # the login name (or "" where there is none)
    assert student_to_ask(store, {"CNN_TUTOR_STUDENT": ""}) is None and store.student is None
    assert student_to_ask(store, {"CNN_TUTOR_STUDENT": "s1234"}) is None and store.student == "s1234"
    assert student_to_ask(ProgressStore(path), {}) is None  # kept: not asked again
    declined = ProgressStore(tmp_path / "other.json")
    declined.remember_student(None)
    assert student_to_ask(ProgressStore(tmp_path / "other.json"), {"CNN_TUTOR_STUDENT": "x"}) is None
    assert ProgressStore(tmp_path / "other.json").student is None  # a student who declined is not named by it
    store.close(), declined.close()


def test_the_login_name_is_offered_and_on_a_jupyterhub_the_hubs_user_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOGNAME", "ana42")  # what getpass.getuser() reads first
    store = ProgressStore(tmp_path / "progress.json")
    assert student_to_ask(store, {}) == "ana42"
    assert student_to_ask(store, {"JUPYTERHUB_USER": "lee.b"}) == "lee.b"  # the server's account is jovyan
    assert student_to_ask(store, {"JUPYTERHUB_USER": "\x1b[2J"}) == ""  # nothing a terminal would obey is offered
    store.close()
