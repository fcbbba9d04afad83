"""A callout's title is read whole: in its frame when it fits there, else in the box, never cut."""

from __future__ import annotations

import re

import pytest

from tests.support.fakes import MemoryProgress
from tests.support.helpers import screen_text, until
from tutor.app.app import TutorApp
from tutor.content import model as m
from tutor.widgets.blocks.static import CalloutView

FRAME = re.compile(r"[│╭╮╰╯─║╔╗╚╝═▁▂▃▄▅▆▇█▔▎▊]")


def words(text: str) -> str:
    return " ".join(FRAME.sub(" ", text).split())


@pytest.mark.slow
@pytest.mark.parametrize(("width", "lang"), [(60, "fr"), (80, "en"), (60, "en"), (80, "fr")])
async def test_every_callout_title_is_on_screen_whole(real_course, width: int, lang: str) -> None:
    titled = [
        (module, lesson)
        for module in real_course.modules
        for lesson in module.lessons
        if any(isinstance(block, m.CalloutBlock) and block.title for block in lesson.blocks)
    ]
    app = TutorApp(real_course, lang, MemoryProgress())
    async with app.run_test(size=(width, 30)) as pilot:
        for module, lesson in titled:
            app.open_lesson(f"{module.id}/{lesson.id}")
            await until(pilot, lambda shown=lesson: getattr(app.screen, "lesson", None) == shown, what=lesson.id)
            await app.screen.until_ready("page_down")
            for view in app.screen.query(CalloutView):
                if not view.block.title:
                    continue
                view.scroll_visible(animate=False, top=True)
                on_screen = lambda shown=view: 1 <= shown.region.y <= app.size.height - 4  # noqa: E731
                await until(pilot, on_screen, what="the callout on screen")
                top = view.region.y  # on screen: scrolled to, or the lesson's end
                box = screen_text(app).splitlines()[top : top + 6]
                assert "…" not in box[0], (lesson.id, box)  # the frame's first line: label and title
                title = words(view.block.title.get(lang))
                assert title in words("\n".join(box)), (lesson.id, title, box)
