"""What is recorded of the exercises: attempts, passes and hints. The progress store writes it.

`ExerciseProgress` is the interface the exercise commands and screens use; the progress store
implements it (requested on the coordination board, "exercises → store"). Until then,
`MemoryExerciseProgress` keeps the records for one run only.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Protocol


class ExerciseProgress(Protocol):
    """Attempts, passes and hints of the hands-on exercises. Every call is saved as it happens."""

    def record_exercise_attempt(
        self, exercise_id: str, passed: bool, *, digest: str, diagnosis: str, duration: float,
        when: datetime | None = None,
    ) -> None:
        """A check the student asked for: its result, the sha256 of the file checked, the diagnosis code
        (passed, not_started, syntax, wrong_value…) and the seconds it took."""

    def record_hint(self, exercise_id: str, level: int, when: datetime | None = None) -> None:
        """The student read hint `level` (from 1); the highest level read is kept."""

    def exercise_status(self, exercise_id: str) -> dict | None:
        """{"attempts", "passes", "first_passed", "hints", "last": {"at", "passed", "digest", "diagnosis",
        "duration"}}, or None before the first attempt or hint."""

    def exercise_statuses(self) -> dict[str, dict]:
        """The status of every exercise with one, by id."""


class MemoryExerciseProgress:
    """ExerciseProgress kept in memory (tests, and until the store keeps exercises)."""

    def __init__(self) -> None:
        self._status: dict[str, dict] = {}

    def _entry(self, exercise_id: str) -> dict:
        return self._status.setdefault(
            exercise_id, {"attempts": 0, "passes": 0, "first_passed": None, "hints": 0, "last": None}
        )

    def record_exercise_attempt(
        self, exercise_id: str, passed: bool, *, digest: str, diagnosis: str, duration: float,
        when: datetime | None = None,
    ) -> None:
        at = (when or datetime.now(timezone.utc)).isoformat(timespec="seconds")
        entry = self._entry(exercise_id)
        entry["attempts"] += 1
        if passed:
            entry["passes"] += 1
            entry["first_passed"] = entry["first_passed"] or at
        entry["last"] = {"at": at, "passed": passed, "digest": digest, "diagnosis": diagnosis, "duration": duration}

    def record_hint(self, exercise_id: str, level: int, when: datetime | None = None) -> None:
        entry = self._entry(exercise_id)
        entry["hints"] = max(entry["hints"], level)

    def exercise_status(self, exercise_id: str) -> dict | None:
        entry = self._status.get(exercise_id)
        return None if entry is None else {**entry, "last": dict(entry["last"]) if entry["last"] else None}

    def exercise_statuses(self) -> dict[str, dict]:
        return {key: self.exercise_status(key) for key in self._status}


def open_exercise_progress(progress_file: object = None) -> ExerciseProgress:
    """The exercise records of the student (today: this run's only; the store will keep them)."""
    return MemoryExerciseProgress()
