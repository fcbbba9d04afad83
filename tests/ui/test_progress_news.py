"""What the progress store tells the interface: news from its writer thread, and the language chosen."""

from __future__ import annotations

import threading

from tests.conftest import FIXTURE_COURSE
from tests.support.fakes import MemoryProgress
from tests.support.helpers import notifications, screen_text, until
from tutor.app.app import TutorApp
from tutor.content.loader import load_course


async def test_news_from_the_writer_thread_reaches_the_screen_without_polling() -> None:
    progress = MemoryProgress()
    app = TutorApp(load_course(FIXTURE_COURSE), "en", progress)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert len(progress.listeners) == 1
        told = threading.Thread(target=progress.tell, kwargs={"notice": "moved aside", "warning": "cannot save"})
        told.start()
        told.join()
        await until(pilot, lambda: "cannot save" in screen_text(app))
        assert app.progress_warning == "cannot save"
        assert "moved aside" in notifications(app) and "cannot save" in notifications(app)
        progress.tell(warning=None)  # saving works again
        await until(pilot, lambda: "cannot save" not in screen_text(app))


async def test_the_language_chosen_with_l_is_remembered() -> None:
    progress = MemoryProgress()
    app = TutorApp(load_course(FIXTURE_COURSE), "en", progress)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        assert app.lang == "fr" and progress.language == "fr"


async def test_odd_cards_in_the_progress_file_do_not_stop_the_review(tmp_path) -> None:
    """State 99, a negative or huge stability: such cards crashed the review screen; now they are new again."""
    from datetime import datetime, timedelta, timezone

    from tutor.progress import ProgressStore
    from tutor.review.scheduler import make_scheduler, record_review
    from tutor.screens.review import ReviewScreen

    now = datetime(2025, 3, 10, 9, tzinfo=timezone.utc)
    store = ProgressStore(tmp_path / "progress.json")
    scheduler = make_scheduler(enable_fuzzing=False)
    yesterday = now - timedelta(days=1)
    record_review(store, "q-first", correct=False, seconds=5.0, helped=False, now=yesterday, scheduler=scheduler)
    good = store.card("q-first")["card"]
    for question_id, odd in (
        ("q-third-1", {"state": 99}),
        ("q-third-2", {"stability": -5.0}),
        ("q-third-5", {"stability": 1e308}),
    ):
        store.update_card(question_id, {**good, **odd})
    course = load_course(FIXTURE_COURSE)
    app = TutorApp(course, "en", store, clock=lambda: now, enable_fuzzing=False, start_with_review=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "card 1/1" in screen_text(app))
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("1")
        await until(pilot, lambda: "Rated " in screen_text(app))
    assert store.card("q-third-2") is None and len(store.snapshot()["cards"]["q-first"]["log"]) == 2
