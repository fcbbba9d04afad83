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


def next_hint_start(course: m.Course, lesson_id: str, lang: str) -> str:
    """The words the lesson screen shows below a lesson's last line, before any title in them: "Next
    lesson (n):" or, after the course's last lesson, "End of this module." (the message in `lang`).

    Shown after the tail of the lesson, they tell a test the lesson is on screen to its very end: in a
    lesson with several exercise boxes, each box ends with the same keys line.
    """
    from tutor.text.i18n import Messages

    messages = Messages(lang)
    sequence = [(module, lesson.id) for module in course.modules for lesson in module.lessons]
    position = [lesson for _, lesson in sequence].index(lesson_id)
    if position + 1 < len(sequence):
        return messages("ui.next_hint", title="")
    module = sequence[position][0]
    if module.next is None:
        return messages("ui.end_of_module")
    return messages("ui.end_of_course", next="")
