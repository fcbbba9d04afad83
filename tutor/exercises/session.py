"""What the exercise commands share: the course's exercises, the workspace, the records, the checks.

A `Session` checks a file and records the attempt, says each exercise's status (from the last
recorded check of the same file content, so nothing is run to list them), and finds the
exercise to work on: the first, in the course's order, that does not pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tutor.content.model import Exercise
from tutor.exercises.checker import Checker, Result, file_digest
from tutor.progress.api import ExerciseRecords
from tutor.exercises.workspace import Workspace

STATUSES = ("passed", "failed", "new", "changed")
DIAGNOSIS = re.compile(r"[a-z][a-z0-9_]{0,39}")
"""What the progress store accepts as a diagnosis code."""
MARKS = {"passed": "✓", "failed": "✗", "new": " ", "changed": "~"}

Say = Callable[..., str]


class Session:
    def __init__(
        self,
        exercises: tuple[Exercise, ...],
        languages: tuple[str, ...],
        workspace: Workspace,
        progress: ExerciseRecords,
        checker: Checker,
    ) -> None:
        self.exercises = exercises
        self.languages = languages
        self.workspace = workspace
        self.progress = progress
        self.checker = checker

    def find(self, exercise_id: str) -> Exercise | None:
        return next((exercise for exercise in self.exercises if exercise.id == exercise_id), None)

    def index(self, exercise: Exercise) -> int:
        return self.exercises.index(exercise)

    def check(self, exercise: Exercise) -> Result:
        """Check the student's file and record the attempt."""
        result = self.checker.check(exercise, self.workspace.path(exercise))
        diagnosis = result.code if DIAGNOSIS.fullmatch(result.code) else "internal"  # a code the store takes
        self.progress.record_exercise_attempt(
            exercise.id,
            result.passed,
            digest=result.digest,
            diagnosis=diagnosis,
            duration=round(max(result.elapsed, 0.0), 3),
        )
        return result

    def status(self, exercise: Exercise) -> str:
        """ "passed" or "failed" (the file is the one last checked), "new" (the starting file), else "changed"."""
        return status_of(exercise, self.progress, self.workspace, self.languages)

    def hints_seen(self, exercise: Exercise) -> int:
        record = self.progress.exercise_status(exercise.id)
        return int(record.get("hints", 0)) if record else 0

    def take_hint(self, exercise: Exercise, level: int | None = None) -> int:
        """The level of the hint to show now (the next one by default), recorded as seen."""
        if level is None:
            level = self.hints_seen(exercise) + 1
        level = max(1, min(level, len(exercise.hints)))
        self.progress.record_hint(exercise.id, level)
        return level


def status_of(exercise: Exercise, progress: ExerciseRecords, workspace: Workspace, languages: tuple[str, ...]) -> str:
    """ "passed" or "failed" (the file is the one last checked), "new" (the starting file), else "changed"."""
    record = progress.exercise_status(exercise.id)
    last = record and record.get("last")
    if last and last.get("digest") == file_digest(workspace.path(exercise)):
        return "passed" if last.get("passed") else "failed"
    if workspace.untouched(exercise, languages):
        return "new"
    return "changed"


def heading(session: Session, exercise: Exercise, say: Callable[..., str], lang: str) -> list[str]:
    return [
        say(
            "exercises.heading",
            number=session.index(exercise) + 1,
            total=len(session.exercises),
            title=exercise.title.get(lang),
            level=say(f"exercises.level_{exercise.level}"),
            lesson=exercise.lesson,
        ),
        say("exercises.file", path=session.workspace.path(exercise)),
    ]
