"""ProgressStore: the student's progress, shown from memory and written to disk by one background writer.

A change (a lesson visited, a quiz checked, a card reviewed) is applied at once to the document
in memory, which is what the screens read, and queued for the writer thread. The writer takes
the lock, applies the queued changes to the few rows of the database they touch (see
`tutor.progress.items`) in one transaction, and commits; when another session wrote meanwhile,
it reads the document again (its size depends on the course, not on the history). The caller
waits for its change to reach the disk for at most `wait` seconds (and, in the interface, for at
most that long in any second): a held lock or a slow disk never freezes the screen, and what is
not saved yet stays in memory.

When saving fails (read-only or full disk, a file that is not a progress file, a symbolic link, a
newer format, a lock held for long), the changes stay queued, `warning` says why, and the writer
tries again: at once when another change comes, otherwise after a growing pause, and at
`close`, which reports what could not be saved. `listen` tells the interface when a notice or the
warning changes, from whichever thread noticed it.
"""

from __future__ import annotations

import errno
import json
import math
import os
import re
import threading
import time
import unicodedata
from collections.abc import Callable, Collection, Mapping
from contextlib import suppress
from datetime import datetime, UTC
from pathlib import Path
from typing import Any

from tutor.progress import document as doc
from tutor.progress import items as rows
from tutor.progress import storage
from tutor.progress.database import JOURNAL, Database, classify, create
from tutor.progress.document import Document, InvalidDocument, NewerFormat
from tutor.progress.items import Change
from tutor.progress.storage import NotProgressFile, StorePaths, SymlinkRefused, UnsafeDirectory, utc_now

Say = Callable[..., str]
"""Turns a message key and its fields into text: a `tutor.text.i18n.Messages`."""

WAIT_FOR_DISK = 0.1
"""The interface's bound: seconds it waits for a change to reach the disk, at most, in any second."""
READ_TIMEOUT = 0.5
"""Seconds a read (at start, or by a command) waits while another session commits a transaction."""
RETRY_DELAYS = (1.0, 2.0, 5.0, 10.0, 30.0)
"""Seconds between the writer's tries while saving fails and no new change comes."""
STUDENT_LENGTH = 80
"""The most characters of a student's name or id (for an instructor's class report)."""

PROBLEMS = (OSError, InvalidDocument, NewerFormat, NotProgressFile, UnsafeDirectory)
"""What can keep progress from being read or saved: each kind is worded by `describe`."""

_REASONS: dict[int | None, str] = {
    errno.EROFS: "progress.reason_read_only",
    errno.EACCES: "progress.reason_permission",
    errno.EPERM: "progress.reason_permission",
    errno.ENOSPC: "progress.reason_disk_full",
    errno.EDQUOT: "progress.reason_disk_full",
}


def parse_legacy(data: bytes | None, path: Path) -> Document | None:
    """The document in a JSON progress file of an earlier cnn-tutor (None: no file, or an empty one).

    Raises:
        InvalidDocument: a progress file that is damaged (it may be moved aside).
        NotProgressFile: not a progress file at all (it is left alone).
        NewerFormat: written by a newer cnn-tutor.
    """
    if data is None or not data.strip():
        return None
    try:
        return doc.parse(data)
    except InvalidDocument as error:
        if b'"format_version"' in data[:4096]:  # how every progress file the tutor wrote begins
            raise
        raise NotProgressFile(path, f"not a cnn-tutor progress file: {error}") from None


def read_document(path: Path) -> Document:
    """The whole document kept for `path` (an empty one when there is none), read without changing anything.

    Raises:
        InvalidDocument, NewerFormat, NotProgressFile, SymlinkRefused, OSError: see `describe`.
    """
    paths = StorePaths(path)
    found = classify(paths.database)
    if found.kind == "file" and found.size:
        database = Database(paths.database, timeout=READ_TIMEOUT)
        try:
            return database.export()
        finally:
            database.close()
    if paths.legacy is not None:
        document = parse_legacy(storage.read_bounded(paths.legacy), paths.legacy)
        if document is not None:
            return document
    return doc.new_document()


def student_name(text: str) -> str:
    """`text` as a student's name or id: spaces at its ends removed, in Unicode's composed form.

    Raises:
        ValueError: empty, longer than `STUDENT_LENGTH`, or holding a control or invisible character
            (a name is printed in an instructor's terminal and spreadsheet).
    """
    import unicodedata

    from tutor.text.sanitise import has_invisible

    if not isinstance(text, str):
        raise ValueError(f"a student's name is text, not {type(text).__name__}")
    name = unicodedata.normalize("NFC", text).strip()
    if not name:
        raise ValueError("a student's name cannot be empty")
    if len(name) > STUDENT_LENGTH:
        raise ValueError(f"a student's name has at most {STUDENT_LENGTH} characters")
    if has_invisible(name) or any(char in name for char in "\t\n\r\u2028\u2029"):
        raise ValueError("a student's name cannot hold control or invisible characters")
    return name


def stored_settings(path: Path) -> dict[str, Any]:
    """The preferences kept beside the progress for `path` (the language, the student's name), read
    without changing anything; {} when there is no database.

    Raises:
        NewerFormat, NotProgressFile, SymlinkRefused, InvalidDocument, OSError: see `describe`.
    """
    database_path = StorePaths(path).database
    found = classify(database_path)
    if found.kind != "file" or not found.size:
        return {}
    database = Database(database_path, timeout=READ_TIMEOUT)
    try:
        return database.settings()
    finally:
        database.close()


def stored_student(settings: Mapping[str, Any]) -> str | None:
    """The student's name or id in stored settings, when there is a usable one."""
    try:
        return student_name(settings.get("student"))  # type: ignore[arg-type]
    except ValueError:
        return None


def stored_path(path: Path) -> Path | None:
    """The file that holds the progress kept for `path` now (the database, or a JSON file not yet moved
    into one), or None when there is none."""
    paths = StorePaths(path)
    for candidate in (paths.database, paths.legacy):
        try:
            if candidate is not None and storage.inspect(candidate).kind != "absent":
                return candidate
        except OSError:
            return candidate
    return None


def reset(path: Path) -> Path | None:
    """Remove all progress kept for `path`, keeping a backup; returns the backup (None: there was no progress).

    The database is copied to `progress.backup-<UTC time>.sqlite3` and emptied (it stays, so a JSON
    file of an earlier version beside it is not copied in again); a JSON file not yet moved into
    a database is renamed to `<name>.backup-<UTC time>`. Done under the lock: a session writing at
    the same moment loses nothing (its change is in the backup or in the emptied database). The
    language chosen is kept. What is not a progress file is refused before anything is created.

    Raises:
        NotProgressFile, SymlinkRefused, UnsafeDirectory, OSError (TimeoutError: the lock is held).
    """
    paths = StorePaths(path)
    if not _has_database(paths.database):
        if paths.legacy is None or storage.inspect(paths.legacy).kind == "absent":
            return None
        _check_legacy(paths.legacy)
    with storage.locked(paths, storage.LOCK_TIMEOUT):
        if _has_database(paths.database):
            try:
                database = Database(paths.database)
            except (InvalidDocument, NewerFormat):  # damaged, or newer: set aside whole, and start again
                backup = storage.move_aside(paths.database, "backup", (JOURNAL,))
                create(paths.database)
                return backup
            try:
                backup = storage.free_name(paths.database, "backup")
                database.backup(backup)
                database.clear()
            finally:
                database.close()
            return backup
        if paths.legacy is not None and storage.inspect(paths.legacy).kind != "absent":
            _check_legacy(paths.legacy)
            return storage.move_aside(paths.legacy, "backup")
    return None


def _check_legacy(path: Path) -> None:
    """Raises NotProgressFile unless `path` holds a progress file (damaged or newer ones included)."""
    with suppress(InvalidDocument, NewerFormat):  # damaged or newer: a progress file all the same
        parse_legacy(storage.read_bounded(path), path)


def _has_database(path: Path) -> bool:
    """Whether there is a database of ours at `path` (damaged or newer ones included).

    Raises:
        NotProgressFile, SymlinkRefused, OSError.
    """
    try:
        found = classify(path)
    except NewerFormat:
        return True
    return found.kind == "file" and found.size > 0


def remembered_language(path: Path) -> str | None:
    """The language last chosen in the tutor (see `ProgressStore.remember_language`), or None.

    Never fails: without a readable database, the language comes from elsewhere.
    """
    database_path = StorePaths(path).database
    try:
        found = classify(database_path)
        if found.kind != "file" or not found.size:
            return None
        database = Database(database_path, timeout=READ_TIMEOUT)
        try:
            language = database.settings().get("language")
        finally:
            database.close()
    except PROBLEMS:
        return None
    return language if isinstance(language, str) else None


def describe(error: Exception, path: Path, say: Say) -> str:
    """One sentence on why the progress kept for `path` cannot be used."""
    from tutor.text.sanitise import visible

    shown = visible(str(path))
    if isinstance(error, NewerFormat):
        return say("progress.newer_format", path=shown, version=error.version, known=doc.FORMAT_VERSION)
    if isinstance(error, SymlinkRefused):
        return say("progress.symlink", path=shown)
    if isinstance(error, NotProgressFile):
        return say("progress.not_progress", path=visible(str(error.path)), reason=visible(error.reason))
    if isinstance(error, UnsafeDirectory):
        return say("progress.unsafe_directory", path=visible(str(error.path)))
    if isinstance(error, InvalidDocument):
        return say("progress.invalid", path=shown, reason=visible(str(error)))
    if isinstance(error, TimeoutError):
        reason = say("progress.reason_locked")
    else:
        key = _REASONS.get(getattr(error, "errno", None))
        reason = say(key) if key else getattr(error, "strerror", None) or str(error)
    return say("progress.unavailable", path=shown, reason=visible(str(reason)))


class ProgressStore:
    """The progress kept for `path`.

    Args:
        path: The progress file named by the student (see `tutor.system.paths.progress_file` and
            `tutor.progress.storage.StorePaths`: the database is beside it).
        messages: Makes the notices and warnings, e.g. `Messages("fr")`; English by default.
        wait: Seconds a change waits, at most, for the disk (then it is saved in the background);
            None: until the writer has tried (a lock held by another session: up to its timeout),
            as a script or a test expects. The interface passes `WAIT_FOR_DISK`.
    """

    def __init__(self, path: Path | str, messages: Say | None = None, *, wait: float | None = None) -> None:
        self.path = Path(path)
        self.paths = StorePaths(self.path)
        self._say = messages
        self._wait = wait
        self._budget = wait or 0.0
        self._budget_at = time.monotonic()
        self._condition = threading.Condition()
        self._view = doc.new_document()
        self._settings: dict[str, Any] = {}
        self._pending: list[Change] = []
        self._queued = 0
        """The seq of the last change queued."""
        self._tried = 0
        """Every change up to this seq has been written, or its writing has failed at least once."""
        self._passes = 0
        self._notices: list[str] = []
        self._warning: str | None = None
        self._problem: str | None = None
        self._listeners: list[Callable[[], None]] = []
        self._writer: threading.Thread | None = None
        self._urgent = False
        self._retry_at = 0.0
        self._failures = 0
        self._repair = False
        """The stored files need the lock before they can be used: a migration, a damaged file to move aside."""
        self._stale = False
        """The document could not be read: the writer tries again."""
        self._database: Database | None = None
        """The writer's connection (opened at start, then used by the writer thread only)."""
        self._disk_lock = threading.Lock()
        """Held while the writer is at the disk: a whole-document read (`snapshot`) waits for it."""
        self._tidied = False
        self._drafts: dict[tuple[str, str], dict[str, int]] = {}
        """By quiz: the draft's answers as the caller last gave them (`keep_draft`) or was given them (`draft`)."""
        self._load()

    # What the interface shows

    @property
    def notices(self) -> list[str]:
        """One-time messages for the student (a damaged file moved aside); see `take_notices`."""
        with self._condition:
            return list(self._notices)

    def take_notices(self) -> list[str]:
        """The notices not yet shown, which are then forgotten."""
        with self._condition:
            notices, self._notices = self._notices, []
        return notices

    @property
    def warning(self) -> str | None:
        """Why progress is not being saved and that it is kept in memory, for as long as it is not; None while it is."""
        return self._warning

    @property
    def problem(self) -> str | None:
        """Why progress is not being saved, in one sentence (the warning without what the tutor does about it)."""
        return self._problem

    def listen(self, callback: Callable[[], None]) -> None:
        """Call `callback()` whenever a notice arrives or the warning changes, from any thread: it must
        only schedule work (e.g. Textual's thread-safe `post_message`)."""
        self._listeners.append(callback)

    @property
    def language(self) -> str | None:
        """The language the student last chose in the tutor, or None."""
        with self._condition:
            language = self._settings.get("language")
        return language if isinstance(language, str) else None

    @property
    def student(self) -> str | None:
        """The student's name or id, for an instructor's class report, or None.

        Kept in the settings; a JSON file of an earlier version copied in may hold one too (`student`,
        as `cnn-tutor progress --json` writes it), which counts while the settings have none.
        """
        with self._condition:
            return stored_student(self._settings) or stored_student(self._view)

    @property
    def student_asked(self) -> bool:
        """Whether the student gave a name or declined to (`remember_student`): they are not asked again."""
        with self._condition:
            return isinstance(self._settings.get("student"), str) or stored_student(self._view) is not None

    # Changes

    def mark_visited(self, module_id: str, lesson_id: str) -> None:
        """Record that a lesson was opened (the first time is kept)."""
        self._change("visit", _id(module_id), _id(lesson_id), utc_now(), told=False)

    def mark_completed(self, module_id: str, lesson_id: str) -> None:
        """Record that a lesson was finished (the first time is kept)."""
        self._change("complete", _id(module_id), _id(lesson_id), utc_now())

    def set_position(self, module_id: str, lesson_id: str, scroll: float) -> None:
        """Remember the lesson being read and how far it is scrolled (a fraction, 0 to 1), to resume there.

        Saved like every change: call it when the student leaves a lesson or stops scrolling, not
        on every scroll step. A position equal to the last one is not saved again.
        """
        scroll = min(_number(scroll, "scroll"), 1.0)
        if self.last_position() == (module_id, lesson_id, scroll):
            return
        self._change("place", _id(module_id), _id(lesson_id), scroll, utc_now(), told=False)

    def add_bookmark(
        self, module_id: str, lesson_id: str, block: int, fraction: float, scroll: float, note: str = ""
    ) -> str:
        """Mark a place in a lesson, with an optional one-line note; returns the bookmark's id.

        Args:
            module_id: The lesson's module.
            lesson_id: The lesson.
            block: The block at the place (its index in the lesson; -1: the title).
            fraction: How far down that block the place is, from 0 to 1.
            scroll: How far the lesson was scrolled (0 to 1), for when the block no longer exists.
            note: What the student wrote (made one line, without control or invisible characters).
        """
        if type(block) is not int or not -1 <= block <= 1_000_000:
            raise ValueError(f"a block is an index from -1, not {block!r}")
        bookmark_id = f"{time.time_ns():x}-{os.urandom(3).hex()}"  # unique across sessions writing at once
        at = utc_now()
        bookmark = {
            "block": block,
            "fraction": min(_number(fraction, "fraction"), 1.0),
            "scroll": min(_number(scroll, "scroll"), 1.0),
            "note": _note(note),
            "at": at,
        }
        self._change("bookmark", _id(module_id), _id(lesson_id), bookmark_id, bookmark)
        return bookmark_id

    def note_bookmark(self, module_id: str, lesson_id: str, bookmark_id: str, note: str) -> None:
        """Change a bookmark's note (nothing happens if it was removed meanwhile, e.g. by another session)."""
        self._change("bookmark_note", _id(module_id), _id(lesson_id), _id(bookmark_id), _note(note), utc_now())

    def remove_bookmark(self, module_id: str, lesson_id: str, bookmark_id: str) -> None:
        """Remove a bookmark."""
        self._change("bookmark_removed", _id(module_id), _id(lesson_id), _id(bookmark_id))

    def bookmarks(self) -> list[dict]:
        """Every bookmark, oldest first: {"id", "module", "lesson", "block", "fraction", "scroll", "note", "at"}."""
        with self._condition:
            return doc.bookmarks(self._view)

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
        hints: Collection[str] | None = None,
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
            hints: the ids of the questions whose hint was shown before the check (kept with the attempt,
                and marked on each answer in its history).
        """
        if type(total) is not int or type(score) is not int or not 0 <= score <= total or not 1 <= total <= 1_000_000:
            raise ValueError(f"score {score!r} out of {total!r}: need 0 <= score <= total, 1 <= total <= 1000000")
        attempt: dict[str, Any] = {"at": utc_now(), "answers": _answers(answers), "score": score, "total": total}
        if duration is not None:
            attempt["duration"] = min(_number(duration, "duration"), 1e9)
        if hints:
            attempt["hints"] = _ids(hints)
        right = None if correct is None else frozenset(correct)
        with self._condition:
            self._drafts[(module_id, quiz_id)] = {}  # the quiz checked: a retake starts from no answer
        self._change("attempt", _id(module_id), _id(quiz_id), attempt, right)

    def keep_draft(
        self, module_id: str, quiz_id: str, answers: Mapping[str, int], *, hints: Collection[str] = ()
    ) -> None:
        """Save the answers chosen so far in a quiz that is not checked yet (a dropped connection loses none),
        and the questions whose hint was shown (kept until the check: a right answer after a hint stays
        Hard in review).

        Only what the caller changed is saved: the answers that differ from those it last gave or was
        given by `draft` for this quiz, and the questions it no longer gives (forgotten). Another
        session's answers to other questions of the quiz are kept; to the same question, the later
        answer wins. An unchanged draft is not saved again.
        """
        key = (_id(module_id), _id(quiz_id))
        answers = _answers(answers)
        with self._condition:
            known = self._drafts.get(key)
            if known is None:  # the caller did not read the draft: what this session shows of it
                known = doc.draft(self._view, *key)
            self._drafts[key] = dict(answers)
        changes: dict[str, int | None] = {question: None for question in known if question not in answers}
        changes |= {question: option for question, option in answers.items() if known.get(question) != option}
        with self._condition:
            fresh = [question for question in _ids(hints) if question not in doc.draft_hints(self._view, *key)]
        if changes or fresh:
            self._change("draft", *key, changes, utc_now(), fresh)

    def record_answer(
        self, question_id: str, option: int, correct: bool, when: datetime | None = None, *, hint: bool = False
    ) -> None:
        """Add an answer given outside a quiz attempt (in review) to the question's history; `hint`: it was
        given after the question's hint was shown."""
        at = utc_now() if when is None else _utc(when)
        entry = {"at": at, "option": _option(option), "correct": bool(correct), **({"hint": True} if hint else {})}
        self._change("answer", _id(question_id), entry)

    def update_card(self, question_id: str, card: dict, log: dict | None = None) -> None:
        """Store the review-scheduling state of a question (JSON-compatible) and append one review log."""
        self._change("card", _id(question_id), _json(card), _json(log), utc_now())

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
        """Record a check of an exercise's file the student asked for.

        Args:
            exercise_id: the exercise.
            passed: whether every case passed.
            digest: the sha256 (hex) of the file checked, "" when it could not be read: the status of an
                exercise is "passed" or "failed" only while the file is the one checked.
            diagnosis: what the check found, a short code ("passed", "not_started", "syntax", "wrong_value"…).
            duration: the check's seconds.
            when: when it was checked (default: now).
        """
        if type(passed) is not bool:
            raise ValueError(f"passed must be True or False, not {passed!r}")
        if not isinstance(digest, str) or not _DIGEST.fullmatch(digest):
            raise ValueError(f"digest must be a sha256 in hex (or empty), not {digest!r:.80}")
        if not isinstance(diagnosis, str) or not _DIAGNOSIS.fullmatch(diagnosis):
            raise ValueError(f"diagnosis must be a short code (a-z, 0-9, _), not {diagnosis!r:.80}")
        check = {
            "at": utc_now() if when is None else _utc(when),
            "passed": passed,
            "digest": digest,
            "diagnosis": diagnosis,
            "duration": min(_number(duration, "duration"), 1e9),
        }
        self._change("check", _id(exercise_id), check)

    def record_hint(self, exercise_id: str, level: int, when: datetime | None = None) -> None:
        """Record that the student read hint `level` (from 1) of an exercise; the highest level read is kept."""
        if type(level) is not int or not 1 <= level <= 999:
            raise ValueError(f"a hint level is from 1 to 999, not {level!r}")
        self._change("hint", _id(exercise_id), level, utc_now() if when is None else _utc(when))

    def remember_language(self, language: str) -> None:
        """Keep the language chosen in the tutor for its next start (an explicit --lang still wins)."""
        if not isinstance(language, str) or not 1 <= len(language) <= 16:
            raise ValueError(f"not a language code: {language!r}")
        if self.language != language:
            self._change("setting", "language", language)

    def remember_student(self, name: str | None) -> None:
        """Keep the student's name or id for an instructor's class report (see `student_name`);
        None or an empty text: the student declined, and is not asked again.

        Kept beside the progress, as the language is: `reset` keeps it.
        """
        value = "" if name is None or not name.strip() else student_name(name)
        with self._condition:
            known = self._settings.get("student")
        if known != value:
            self._change("setting", "student", value)

    # Reading: from memory, never waiting for the disk

    def lesson_state(self, module_id: str, lesson_id: str) -> str:
        """ "new", "visited" or "completed"."""
        with self._condition:
            return doc.lesson_state(self._view, module_id, lesson_id)

    def last_position(self) -> tuple[str, str, float] | None:
        """(module id, lesson id, scroll from 0 to 1) where the student was last, in any module."""
        with self._condition:
            return doc.last_position(self._view)

    def best_score(self, module_id: str, quiz_id: str) -> tuple[int, int] | None:
        """(score, total) of the best attempt at a quiz (the highest fraction), or None."""
        with self._condition:
            return doc.best_score(self._view, module_id, quiz_id)

    def draft(self, module_id: str, quiz_id: str) -> dict[str, int]:
        """The answers chosen in a quiz since it was last checked: question id → option index.

        What it returns is taken as what the caller shows: `keep_draft` then saves what differs from it.
        """
        with self._condition:
            answers = doc.draft(self._view, module_id, quiz_id)
            self._drafts[(module_id, quiz_id)] = dict(answers)
            return answers

    def draft_hints(self, module_id: str, quiz_id: str) -> list[str]:
        """The questions whose hint was shown in a quiz since it was last checked."""
        with self._condition:
            return doc.draft_hints(self._view, module_id, quiz_id)

    def card(self, question_id: str) -> dict | None:
        """The stored review card of a question: {"card", "updated"}, or None (also for a card FSRS
        could not use; see `tutor.progress.document.usable_card`). The review log is in `snapshot`."""
        with self._condition:
            record = doc.card(self._view, question_id)
            return None if record is None else {key: record[key] for key in ("card", "updated") if key in record}

    def exercise_status(self, exercise_id: str) -> dict | None:
        """{"attempts", "passes", "first_passed", "hints", "last"} of an exercise (`last`: the latest check,
        {"at", "passed", "digest", "diagnosis", "duration"}, or None), or None before its first check or hint."""
        with self._condition:
            return doc.exercise_status(self._view, exercise_id)

    def exercise_statuses(self) -> dict[str, dict]:
        """The status of every exercise with one, by id."""
        with self._condition:
            return doc.exercise_statuses(self._view)

    # Reading the whole document: for scripts, tests and the command line, not the interface

    def snapshot(self) -> Document:
        """The whole document: as stored, with the changes not saved yet."""
        with self._disk_lock:
            try:
                document = read_document(self.path)
            except PROBLEMS:
                document = doc.new_document()  # what cannot be read is not shown (as in the tutor)
            with self._condition:
                pending = list(self._pending)
        for change in pending:
            change.apply(document)
        return document

    def attempts(self, module_id: str, quiz_id: str) -> list[dict]:
        """Every attempt at a quiz, oldest first: {"at", "answers", "score", "total", "duration"?}."""
        return doc.attempts(self.snapshot(), module_id, quiz_id)

    def review_logs(self) -> dict[str, list[dict]]:
        """Every card's review logs by question id, in the order stored (oldest first). Reads the disk (the
        logs are not kept in memory): for the statistics screen's worker thread and the command line."""
        return doc.review_logs(self.snapshot())

    def question_history(self, question_id: str) -> list[dict]:
        """Every answer to a question, oldest first: {"at", "option", "correct"?, "module"?, "quiz"?}."""
        return doc.history(self.snapshot(), question_id)

    def exercise_checks(self, exercise_id: str) -> list[dict]:
        """Every check of an exercise, oldest first: {"at", "passed", "digest", "diagnosis", "duration"}."""
        return doc.exercise_checks(self.snapshot(), exercise_id)

    def close(self, timeout: float = 3.0) -> int:
        """Try once more to save what is not saved yet, for at most `timeout` seconds, and let the database go.

        The store can still be used after (it opens the database again when it needs it).

        Returns:
            How many changes could not be saved (0: everything is on disk); `warning` says why.
        """
        deadline = time.monotonic() + timeout
        with self._condition:
            if self._pending:
                self._urgent = True
                self._start_writer()
                self._condition.notify_all()
                tried = self._passes
                while self._pending and not (self._passes > tried and self._warning):
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        break
                    self._condition.wait(remaining)
            while self._writer is not None and not self._pending and time.monotonic() < deadline:
                self._condition.wait(deadline - time.monotonic())  # the writer is finishing: let it
            if self._writer is None:  # the writer is not at the disk: its connection can go
                self._replace_database(None)
            return len(self._pending)

    # The queue

    def _change(self, kind: str, *arguments: object, told: bool = True) -> None:
        """Apply a change in memory and queue it for the writer.

        `told`: the student is shown it as kept (an answer, a bookmark), so the interface waits for
        the disk, within its bound, before going on. Where the student is (a visit, a scroll
        position) is not shown as kept: the interface does not wait for it, which takes the disk
        off the path of every lesson change (a few ms here, up to the bound on an NFS home).
        A script or a test (`wait=None`) always waits.
        """
        with self._condition:
            self._queued += 1
            change = Change(kind, arguments, self._queued)
            change.apply(self._view)
            rows.forget_lists(self._view, change.scope())
            if kind == "setting":
                self._settings[str(arguments[0])] = arguments[1]
            self._pending.append(change)
            self._urgent = True
            self._start_writer()
            self._condition.notify_all()
            if told or self._wait is None:
                self._wait_until(lambda: self._tried >= change.seq)

    def _wait_until(self, done: Callable[[], bool]) -> None:
        """Wait (holding the condition) until `done()`, or for what the waiting policy allows."""
        now = time.monotonic()
        if self._wait is None:
            timeout = 2 * storage.LOCK_TIMEOUT + 5  # reached only by a writer stuck in the kernel (a dead NFS server)
        else:
            self._budget = min(self._wait, self._budget + (now - self._budget_at) * self._wait)
            self._budget_at = now
            timeout = self._budget
        deadline = now + timeout
        while not done():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            self._condition.wait(remaining)
        if self._wait is not None:
            self._budget = max(0.0, self._budget - (time.monotonic() - now))

    def _start_writer(self) -> None:
        if self._writer is None:
            self._writer = threading.Thread(target=self._write_loop, name="progress-writer", daemon=True)
            self._writer.start()

    # The writer thread

    def _write_loop(self) -> None:
        try:
            self._write_until_done()
        except BaseException:
            with self._condition:  # a bug, surely: a new writer is started with the next change
                self._writer = None
                self._condition.notify_all()
            raise

    def _write_until_done(self) -> None:
        while True:
            with self._condition:
                while True:
                    if not (self._pending or self._repair or self._stale):
                        self._writer = None
                        self._condition.notify_all()
                        return
                    if self._urgent or time.monotonic() >= self._retry_at:
                        break
                    self._condition.wait(self._retry_at - time.monotonic())
                self._urgent = False
                batch = list(self._pending)
            try:
                with self._disk_lock:
                    view, settings = self._write(batch)
            except Exception as error:  # noqa: BLE001 — whatever happens, the changes stay in memory
                self._failed(batch, error)
            else:
                self._succeeded(batch, view, settings)

    def _succeeded(self, batch: list[Change], view: Document | None, settings: dict | None) -> None:
        with self._condition:
            del self._pending[: len(batch)]
            if batch:
                self._tried = max(self._tried, batch[-1].seq)
            if view is not None:
                for change in self._pending:  # queued while the writer was at the disk
                    change.apply(view)
                    rows.forget_lists(view, change.scope())
                self._view = view
                self._settings = {**(settings or {}), **self._pending_settings()}
            changed = self._warning is not None
            self._warning = self._problem = None
            self._failures = 0
            self._repair = self._stale = False
            self._passes += 1
            self._condition.notify_all()
        if changed or self._notices:
            self._tell()

    def _failed(self, batch: list[Change], error: Exception) -> None:
        if not isinstance(error, PROBLEMS):
            from tutor.system.errorlog import log_exception

            log_exception(error, context="while saving progress")
        try:
            warning = self._unsaved(error)
        except Exception:  # noqa: BLE001 — e.g. no file descriptor left to read the messages with
            warning = self._problem = f"{self.paths.database}: {error!r}"
        with self._condition:
            if batch:
                self._tried = max(self._tried, batch[-1].seq)
            changed = warning != self._warning
            self._warning = warning
            self._retry_at = time.monotonic() + RETRY_DELAYS[min(self._failures, len(RETRY_DELAYS) - 1)]
            self._failures += 1
            self._passes += 1
            self._condition.notify_all()
        if changed:
            self._tell()

    def _pending_settings(self) -> dict[str, Any]:
        return {change.arguments[0]: change.arguments[1] for change in self._pending if change.kind == "setting"}

    def _write(self, batch: list[Change]) -> tuple[Document | None, dict | None]:
        """Write `batch` under the lock; returns the document read again (None when it did not change)."""
        if not batch and not self._repair:  # only the document to read again: no lock needed
            try:
                database, view, settings = _read_view(self.paths)
            except InvalidDocument:
                self._repair = True  # damaged: moved aside under the lock, below
            else:
                self._replace_database(database)
                return view, settings
        if self._database is None:
            self._check_paths()
        with storage.locked(self.paths, storage.LOCK_TIMEOUT):
            if not self._tidied:
                storage.remove_stale_temporaries(self.paths.database)
            database, opened = self._open()
            if not self._tidied:
                for file in (self.paths.database, self.paths.database.with_name(self.paths.database.name + JOURNAL)):
                    storage.make_private(file)
                self._tidied = True
            try:
                others = database.write(batch)
            except InvalidDocument as error:  # damage found while writing: moved aside, written again
                self._move_aside(error)
                database, opened = self._open()
                others = database.write(batch)
            if others or opened or self._stale or self._repair:
                return database.view(), database.settings()
            return None, None

    def _check_paths(self) -> None:
        """Refuse what is not a progress file before anything (the lock) is created beside it."""
        found = classify(self.paths.database)
        if (found.kind == "absent" or not found.size) and self.paths.legacy is not None:
            with suppress(InvalidDocument):  # a damaged progress file: moved aside under the lock
                parse_legacy(storage.read_bounded(self.paths.legacy), self.paths.legacy)

    def _open(self) -> tuple[Database, bool]:
        """The database, under the lock: created (from the JSON file of an earlier version if there is
        one), reopened when another took its place, moved aside when it is damaged.

        Returns:
            The database, and whether it was opened now (what the session shows must then be read from it).
        """
        if self._database is not None and self._database.is_in_place():
            return self._database, False
        self._replace_database(None)
        found = classify(self.paths.database)
        if found.kind == "absent" or found.size == 0:
            self._create()
        try:
            database = Database(self.paths.database)
            database.view()  # every item is read and checked once
        except InvalidDocument as error:
            self._move_aside(error)
            database = Database(self.paths.database)
        self._database = database
        return database, True

    def _create(self) -> None:
        legacy = self.paths.legacy
        document = None
        if legacy is not None:
            data = storage.read_bounded(legacy)
            try:
                document = parse_legacy(data, legacy)
            except InvalidDocument as error:
                backup = storage.move_aside(legacy, "corrupt")
                self._notice("progress.corrupt_moved", path=legacy, backup=backup, reason=error)
        create(self.paths.database, document)
        if document is not None:
            self._notice("progress.migrated", database=self.paths.database, legacy=legacy)

    def _move_aside(self, error: InvalidDocument) -> None:
        self._replace_database(None)
        backup = storage.move_aside(self.paths.database, "corrupt", (JOURNAL,))
        self._notice("progress.corrupt_moved", path=self.paths.database, backup=backup, reason=error)
        create(self.paths.database)

    def _replace_database(self, database: Database | None) -> None:
        if self._database is not None and self._database is not database:
            self._database.close()
        self._database = database

    def _notice(self, key: str, **fields: object) -> None:
        from tutor.text.sanitise import visible

        text = self._message(key, **{name: visible(str(value)) for name, value in fields.items()})
        with self._condition:
            self._notices.append(text)

    def _tell(self) -> None:
        for listener in list(self._listeners):
            listener()

    # Start

    def _load(self) -> None:
        """Read the document to show, without the lock; what needs the lock is left to the writer."""
        try:
            database, view, settings = _read_view(self.paths)
        except InvalidDocument:
            self._repair = True  # damaged: moved aside by the writer, under the lock
        except (NewerFormat, NotProgressFile, SymlinkRefused, UnsafeDirectory) as error:
            self._warning = self._unsaved(error)
        except OSError as error:  # cannot be read now (permission, no descriptor left, I/O): read again later
            self._warning = self._unsaved(error)
            self._stale = True
        else:
            self._database, self._view, self._settings = database, view, settings
            self._repair = database is None and self.paths.legacy is not None and _holds_progress(self.paths.legacy)
            unwritable = storage.cannot_write(self.paths.database) if stored_path(self.path) else None
            if unwritable is not None:  # said at once, before anything is kept in memory only
                self._warning = self._unsaved(unwritable)
        if self._repair or self._stale:
            with self._condition:
                self._start_writer()
                self._wait_until(lambda: self._passes > 0)

    def _unsaved(self, error: Exception) -> str:
        """The warning for `error` (and `problem` becomes its first sentence)."""
        self._problem = describe(error, self.path, self._message)
        return f"{self._problem} {self._message('progress.memory_only')}"

    def _message(self, key: str, **fields: object) -> str:
        if self._say is None:
            from tutor.text.i18n import Messages

            self._say = Messages("en")
        return self._say(key, **fields)


def _read_view(paths: StorePaths) -> tuple[Database | None, Document, dict]:
    """The document to show (without the lists' elements), the settings, and the open database if any."""
    found = classify(paths.database)
    if found.kind == "file" and found.size:
        database = Database(paths.database, timeout=READ_TIMEOUT)
        try:
            return database, database.view(), database.settings()
        except BaseException:
            database.close()
            raise
    document = None
    if paths.legacy is not None:
        document = parse_legacy(storage.read_bounded(paths.legacy), paths.legacy)
    if document is None:
        return None, doc.new_document(), {}
    return None, rows.assemble(rows.decompose(document)[0]), {}


def _holds_progress(path: Path) -> bool:
    try:
        found = storage.inspect(path)
    except OSError:
        return False
    return found.kind == "file" and found.size > 0


_DIGEST = re.compile(r"(?:[0-9a-f]{64})?")
_DIAGNOSIS = re.compile(r"[a-z][a-z0-9_]{0,39}")


def _id(value: str) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"an id must be a non-empty string, not {value!r}")
    return value


MAX_NOTE = 200
"""The longest note a bookmark keeps, in characters."""


def _note(value: str) -> str:
    """A note as kept: one line (line breaks and tabs become spaces), without control or invisible characters."""
    if not isinstance(value, str):
        raise ValueError(f"a note is a string, not {value!r}")
    kept = "".join(
        " " if char.isspace() else char
        for char in value
        if char.isspace() or unicodedata.category(char) not in ("Cc", "Cf")
    )
    return " ".join(kept.split(" ")).strip()[:MAX_NOTE]


def _option(value: int) -> int:
    if type(value) is not int or not 0 <= value <= 999:
        raise ValueError(f"an option is an index from 0 to 999, not {value!r}")
    return value


def _ids(ids: Collection[str]) -> list[str]:
    """`ids` (question ids), each once, in the order given."""
    if isinstance(ids, str):
        raise ValueError(f"expected a collection of ids, not the string {ids!r}")
    return list(dict.fromkeys(_id(value) for value in ids))


def _answers(answers: Mapping[str, int]) -> dict[str, int]:
    return {_id(question): _option(option) for question, option in answers.items()}


def _number(value: float, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < math.inf:
        raise ValueError(f"{name} must be a finite number, at least 0, not {value!r}")
    return float(value)


def _utc(when: datetime) -> str:
    if when.tzinfo is None:
        raise ValueError("a time must be timezone-aware")
    return when.astimezone(UTC).isoformat(timespec="microseconds")


def _json(value: dict | None) -> dict | None:
    """A private copy of `value`, which must be a JSON object."""
    if value is None:
        return None
    try:
        if isinstance(value, dict):
            return doc.loads(json.dumps(value, allow_nan=False))
    except (TypeError, ValueError) as error:
        raise ValueError(f"not storable as JSON: {error}") from None
    raise ValueError(f"expected a dict, not {type(value).__name__}")
