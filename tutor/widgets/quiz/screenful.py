"""How many of a lesson's parts fill the first screen: those are mounted first, the rest after its paint."""

from __future__ import annotations

from collections.abc import Iterable


def first_screenful(heights: Iterable[int], rows: int) -> int:
    """How many of the parts, `heights` rows tall each in order, start within the first `rows` rows.

    `heights` is read only as far as needed, so it may be a generator that estimates each part.
    """
    used = count = 0
    for height in heights:
        if used >= rows:
            break
        used += height
        count += 1
    return count
