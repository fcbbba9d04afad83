"""Any burst of keys, at any speed and in any order, ends on a consistent screen, never an internal error.

Hypothesis drives the tutor with random key sequences (navigation, language, contents, quiz,
review), some typed ahead in one burst, some with pauses, then checks what is shown: one lesson,
whole, its header and title in the language of the app; or the course map, or a review card.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual import events
from textual.widgets import Static

from tests.support.fakes import MemoryProgress
from tests.support.helpers import screen_text, workers_done
from tests.ui.test_app import expected_count
from tutor.app.app import TutorApp
from tutor.content.loader import load_course
from tests.conftest import REAL_COURSE
from tutor.screens.lesson import LessonScreen
from tutor.screens.review import ReviewScreen
from tutor.screens.start import StartScreen
from tutor.widgets.quiz.question import QuestionView

COURSE = load_course(REAL_COURSE)
KEYS = {
    "n": "n",
    "p": "p",
    "l": "l",
    "t": "t",
    "escape": None,
    "enter": "\r",
    "tab": "\t",
    "shift+tab": None,
    "space": " ",
    "end": None,
    "home": None,
    "down": None,
    "up": None,
    "pagedown": None,
    "1": "1",
    "2": "2",
    "3": "3",
    "c": "c",
    "r": "r",
    "v": "v",
    "g": "g",
    "b": "b",
    "w": "w",
    "question_mark": "?",
    "plus": "+",
    "minus": "-",
}
"""Keys a student may press anywhere (q is left out: it ends the session)."""

presses = st.lists(
    st.tuples(
        st.lists(st.sampled_from(sorted(KEYS)), min_size=1, max_size=4),  # a pattern, e.g. n p or n l p l
        st.integers(min_value=1, max_value=25),  # typed this many times (a held key, a storm)
        st.sampled_from(["burst", "burst", "pause"]),  # all at once, or a frame between each pattern
    ),
    min_size=1,
    max_size=8,
)


def check_consistent(app: TutorApp) -> None:
    screen = app.screen
    if isinstance(screen, LessonScreen):
        module, lesson = app.sequence[screen.index]
        body = screen.query_one("#body")
        titles = body.query(".lesson-title").results(Static)
        assert [str(title.render()) for title in titles] == [lesson.title.get(app.lang)]
        header = screen_text(app).splitlines()[0].strip()
        position = module.lesson_index(lesson.id) + 1
        assert f"{position}/{len(module.lessons)}" in header and header.endswith(app.lang.upper())
        children = list(body.children)
        assert children[0].has_class("lesson-title") and children[-1].has_class("next-hint")
        expected = expected_count(lesson, app.course)
        assert len(children) == expected, (lesson.id, len(children), expected)
        languages = {widget.lang for widget in body.walk_children() if isinstance(getattr(widget, "lang", None), str)}
        assert languages <= {app.lang}, languages
    elif isinstance(screen, ReviewScreen):
        cards = list(screen.query(QuestionView))
        messages = list(screen.query(".review-message"))
        assert len(cards) + len(messages) == 1
    elif isinstance(screen, StartScreen):
        assert "3/6" in screen_text(app)


async def settle(app: TutorApp, pilot) -> None:
    for _ in range(5):
        until_ready = getattr(app.screen, "until_ready", None)
        if until_ready is not None:
            await until_ready("page_down")
        await pilot.pause()
        await workers_done(app)
    await pilot.pause()


@pytest.mark.slow
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(st.integers(min_value=-1, max_value=10), presses)
async def test_random_key_sequences_end_on_a_consistent_screen(start, sequence) -> None:
    app = TutorApp(COURSE, "en", MemoryProgress())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        if start >= 0:  # from a lesson (-1: from the course map)
            module, lesson = app.sequence[start]
            app.open_lesson(f"{module.id}/{lesson.id}")
        for pattern, times, speed in sequence:
            for _ in range(times):
                for key in pattern:
                    app.post_message(events.Key(key, KEYS[key]))
                if speed == "pause":
                    await pilot.pause()
        await settle(app, pilot)
        assert app.is_running and app._exception is None
        if app.screen.__class__.__name__ in ("HelpScreen", "CommandPalette"):
            await pilot.press("escape")
            await settle(app, pilot)
        check_consistent(app)


@pytest.mark.slow
@pytest.mark.parametrize(("pattern", "times", "every"), [("np", 200, 1), ("nlpl", 100, 1), ("np", 200, 3)])
async def test_n_and_p_held_down_from_lesson_9_never_crash(pattern: str, times: int, every: int) -> None:
    """The storms that crashed the tutor (NoMatches '.quiz-intro', '#body'): keys at key-repeat speed."""
    import asyncio

    app = TutorApp(COURSE, "en", MemoryProgress())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_lesson("module3/spatial-attention")
        await settle(app, pilot)
        for count in range(times):
            for key in pattern:
                app.post_message(events.Key(key, key))
            if count % every == 0:
                await asyncio.sleep(1 / 60)
        await settle(app, pilot)
        await pilot.press("end")  # a key that reads the lesson: it waits for the storm to be over
        await settle(app, pilot)
        assert app.is_running and app._exception is None
        check_consistent(app)
