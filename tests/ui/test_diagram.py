"""A diagram block as the student sees it: its title, its columns of layers, its caption."""

from __future__ import annotations

import pytest

from tests.support.fakes import MemoryProgress
from tests.support.helpers import screen_text, until
from tutor.app.app import TutorApp
from tutor.content import model as m
from tutor.widgets.blocks.diagram import DiagramView


def views_of(app: TutorApp, block: m.DiagramBlock) -> list[DiagramView]:
    return [view for view in app.screen.query(DiagramView) if view.block == block]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "fr"])
async def test_every_diagram_shows_its_title_columns_and_caption(real_course, lang: str) -> None:
    diagrams = [
        (module, lesson, block)
        for module in real_course.modules
        for lesson in module.lessons
        for block in lesson.blocks
        if isinstance(block, m.DiagramBlock)
    ]
    assert diagrams
    app = TutorApp(real_course, lang, MemoryProgress())
    async with app.run_test(size=(100, 40)) as pilot:
        for module, lesson, block in diagrams:
            app.open_lesson(f"{module.id}/{lesson.id}")
            await until(pilot, lambda shown=block: views_of(app, shown), what=f"the diagram of {lesson.id}")
            await app.screen.until_ready("page_down")  # the lesson whole and laid out
            views_of(app, block)[0].scroll_visible(animate=False, top=True)
            parts = [block.title, *(column.title for column in block.columns), block.caption]
            starts = [" ".join(part.get(lang).split()[:3]) for part in parts if part is not None]
            await until(  # the scroll is painted on a later frame
                pilot,
                lambda starts=starts: all(start in " ".join(screen_text(app).split()) for start in starts),
                what=f"{starts} on the screen of {lesson.id}",
            )
