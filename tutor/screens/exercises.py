"""The hands-on exercises in the lesson screen: a box at the end of each lesson that has one.

`ExercisesAtEnd` is a part of `LessonScreen`: `exercise_makers()` gives the boxes to mount after
the lesson's blocks, and the screen's keys `e`, `c` and `h` act on the box the student is looking
at (the one selected with tab, else the first on screen, else the lesson's first, brought into
view); the box says them, and the key bar lists them while a box is selected. `e` suspends the app and opens the student's file in their editor ($VISUAL, $EDITOR), `c`
checks it in a thread worker (a new Python, about 0.3 s) and records the check, `h` shows and
records the next hint. A lesson without exercises has none of these keys.

The app's `Desk` is made at the first use (`screens/desks.py`): it reads no file until a status is asked.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from functools import partial
from typing import cast

from textual.app import SuspendNotSupported
from textual.binding import Binding
from textual.geometry import Region
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from tutor.content.model import Exercise
from tutor.exercises.desk import Desk
from tutor.exercises.workspace import WorkspaceError
from tutor.screens.base import TutorScreen
from tutor.screens.desks import desk_of
from tutor.widgets.exercise.view import ExerciseView

CHECKS = "exercise-check"
"""The group of the thread workers that check a file."""


class ExercisesAtEnd(TutorScreen):
    """The exercises part of the lesson screen (a base class of `LessonScreen`)."""

    BINDINGS = [  # said in the box; the key bar lists them while a box is selected (its own keys)
        Binding("e", "exercise_edit", "exercises.keys_edit", show=False),
        Binding("c", "exercise_check", "exercises.keys_check", show=False),
        Binding("h", "exercise_hint", "exercises.keys_hint", show=False),
    ]

    def exercise_makers(self, lesson_id: str) -> list[Callable[[], Widget]]:
        """The boxes of the lesson's exercises, each made when it is mounted (in the language of then)."""
        desk = desk_of(self.tutor)
        if desk is None:
            return []
        return [partial(self._exercise_view, desk, exercise) for exercise in desk.for_lesson(lesson_id)]

    def _exercise_view(self, desk: Desk, exercise: Exercise) -> ExerciseView:
        return ExerciseView(
            exercise,
            str(desk.path(exercise)),
            status=desk.status(exercise),
            hints=desk.hints_read(exercise),
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not action.startswith("exercise_") or bool(self.query(ExerciseView))  # none without exercises

    def _chosen_view(self) -> ExerciseView | None:
        """The box the keys act on: the focused one, else the first on screen, else the first (scrolled to)."""
        views = list(self.query(ExerciseView).results(ExerciseView))
        if not views:
            return None
        focused = self.focused
        if isinstance(focused, ExerciseView) and focused in views:
            return focused
        window = self.query_one("#body").scrollable_content_region
        shown = next((view for view in views if view.region.overlaps(window)), None)
        if shown is None:
            shown = views[0]
            shown.scroll_visible(animate=False, top=True)
        return shown

    def action_exercise_edit(self) -> None:
        if (view := self._chosen_view()) is not None:
            view.action_edit()

    def action_exercise_check(self) -> None:
        if (view := self._chosen_view()) is not None:
            view.action_check()

    def action_exercise_hint(self) -> None:
        if (view := self._chosen_view()) is not None:
            view.action_hint()

    def on_exercise_view_edit(self, event: ExerciseView.Edit) -> None:
        event.stop()
        desk = desk_of(self.tutor)
        if desk is None:
            return
        say = self.messages
        exercise = event.exercise
        try:
            command = desk.editor(exercise, self.lang)
        except WorkspaceError as error:
            self.tutor.tell(say(error.key, **error.fields).removeprefix("cnn-tutor: "), severity="error", timeout=8)
            return
        try:
            with self.app.suspend():
                finished = _run_editor(command)
        except SuspendNotSupported:  # a browser tab: no terminal to give the editor
            self.tutor.tell(say("exercises.editor_elsewhere", path=desk.path(exercise)), timeout=10)
            return
        if finished is not True:
            self.tutor.tell(
                say("exercises.editor_failed", command=command[0], reason=finished), severity="error", timeout=10
            )
        self.refresh_exercise(exercise)
        desk.warm()  # the student is likely to check next: start its Python now

    def on_exercise_view_check(self, event: ExerciseView.Check) -> None:
        event.stop()
        desk = desk_of(self.tutor)
        if desk is None:
            return
        exercise, lang = event.exercise, self.lang
        self.run_worker(
            partial(desk.check, exercise, lang), thread=True, group=CHECKS, name=exercise.id, exit_on_error=False
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != CHECKS or worker.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        event.stop()
        views = self._views_of_id(worker.name)
        if worker.state == WorkerState.SUCCESS:
            status, lines = cast(tuple[str, list[str]], worker.result)
        else:  # the tutor's own fault: said in one line, the traceback goes to the error log
            from tutor.system.errorlog import log_exception

            if worker.error is not None:
                log_exception(worker.error, "checking an exercise")
            say = self.messages
            desk = desk_of(self.tutor)
            status = desk.status(views[0].exercise) if views and desk is not None else "changed"
            lines = [say("exercises.tutor_error", reason=f"{type(worker.error).__name__}: {worker.error}")]
        for view in views:
            view.show_result(status, lines)
            self._show_end(view)

    def on_exercise_view_hint(self, event: ExerciseView.Hint) -> None:
        event.stop()
        desk = desk_of(self.tutor)
        if desk is None:
            return
        exercise = event.exercise
        if not exercise.hints:
            return
        level = desk.hint(exercise)
        for view in self._views_of(exercise):
            view.show_hint(level)
            self._show_end(view)

    def refresh_exercise(self, exercise: Exercise) -> None:
        """Show the status of the student's file again (after it was edited)."""
        desk = desk_of(self.tutor)
        if desk is None:
            return
        status = desk.status(exercise)
        for view in self._views_of(exercise):
            if view.status != "checking":
                view.set_status(status)

    def _views_of(self, exercise: Exercise) -> list[ExerciseView]:
        return self._views_of_id(exercise.id)

    def _views_of_id(self, exercise_id: str) -> list[ExerciseView]:
        return [view for view in self.query(ExerciseView).results(ExerciseView) if view.exercise.id == exercise_id]

    def _show_end(self, view: ExerciseView) -> None:
        """Once drawn again, bring the box's last line (the new feedback or hint) into view."""

        def scroll() -> None:
            if view.is_attached and isinstance(view.parent, Widget):
                region = view.virtual_region
                view.parent.scroll_to_region(Region(region.x, region.bottom - 1, region.width, 1), animate=False)

        self.call_after_refresh(scroll)

    def on_unmount(self) -> None:
        desk = self.tutor.exercise_desk
        if desk is not None:
            desk.close()  # the Python started ahead for a check, if any


def _run_editor(command: list[str]) -> bool | str:
    """Run the editor until the student closes it: True, else why it did not run."""
    try:
        subprocess.run(command, check=False)
    except OSError as error:
        return error.strerror or type(error).__name__
    return True
