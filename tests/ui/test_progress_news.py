"""What the progress store tells the interface: news from its writer thread, and the language chosen."""

from __future__ import annotations

import threading

from tests.conftest import FIXTURE_COURSE
from tests.support.fakes import MemoryProgress
from tests.support.helpers import notifications, screen_text
from tutor.app.app import TutorApp
from tutor.content.loader import load_course


async def wait_for(pilot, condition, seconds: float = 10.0) -> None:
    for _ in range(int(seconds / 0.02)):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the condition was never met")


async def test_news_from_the_writer_thread_reaches_the_screen_without_polling() -> None:
    progress = MemoryProgress()
    app = TutorApp(load_course(FIXTURE_COURSE), "en", progress)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert len(progress.listeners) == 1
        told = threading.Thread(target=progress.tell, kwargs={"notice": "moved aside", "warning": "cannot save"})
        told.start()
        told.join()
        await wait_for(pilot, lambda: "cannot save" in screen_text(app))
        assert app.progress_warning == "cannot save"
        assert "moved aside" in notifications(app) and "cannot save" in notifications(app)
        progress.tell(warning=None)  # saving works again
        await wait_for(pilot, lambda: "cannot save" not in screen_text(app))


async def test_the_language_chosen_with_l_is_remembered() -> None:
    progress = MemoryProgress()
    app = TutorApp(load_course(FIXTURE_COURSE), "en", progress)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        assert app.lang == "fr" and progress.language == "fr"
