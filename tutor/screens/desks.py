"""The app's exercises desk (`Desk`), made at its first use: the course map shows its counts.

Apart from `screens/exercises.py`, the lesson screen's part, so that the course map draws its
first frame without importing the exercise boxes' code (the lesson screen's, imported after).
"""

from __future__ import annotations

from collections.abc import Callable
from weakref import WeakKeyDictionary

from tutor.exercises.desk import Desk
from tutor.screens.base import Tutor

_DESKS: WeakKeyDictionary[Tutor, Desk] = WeakKeyDictionary()


def desk_of(app: Tutor) -> Desk | None:
    """The app's exercises desk, or None when its course has no exercises."""
    if not app.course.exercises:
        return None
    desk = _DESKS.get(app)
    if desk is None:
        desk = _DESKS[app] = Desk(app.course, app.progress)
    return desk


def exercise_counts(app: Tutor) -> Callable[[str], tuple[int, int] | None] | None:
    """For the course map: (exercises that pass, exercises) of a lesson, None for a lesson without."""
    desk = desk_of(app)
    return desk.lesson_counts if desk is not None else None


def made_desk(app: Tutor) -> Desk | None:
    """The app's desk if one was made, without making it."""
    return _DESKS.get(app)
