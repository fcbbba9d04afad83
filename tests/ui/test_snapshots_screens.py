"""How the screens look: the course map and every lesson at 80×24, two screens at 120×40.

Each snapshot's `run_before` also asserts what the screen must show, so a crashed or blank
app cannot pass by matching a blank snapshot.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.conftest import REAL_COURSE
from tests.support.fakes import MemoryProgress
from tests.support.helpers import screen_text, workers_done
from tutor.app.app import TutorApp
from tutor.content.loader import load_course
from tutor.screens.lesson import LessonScreen
from tutor.screens.start import StartScreen

COURSE = load_course(REAL_COURSE)
MODULE = COURSE.modules[0]


def make_app() -> TutorApp:
    progress = MemoryProgress()
    for lesson in MODULE.lessons[:2]:
        progress.mark_completed(MODULE.id, lesson.id)
    progress.mark_visited(MODULE.id, MODULE.lessons[2].id)
    return TutorApp(COURSE, "en", progress)


async def settle(pilot: Pilot) -> None:
    await pilot.pause()
    await workers_done(pilot.app)
    await pilot.pause()
    pilot.app.clear_notifications()
    await pilot.pause()


def test_course_map(snap_compare) -> None:
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        assert isinstance(pilot.app.screen, StartScreen)
        text = screen_text(pilot.app)
        assert "Module 3/6: Advanced CNN techniques" in text and "2/13 lessons completed" in text
        assert "✓  1. Introduction" in text and "•  3. " in text and "·  4. Layer, group" in text
        # The module's header loses no line: the link too long for the width ends with an ellipsis.
        assert "  Previous: Module 2: Basic operations" in text
        assert "  Next: Module 4: Famous architectures (LeNet, AlexNet, VGG, ResNet and moder…" in text

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.slow
@pytest.mark.parametrize("position", range(1, len(MODULE.lessons) + 1))
def test_lesson(snap_compare, position: int) -> None:
    lesson = MODULE.lessons[position - 1]

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        pilot.app.open_lesson(f"{MODULE.id}/{lesson.id}")
        await settle(pilot)
        assert isinstance(pilot.app.screen, LessonScreen)
        header = screen_text(pilot.app).splitlines()[0]
        assert f"lesson {position}/{len(MODULE.lessons)}" in header and lesson.title.get("en")[:20] in header

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_course_map_wide(snap_compare) -> None:
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        text = screen_text(pilot.app)
        assert "Next: Module 4: Famous architectures" in text and "13. Module 3 summary" in text

    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=run_before)


def test_lesson_wide_with_contents(snap_compare) -> None:
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        pilot.app.open_lesson(f"{MODULE.id}/residual-connections")
        await settle(pilot)
        screen = pilot.app.screen
        assert screen.query_one("#contents").display
        text = screen_text(pilot.app)
        assert "Residual connections" in text.splitlines()[0] and "9. Residual connections" in text

    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=run_before)
