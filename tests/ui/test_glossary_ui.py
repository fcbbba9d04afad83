"""The glossary screen (`d`, from anywhere): terms with their translation, definition and lessons;
typing narrows them, a lesson chosen opens where it uses the term."""

from __future__ import annotations

import re

from tests.support.fakes import MemoryProgress
from tests.support.helpers import lesson_whole, screen_text, until
from tests.ui.test_search_ui import type_text
from tutor.app.app import TutorApp
from tutor.screens.glossary import GlossaryScreen
from tutor.screens.lesson import LessonScreen
from tutor.screens.start import StartScreen


def flat(text: str) -> str:
    """`text` with its frame, scrollbar and line breaks made single spaces (a definition wraps)."""
    return " ".join(re.sub(r"[│▁▂▃▄▅▆▇█▔]", " ", text).split())


async def open_glossary(pilot, query: str = "") -> GlossaryScreen:
    await pilot.press("d")
    await until(pilot, lambda: isinstance(pilot.app.screen, GlossaryScreen), what="the glossary")
    screen = pilot.app.screen
    await type_text(pilot, query)
    await until(pilot, lambda: screen.query_one("#glossary-input").value == query, what="the term typed")
    await pilot.pause()
    return screen


async def test_d_shows_each_term_with_its_translation_definition_and_lessons(real_course) -> None:
    app = TutorApp(real_course, "fr", MemoryProgress())
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StartScreen), what="the course map")
        await open_glossary(pilot)
        count = len(real_course.glossary.terms)
        text = flat(screen_text(app))
        assert f"Glossaire ({count} termes)" in text
        assert "lot (anglais : batch)" in text
        assert (
            "Ensemble d'exemples traités ensemble à un pas d'entraînement ; la BN calcule ses statistiques sur le lot."
            in text
        )
        assert "→ 2. Batch Normalization → 3. La Batch Norm en pratique" in text


async def test_typing_narrows_the_terms_accents_optional_in_either_language(real_course) -> None:
    app = TutorApp(real_course, "en", MemoryProgress())
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StartScreen), what="the course map")
        screen = await open_glossary(pilot, "decroissance")  # the French name, without its accent
        text = flat(screen_text(app))
        assert "weight decay (French: décroissance des poids)" in text
        assert "Shrinking the weights by a constant factor at every step" in text
        assert "→ 6. L1/L2 regularisation and weight decay" in text
        assert "regularisation (" not in text  # other terms are gone
        await type_text(pilot, "zz")
        await until(pilot, lambda: "No term starts with “decroissancezz”." in screen_text(app), what="no term")
        assert screen.query_one("#glossary-terms").option_count == 0


async def test_enter_on_a_lesson_opens_it_where_the_term_is_used_and_escape_comes_back(real_course) -> None:
    app = TutorApp(real_course, "en", MemoryProgress())
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StartScreen), what="the course map")
        screen = await open_glossary(pilot, "regularisation")
        terms = screen.query_one("#glossary-terms")
        assert terms.get_option_at_index(terms.highlighted).id == "term:regularisation"
        await pilot.press("down", "down")  # introduction, then dropout
        assert terms.get_option_at_index(terms.highlighted).id == "lesson:regularisation:module3/dropout"
        await pilot.press("enter")
        await until(
            pilot,
            lambda: isinstance(app.screen, LessonScreen) and app.screen.search_query == "regularisation",
            what="the lesson at the term",
        )
        lesson = app.screen
        assert lesson.lesson.id == "dropout"
        assert lesson._search.current == 0  # its first use
        await until(pilot, lambda: "regularisation" in screen_text(app).lower(), what="the term on screen")
        await pilot.press("escape", "escape")  # the search ends, then the course map
        await until(pilot, lambda: isinstance(app.screen, StartScreen), what="the course map")


async def test_d_opens_over_a_lesson_and_escape_leaves_it_as_it_was(real_course) -> None:
    app = TutorApp(real_course, "fr", MemoryProgress())
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StartScreen), what="the course map")
        await pilot.press("enter")
        await until(pilot, lambda: lesson_whole(app), what="lesson 1")
        lesson = app.screen
        await pilot.press("space")
        body = lesson.query_one("#body")
        await until(pilot, lambda: body.scroll_y > 0, what="the page down")
        scroll = body.scroll_y
        await open_glossary(pilot, "dropout")
        assert "dropout (anglais : dropout)" in flat(screen_text(app))
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is lesson, what="the lesson")
        assert body.scroll_y == scroll and lesson.index == 0


async def test_enter_on_a_term_opens_its_first_lesson(real_course) -> None:
    app = TutorApp(real_course, "en", MemoryProgress())
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StartScreen), what="the course map")
        await open_glossary(pilot, "weight decay")
        await pilot.press("enter")
        await until(pilot, lambda: lesson_whole(app), what="the lesson")
        assert app.screen.lesson.id == "weight-decay"
        assert app.screen.search_query == "weight decay"
