"""The app as a student drives it: Pilot tests on the fixture course."""

from __future__ import annotations

import asyncio
import gc
import weakref

import pytest
from textual import events
from textual.widgets import OptionList

from tests.conftest import FIXTURE_COURSE
from tests.support.fakes import MemoryProgress
from tests.support.helpers import assert_ascii, lesson_whole, notifications, screen_text, until
from tutor.app.app import TutorApp
from tutor.content.loader import load_course
from tutor.screens.help import HelpScreen
from tutor.screens.lesson import LessonScreen
from tutor.screens.start import StartScreen
from tutor.screens.too_small import TooSmallScreen


@pytest.fixture
def course():
    return load_course(FIXTURE_COURSE)


def make_app(course, progress=None, lang="en", **options) -> TutorApp:
    return TutorApp(course, lang, progress or MemoryProgress(), **options)


async def test_start_screen_shows_the_module_and_its_lessons(course) -> None:
    app = make_app(course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        text = screen_text(app)
        assert "Module 1/2: The basics" in text
        assert "Level: Beginner · Duration: 10 min · Objective: Try every block" in text
        assert "· 1. First lesson" in text and "· 2. Second lesson" in text and "· 3. Third lesson" in text
        assert "0/3 lessons completed" in text
        assert "⏎  Open" in text and "q  Quit" in text


async def test_enter_opens_the_highlighted_lesson_and_marks_it_visited(course) -> None:
    progress = MemoryProgress()
    app = make_app(course, progress)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        text = screen_text(app)
        assert text.splitlines()[0].strip() == "Module 1/2 · First lesson · lesson 1/3 · EN"
        assert "y = (x − μ) / σ" in text
        assert "[bold] [/]" in text  # shown as typed, not taken as markup
        assert progress.lesson_state("basics", "first") == "visited"
        assert progress.last_position() == ("basics", "first", 0.0)


async def test_escape_returns_to_the_course_map_with_marks(course) -> None:
    app = make_app(course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "end")
        await until(pilot, lambda: app.progress.lesson_state("basics", "first") == "completed", what="completed")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        text = screen_text(app)
        assert "✓ 1. First lesson  (done)" in text and "1/3 lessons completed" in text


async def test_next_and_previous_move_between_lessons(course) -> None:
    progress = MemoryProgress()
    app = make_app(course, progress)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "p")
        await pilot.pause()
        assert app.screen.index == 0
        assert "This is the first lesson of the course." in notifications(app)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.lesson.id == "second"
        assert "lesson 2/3" in screen_text(app).splitlines()[0]
        assert progress.lesson_state("basics", "first") == "visited"  # leaving with n does not complete
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.lesson.id == "third"
        assert progress.lesson_state("basics", "second") == "visited"  # its quiz is not checked
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.lesson.id == "third"
        assert "This is the last lesson of the course." in notifications(app)
        await pilot.press("p", "p")
        await pilot.pause()
        assert app.screen.lesson.id == "first"


async def test_language_switch_keeps_the_lesson_and_the_place(course) -> None:
    app = make_app(course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "pagedown")
        await until(pilot, lambda: lesson_whole(app) and app.screen.query_one("#body").scroll_y > 0, what="a page down")
        body = app.screen.query_one("#body")
        before = body.scroll_y
        await pilot.press("l")
        await until(pilot, lambda: screen_text(app).splitlines()[0].endswith("FR"), what="the lesson in French")
        text = screen_text(app)
        assert text.splitlines()[0].strip() == "Module 1/2 · Première leçon · leçon 1/3 · FR"
        assert "Attention" in text or "Rapide" in text
        assert app.screen.lesson.id == "first"
        assert abs(body.scroll_y - before) <= 2
        await pilot.press("l")
        await until(pilot, lambda: "First lesson" in screen_text(app).splitlines()[0], what="the lesson in English")


async def test_contents_panel_toggles_and_follows_width(course) -> None:
    app = make_app(course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        contents = app.screen.query_one("#contents")
        assert not contents.display
        await pilot.press("t")
        await pilot.pause()
        assert contents.display and "2. Second lesson" in screen_text(app)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen.lesson.id == "second"
    wide = make_app(course)
    async with wide.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert wide.screen.query_one("#contents").display


async def test_the_contents_shown_after_moving_highlight_the_lesson_shown_now(course) -> None:
    app = make_app(course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "n")  # the contents are hidden at 80 columns
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        contents = app.screen.query_one("#contents", OptionList)
        assert contents.highlighted is not None
        assert contents.get_option_at_index(contents.highlighted).id == "basics/second"
        assert "• 1. First lesson" in screen_text(app)


async def test_help_lists_the_keys_of_the_screen_below(course) -> None:
    app = make_app(course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for line in ("n            Next", "p            Previous", "t            Contents", "ctrl+p"):
            assert line in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)


async def test_resume_opens_the_last_lesson_with_a_notice(course) -> None:
    progress = MemoryProgress(position=("basics", "first", 1.0))
    app = make_app(course, progress)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LessonScreen) and bool(notifications(app)), what="the lesson")
        assert app.screen.lesson.id == "first"
        assert notifications(app) == ["Welcome back: resumed at “First lesson”. Escape shows the course map."]
        body = app.screen.query_one("#body")
        await until(pilot, lambda: body.scroll_y == body.max_scroll_y > 0, what="the restored place")


async def test_resume_ignores_a_lesson_that_no_longer_exists(course) -> None:
    app = make_app(course, MemoryProgress(position=("basics", "gone", 0.0)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)


async def test_tiny_terminal_shows_a_notice_and_recovers(course) -> None:
    app = make_app(course)
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "Enlarge the terminal to at least 60×20" in screen_text(app)
        await pilot.resize_terminal(59, 30)
        await pilot.pause()
        assert "The terminal is 59×30." in screen_text(app)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.resize_terminal(40, 10)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        words = " ".join(screen_text(app).split())
        assert "to use cnn-tutor; it will continue where you were." in words  # wrapped, not cut off
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)


async def test_ascii_mode_draws_only_ascii(course) -> None:
    app = make_app(course, lang="fr", ascii_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert screen_text(app).isascii()
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert_ascii(text)
        assert "y = (x - mu) / sigma" in text and "Premiere lecon" in text


async def test_ascii_mode_changes_nothing_outside_its_app(course) -> None:
    """--ascii is the app's: Textual's scrollbars (and anything else process-wide) are left as they were."""
    from textual.scrollbar import ScrollBar, ScrollBarRender

    async with make_app(course, ascii_only=True).run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert ScrollBar.renderer is ScrollBarRender
    assert ScrollBar.renderer is ScrollBarRender


async def test_command_palette_goes_to_a_lesson(course) -> None:
    app = make_app(course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"first lesson")
        await until(pilot, lambda: "Go to lesson 1: First lesson" in screen_text(app), what="the lesson found")
        await pilot.press("enter")
        await until(pilot, lambda: lesson_whole(app, "first"), what="the lesson opened")


async def test_brackets_in_titles_are_shown_as_typed(course) -> None:
    app = make_app(course)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Normalisation [/]" in text and "Watch out: Trap [bold" in text


async def test_command_palette_shows_bracketed_titles_as_typed(course_dir) -> None:
    first = course_dir / "basics" / "first.yaml"
    first.write_text(first.read_text().replace("en: First lesson}", 'en: "First [bold lesson"}'))
    app = make_app(load_course(course_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"first")
        await until(pilot, lambda: "Go to lesson 1: First [bold lesson" in screen_text(app), what="the lesson found")
        await pilot.press("enter")
        await until(pilot, lambda: lesson_whole(app, "first"), what="the lesson opened")


def body_widgets(app: TutorApp) -> list:
    return list(app.screen.query_one("#body").children)


def expected_count(lesson, course=None) -> int:
    """The title, a widget per block, the references when there are any, a box per exercise, the hint
    to the next lesson."""
    exercises = sum(exercise.lesson == lesson.id for exercise in course.exercises) if course else 0
    return 1 + len(lesson.blocks) + bool(lesson.references) + exercises + 1


def showing(app: TutorApp, lesson) -> bool:
    return isinstance(app.screen, LessonScreen) and app.screen.lesson == lesson


@pytest.mark.slow
async def test_every_lesson_is_whole_once_settled_beginning_with_its_first_screen(real_course) -> None:
    app = make_app(real_course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        for position, (_, lesson) in enumerate(app.sequence):
            await until(pilot, lambda lesson=lesson: showing(app, lesson), what=lesson.id)
            await app.screen.until_ready("page_down")  # settled: the lesson shown, whole, no change under way
            await pilot.pause()
            widgets = body_widgets(app)
            assert len(widgets) == expected_count(lesson, real_course), lesson.id
            assert widgets[0].has_class("lesson-title") and widgets[-1].has_class("next-hint")
            if position + 1 < len(app.sequence):
                await pilot.press("n")


async def test_keys_pressed_before_a_lesson_is_whole_leave_only_the_last_lesson(real_course) -> None:
    app = make_app(real_course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        for key in "nnnp":  # all queued at once, as typed ahead
            app.post_message(events.Key(key, key))
        lesson = app.sequence[2][1]
        await until(pilot, lambda: lesson_whole(app, lesson.id), what="the third lesson")
        widgets = body_widgets(app)
        assert len(widgets) == expected_count(lesson, real_course)
        assert str(widgets[0].render()) == lesson.title.get("en")


@pytest.mark.collections
async def test_a_lesson_drawn_whole_is_frozen_and_freed_once_left(real_course) -> None:
    app = make_app(real_course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        gc.unfreeze()
        await pilot.press("enter")
        await until(pilot, lambda: gc.get_freeze_count() > 0, what="lesson 1 drawn and frozen")
        first_lesson = [weakref.ref(widget) for widget in body_widgets(app)]
        await pilot.press("n")
        await until(pilot, lambda: all(widget() is None for widget in first_lesson), what="lesson 1 freed")


async def test_an_app_that_has_ended_is_freed(real_course) -> None:
    """The course map of a course with exercises makes the exercises desk, which holds the progress
    store, whose listener is the app's: nothing of this may keep the app alive once it has ended."""

    async def study() -> weakref.ref[TutorApp]:
        app = make_app(real_course)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert app.exercise_desk is not None
        return weakref.ref(app)

    ended = await asyncio.create_task(study())  # a task of its own: its context holds the app while it runs
    gc.unfreeze()  # the app froze what was alive when it started
    gc.collect()
    assert ended() is None


async def test_next_then_language_typed_ahead_show_the_next_lesson_whole_in_that_language(real_course) -> None:
    app = make_app(real_course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        for key in "nl":
            app.post_message(events.Key(key, key))
        lesson = app.sequence[1][1]
        await until(pilot, lambda: lesson_whole(app, lesson.id) and app.screen.lang == "fr", what="lesson 2 in French")
        widgets = body_widgets(app)
        assert len(widgets) == expected_count(lesson, real_course)
        assert str(widgets[0].render()) == lesson.title.get("fr")
        assert {widget.lang for widget in widgets if hasattr(widget, "lang")} == {"fr"}
        following = app.sequence[2][1].title.get("fr")
        assert following in str(widgets[-1].render())
