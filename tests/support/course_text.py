"""Reading the texts of a loaded course, for tests that check what lessons say."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from tutor.content import model as m


def texts_in(node: object) -> Iterator[m.Localized]:
    """Every Localized text inside a lesson, a block or any other part of the content model."""
    if isinstance(node, m.Localized):
        yield node
    elif dataclasses.is_dataclass(node):
        for field in dataclasses.fields(node):
            yield from texts_in(getattr(node, field.name))
    elif isinstance(node, tuple):
        for item in node:
            yield from texts_in(item)


def lesson_text(course: m.Course, lesson_id: str, lang: str) -> str:
    """Every text of a lesson's blocks in `lang`, joined, each run of white space made one space.

    Markdown reflows lines, so a number or phrase may be split across source lines.
    """
    found = course.find_lesson(lesson_id)
    assert found is not None, f"no lesson {lesson_id!r}"
    return " ".join(" ".join(text.get(lang) for text in texts_in(found[1].blocks)).split())
