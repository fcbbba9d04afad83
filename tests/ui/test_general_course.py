"""A course that is not the bundled Module 3: one language, no next module, its own quiz words."""

from __future__ import annotations

from pathlib import Path

from tests.support.fakes import MemoryProgress
from tests.support.helpers import lesson_whole, screen_text, until
from tutor.app.app import TutorApp
from tutor.cli.authoring_commands import course_text, lesson_text, module_text
from tutor.content.loader import load_course
from tutor.screens.lesson import LessonScreen
from tutor.text.i18n import Messages
from tutor.widgets.chrome.key_bar import KeyBar

SIZE = (80, 24)


def scaffolded(root: Path, languages: tuple[str, ...]) -> Path:
    """A course written by `cnn-tutor new course` (one module, no `next`, one lesson)."""
    messages = Messages("en")
    (root / "module1").mkdir(parents=True)
    (root / "course.yaml").write_text(course_text(languages, messages), encoding="utf-8")
    (root / "module1" / "module.yaml").write_text(module_text("module1", 1, languages, messages), encoding="utf-8")
    (root / "module1" / "01-introduction.yaml").write_text(lesson_text("intro", languages, messages), encoding="utf-8")
    return root


async def open_intro(pilot) -> LessonScreen:
    pilot.app.open_lesson("module1/intro")
    await until(pilot, lambda: lesson_whole(pilot.app), what="the lesson")
    return pilot.app.screen


async def test_a_course_in_one_language_offers_no_language_key(tmp_path: Path) -> None:
    course = load_course(scaffolded(tmp_path / "course", ("en",)))
    app = TutorApp(course, "en", MemoryProgress())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_intro(pilot)
        keys = screen.query_one(KeyBar).keys()
        assert keys and not any(key.display == "l" for key in keys)
        await pilot.press("l")
        assert app.lang == "en"
        await pilot.press("question_mark")
        await until(pilot, lambda: "Help" in screen_text(app) and "Quit" in screen_text(app), what="the help")
        assert "Language" not in screen_text(app)


async def test_two_languages_still_offer_it(tmp_path: Path) -> None:
    course = load_course(scaffolded(tmp_path / "course", ("en", "fr")))
    app = TutorApp(course, "en", MemoryProgress())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_intro(pilot)
        assert any(key.display == "l" for key in screen.query_one(KeyBar).keys())  # noqa: SIM118 — KeyBar.keys() is no dict
        await pilot.press("l")
        await until(pilot, lambda: app.lang == "fr", what="the switch to French")


async def test_the_last_lesson_of_a_module_without_next_names_nothing_after_it(tmp_path: Path) -> None:
    course = load_course(scaffolded(tmp_path / "course", ("en", "fr")))
    assert course.modules[0].next is None
    app = TutorApp(course, "en", MemoryProgress())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_intro(pilot)
        (hint,) = screen.query(".next-hint")
        said = str(hint.render())
        assert said == "End of this module." and "Next" not in said
