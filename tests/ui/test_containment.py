"""A widget that fails is replaced by an error panel; the rest of the app keeps working."""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURE_COURSE
from tests.support.crashing import CrashingSimulation
from tests.support.fakes import MemoryProgress
from tests.support.helpers import lesson_whole, screen_text, until
from tutor.content import simulations as registry
from tutor.app.app import TutorApp
from tutor.content.loader import load_course
from tutor.screens.lesson import LessonScreen
from tutor.widgets.chrome.containment import ErrorPanel
from tutor.widgets.factory import SimulationFrame
from tutor.widgets.quiz.question import QuestionView


@pytest.fixture
def crashing_course(monkeypatch: pytest.MonkeyPatch):
    spec = registry.WIDGETS["dropout-grid"]
    monkeypatch.setitem(
        registry.WIDGETS, "dropout-grid", registry.WidgetSpec("tests.support.crashing:CrashingSimulation", spec.params)
    )
    return load_course(FIXTURE_COURSE)


async def open_second_lesson(app: TutorApp, pilot) -> None:
    await pilot.pause()
    app.open_lesson("basics/second")
    await until(pilot, lambda: lesson_whole(app, "second"), what="the second lesson")


@pytest.mark.parametrize("keys", [["x"], ["y"]])
async def test_failure_in_a_simulation_leaves_the_app_working(crashing_course, keys) -> None:
    app = TutorApp(crashing_course, "en", MemoryProgress())
    async with app.run_test(size=(80, 40)) as pilot:
        await open_second_lesson(app, pilot)
        app.screen.query_one(CrashingSimulation).focus()
        await pilot.press(*keys)
        await until(pilot, lambda: not app.screen.query(CrashingSimulation), what="the simulation taken away")
        panel = app.screen.query_one(ErrorPanel)
        assert "dropout-grid stopped working" in panel.content.plain
        assert isinstance(panel.parent, SimulationFrame)  # in the widget's place, under its caption
        app.screen.query_one("#body").scroll_to_widget(panel, animate=False)
        await pilot.pause()
        assert "dropout-grid stopped working" in screen_text(app)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "first"
    assert app.return_code in (0, None)


async def test_failure_at_mount_is_contained(crashing_course, monkeypatch) -> None:
    monkeypatch.setattr(CrashingSimulation, "fail_on_mount", True)
    app = TutorApp(crashing_course, "en", MemoryProgress())
    async with app.run_test(size=(80, 40)) as pilot:
        await open_second_lesson(app, pilot)
        assert app.screen.query_one(ErrorPanel)


async def test_failure_is_logged_with_its_traceback(crashing_course, clean_environment) -> None:
    app = TutorApp(crashing_course, "en", MemoryProgress())
    async with app.run_test(size=(80, 40)) as pilot:
        await open_second_lesson(app, pilot)
        app.screen.query_one(CrashingSimulation).focus()
        await pilot.press("x")
        await until(pilot, lambda: not app.screen.query(CrashingSimulation), what="the simulation taken away")
    log = (clean_environment / "state" / "cnn-tutor" / "errors.log").read_text()
    assert "ValueError: failed in an action" in log and "Traceback" in log


async def test_unknown_widget_module_is_contained(monkeypatch) -> None:
    spec = registry.WIDGETS["dropout-grid"]
    monkeypatch.setitem(registry.WIDGETS, "dropout-grid", registry.WidgetSpec("tests.missing:Nothing", spec.params))
    app = TutorApp(load_course(FIXTURE_COURSE), "en", MemoryProgress())
    async with app.run_test(size=(80, 40)) as pilot:
        await open_second_lesson(app, pilot)
        assert "ModuleNotFoundError" in app.screen.query_one(ErrorPanel).content.plain


async def test_a_question_that_fails_to_draw_is_contained(monkeypatch) -> None:
    def broken(self, width: int) -> None:
        raise KeyError("drawing")

    monkeypatch.setattr(QuestionView, "_draw", broken)
    app = TutorApp(load_course(FIXTURE_COURSE), "en", MemoryProgress())
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        app.open_lesson("basics/third")
        await until(pilot, lambda: lesson_whole(app, "third"), what="the third lesson")
        assert not app.screen.query(QuestionView)
        assert len(app.screen.query(ErrorPanel)) == 5
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "second"
    assert app.return_code in (0, None)
