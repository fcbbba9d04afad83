"""ProgressStore: the student's progress, saved to disk as each change happens.

Each change is a small function applied, under the lock, to the document freshly read from
disk, which is then written back: two sessions of the same user never lose each other's
updates. When the file cannot be written (read-only or full disk, a symbolic link, a newer
format) the changes are kept in memory, retried with the next change, and `warning` says so.
"""

from __future__ import annotations

import copy
import errno
import json
import math
from collections.abc import Callable, Collection, Mapping
from datetime import datetime, timezone
from pathlib import Path

from tutor.progress import document as doc
from tutor.progress.document import Document, InvalidDocument, NewerFormat
from tutor.progress.storage import ProgressFile, SymlinkRefused, utc_now

Say = Callable[..., str]
"""Turns a message key and its fields into text: a `tutor.text.i18n.Messages`."""

_REASONS = {
    errno.EROFS: "progress.reason_read_only",
    errno.EACCES: "progress.reason_permission",
    errno.EPERM: "progress.reason_permission",
    errno.ENOSPC: "progress.reason_disk_full",
    errno.EDQUOT: "progress.reason_disk_full",
}


def read_progress(path: Path) -> Document:
    """The document stored at `path` (an empty one when there is none), read without changing anything.

    Raises:
        InvalidDocument, NewerFormat, SymlinkRefused, OSError: see `describe`.
    """
    data = ProgressFile(path).read()
    return doc.new_document() if data is None else doc.parse(data)


def describe(error: Exception, path: Path, say: Say) -> str:
    """One sentence on why the progress file at `path` cannot be used."""
    if isinstance(error, NewerFormat):
        return say("progress.newer_format", path=path, version=error.version, known=doc.FORMAT_VERSION)
    if isinstance(error, SymlinkRefused):
        return say("progress.symlink", path=path)
    if isinstance(error, InvalidDocument):
        return say("progress.invalid", path=path, reason=error)
    if isinstance(error, TimeoutError):
        reason = say("progress.reason_locked")
    else:
        key = _REASONS.get(getattr(error, "errno", None))
        reason = say(key) if key else getattr(error, "strerror", None) or str(error)
    return say("progress.unavailable", path=path, reason=reason)


class ProgressStore:
    """The progress kept in the JSON file at `path`.

    Args:
        path: the progress file (see `tutor.system.paths.progress_file`).
        messages: makes the notices and warnings, e.g. `Messages("fr")`; English by default.
    """

    def __init__(self, path: Path | str, messages: Say | None = None) -> None:
        self.path = Path(path)
        self._file = ProgressFile(self.path)
        self._say = messages
        self._document = doc.new_document()
        self._pending: list[Callable[[Document], None]] = []
        self._notices: list[str] = []
        self._warning: str | None = None
        self._tidied = False
        if self._file.exists():
            self._load()

    @property
    def notices(self) -> list[str]:
        """One-time messages for the student (a corrupt file moved aside); see `take_notices`."""
        return list(self._notices)

    def take_notices(self) -> list[str]:
        """The notices not yet shown, which are then forgotten."""
        notices, self._notices = self._notices, []
        return notices

    @property
    def warning(self) -> str | None:
        """Why progress is not being saved, for as long as it is not; None while it is."""
        return self._warning

    def snapshot(self) -> Document:
        """A copy of the document, as stored (or as it would be, when saving is impossible)."""
        return copy.deepcopy(self._document)

    # Changes

    def mark_visited(self, module_id: str, lesson_id: str) -> None:
        """Record that a lesson was opened (the first time is kept)."""
        self._change(_bind(doc.visit, _id(module_id), _id(lesson_id), utc_now()))

    def mark_completed(self, module_id: str, lesson_id: str) -> None:
        """Record that a lesson was finished (the first time is kept)."""
        self._change(_bind(doc.complete, _id(module_id), _id(lesson_id), utc_now()))

    def set_position(self, module_id: str, lesson_id: str, scroll: float) -> None:
        """Remember the lesson being read and how far it is scrolled, to resume there.

        Written at once, like every change: call it when the student leaves a lesson or stops
        scrolling, not on every scroll step. A position equal to the last one is not written again.
        """
        scroll = _number(scroll, "scroll")
        if self.last_position() == (module_id, lesson_id, scroll):
            return
        self._change(_bind(doc.place, _id(module_id), _id(lesson_id), scroll, utc_now()))

    def record_attempt(
        self,
        module_id: str,
        quiz_id: str,
        answers: Mapping[str, int],
        score: int,
        total: int,
        duration: float | None = None,
        *,
        correct: Collection[str] | None = None,
    ) -> None:
        """Record a finished quiz, and add each answer to its question's history.

        Args:
            module_id: the module of the quiz.
            quiz_id: the quiz.
            answers: question id → index of the chosen option (from 0); unanswered questions are left out.
            score: how many answers were right (0 to `total`).
            total: how many questions the quiz had (at least 1).
            duration: seconds spent on the quiz, if known.
            correct: the ids of the questions answered right, to mark each answer in its history.
        """
        if type(total) is not int or type(score) is not int or not 0 <= score <= total or total < 1:
            raise ValueError(f"score {score!r} out of {total!r}: need 0 <= score <= total, total >= 1")
        attempt = {"at": utc_now(), "answers": _answers(answers), "score": score, "total": total}
        if duration is not None:
            attempt["duration"] = _number(duration, "duration", minimum=0)
        right = None if correct is None else frozenset(correct)
        self._change(_bind(doc.add_attempt, _id(module_id), _id(quiz_id), attempt, right))

    def keep_draft(self, module_id: str, quiz_id: str, answers: Mapping[str, int]) -> None:
        """Save the answers chosen so far in a quiz that is not checked yet (a dropped connection loses none)."""
        self._change(_bind(doc.keep_draft, _id(module_id), _id(quiz_id), _answers(answers), utc_now()))

    def record_answer(self, question_id: str, option: int, correct: bool, when: datetime | None = None) -> None:
        """Add an answer given outside a quiz attempt (in review) to the question's history."""
        at = utc_now() if when is None else _utc(when)
        entry = {"at": at, "option": _option(option), "correct": bool(correct)}
        self._change(_bind(doc.add_answer, _id(question_id), entry))

    def update_card(self, question_id: str, card: dict, log: dict | None = None) -> None:
        """Store the review-scheduling state of a question (JSON-compatible) and append one review log."""
        self._change(_bind(doc.set_card, _id(question_id), _json(card), _json(log), utc_now()))

    # Reading

    def lesson_state(self, module_id: str, lesson_id: str) -> str:
        """"new", "visited" or "completed"."""
        return doc.lesson_state(self._document, module_id, lesson_id)

    def last_position(self) -> tuple[str, str, float] | None:
        """(module id, lesson id, scroll) where the student was last, in any module."""
        return doc.last_position(self._document)

    def attempts(self, module_id: str, quiz_id: str) -> list[dict]:
        """Every attempt at a quiz, oldest first: {"at", "answers", "score", "total", "duration"?}."""
        return copy.deepcopy(doc.attempts(self._document, module_id, quiz_id))

    def best_score(self, module_id: str, quiz_id: str) -> tuple[int, int] | None:
        """(score, total) of the best attempt at a quiz (the highest fraction), or None."""
        return doc.best_score(self._document, module_id, quiz_id)

    def draft(self, module_id: str, quiz_id: str) -> dict[str, int]:
        """The answers chosen in a quiz since it was last checked: question id → option index."""
        return doc.draft(self._document, module_id, quiz_id)

    def question_history(self, question_id: str) -> list[dict]:
        """Every answer to a question, oldest first: {"at", "option", "correct"?, "module"?, "quiz"?}."""
        return copy.deepcopy(doc.history(self._document, question_id))

    def card(self, question_id: str) -> dict | None:
        """The stored review card of a question: {"card", "updated", "log"?}, or None."""
        return copy.deepcopy(doc.card(self._document, question_id))

    # Disk

    def _load(self) -> None:
        try:
            self._sync()
        except (OSError, NewerFormat) as error:
            self._warning = self._unsaved(error)
            if not isinstance(error, (SymlinkRefused, NewerFormat)):
                self._read_unlocked()

    def _read_unlocked(self) -> None:
        # The lock could not be taken (read-only directory): show what is stored, without moving anything.
        try:
            self._document = read_progress(self.path)
        except (OSError, InvalidDocument, NewerFormat):
            pass

    def _change(self, change: Callable[[Document], None]) -> None:
        self._pending.append(change)
        try:
            self._sync()
        except (OSError, NewerFormat) as error:
            self._warning = self._unsaved(error)
            change(self._document)

    def _sync(self) -> None:
        """Under the lock: read the file, apply the pending changes, write it back."""
        with self._file.locked():
            if not self._tidied:
                self._file.remove_stale_temporaries()
                self._tidied = True
            document = self._read()
            for change in self._pending:
                change(document)
            if self._pending:
                self._file.write(doc.encode(document))
        self._pending.clear()
        self._document = document
        self._warning = None

    def _read(self) -> Document:
        try:
            data = self._file.read()
            return doc.new_document() if data is None else doc.parse(data)
        except SymlinkRefused:
            raise
        except (OSError, InvalidDocument) as error:
            backup = self._file.move_aside("corrupt")
            reason = getattr(error, "strerror", None) or str(error)
            self._notices.append(self._message("progress.corrupt_moved", path=self.path, backup=backup, reason=reason))
            return doc.new_document()

    def _unsaved(self, error: Exception) -> str:
        return f"{describe(error, self.path, self._message)} {self._message('progress.memory_only')}"

    def _message(self, key: str, **fields: object) -> str:
        if self._say is None:
            from tutor.text.i18n import Messages

            self._say = Messages("en")
        return self._say(key, **fields)


def _bind(change: Callable[..., None], *arguments: object) -> Callable[[Document], None]:
    """`change` with its arguments after the document: what is applied to each fresh read of the file."""
    return lambda document: change(document, *arguments)


def _id(value: str) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"an id must be a non-empty string, not {value!r}")
    return value


def _option(value: int) -> int:
    if type(value) is not int or value < 0:
        raise ValueError(f"an option is an index from 0, not {value!r}")
    return value


def _answers(answers: Mapping[str, int]) -> dict[str, int]:
    return {_id(question): _option(option) for question, option in answers.items()}


def _number(value: float, name: str, minimum: float = -math.inf) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not minimum <= value < math.inf:
        raise ValueError(f"{name} must be a finite number, at least {minimum}, not {value!r}")
    return float(value)


def _utc(when: datetime) -> str:
    if when.tzinfo is None:
        raise ValueError("a time must be timezone-aware")
    return when.astimezone(timezone.utc).isoformat(timespec="microseconds")


def _json(value: dict | None) -> dict | None:
    """A private copy of `value`, which must be a JSON object."""
    if value is None:
        return None
    try:
        if isinstance(value, dict):
            return json.loads(json.dumps(value, allow_nan=False))
    except (TypeError, ValueError) as error:
        raise ValueError(f"not storable as JSON: {error}") from None
    raise ValueError(f"expected a dict, not {type(value).__name__}")
