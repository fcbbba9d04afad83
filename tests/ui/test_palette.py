"""The command palette speaks the student's language, lists the lessons in course order, fails at nothing."""

from __future__ import annotations

from tests.support.fakes import MemoryProgress
from tests.support.helpers import screen_text, until
from tutor.app.app import TutorApp
from tutor.screens.start import StartScreen


async def test_the_palette_is_french_in_course_order_with_no_english_system_command(real_course) -> None:
    app = TutorApp(real_course, "fr", MemoryProgress())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await until(pilot, lambda: "Aller à la leçon 11 :" in screen_text(app), what="the palette's lessons")
        text = screen_text(app)
        assert "Aller à une leçon, aide, langue…" in text and "Search for commands" not in text
        positions = [text.index(f"Aller à la leçon {number} :") for number in range(1, 12)]
        assert positions == sorted(positions), "lessons in course order: 1, 2, … 11"
        for english in ("Keys", "Screenshot", "Maximize", "Theme", "Quit the application", "keys."):
            assert english not in text
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, StartScreen), what="the palette closed by escape")


async def test_a_palette_search_opens_the_lesson_found(real_course) -> None:
    app = TutorApp(real_course, "fr", MemoryProgress())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"CBAM")
        await until(pilot, lambda: "Attention spatiale (CBAM)" in screen_text(app), what="the CBAM lesson found")
        await pilot.press("enter")
        position = app.lesson_position("module3/spatial-attention")
        await until(pilot, lambda: getattr(app.screen, "index", None) == position, what="the CBAM lesson opened")
