"""Lists whose items may be longer than a line wrap beside their bullet, as a lesson's own lists do."""

from __future__ import annotations

from textual.widgets import OptionList, Static

from tests.support.fakes import MemoryProgress
from tests.support.helpers import until
from tests.ui.test_quiz_ui import COURSE, QuizApp
from tutor.app.app import TutorApp
from tutor.content import model as m
from tutor.screens.find_in_view import drawn_lines
from tutor.widgets.quiz.quiz import QuizView


def assert_hanging(lines: list[str], bullet: str = "•") -> None:
    """Every line of `lines` starts an item with `bullet` or goes on with the text of the item above it."""
    items = 0
    for line in lines:
        text = line.strip("│ ")
        if not text:
            continue
        column = line.index(text[0])
        if text.startswith(f"{bullet} "):
            items, text_column = items + 1, column + 2
        else:
            assert items and column == text_column, f"{line!r} is not under the text of its item:\n" + "\n".join(lines)
    assert items


async def test_a_long_place_to_revisit_wraps_beside_its_bullet() -> None:
    block = COURSE.modules[0].lessons[1].blocks[-1]
    long = "A lesson whose title is long enough to take two lines in a narrow terminal"
    titles = {"first": m.Localized((("fr", long), ("en", long)))}
    async with QuizApp(block, lesson_titles=titles).run_test(size=(50, 30)) as pilot:
        quiz = pilot.app.query_one(QuizView)
        await pilot.press("tab", "3", "c")
        revisit = quiz.query_one(".quiz-revisit", OptionList)
        await until(pilot, lambda: revisit.display and revisit.option_count == 1, what="the place to revisit")
        lines = drawn_lines(revisit)
        assert sum(bool(line.strip()) for line in lines) >= 2, lines
        assert_hanging(lines)


async def test_long_references_wrap_beside_their_bullets(real_course) -> None:
    app = TutorApp(real_course, "fr", MemoryProgress())

    def references() -> Static:
        return app.screen.query_one(".references", Static)

    async with app.run_test(size=(60, 20)) as pilot:
        app.open_lesson("module3/batch-norm")
        await until(pilot, lambda: app.screen.query(".references") and drawn_lines(references()), what="the references")
        lines = drawn_lines(references())
        assert lines[0].strip() == "Références"
        assert_hanging(lines[1:])
