"""The course map's first frame needs only the app's stylesheet; the other screens' is read after it."""

from __future__ import annotations

from tests.support.fakes import MemoryProgress
from tests.support.helpers import until
from tutor.app.app import TutorApp
from tutor.screens.base import SCREENS_CSS
from tutor.screens.start import StartScreen
from tutor.screens.student import StudentScreen
from tutor.screens.too_small import TooSmallScreen


def screens_css_read(app: TutorApp) -> bool:
    return app.stylesheet.has_source(str(SCREENS_CSS), "")


def test_the_screens_of_the_first_frame_do_not_name_it() -> None:
    assert StartScreen.CSS_PATH is TooSmallScreen.CSS_PATH is StudentScreen.CSS_PATH is None


async def test_the_screens_stylesheet_is_read_while_the_course_map_is_shown(real_course) -> None:
    app = TutorApp(real_course, "en", MemoryProgress())
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: screens_css_read(app), what="the screens' stylesheet")
        assert type(app.screen).__name__ == "StartScreen"


async def test_a_screen_shown_before_it_is_read_reads_it(real_course) -> None:
    app = TutorApp(real_course, "en", MemoryProgress())
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_help()
        await until(pilot, lambda: type(app.screen).__name__ == "HelpScreen", what="the help")
        assert screens_css_read(app)
