"""The preview app: the lesson as the tutor draws it, or the course's problems in its place."""

from __future__ import annotations

from pathlib import Path

from tests.support.helpers import screen_text, until
from tests.unit.test_loader import edit, line_of
from tutor.app.preview import PreviewApp


async def test_the_lesson_then_its_problem_then_the_lesson_again(course_dir: Path) -> None:
    lesson = course_dir / "basics" / "first.yaml"
    app = PreviewApp(course_dir, lesson, "en", watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.reloads == 1 and "First lesson" in screen_text(app), what="the lesson")
        assert "basics/first.yaml" in screen_text(app)

        edit(lesson, "style: warning", "style: danger")
        await pilot.press("r")
        await until(pilot, lambda: app.reloads == 2, what="the reload")
        text = screen_text(app)
        assert (
            f"basics/first.yaml:{line_of(lesson, 'style: danger')}:" in text and "callout style must be one of" in text
        )
        assert "1 problem in the course" in text

        edit(lesson, "style: danger", "style: warning")
        await pilot.press("r")
        await until(pilot, lambda: app.reloads == 3, what="the second reload")
        assert "callout style" not in screen_text(app) and "First lesson" in screen_text(app)


async def test_a_lesson_file_the_module_does_not_list_says_so(course_dir: Path) -> None:
    lesson = course_dir / "basics" / "first.yaml"
    stray = course_dir / "stray.yaml"
    stray.write_text(lesson.read_text(encoding="utf-8"), encoding="utf-8")
    app = PreviewApp(course_dir, stray, "fr", watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.reloads == 1, what="the first drawing")
        assert "n'est pas une leçon de ce cours" in screen_text(app).replace("\u00a0", " ")
