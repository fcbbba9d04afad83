"""Reading a lesson to its end, as the terminal shows it: the frames the app sends, applied in order.

These tests read `Shown` (what a terminal would show), not Textual's layout: a repaint that is
never sent leaves the student on a page the layout has already left.
"""

from __future__ import annotations

import re

import pytest
from textual import events

from tests.support.course_text import next_hint_start
from tests.support.fakes import MemoryProgress
from tests.support.helpers import screen_text, until
from tests.support.shown import Shown
from tutor.app.app import TutorApp
from tutor.content.plain import render_lesson
from tutor.screens.lesson import LessonScreen
from tutor.text.i18n import Messages

FRAME = re.compile(r"[│║|╭╮╰╯╔╗╚╝─═▁▂▃▄▅▆▇█▔]")


def words(text: str) -> str:
    """`text` without frames, scrollbar cells, Markdown marks or white space (a long word, a URL, may
    be cut anywhere at the end of a line)."""
    return "".join(FRAME.sub(" ", text.replace("*", "").replace("`", "")).split())


def last_line_tail(course, module, lesson, lang: str) -> str:
    """The last words of the lesson on screen: of the last line `cnn-tutor show` prints for it or, in a
    lesson with exercises, of its last exercise box (its keys line, before any check or hint)."""
    if any(exercise.lesson == lesson.id for exercise in course.exercises):
        last = Messages(lang)("exercises.view_keys").rstrip().splitlines()[-1]
    else:
        last = render_lesson(module, lesson, lang, Messages(lang)).rstrip().splitlines()[-1]
    return "".join(last.replace("*", "").replace("`", "").split()[-5:])


def end_of(course, lesson, lang: str):
    """Whether a screen shows the lesson (its number in the header) to its end: its last words with the hint
    to the next lesson after them (a lesson's exercise boxes all end with the same keys line, and the lesson
    before may end with it too: the header and the hint tell the last one of this lesson)."""
    module = next(module for module in course.modules if lesson in module.lessons)
    tail, hint = last_line_tail(course, module, lesson, lang), words(next_hint_start(course, lesson.id, lang))
    header = f"{module.lesson_index(lesson.id) + 1}/{len(module.lessons)} · {lang.upper()}"

    def shown(screen: str) -> bool:
        text = words(screen)
        return header in screen.splitlines()[0] and tail in text and hint in text[text.rfind(tail) :]

    return shown


async def read_with(pilot, shown: Shown, key: str, limit: int = 120, repeat: int = 1, at_end=None) -> str:
    """Press `key` (`repeat` times at once) until the terminal shows the end of the lesson (`at_end(screen)`)
    or, without `at_end` or when the key stops short of it, the same lesson text three times running.

    Returns the lesson's text then.
    """
    same, before = 0, None
    for _ in range(limit):
        await pilot.press(*[key] * repeat)  # each key waited for: handled, scrolled, the CPU idle
        now = shown.text(pilot.app.screen.query_one("#body").region)
        if at_end is not None and at_end(shown.text()):
            return now
        same = same + 1 if now == before else 0
        if same == 3:
            return now
        before = now
    raise AssertionError(f"{key} never stopped changing the screen")


async def open_from_the_map(pilot, position: int) -> None:
    """Open the lesson at `position` from the course map: down typed ahead that many times, then enter (the
    map's list keys act in order; one at a time, each waited for, they took a tenth of the reading tests)."""
    for _ in range(position):
        pilot.app.post_message(events.Key("down", None))
    await pilot.press("enter")


@pytest.mark.slow
async def test_space_then_pagedown_show_the_last_line_of_every_lesson_at_its_first_and_second_opening(
    real_course,
) -> None:
    app = TutorApp(real_course, "fr", MemoryProgress())
    async with app.run_test(size=(80, 24)) as pilot:
        shown = Shown(app)
        await pilot.pause()
        for position, (module, lesson) in enumerate(app.sequence):
            tail, at_end = last_line_tail(real_course, module, lesson, "fr"), end_of(real_course, lesson, "fr")
            await open_from_the_map(pilot, position)
            screen = await read_with(pilot, shown, "space", at_end=at_end)
            assert tail in words(screen), (lesson.id, "first opening", screen)
            await pilot.press("escape", "home")  # and open it again from the map: a later opening
            await open_from_the_map(pilot, position)
            screen = await read_with(pilot, shown, "pagedown", at_end=at_end)
            assert tail in words(screen), (lesson.id, "second opening", screen)
            await pilot.press("escape", "home")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("size", "lang", "key"), [((60, 20), "en", "end"), ((100, 30), "fr", "space"), ((120, 40), "en", "pagedown")]
)
async def test_reading_keys_show_the_last_line_of_every_lesson_at_other_sizes(real_course, size, lang, key) -> None:
    app = TutorApp(real_course, lang, MemoryProgress())
    async with app.run_test(size=size) as pilot:
        shown = Shown(app)
        await pilot.pause()
        await pilot.press("enter")
        for position, (module, lesson) in enumerate(app.sequence):
            if position:
                await pilot.press("n")
            screen = await read_with(pilot, shown, key, at_end=end_of(real_course, lesson, lang))
            assert last_line_tail(real_course, module, lesson, lang) in words(screen), (lesson.id, screen)


@pytest.mark.slow
@pytest.mark.parametrize("lesson_id", ["batch-norm", "summary"])
async def test_down_shows_the_last_line_of_a_lesson_at_the_smallest_size(real_course, lesson_id) -> None:
    app = TutorApp(real_course, "en", MemoryProgress())
    async with app.run_test(size=(60, 20)) as pilot:
        shown = Shown(app)
        await pilot.pause()
        app.open_lesson(f"module3/{lesson_id}")
        module, lesson = real_course.find_lesson(lesson_id)
        screen = await read_with(pilot, shown, "down", limit=60, repeat=15, at_end=end_of(real_course, lesson, "en"))
        assert last_line_tail(real_course, module, lesson, "en") in words(screen), screen


async def test_keys_typed_ahead_in_one_burst_move_the_page_as_far_as_typed_one_by_one(real_course) -> None:
    """A burst (keys over SSH, keys typed while the page was drawn) moves the page once per key: Textual's
    scrolling, from where the page was before the next refresh, moved it once for all of them."""
    app = TutorApp(real_course, "en", MemoryProgress())
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, "batch-norm")
        for key, times in [("down", 10), ("space", 3), ("pagedown", 2), ("up", 4), ("pageup", 2)]:
            start = "end" if key.endswith("up") else "home"
            await pilot.press(start)
            for _ in range(times):
                await pilot.press(key)
            one_by_one = page_text(pilot)
            await pilot.press(start)
            for _ in range(times - 1):
                app.post_message(events.Key(key, " " if key == "space" else None))
            await pilot.press(key)
            assert page_text(pilot) == one_by_one, key


def page_text(pilot) -> str:
    return "\n".join(screen_text(pilot.app).splitlines()[1:-1])  # the page, without its header and footer


async def test_keys_typed_ahead_while_a_lesson_opens_act_on_the_whole_lesson(real_course) -> None:
    """`end` typed with `n` (before the lesson is whole) goes to the end of the whole lesson, drawn."""
    app = TutorApp(real_course, "en", MemoryProgress())
    async with app.run_test(size=(80, 24)) as pilot:
        shown = Shown(app)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        for key in ("n", "end"):  # in the queue together, as typed ahead
            app.post_message(events.Key(key, None))
        module, lesson = app.sequence[1]
        body = app.screen.query_one("#body")
        await until(pilot, lambda: app.screen.lesson == lesson and body.scroll_y > 0, what="the end of lesson 2")
        await pilot.pause()
        assert body.styles.scrollbar_visibility == "visible"
        assert body.scroll_y == body.max_scroll_y
        assert last_line_tail(real_course, module, lesson, "en") in words(shown.text())


async def test_the_scrollbar_appears_only_with_the_whole_lesson(real_course) -> None:
    app = TutorApp(real_course, "en", MemoryProgress())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        await screen.until_ready("page_down")
        await screen.go_to(1)
        body = screen.query_one("#body")
        assert body.styles.scrollbar_visibility == "hidden"  # the first screenful alone: its range is not the lesson's
        await screen.until_ready("page_down")
        await pilot.pause()
        assert body.styles.scrollbar_visibility == "visible"
        widgets_bottom = max(widget.virtual_region_with_margin.bottom for widget in body.children)
        assert body.virtual_size.height == widgets_bottom
        assert body.max_scroll_y == widgets_bottom - body.scrollable_content_region.height


async def test_a_lesson_is_completed_by_its_last_line_on_screen_never_by_arriving_or_leaving(real_course) -> None:
    progress = MemoryProgress()
    app = TutorApp(real_course, "en", progress)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        state = lambda lesson_id: progress.lesson_state("module3", lesson_id)  # noqa: E731
        start = app.lesson_position("module3/weight-decay")
        after, next_after = (app.sequence[start + step][1].id for step in (1, 2))
        app.open_lesson("module3/weight-decay")
        await until(pilot, lambda: isinstance(app.screen, LessonScreen), what="the weight decay lesson")
        await pilot.press("end")
        await until(pilot, lambda: state("weight-decay") == "completed", what="weight decay completed by end")
        await pilot.press("n")  # arrives at the top of lesson 6, from the bottom of lesson 5
        await app.screen.until_ready("page_down")
        await pilot.pause(0.2)
        assert state(after) == "visited"
        await pilot.press("space", "n")  # leaves it with n, one page read
        await app.screen.until_ready("page_down")
        await pilot.pause(0.2)
        assert state(after) == "visited"
        assert state(next_after) == "visited"
        await pilot.press("p")
        await app.screen.until_ready("page_down")
        shown = Shown(app)
        await read_with(pilot, shown, "space")
        assert state(after) == "completed"
        app.open_lesson("module3/quiz")  # a quiz lesson: reading it to its end is not enough
        await until(pilot, lambda: app.screen.lesson.id == "quiz", what="the quiz lesson")
        await pilot.press("end")
        await app.screen.until_ready("page_down")
        await pilot.pause(0.2)
        assert state("quiz") == "visited"
        await pilot.press("tab", "c")
        await until(pilot, lambda: state("quiz") == "completed", what="the quiz completed by its check")


async def test_the_footer_of_a_three_option_question_says_1_to_3(real_course) -> None:
    from tutor.widgets.chrome.key_bar import KeyBar
    from tutor.widgets.quiz.question import QuestionView

    app = TutorApp(real_course, "fr", MemoryProgress())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_lesson("module3/quiz")
        await until(pilot, lambda: isinstance(app.screen, LessonScreen), what="the quiz lesson")
        await app.screen.until_ready("focus_next")
        views = {view.question.id: view for view in app.screen.query(QuestionView)}
        views["q-norm-small-batch"].focus()
        await pilot.pause()
        bar = app.screen.query_one(KeyBar).render().plain
        assert "1-3 Choisir" in bar and "1-4" not in bar
        assert len(bar.rstrip()) <= 80 and bar.rstrip().endswith("q Quitter")
        views["q-bn-purpose"].focus()
        await pilot.pause()
        assert "1-4 Choisir" in app.screen.query_one(KeyBar).render().plain


async def opened(pilot, lesson_id: str) -> LessonScreen:
    """The screen of lesson `lesson_id` of module 3, opened and whole."""
    await pilot.pause()
    pilot.app.open_lesson(f"module3/{lesson_id}")
    screen = pilot.app.screen
    assert isinstance(screen, LessonScreen)
    await screen.until_ready("page_down")
    return screen


@pytest.mark.parametrize(("lang", "width", "height"), [("fr", 60, 20), ("en", 120, 40)])
async def test_a_new_width_keeps_the_place_being_read(real_course, lang: str, width: int, height: int) -> None:
    """The lines wrap again at a new width (a terminal resized, the contents shown): the words at the top
    of the lesson stay on screen, as the end does once it has been reached."""
    app = TutorApp(real_course, lang, MemoryProgress())
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, "batch-norm")
        await pilot.press(*["space"] * 8)
        top = screen_text(app).splitlines()[1]  # the body's first line, below the header
        first_words = " ".join(FRAME.sub(" ", top).split()[:3])
        assert len(first_words.split()) == 3, top
        await pilot.resize_terminal(width, height)
        await until(
            pilot,
            lambda: first_words in " ".join(FRAME.sub(" ", screen_text(app)).split()),
            what=f"{first_words!r} still on screen",
        )
        await pilot.press("end")
        await pilot.resize_terminal(80, 24)
        module, lesson = real_course.find_lesson("batch-norm")
        await until(pilot, lambda: end_of(real_course, lesson, lang)(screen_text(app)), what="the end still on screen")


async def test_a_new_width_keeps_the_focused_simulation_in_view(real_course) -> None:
    """Its keys act on it: a resize that keeps the top of the page must not push it out of sight."""
    app = TutorApp(real_course, "fr", MemoryProgress())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot, "batch-norm")
        await pilot.press("tab")
        simulation = screen.focused
        body = screen.query_one("#body")
        assert simulation is not None and body in simulation.ancestors

        def in_view() -> bool:
            return body.content_region.y <= simulation.region.y < body.content_region.bottom

        await until(pilot, in_view, what="the simulation in view at 120x40")
        rows_above = simulation.region.y - body.content_region.y
        body.scroll_to(y=body.scroll_y + rows_above - (body.content_region.height - 6), animate=False)  # low on screen
        await until(pilot, lambda: simulation.region.y - body.content_region.y == body.content_region.height - 6)
        await pilot.resize_terminal(60, 20)
        await until(pilot, lambda: body.size.width < 60, what="the new width")
        await until(pilot, lambda: in_view() and screen.focused is simulation, what="the simulation in view at 60x20")
