"""A place in a lesson: what a search result, a bookmark or a link back to a section opens.

`TutorApp.open_lesson(option_id, place=...)` and `LessonScreen(index, place=...)` take one; the
lesson screen applies it once the lesson is whole (keys typed meanwhile wait for it).
"""

from __future__ import annotations

from dataclasses import dataclass

from tutor.system.records import Record

TITLE = -1
"""`Place.block` of the lesson's title (the first thing its body shows)."""


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Place(Record):
    """Where to show a lesson from.

    Attributes:
        block: Index in `lesson.blocks`; `TITLE` (-1) is the lesson's title and
            `len(lesson.blocks)` its references.
        text: Words to find in that block as it is drawn, matched as a search matches them
            (case, accents and spacing ignored): the lesson is scrolled to the line that shows
            them. None: the place is `fraction` of the block's height.
        occurrence: Which of the block's matches of `text` (0: the first), when it has several.
        fraction: From 0 (the block's top) to 1 (its bottom), when `text` is None or not found.
        highlight: Whether the words found are highlighted (a search match), or only shown.
    """

    block: int
    text: str | None = None
    occurrence: int = 0
    fraction: float = 0.0
    highlight: bool = False
