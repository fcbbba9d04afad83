"""Bookmarks in the TUI: `b` in a lesson marks the place at the top of the screen with an optional
note; the course map lists them under their lesson, Enter opens one there, `x` removes it."""

from __future__ import annotations

from tests.support.fakes import MemoryProgress
from tests.support.helpers import lesson_whole, notifications, screen_text, until
from tests.ui.test_search_ui import type_text
from tutor.app.app import TutorApp
from tutor.screens.bookmark import BookmarkScreen
from tutor.screens.lesson import LessonScreen
from tutor.screens.start import StartScreen
from tutor.widgets.chrome.lesson_list import LessonList


async def open_lesson(pilot, position: int) -> LessonScreen:
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, StartScreen), what="the course map")
    lessons = app.screen.query_one(LessonList)
    module, lesson = app.sequence[position]
    lessons.highlighted = next(
        index for index, option in enumerate(lessons.options) if option.id == f"{module.id}/{lesson.id}"
    )
    await pilot.press("enter")
    await until(pilot, lambda: lesson_whole(app), what="the lesson")
    return app.screen


async def bookmark(pilot, note: str) -> None:
    await pilot.press("b")
    await until(pilot, lambda: isinstance(pilot.app.screen, BookmarkScreen), what="the note's dialogue")
    await type_text(pilot, note)
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(pilot.app.screen, LessonScreen), what="the lesson again")


async def test_b_marks_the_place_read_with_a_note_and_the_map_lists_it_under_its_lesson(real_course) -> None:
    progress = MemoryProgress()
    app = TutorApp(real_course, "fr", progress)
    async with app.run_test(size=(80, 24)) as pilot:
        lesson = await open_lesson(pilot, 4)
        body = lesson.query_one("#body")
        await pilot.press("space", "space")
        await until(pilot, lambda: body.scroll_y > 20, what="two pages down")
        await bookmark(pilot, "à relire")
        [mark] = progress.bookmarks()
        assert (mark["module"], mark["lesson"], mark["note"]) == ("module3", "dropout", "à relire")
        assert mark["block"] >= 1 and 0 <= mark["fraction"] <= 1
        assert "Marque-page ajouté\u00a0: Dropout et ses variantes. Le plan du cours le liste." in notifications(app)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, StartScreen), what="the course map")
        text = screen_text(app)
        rows = text.splitlines()
        row = next(index for index, line in enumerate(rows) if "5. Dropout et ses variantes" in line)
        assert "⚑ à relire" in rows[row + 1]


async def test_enter_on_a_bookmark_opens_its_lesson_at_its_place(real_course) -> None:
    progress = MemoryProgress()
    app = TutorApp(real_course, "en", progress)
    async with app.run_test(size=(80, 24)) as pilot:
        lesson = await open_lesson(pilot, 1)
        body = lesson.query_one("#body")
        for _ in range(3):
            await pilot.press("space")
        await until(pilot, lambda: body.scroll_y > 40, what="three pages down")
        saved = body.scroll_y
        top_line = screen_text(app).splitlines()[1]
        await bookmark(pilot, "")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, StartScreen), what="the course map")
        lessons = app.screen.query_one(LessonList)
        [index] = [index for index, option in enumerate(lessons.options) if (option.id or "").startswith("bookmark:")]
        assert (
            "“" in screen_text(app).splitlines()[app.screen.query_one(LessonList).region.y + 1 + index]
        )  # no note: its words
        lessons.highlighted = index
        await pilot.press("enter")
        await until(pilot, lambda: lesson_whole(app), what="the lesson")
        body = app.screen.query_one("#body")
        await until(pilot, lambda: abs(body.scroll_y - saved) <= 1, what="the bookmarked place")
        assert app.screen.lesson.id == "batch-norm"
        await until(pilot, lambda: top_line.strip()[:20] in screen_text(app), what="the bookmarked text on screen")


async def test_x_removes_the_bookmark_highlighted_and_only_a_bookmark(real_course) -> None:
    progress = MemoryProgress()
    progress.add_bookmark("module3", "dropout", 2, 0.0, 0.1, "first")
    progress.add_bookmark("module3", "dropout", 5, 0.0, 0.3, "second")
    app = TutorApp(real_course, "en", progress)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StartScreen), what="the course map")
        lessons = app.screen.query_one(LessonList)
        ids = [option.id for option in lessons.options]
        assert ids[ids.index("module3/dropout") + 1 : ids.index("module3/dropout") + 3] == [
            "bookmark:b1",
            "bookmark:b2",
        ]
        lessons.highlighted = ids.index("module3/dropout")
        await pilot.pause()
        assert "Remove" not in screen_text(app).splitlines()[-1]  # x is listed only on a bookmark
        await pilot.press("x")
        await pilot.pause()
        assert len(progress.bookmarks()) == 2
        await pilot.press("down")
        await until(pilot, lambda: " x " in screen_text(app).splitlines()[-1], what="x in the footer")
        await pilot.press("x")
        await until(pilot, lambda: len(progress.bookmarks()) == 1, what="the removal")
        assert [mark["note"] for mark in progress.bookmarks()] == ["second"]
        assert "Bookmark removed: first." in notifications(app)
        assert "bookmark:b1" not in [option.id for option in lessons.options]


async def test_escape_in_the_note_dialogue_makes_no_bookmark_and_b_again_changes_the_note(real_course) -> None:
    progress = MemoryProgress()
    app = TutorApp(real_course, "en", progress)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_lesson(pilot, 2)
        await pilot.press("b")
        await until(pilot, lambda: isinstance(app.screen, BookmarkScreen), what="the note's dialogue")
        await type_text(pilot, "no")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, LessonScreen), what="the lesson again")
        assert progress.bookmarks() == []
        await bookmark(pilot, "one")
        await pilot.press("b")
        await until(pilot, lambda: isinstance(app.screen, BookmarkScreen), what="the note's dialogue")
        assert "Bookmark here: change its note" in screen_text(app)
        note = app.screen.query_one("#bookmark-note")
        assert note.value == "one"
        await pilot.press("backspace", "backspace", "backspace")
        await type_text(pilot, "two")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, LessonScreen), what="the lesson again")
        assert [mark["note"] for mark in progress.bookmarks()] == ["two"]
