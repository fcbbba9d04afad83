"""What a screen needs to offer a lesson's exercises: statuses, checks, hints and the editor.

The tutor's screens use one `Desk` (built when the app starts, cheap: no process, no checks read)
so that the lesson screen stays a few lines: which exercises a lesson has, the status of each,
a check that returns the status and the feedback's lines (blocking: run it in a thread worker),
the next hint (recorded), and the command that opens the student's file in their editor.
"""

from __future__ import annotations

import os
import shlex
import shutil
import threading
from pathlib import Path

from tutor.content.model import Exercise
from tutor.content.model import Course
from tutor.exercises.checker import Checker
from tutor.exercises.feedback import report
from tutor.progress.api import ExerciseRecords
from tutor.exercises.session import Session
from tutor.exercises.workspace import Workspace, workspace_dir
from tutor.text.i18n import Messages


class Desk:
    def __init__(self, course: Course, lang: str, progress: ExerciseRecords, workspace: Path | None = None) -> None:
        self.course = course
        self.lang = lang
        self.root = workspace_dir(workspace)
        self.progress = progress
        self._session: Session | None = None
        self._lock = threading.Lock()

    @property
    def session(self) -> Session:
        """The session, made on first use: the workspace is prepared, the checks are read then."""
        with self._lock:
            if self._session is None:
                from tutor.content.exercises import with_checks

                exercises = with_checks(self.course.exercises, self.course.languages)
                workspace = Workspace(self.root, self.lang)
                workspace.prepare(exercises)
                self._session = Session(exercises, self.course.languages, workspace, self.progress, Checker(workspace.root))
            return self._session

    def for_lesson(self, lesson_id: str) -> list[Exercise]:
        return [exercise for exercise in self.course.exercises if exercise.lesson == lesson_id]

    def path(self, exercise: Exercise) -> Path:
        return self.root / exercise.file

    def status(self, exercise: Exercise) -> str:
        """From the records and the file: cheap enough for the course map."""
        record = self.progress.exercise_status(exercise.id)
        last = record and record.get("last")
        if last is None and not self.path(exercise).exists():
            return "new"
        return self.session.status(self._full(exercise))

    def lesson_done(self, lesson_id: str) -> bool | None:
        """None when the lesson has no exercise, else whether all its exercises pass."""
        exercises = self.for_lesson(lesson_id)
        return None if not exercises else all(self.status(exercise) == "passed" for exercise in exercises)

    def check(self, exercise: Exercise) -> tuple[str, list[str]]:
        """Check the student's file (blocking, about 0.2 s), record it; the new status and the feedback."""
        full = self._full(exercise)
        result = self.session.check(full)
        return self.session.status(full), report(result, full, Messages(self.lang), self.lang)

    def hint(self, exercise: Exercise) -> int:
        """The level of the next hint, recorded as read."""
        return self.session.take_hint(self._full(exercise))

    def hints_read(self, exercise: Exercise) -> int:
        record = self.progress.exercise_status(exercise.id)
        return int(record.get("hints", 0)) if record else 0

    def editor(self, exercise: Exercise) -> list[str]:
        """The command that opens the student's file: $VISUAL, $EDITOR, else a common editor."""
        self.session  # the file exists before the editor opens it
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if command:
            return [*shlex.split(command, posix=os.name == "posix"), str(self.path(exercise))]
        fallback = "notepad" if os.name == "nt" else next((name for name in ("nano", "vim", "vi") if shutil.which(name)), "vi")
        return [fallback, str(self.path(exercise))]

    def close(self) -> None:
        if self._session is not None:
            self._session.checker.close()

    def _full(self, exercise: Exercise) -> Exercise:
        """The exercise with its checks (the course's copy may have been loaded without)."""
        return self.session.find(exercise.id) or exercise
