"""The course in plain ASCII, made once at start-up for `--ascii`: widgets then draw it as it is.

Every text of the model (each `Localized`, and the few plain strings shown as written: formula
symbols and references) is spelled out by `tutor.text.asciify.to_ascii`; ids, names and
parameters are left alone. The interface strings get the same treatment from `Messages(lang,
ascii=True)`, and symbols the widgets draw come from `tutor.text.glyphs.ASCII`.
"""

from __future__ import annotations

import dataclasses
from typing import TypeVar

from tutor.content.model import Course, Localized
from tutor.text.asciify import to_ascii

SHOWN_STRINGS = frozenset({"symbol", "references"})
"""Fields holding plain strings (not `Localized`) that are shown as they are written."""
KEPT = frozenset({"exercises"})
"""Fields left as written: an exercise's title and statement go into the student's file, which must
not depend on `--ascii` (its box spells them out when it draws them, `Messages.spell`)."""

T = TypeVar("T")


def asciify_course(course: Course) -> Course:
    """`course` with every text it shows in ASCII (a new frozen model; `course` is unchanged)."""
    return asciify(course)


def asciify(value: T, shown: bool = False) -> T:
    """Any part of the model (a lesson, a block, a `Localized`) with the texts it shows in ASCII.

    `shown`: `value` is a plain string (or a tuple of them) shown as it is written.
    """
    if isinstance(value, Localized):
        return Localized(tuple((code, to_ascii(text)) for code, text in value.texts))  # type: ignore[return-value]
    if isinstance(value, str):
        return to_ascii(value) if shown else value  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(asciify(item, shown) for item in value)  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            field.name: asciify(getattr(value, field.name), field.name in SHOWN_STRINGS)
            for field in dataclasses.fields(value)
            if field.init and field.name not in KEPT
        }
        return dataclasses.replace(value, **changes)
    return value
