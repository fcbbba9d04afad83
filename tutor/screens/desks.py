"""The app's exercises desk (`Desk`), made at its first use: the course map shows its counts.

The desk is kept on the app (`exercise_desk`), so that it goes with the app: in a table keyed
weakly by the app, it would keep the app alive (the desk holds the progress store, whose
listener is the app's).

Apart from `screens/exercises.py`, the lesson screen's part, so that the course map draws its
first frame without importing the exercise boxes' code (the lesson screen's, imported after).
"""

from __future__ import annotations

from collections.abc import Callable

from tutor.exercises.desk import Desk
from tutor.screens.base import Tutor


def desk_of(app: Tutor) -> Desk | None:
    """The app's exercises desk, or None when its course has no exercises."""
    if not app.course.exercises:
        return None
    if app.exercise_desk is None:
        app.exercise_desk = Desk(app.course, app.progress)
    return app.exercise_desk


def exercise_counts(app: Tutor) -> Callable[[str], tuple[int, int] | None] | None:
    """For the course map: (exercises that pass, exercises) of a lesson, None for a lesson without."""
    desk = desk_of(app)
    return desk.lesson_counts if desk is not None else None
