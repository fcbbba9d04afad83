"""What the screens need from the progress store (implemented by `tutor.progress.ProgressStore`)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime
from typing import Protocol


class ExerciseRecords(Protocol):
    """The hands-on exercises' records: checks, passes and hints read (what `tutor.exercises` needs)."""

    def record_exercise_attempt(
        self,
        exercise_id: str,
        passed: bool,
        *,
        digest: str,
        diagnosis: str,
        duration: float,
        when: datetime | None = None,
    ) -> None:
        """A check the student asked for: whether it passed, the sha256 of the file checked ("" when it could
        not be read), the diagnosis code (passed, not_started, syntax, wrong_value…) and its seconds."""

    def record_hint(self, exercise_id: str, level: int, when: datetime | None = None) -> None:
        """The student read hint `level` (from 1); the highest level read is kept."""

    def exercise_status(self, exercise_id: str) -> dict | None:
        """{"attempts", "passes", "first_passed", "hints", "last"} (`last`: {"at", "passed", "digest",
        "diagnosis", "duration"} or None), or None before the first check or hint."""

    def exercise_statuses(self) -> dict[str, dict]:
        """The status of every exercise with one, by id."""


class ProgressTracker(ExerciseRecords, Protocol):
    """Where the student has been. Every call is shown at once and saved as it happens, off the
    interface's loop; reads come from memory and never wait for the disk."""

    def take_notices(self) -> list[str]:
        """One-time messages for the student (e.g. a corrupt file was moved aside), then forgotten."""

    @property
    def warning(self) -> str | None:
        """A persistent problem (e.g. progress cannot be saved), or None."""

    def listen(self, callback: Callable[[], None]) -> None:
        """Call `callback()` when a notice arrives or the warning changes, from any thread (it must only
        schedule work, e.g. Textual's thread-safe `post_message`)."""

    def remember_language(self, language: str) -> None:
        """Keep the language the student chose for the tutor's next start."""

    @property
    def student_asked(self) -> bool:
        """Whether the student gave a name for the class report, or declined to."""

    def remember_student(self, name: str | None) -> None:
        """Keep the student's name or id for the class report (None: declined, not asked again).

        Raises:
            ValueError: not a usable name (see `tutor.progress.store.student_name`).
        """

    def mark_visited(self, module_id: str, lesson_id: str) -> None: ...

    def mark_completed(self, module_id: str, lesson_id: str) -> None: ...

    def set_position(self, module_id: str, lesson_id: str, scroll: float) -> None: ...

    def last_position(self) -> tuple[str, str, float] | None: ...

    def lesson_state(self, module_id: str, lesson_id: str) -> str:
        """ "new", "visited" or "completed"."""

    def add_bookmark(
        self, module_id: str, lesson_id: str, block: int, fraction: float, scroll: float, note: str = ""
    ) -> str:
        """Mark a place in a lesson (`block`: its index, -1 the title; `fraction` of it from its top; `scroll`
        of the lesson) with a one-line note; returns the bookmark's id."""

    def note_bookmark(self, module_id: str, lesson_id: str, bookmark_id: str, note: str) -> None:
        """Change a bookmark's note."""

    def remove_bookmark(self, module_id: str, lesson_id: str, bookmark_id: str) -> None: ...

    def bookmarks(self) -> list[dict]:
        """Every bookmark, oldest first: {"id", "module", "lesson", "block", "fraction", "scroll", "note", "at"}."""

    def record_attempt(
        self,
        module_id: str,
        quiz_id: str,
        answers: dict[str, int],
        score: int,
        total: int,
        duration: float | None = None,
        *,
        correct: list[str] | None = None,
        hints: list[str] | None = None,
    ) -> None:
        """Record a checked quiz: `answers` maps question ids to the chosen option's original
        index (unanswered questions absent); `duration` is in seconds; `correct` lists the
        questions answered right; `hints` the questions whose hint was shown."""

    def keep_draft(self, module_id: str, quiz_id: str, answers: dict[str, int], *, hints: Collection[str] = ()) -> None:
        """Save the answers chosen so far in a quiz not yet checked (all of them, as the quiz shows them):
        what changed since the caller's last `keep_draft` or `draft` is merged with other sessions'
        answers, question by question. `hints`: the questions whose hint was shown, added to those kept
        (a hint shown stays shown until the quiz is checked)."""

    def draft(self, module_id: str, quiz_id: str) -> dict[str, int]:
        """The answers chosen in a quiz since its last check (what the quiz then shows)."""

    def draft_hints(self, module_id: str, quiz_id: str) -> list[str]:
        """The questions whose hint was shown in a quiz since its last check."""

    def best_score(self, module_id: str, quiz_id: str) -> tuple[int, int] | None:
        """The best (score, total) recorded for a quiz, or None before the first attempt."""

    def record_answer(
        self, question_id: str, option: int, correct: bool, when: datetime | None = None, *, hint: bool = False
    ) -> None:
        """Add an answer given in review (`option`: the original index; `hint`: given after its hint) to the
        question's history."""

    def card(self, question_id: str) -> dict | None:
        """The stored review card of a question: {"card", "updated"}, or None before its first answer (or when
        the stored card is one FSRS cannot use)."""

    def update_card(self, question_id: str, card: dict, log: dict | None = None) -> None:
        """Store a question's review card (a JSON-safe dict) and append one review log."""

    def review_logs(self) -> dict[str, list[dict]]:
        """Every review log, by question id, oldest first (`fsrs.ReviewLog.to_dict`). Read from the disk:
        call it from a worker thread, not the interface's loop."""
