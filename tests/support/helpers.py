"""Helpers for Pilot tests."""

from __future__ import annotations

import contextlib

from textual.app import App
from textual.pilot import Pilot
from textual.worker import WorkerCancelled


READ_AS_SPACE = str.maketrans("\u00a0\u202f", "  ")
"""No-break spaces (French typography, formulas) read as spaces: the tests check words, not spacing."""


def screen_text(app: App) -> str:
    """The characters on the current screen, one line per row, as a person would read them."""
    # The compositor's strips are what Textual paints; there is no public text export.
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text.rstrip() for strip in strips).translate(READ_AS_SPACE)


def notifications(app: App) -> list[str]:
    """The messages of the notifications currently shown."""
    return [notification.message for notification in app._notifications]


async def settle(pilot: Pilot, *keys: str) -> str:
    """Press `keys`, waiting for the computations each starts; return the screen's text.

    The computations started at mount are waited for first: a key pressed before the first result
    arrives would skip a state the student sees, and the heights the simulation holds would differ.
    """
    await workers_done(pilot.app)
    for key in keys:
        await pilot.press(key)
        await workers_done(pilot.app)
    await workers_done(pilot.app)
    await pilot.pause()
    return screen_text(pilot.app)


async def workers_done(app: App) -> None:
    """Wait for the app's workers to end; one cancelled (a simulation's computing ahead, given up
    when a key moved on) ends its wait. A failed worker raises, as `wait_for_complete` does."""
    for worker in list(app.workers):
        with contextlib.suppress(WorkerCancelled):
            await worker.wait()


def assert_ascii(text: str) -> None:
    """`text` is only ASCII; on failure, the lines that are not are shown."""
    assert text.isascii(), [line for line in text.splitlines() if not line.isascii()]


async def until(pilot: Pilot, condition, timeout: float = 20.0, what: str = "the condition") -> None:
    """Pause until `condition()` is true (checked after each pause); AssertionError after `timeout` s."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} never came true; the screen shows:\n{screen_text(pilot.app)}")
        await pilot.pause(0.02)


def lesson_whole(app: App, lesson_id: str | None = None) -> bool:
    """The screen is a lesson (`lesson_id`, when given) drawn whole: every block mounted and laid out."""
    from tutor.screens.lesson import LessonScreen

    screen = app.screen
    return (
        isinstance(screen, LessonScreen)
        and (lesson_id is None or screen.lesson.id == lesson_id)
        and screen._whole.is_set()
    )
