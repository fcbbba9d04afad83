"""Test doubles."""

from __future__ import annotations

import copy
from datetime import datetime, timezone


class MemoryProgress:
    """A ProgressTracker that keeps everything in memory."""

    def __init__(self, position: tuple[str, str, float] | None = None) -> None:
        self.notices: list[str] = []
        self.warning: str | None = None
        self.states: dict[tuple[str, str], str] = {}
        self.position = position
        self.drafts: dict[tuple[str, str], dict[str, int]] = {}
        self.draft_hint_ids: dict[tuple[str, str], list[str]] = {}
        self.attempts: list[dict] = []
        self.answers: list[dict] = []
        """Answers given in review: {"question", "option", "correct", "at"}."""
        self.cards: dict[str, dict] = {}
        self.listeners: list = []
        self.language: str | None = None
        self.exercises: dict[str, dict] = {}
        """Exercise statuses as the store keeps them: {"attempts", "passes", "first_passed", "hints", "last"}."""
        self.checks: list[dict] = []
        """Every exercise check: {"exercise", "at", "passed", "digest", "diagnosis", "duration"}."""
        self.marks: dict[str, dict] = {}
        """Bookmarks by id, as the store's `bookmarks()` gives them."""
        self.student: str | None = None
        self.student_asked = False

    def take_notices(self) -> list[str]:
        notices, self.notices = self.notices, []
        return notices

    def listen(self, callback) -> None:
        self.listeners.append(callback)

    def tell(self, notice: str | None = None, warning: str | None = None) -> None:
        """What the real store does from its writer thread: a notice or a new warning, then the listeners."""
        if notice:
            self.notices.append(notice)
        self.warning = warning
        for listener in self.listeners:
            listener()

    def remember_language(self, language: str) -> None:
        self.language = language

    def remember_student(self, name: str | None) -> None:
        from tutor.progress.store import student_name

        self.student = None if name is None or not name.strip() else student_name(name)
        self.student_asked = True

    def mark_visited(self, module_id: str, lesson_id: str) -> None:
        self.states.setdefault((module_id, lesson_id), "visited")

    def mark_completed(self, module_id: str, lesson_id: str) -> None:
        self.states[(module_id, lesson_id)] = "completed"

    def set_position(self, module_id: str, lesson_id: str, scroll: float) -> None:
        self.position = (module_id, lesson_id, scroll)

    def last_position(self) -> tuple[str, str, float] | None:
        return self.position

    def lesson_state(self, module_id: str, lesson_id: str) -> str:
        return self.states.get((module_id, lesson_id), "new")

    def add_bookmark(
        self, module_id: str, lesson_id: str, block: int, fraction: float, scroll: float, note: str = ""
    ) -> str:
        bookmark_id = f"b{len(self.marks) + 1}"
        self.marks[bookmark_id] = {
            "id": bookmark_id,
            "module": module_id,
            "lesson": lesson_id,
            "block": block,
            "fraction": fraction,
            "scroll": scroll,
            "note": note,
            "at": f"{len(self.marks):04}",
        }
        return bookmark_id

    def note_bookmark(self, module_id: str, lesson_id: str, bookmark_id: str, note: str) -> None:
        if bookmark_id in self.marks:
            self.marks[bookmark_id]["note"] = note

    def remove_bookmark(self, module_id: str, lesson_id: str, bookmark_id: str) -> None:
        self.marks.pop(bookmark_id, None)

    def bookmarks(self) -> list[dict]:
        return [dict(bookmark) for bookmark in self.marks.values()]

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
        self.drafts.pop((module_id, quiz_id), None)
        self.draft_hint_ids.pop((module_id, quiz_id), None)
        self.attempts.append(
            {
                "module": module_id,
                "quiz": quiz_id,
                "answers": dict(answers),
                "score": score,
                "total": total,
                "duration": duration,
                "correct": correct,
                "hints": list(hints or []),
            }
        )

    def keep_draft(self, module_id: str, quiz_id: str, answers: dict[str, int], *, hints=()) -> None:
        self.drafts[(module_id, quiz_id)] = dict(answers)
        self.draft_hint_ids[(module_id, quiz_id)] = list(hints)

    def draft(self, module_id: str, quiz_id: str) -> dict[str, int]:
        return dict(self.drafts.get((module_id, quiz_id), {}))

    def draft_hints(self, module_id: str, quiz_id: str) -> list[str]:
        return list(self.draft_hint_ids.get((module_id, quiz_id), []))

    def best_score(self, module_id: str, quiz_id: str) -> tuple[int, int] | None:
        scores = [(a["score"], a["total"]) for a in self.attempts if (a["module"], a["quiz"]) == (module_id, quiz_id)]
        return max(scores, key=lambda pair: pair[0] / pair[1], default=None)

    def record_answer(
        self, question_id: str, option: int, correct: bool, when: datetime | None = None, *, hint: bool = False
    ) -> None:
        entry = {"question": question_id, "option": option, "correct": correct, "at": when}
        self.answers.append({**entry, "hint": True} if hint else entry)

    def card(self, question_id: str) -> dict | None:
        return copy.deepcopy(self.cards.get(question_id))

    def update_card(self, question_id: str, card: dict, log: dict | None = None) -> None:
        record = self.cards.setdefault(question_id, {})
        record["card"] = copy.deepcopy(card)
        if log is not None:
            record.setdefault("log", []).append(copy.deepcopy(log))

    def review_logs(self) -> dict[str, list[dict]]:
        return {question_id: copy.deepcopy(record.get("log", [])) for question_id, record in self.cards.items()}

    def _exercise(self, exercise_id: str) -> dict:
        return self.exercises.setdefault(
            exercise_id, {"attempts": 0, "passes": 0, "first_passed": None, "hints": 0, "last": None}
        )

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
        at = (when or datetime.now(timezone.utc)).astimezone(timezone.utc).isoformat(timespec="microseconds")
        check = {"at": at, "passed": passed, "digest": digest, "diagnosis": diagnosis, "duration": duration}
        entry = self._exercise(exercise_id)
        entry["attempts"] += 1
        if passed:
            entry["passes"] += 1
            entry["first_passed"] = entry["first_passed"] or at
        entry["last"] = check
        self.checks.append({"exercise": exercise_id, **check})

    def record_hint(self, exercise_id: str, level: int, when: datetime | None = None) -> None:
        entry = self._exercise(exercise_id)
        entry["hints"] = max(entry["hints"], level)

    def exercise_status(self, exercise_id: str) -> dict | None:
        entry = self.exercises.get(exercise_id)
        return None if entry is None else {**entry, "last": dict(entry["last"]) if entry["last"] else None}

    def exercise_statuses(self) -> dict[str, dict]:
        return {key: status for key in self.exercises if (status := self.exercise_status(key)) is not None}
