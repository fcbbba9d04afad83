"""The progress document: its shape, the changes made to it, and what is read from it.

Pure functions over the JSON document, no files. The store reads the file under its lock,
applies one change and writes it back, so a change only adds to what it finds: it never
drops what another session wrote, nor keys and ids this version does not know.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from datetime import datetime
from typing import Any

FORMAT_VERSION = 1
MAX_DEPTH = 32
"""Deeper nesting is refused (the format itself goes 7 deep): copying or printing it could overflow the stack."""

Document = dict[str, Any]


class InvalidDocument(ValueError):
    """The data is not a progress document; the message says where and why."""


class NewerFormat(Exception):
    """The document was written by a newer cnn-tutor, in a format this one does not know."""

    def __init__(self, version: int) -> None:
        super().__init__(version)
        self.version = version


class _MapOf:
    """A JSON object with any keys (ids), whose values all have the same shape."""

    def __init__(self, shape: object) -> None:
        self.shape = shape


class _ListOf:
    def __init__(self, shape: object) -> None:
        self.shape = shape


class _Range:
    """A number of one of `types` from `low` to `high`: a count, an option, a duration."""

    def __init__(self, types: tuple[type, ...], low: float, high: float) -> None:
        self.types, self.low, self.high = types, low, high


# A shape is a tuple of types, a _MapOf/_ListOf/_Range, or a dict of known keys ("key?" when
# optional). Keys not named here are allowed and kept: a newer program may have written them.
TIME = (str,)
OPTION = _Range((int,), 0, 999)
COUNT = _Range((int,), 0, 1_000_000)
SCROLL = _Range((int, float), -1e9, 1e9)  # a fraction: read clamped to [0, 1]
DURATION = _Range((int, float), 0.0, 1e9)  # seconds
IDS = _ListOf((str,))
ANSWER = {"at": TIME, "option": OPTION, "correct?": (bool,), "module?": (str,), "quiz?": (str,), "hint?": (bool,)}
ATTEMPT = {"at": TIME, "answers": _MapOf(OPTION), "score": COUNT, "total": COUNT, "duration?": DURATION, "hints?": IDS}
DRAFT = {"answers": _MapOf(OPTION), "at": TIME, "times?": _MapOf(TIME), "hints?": IDS}
# "hint", "hints" (and a review log's "rerated") came after format 1's first files: optional, so that
# those files read as they are; an earlier cnn-tutor keeps them as unknown keys.
QUIZ = {"attempts?": _ListOf(ATTEMPT), "best?": {"score": COUNT, "total": COUNT, "at": TIME}, "draft?": DRAFT}
BLOCK = _Range((int,), -1, 1_000_000)
FRACTION = _Range((int, float), 0.0, 1.0)
BOOKMARK = {"block": BLOCK, "fraction": FRACTION, "scroll": SCROLL, "note": (str,), "at": TIME, "updated?": TIME}
"""A place marked in a lesson: its block (-1: the title), how far down the block, the lesson's scroll
(used when the block is gone), the student's one-line note (may be empty), when it was made and last changed."""
LESSON = {"visited?": TIME, "completed?": TIME, "bookmarks?": _MapOf(BOOKMARK)}
MODULE = {
    "lessons?": _MapOf(LESSON),
    "position?": {"lesson": (str,), "scroll": SCROLL, "at": TIME},
    "quizzes?": _MapOf(QUIZ),
}
CARD = {"card?": (dict,), "updated?": TIME, "log?": _ListOf((dict,))}
HINT_LEVEL = _Range((int,), 0, 999)
CHECK = {"at": TIME, "passed": (bool,), "digest": (str,), "diagnosis": (str,), "duration": DURATION}
"""One check of an exercise's file: when, whether it passed, the file's sha256, the diagnosis code, seconds."""
EXERCISE = {
    "attempts?": COUNT,
    "passes?": COUNT,
    "first_passed?": TIME,
    "last?": CHECK,
    "hints?": HINT_LEVEL,
    "history?": _ListOf(CHECK),
    "hints_read?": _ListOf({"at": TIME, "level": HINT_LEVEL}),
}
"""A hands-on exercise: counts, the first pass, the latest check and the highest hint read, kept in its
item (what the tutor shows, whatever the history's length); every check and hint read, in its lists."""
DOCUMENT = {
    "format_version": (int,),
    "modules?": _MapOf(MODULE),
    "questions?": _MapOf({"history?": _ListOf(ANSWER)}),
    "cards?": _MapOf(CARD),
    "exercises?": _MapOf(EXERCISE),
}


def new_document() -> Document:
    """An empty progress document in the current format."""
    return {"format_version": FORMAT_VERSION, "modules": {}, "questions": {}, "cards": {}}


def parse(data: bytes) -> Document:
    """The document stored as `data`.

    Raises:
        InvalidDocument: not JSON, or not shaped like a progress document.
        NewerFormat: written by a newer cnn-tutor.
    """
    document = loads(data)
    version = document.get("format_version") if isinstance(document, dict) else None
    if type(version) is not int or version < 1:
        raise InvalidDocument("no valid format_version")
    if version > FORMAT_VERSION:
        raise NewerFormat(version)
    check(document)
    return document


def loads(data: bytes | str) -> Any:
    """JSON as stored by the tutor: NaN, Infinity and numbers too large for a float are refused.

    Raises:
        InvalidDocument: not such JSON, or nested more than `MAX_DEPTH` deep.
    """
    try:
        value = json.loads(data, parse_constant=_refuse_constant, parse_float=_finite)
    except (ValueError, RecursionError) as error:
        raise InvalidDocument(f"not JSON: {error}") from None
    _check_depth(value)
    return value


def check(document: Document) -> None:
    """Raises InvalidDocument unless `document` (parsed by `loads`) has the shape of a progress document."""
    _check(document, DOCUMENT, "document")


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text[:20]} is too large")
    return value


def _check_depth(value: Any) -> None:
    level = [value]
    for _ in range(MAX_DEPTH + 1):
        level = [
            inner
            for item in level
            for inner in (item.values() if isinstance(item, dict) else item if isinstance(item, list) else ())
        ]
        if not level:
            return
    raise InvalidDocument(f"nested more than {MAX_DEPTH} levels deep")


def encode(document: Document) -> bytes:
    """The bytes to store; ASCII-only, so any id survives the round trip."""
    return (json.dumps(document, indent=2, ensure_ascii=True) + "\n").encode("ascii")


def _check(value: Any, shape: Any, where: str) -> None:
    if isinstance(shape, dict):
        _check_type(value, (dict,), where)
        for key, inner in shape.items():
            name = key.rstrip("?")
            if name in value:
                _check(value[name], inner, f"{where}.{name}")
            elif not key.endswith("?"):
                raise InvalidDocument(f"{where}: {name!r} is missing")
    elif isinstance(shape, _MapOf):
        _check_type(value, (dict,), where)
        for key, item in value.items():
            _check(item, shape.shape, f"{where}.{key}")
    elif isinstance(shape, _ListOf):
        _check_type(value, (list,), where)
        for index, item in enumerate(value):
            _check(item, shape.shape, f"{where}[{index}]")
    elif isinstance(shape, _Range):
        _check_type(value, shape.types, where)
        if not shape.low <= value <= shape.high:
            raise InvalidDocument(f"{where}: {_short(value)} is not between {shape.low:g} and {shape.high:g}")
    else:
        _check_type(value, shape, where)


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 20 else text[:20] + "…"


_JSON_NAMES = {
    dict: "an object",
    list: "an array",
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "true or false",
}


def _check_type(value: object, types: tuple[type, ...], where: str) -> None:
    if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
        expected = " or ".join(_JSON_NAMES[kind] for kind in types)
        found = _JSON_NAMES.get(type(value), "null")
        raise InvalidDocument(f"{where}: expected {expected}, found {found}")


# Changes: each takes the freshly read document first and only adds to it.


def _module(document: Document, module_id: str) -> dict:
    return document.setdefault("modules", {}).setdefault(module_id, {})


def _lesson(document: Document, module_id: str, lesson_id: str) -> dict:
    return _module(document, module_id).setdefault("lessons", {}).setdefault(lesson_id, {})


def visit(document: Document, module_id: str, lesson_id: str, at: str) -> None:
    """Record the first visit of a lesson."""
    _lesson(document, module_id, lesson_id).setdefault("visited", at)


def complete(document: Document, module_id: str, lesson_id: str, at: str) -> None:
    """Record the first completion of a lesson (which is also a visit)."""
    lesson = _lesson(document, module_id, lesson_id)
    lesson.setdefault("visited", at)
    lesson.setdefault("completed", at)


def add_bookmark(document: Document, module_id: str, lesson_id: str, bookmark_id: str, bookmark: dict) -> None:
    """Add a bookmark to a lesson (one with the same id is kept as it is: the change was already applied)."""
    _lesson(document, module_id, lesson_id).setdefault("bookmarks", {}).setdefault(bookmark_id, bookmark)


def note_bookmark(document: Document, module_id: str, lesson_id: str, bookmark_id: str, note: str, at: str) -> None:
    """Change a bookmark's note, unless it is gone (removed by another session) or a later note is stored."""
    bookmark = _get(document, "modules", module_id, "lessons", lesson_id, "bookmarks").get(bookmark_id)
    if bookmark is not None and bookmark.get("updated", bookmark["at"]) <= at:
        bookmark["note"] = note
        bookmark["updated"] = at


def remove_bookmark(document: Document, module_id: str, lesson_id: str, bookmark_id: str) -> None:
    """Remove a bookmark (already gone: nothing to do); a lesson left without any loses the empty map."""
    lesson = _get(document, "modules", module_id, "lessons", lesson_id)
    bookmarks = lesson.get("bookmarks")
    if bookmarks is not None:
        bookmarks.pop(bookmark_id, None)
        if not bookmarks:
            del lesson["bookmarks"]


def place(document: Document, module_id: str, lesson_id: str, scroll: float, at: str) -> None:
    """Remember where the student is in a module, unless a later position is stored."""
    module = _module(document, module_id)
    if module.get("position", {}).get("at", "") <= at:
        module["position"] = {"lesson": lesson_id, "scroll": scroll, "at": at}


def add_attempt(
    document: Document, module_id: str, quiz_id: str, attempt: dict, correct: frozenset[str] | None
) -> None:
    """Append a quiz attempt, update the best score, and add each answer to its question's history."""
    quiz = _quiz(document, module_id, quiz_id)
    quiz.setdefault("attempts", []).append(attempt)
    # The questions it checked leave the draft; another session's answers to the others stay.
    # So do the hints it counted (shown in this attempt, answered or not).
    checked = [*attempt["answers"], *attempt.get("hints", ())]
    _change_draft(quiz, dict.fromkeys(attempt["answers"]), attempt["at"], forget_hints=checked)
    best = quiz.get("best")
    if best is None or attempt["score"] * best["total"] > best["score"] * attempt["total"]:
        quiz["best"] = {key: attempt[key] for key in ("score", "total", "at")}
    hinted = set(attempt.get("hints", ()))
    for question_id, option in attempt["answers"].items():
        entry = {"at": attempt["at"], "option": option, "module": module_id, "quiz": quiz_id}
        if correct is not None:
            entry["correct"] = question_id in correct
        if question_id in hinted:
            entry["hint"] = True
        add_answer(document, question_id, entry)


def _quiz(document: Document, module_id: str, quiz_id: str) -> dict:
    return _module(document, module_id).setdefault("quizzes", {}).setdefault(quiz_id, {})


def keep_draft(
    document: Document,
    module_id: str,
    quiz_id: str,
    changes: dict[str, int | None],
    at: str,
    hints: list[str] | None = None,
) -> None:
    """Change the answers kept for a quiz not yet checked: question id → the option chosen, or None to forget it;
    `hints`: questions whose hint was shown, added to those kept (only the check forgets them).

    The draft is merged question by question: each answer keeps the time it was chosen (`times`),
    and a change to a question is applied unless a later one to that question is stored. So two
    sessions answering different questions of one quiz both keep theirs, whichever writes last.
    """
    _change_draft(_quiz(document, module_id, quiz_id), changes, at, hints or [])


def _change_draft(
    quiz: dict, changes: dict[str, int | None], at: str, hints: Iterable[str] = (), forget_hints: Iterable[str] = ()
) -> None:
    draft = quiz.get("draft")
    kept = list(draft.get("hints", [])) if draft is not None else []
    forgotten = set(forget_hints)
    shown = [question for question in kept if question not in forgotten]
    fresh = [question for question in hints if question not in shown]
    if draft is None:
        if not fresh and not any(option is not None for option in changes.values()):
            return
        draft = {}
    elif not changes and not fresh and shown == kept:
        return
    answers = dict(draft.get("answers", {}))
    times = dict(draft.get("times", {}))  # in its order: a row changes only when a value does
    for question in answers:  # a draft of an earlier version has no `times`: its answers date from its `at`
        times.setdefault(question, draft["at"])
    for question, option in changes.items():
        if times.get(question, "") > at:
            continue  # a later change to this question is stored: it wins
        times[question] = at
        if option is None:
            answers.pop(question, None)
        else:
            answers[question] = option
    shown += fresh
    if not answers and not shown:
        quiz.pop("draft", None)
        return
    draft.update(answers=answers, at=max(times.values(), default=at), times=times)  # keys a newer version added stay
    if shown:
        draft["hints"] = shown
    else:
        draft.pop("hints", None)
    quiz["draft"] = draft


def add_answer(document: Document, question_id: str, entry: dict) -> None:
    """Append one answer to a question's history."""
    question = document.setdefault("questions", {}).setdefault(question_id, {})
    question.setdefault("history", []).append(entry)


def set_card(document: Document, question_id: str, card: dict, log: dict | None, at: str) -> None:
    """Store a review card's state (unless a later one is stored) and append its review log."""
    record = document.setdefault("cards", {}).setdefault(question_id, {})
    if record.get("updated", "") <= at:
        record["card"] = card
        record["updated"] = at
    if log is not None:
        record.setdefault("log", []).append(log)


def _exercise(document: Document, exercise_id: str) -> dict:
    return document.setdefault("exercises", {}).setdefault(exercise_id, {})


def add_check(document: Document, exercise_id: str, check: dict) -> None:
    """Count a check of an exercise, keep it as the latest unless a later one is stored, and append it."""
    record = _exercise(document, exercise_id)
    record["attempts"] = min(record.get("attempts", 0) + 1, COUNT.high)
    if check["passed"]:
        record["passes"] = min(record.get("passes", 0) + 1, COUNT.high)
        if record.get("first_passed", check["at"]) >= check["at"]:
            record["first_passed"] = check["at"]
    if record.get("last", {}).get("at", "") <= check["at"]:
        record["last"] = dict(check)
    record.setdefault("history", []).append(dict(check))


def read_hint(document: Document, exercise_id: str, level: int, at: str) -> None:
    """Record that hint `level` of an exercise was read: the highest level is kept, every read appended."""
    record = _exercise(document, exercise_id)
    record["hints"] = max(record.get("hints", 0), level)
    record.setdefault("hints_read", []).append({"at": at, "level": level})


# Reading: every level is a dict once the document has been checked, or is missing.


def _get(document: Document, *keys: str) -> dict:
    found = document
    for key in keys:
        found = found.get(key, {})
    return found


def lesson_state(document: Document, module_id: str, lesson_id: str) -> str:
    """ "new", "visited" or "completed"."""
    lesson = _get(document, "modules", module_id, "lessons", lesson_id)
    return "completed" if "completed" in lesson else "visited" if "visited" in lesson else "new"


def last_position(document: Document) -> tuple[str, str, float] | None:
    """(module id, lesson id, scroll) of the most recent position in any module."""
    positions = [
        (module["position"]["at"], module_id, module["position"])
        for module_id, module in _get(document, "modules").items()
        if "position" in module
    ]
    if not positions:
        return None
    _, module_id, position = max(positions, key=lambda found: found[0])
    return module_id, position["lesson"], min(max(float(position["scroll"]), 0.0), 1.0)


def bookmarks(document: Document) -> list[dict]:
    """Every bookmark: {"id", "module", "lesson", "block", "fraction", "scroll", "note", "at", "updated"?},
    in the order they were made."""
    found = [
        {**bookmark, "id": bookmark_id, "module": module_id, "lesson": lesson_id}
        for module_id, module in _get(document, "modules").items()
        for lesson_id, lesson in module.get("lessons", {}).items()
        for bookmark_id, bookmark in lesson.get("bookmarks", {}).items()
    ]
    return sorted(found, key=lambda bookmark: (bookmark["at"], bookmark["id"]))


def attempts(document: Document, module_id: str, quiz_id: str) -> list[dict]:
    """Every stored attempt at a quiz, oldest first."""
    found = _get(document, "modules", module_id, "quizzes", quiz_id).get("attempts", [])
    return sorted(found, key=lambda attempt: attempt["at"])


def best_score(document: Document, module_id: str, quiz_id: str) -> tuple[int, int] | None:
    """(score, total) of the best attempt at a quiz."""
    best = _get(document, "modules", module_id, "quizzes", quiz_id).get("best")
    return None if best is None else (best["score"], best["total"])


def draft(document: Document, module_id: str, quiz_id: str) -> dict[str, int]:
    """The answers chosen in a quiz since its last check."""
    return dict(_get(document, "modules", module_id, "quizzes", quiz_id).get("draft", {}).get("answers", {}))


def draft_hints(document: Document, module_id: str, quiz_id: str) -> list[str]:
    """The questions whose hint was shown in a quiz since its last check."""
    return list(_get(document, "modules", module_id, "quizzes", quiz_id).get("draft", {}).get("hints", []))


def review_logs(document: Document) -> dict[str, list[dict]]:
    """Every card's review logs by question id, as stored (the logs of a whole document: `read_document`)."""
    return {question_id: list(record.get("log", [])) for question_id, record in _get(document, "cards").items()}


def history(document: Document, question_id: str) -> list[dict]:
    """Every stored answer to a question, oldest first."""
    found = _get(document, "questions", question_id).get("history", [])
    return sorted(found, key=lambda entry: entry["at"])


def card(document: Document, question_id: str) -> dict | None:
    """The stored review card of a question ({"card", "updated", "log"?}), or None, also when FSRS could
    not use the card (see `usable_card`): the question is then new again, and its next answer stores a
    fresh card."""
    record = _get(document, "cards", question_id)
    return record if usable_card(record.get("card")) else None


STATES = (1, 2, 3)
"""FSRS's card states: Learning, Review, Relearning."""
STABILITY = (0.001, 1e9)
"""A card's stability in days: FSRS's least, and far more than any review history reaches."""
DIFFICULTY = (1.0, 10.0)
"""FSRS's bounds on a card's difficulty."""


def usable_card(card: object) -> bool:
    """Whether a stored card (`fsrs.Card.to_dict`) holds values FSRS can compute with.

    A card edited by hand or damaged (state 99, a negative or huge stability, a due time
    without a time zone) would make the scheduler, the review screen or `cnn-tutor progress`
    fail; such a card is not used.
    """
    if not isinstance(card, dict) or _integer(card.get("state")) not in STATES:
        return False
    stability, difficulty = card.get("stability"), card.get("difficulty")
    if stability is None and difficulty is None:
        known = card["state"] == STATES[0]  # a card not yet reviewed
    else:
        known = _between(stability, *STABILITY) and _between(difficulty, *DIFFICULTY)
    step = card.get("step")
    stepping = step is None or (_integer(step) is not None and 0 <= step <= 1000)
    reviewed = card.get("last_review") is None or _zoned(card["last_review"])
    return known and stepping and reviewed and _zoned(card.get("due"))


def _integer(value: object) -> int | None:
    return value if type(value) is int else None


def _between(value: Any, low: float, high: float) -> bool:
    return type(value) in (int, float) and low <= value <= high


def _zoned(value: object) -> bool:
    try:
        return isinstance(value, str) and datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


def exercise_status(document: Document, exercise_id: str) -> dict | None:
    """{"attempts", "passes", "first_passed", "hints", "last"} of an exercise, or None before its first
    check or hint. `last` is the latest check ({"at", "passed", "digest", "diagnosis", "duration"}) or None."""
    record = _get(document, "exercises", exercise_id)
    if not record:
        return None
    last = record.get("last")
    return {
        "attempts": record.get("attempts", 0),
        "passes": record.get("passes", 0),
        "first_passed": record.get("first_passed"),
        "hints": record.get("hints", 0),
        "last": dict(last) if last is not None else None,
    }


def exercise_statuses(document: Document) -> dict[str, dict]:
    """The status of every exercise with one, by id."""
    found = {exercise_id: exercise_status(document, exercise_id) for exercise_id in _get(document, "exercises")}
    return {exercise_id: status for exercise_id, status in found.items() if status is not None}


def exercise_checks(document: Document, exercise_id: str) -> list[dict]:
    """Every stored check of an exercise, oldest first."""
    found = _get(document, "exercises", exercise_id).get("history", [])
    return sorted(found, key=lambda check: check["at"])


def hints_read(document: Document, exercise_id: str) -> list[dict]:
    """Every hint read of an exercise ({"at", "level"}), oldest first."""
    found = _get(document, "exercises", exercise_id).get("hints_read", [])
    return sorted(found, key=lambda read: read["at"])
