"""What the tutor's screens need to offer a lesson's exercises: statuses, checks, hints and the editor.

The app makes one `Desk` when it starts (cheap: no process, no file read). The lesson screen
asks which exercises a lesson has and the status of each, runs a check (blocking, about 0.3 s:
in a thread worker) which records it and returns the status and the feedback's lines, takes
the next hint (recorded), and gets the command that opens the student's file in their editor;
the course map asks how many of a lesson's exercises pass. A status costs a read of the
student's file (its sha256 against the last check's) and nothing else: the checks
(`checks.yaml`) are read at the first check only.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import threading
from pathlib import Path

from tutor.content.errors import LoadError
from tutor.content.model import Course, Exercise
from tutor.exercises.checker import Checker
from tutor.exercises.feedback import report
from tutor.exercises.session import Session, status_of
from tutor.exercises.workspace import Workspace, WorkspaceError, workspace_dir
from tutor.progress.api import ExerciseRecords
from tutor.text.i18n import Messages


class Desk:
    """The course's exercises for the screens; `workspace` is --workspace (None: the default place)."""

    def __init__(self, course: Course, progress: ExerciseRecords, workspace: Path | None = None) -> None:
        self.course = course
        self.root = workspace_dir(workspace)
        self.progress = progress
        self._checker = Checker(self.root)
        self._session: Session | None = None
        self._lock = threading.Lock()
        """Held while the session is made: a check runs in a worker thread, a status on the interface's."""

    def for_lesson(self, lesson_id: str) -> list[Exercise]:
        return [exercise for exercise in self.course.exercises if exercise.lesson == lesson_id]

    def path(self, exercise: Exercise) -> Path:
        return self.root / exercise.file

    def status(self, exercise: Exercise) -> str:
        """ "passed" or "failed" (the file is the one last checked), "new" (no file, or the starting one), else
        "changed". Cheap enough for the course map: one file read."""
        if not self.path(exercise).is_file():
            return "new"
        try:
            workspace = Workspace(self.root, "en")
        except WorkspaceError:
            return "new"
        return status_of(exercise, self.progress, workspace, self.course.languages)

    def lesson_counts(self, lesson_id: str) -> tuple[int, int] | None:
        """(exercises that pass, exercises) of a lesson, or None when it has none."""
        exercises = self.for_lesson(lesson_id)
        if not exercises:
            return None
        return sum(self.status(exercise) == "passed" for exercise in exercises), len(exercises)

    def check(self, exercise: Exercise, lang: str) -> tuple[str, list[str]]:
        """Check the student's file and record the check (blocking: run it in a thread worker).

        Returns:
            The status it leaves and the feedback's lines, in `lang`; when the exercise cannot be
            checked (a workspace that cannot be used, checks that do not load), the status it had
            and why.
        """
        say = Messages(lang)
        try:
            session = self._prepared(lang)
        except WorkspaceError as error:
            return self.status(exercise), [re.sub(r"^cnn-tutor\s*:\s*", "", say(error.key, **error.fields))]
        except LoadError as error:
            reason = "; ".join(map(str, error.problems[:2]))
            return self.status(exercise), [say("exercises.tutor_error", reason=reason)]
        full = session.find(exercise.id) or exercise
        result = session.check(full)
        return session.status(full), report(result, full, say, lang)

    def hint(self, exercise: Exercise) -> int:
        """The level of the next hint (the last one again once all are read), recorded as read."""
        level = max(1, min(self.hints_read(exercise) + 1, len(exercise.hints)))
        self.progress.record_hint(exercise.id, level)
        return level

    def hints_read(self, exercise: Exercise) -> int:
        record = self.progress.exercise_status(exercise.id)
        return min(int(record.get("hints", 0)), len(exercise.hints)) if record else 0

    def editor(self, exercise: Exercise, lang: str) -> list[str]:
        """The command that opens the student's file (made first if need be): $VISUAL, $EDITOR, else a
        common editor.

        Raises:
            WorkspaceError: the workspace cannot be used.
        """
        Workspace(self.root, lang).prepare(self.course.exercises)
        path = str(self.path(exercise))
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if command:
            return [*shlex.split(command, posix=os.name == "posix"), path]
        if os.name == "nt":
            return ["notepad", path]
        return [next((name for name in ("nano", "vim", "vi") if shutil.which(name)), "vi"), path]

    def warm(self) -> None:
        """Start the next check's Python now (it imports numpy meanwhile): the student is about to check."""
        if self.root.is_dir() and not Workspace.refused(self.root):
            self._checker.warm()

    def close(self) -> None:
        """Stop the Python started ahead, if any."""
        self._checker.close()

    def _prepared(self, lang: str) -> Session:
        """The session (made at the first check: the checks are read, the workspace prepared)."""
        with self._lock:
            if self._session is None:
                from tutor.content.exercises import with_checks

                exercises = with_checks(self.course.exercises, self.course.languages)
                workspace = Workspace(self.root, lang)
                self._session = Session(exercises, self.course.languages, workspace, self.progress, self._checker)
            session = self._session
        session.workspace.prepare(session.exercises)  # a file deleted meanwhile is made again
        return session
