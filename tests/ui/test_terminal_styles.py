"""Without colour every selection and focus still shows; a focused simulation never looks like an error."""

from __future__ import annotations

from tests.support.fakes import MemoryProgress
from tests.support.helpers import until
from tutor.app.app import TutorApp
from tutor.screens.base import SCREENS_CSS
from tutor.screens.lesson import LessonScreen
from tutor.widgets.chrome.lesson_list import LessonList


async def test_no_color_marks_the_course_map_cursor_with_reverse_video(real_course, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = TutorApp(real_course, "en", MemoryProgress())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        style = app.screen.query_one(LessonList).get_component_rich_style("option-list--option-highlighted")
        assert style.reverse


async def test_a_focused_simulation_has_a_heavy_frame_not_the_double_frame_of_a_correction(real_course) -> None:
    from tutor.widgets.factory import SimulationFrame

    app = TutorApp(real_course, "en", MemoryProgress())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_lesson("module3/batch-norm")
        await until(pilot, lambda: isinstance(app.screen, LessonScreen), what="lesson 2")
        await app.screen.until_ready("focus_next")
        await pilot.press("tab")
        await pilot.pause()
        frame = app.screen.query_one(SimulationFrame)
        assert frame.has_focus_within
        assert frame.styles.border_top[0] == "heavy"  # a correction callout's frame is double (screens.tcss)
        assert "CalloutView.-correction { border: double $error; }" in SCREENS_CSS.read_text()
