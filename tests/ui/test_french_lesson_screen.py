"""French lessons on the real lesson screen at 60, 72 and 80 columns: the typography survives.

A terminal as tall as the lesson shows every row at once; no row may start with `: ; ? ! » %`, no
row may begin or end at a no-break space (a number or a formula cut in two), and the no-break
spaces of the YAML reach the screen.
"""

from __future__ import annotations

import re

import pytest
from textual.pilot import Pilot

from tests.conftest import REAL_COURSE
from tests.support.fakes import MemoryProgress
from tests.support.helpers import workers_done
from tutor.app.app import TutorApp
from tutor.content.loader import load_course
from tutor.screens.lesson import LessonScreen

COURSE = load_course(REAL_COURSE)
MODULE = COURSE.modules[0]
LESSONS = ("batch-norm-practice", "advanced-convolutions", "quiz")
FRAME = "│║▌▐▊▎▔▁╭╮╰╯─ "
LINE_START = re.compile(r"^[•▪‣⭑◦✓✗›·\d.) ]*[:;?!»%]")


def rows(app: TutorApp) -> list[str]:
    """The screen's rows as drawn, no-break spaces kept, frames and scrollbars trimmed."""
    strips = app.screen._compositor.render_strips()
    return [strip.text.strip(FRAME) for strip in strips]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("width", "lesson_id"),
    [(60, lesson_id) for lesson_id in LESSONS] + [(72, "advanced-convolutions"), (80, "advanced-convolutions")],
)
async def test_french_lesson_rows_keep_typography(width: int, lesson_id: str) -> None:
    app = TutorApp(COURSE, "fr", MemoryProgress())
    async with app.run_test(size=(width, 600)) as pilot:
        await pilot.pause()
        app.open_lesson(f"{MODULE.id}/{lesson_id}")
        await settle(pilot)
        assert isinstance(app.screen, LessonScreen)
        shown = rows(app)
        assert "\u00a0" in "".join(shown)
        if lesson_id == "advanced-convolutions":
            assert "1\u202f849\u202f688\u202f064" in "".join(shown)
        for row in shown:
            assert not LINE_START.match(row), f"a row starts with punctuation: {row!r}"
            assert not row.endswith(("\u00a0", "\u202f")) and not row.startswith(("\u00a0", "\u202f")), row


async def settle(pilot: Pilot) -> None:
    await pilot.pause()
    await workers_done(pilot.app)
    await pilot.pause()
