"""Heading anchors: `### Training and inference {#bn-inference}` names a place in a lesson.

Questions point to the section of their lesson where what they ask is taught (`section:`), so
that a missed question opens the lesson there. The anchor is taken out of the text shown; the
same ids must be on the headings of every language of a text block (checked by the loader).
"""

from __future__ import annotations

import re

from tutor.content.model import Lesson
from tutor.content.place import Place

ANCHORED_HEADING = re.compile(r"^( {0,3}#{1,6}[ \t]+)(.*?)[ \t]+\{#([^{}\s]*)\}[ \t]*$")
"""An ATX heading line ending with `{#id}`: its marks, its words, its id."""
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SPACES = re.compile(r"[ \t]+")
_INLINE_MARKS = re.compile(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`")


def split_anchors(markdown: str) -> tuple[str, list[tuple[str, str]]]:
    """`markdown` without its heading anchors, and (id, heading words) of each anchored heading, in order.

    Lines inside fenced code are left as they are.
    """
    if "{#" not in markdown:  # most texts: no line can be an anchored heading
        return markdown, []
    lines = markdown.split("\n")
    found: list[tuple[str, str]] = []
    fence: str | None = None
    for number, line in enumerate(lines):
        opening = FENCE.match(line)
        if opening:
            marks = opening.group(1)
            if fence is None:
                fence = marks
            elif marks[0] == fence[0] and len(marks) >= len(fence):
                fence = None
            continue
        if fence is not None:
            continue
        heading = ANCHORED_HEADING.match(line)
        if heading:
            marks, words, anchor = heading.groups()
            lines[number] = marks + words
            found.append((anchor, plain_words(words)))
    return "\n".join(lines), found


def plain_words(words: str) -> str:
    """A heading's words without inline Markdown marks (`**`, `*`, `_`, backquotes)."""
    return _SPACES.sub(" ", _INLINE_MARKS.sub("", words)).strip(" \t")  # no-break spaces are kept


def section_place(lesson: Lesson, section_id: str | None, lang: str) -> Place | None:
    """The place of a lesson's anchored heading (its words in `lang`), or None when it has no such section."""
    section = lesson.section(section_id) if section_id else None
    return None if section is None else Place(section.block, section.title.get(lang))
