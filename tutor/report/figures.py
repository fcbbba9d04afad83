"""The figures of a class report, computed from the students' progress documents and the course.

Pure functions: no files, no printing. Every figure is defined here once, and `cnn-tutor report`
prints it as text, CSV or JSON.

- A student is one progress store. Lessons completed are counted among the course's lessons.
- Quiz scores are those of the course's quizzes; with several quizzes, a student's best (last)
  score adds up the best (last) attempt of each quiz taken. The best attempt is the one with the
  highest fraction right, as the tutor keeps it.
- Each question counts each student once: their first answer (the misconception they came with,
  before the tutor explained) and their last (what stayed), from quizzes or review. The most
  chosen wrong option is the wrong option most often given as a first answer.
- Review cards: those of the course's questions; learned = in FSRS's review state, due = due at
  the time of the report.
- Exercises passed: the exercises with at least one passing check, when the store records
  exercises (None when it does not, which is not the same as none passed).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from tutor.content.model import Course
from tutor.progress import document as doc
from tutor.progress.document import Document
from tutor.review.deck import cards_of, due_now, is_learned

BANDS = 10
"""Score bands of the distribution: 0–9 %, 10–19 %, …, 90–100 %."""


@dataclass(frozen=True)
class Score:
    score: int
    total: int

    @property
    def band(self) -> int:
        """The band of the distribution this score falls in, from 0 (0–9 %) to 9 (90–100 %)."""
        return min(self.score * BANDS // self.total, BANDS - 1)


@dataclass(frozen=True)
class QuizScores:
    attempts: int
    best: Score | None
    last: Score | None


@dataclass(frozen=True)
class StudentFigures:
    student: str | None
    file: str
    """The file read, as named on the command line."""
    lessons_completed: int
    lessons_total: int
    quizzes: dict[str, QuizScores]
    """By quiz id, the course's quizzes (in course order)."""
    best: Score | None
    last: Score | None
    exercises_passed: int | None
    cards: int
    cards_learned: int
    cards_due: int
    last_active: str | None
    """The latest time recorded in the store (UTC, ISO 8601), or None."""


@dataclass(frozen=True)
class WrongOption:
    option: int
    """Its index in the course's options, from 0 (as in the progress document)."""
    text: str | None
    """Its text in the report's language; None for an option the course does not have (any more)."""
    students: int


@dataclass(frozen=True)
class QuestionFigures:
    number: int
    """Its place among the course's questions, from 1."""
    id: str
    module: str
    quiz: str
    text: str
    answered: int
    """Students who answered it at least once."""
    right_first: int
    right_last: int
    wrong_first: tuple[WrongOption, ...]
    """Wrong first answers by option, the most chosen first (ties: course order)."""

    @property
    def share_right_first(self) -> float | None:
        return self.right_first / self.answered if self.answered else None

    @property
    def share_right_last(self) -> float | None:
        return self.right_last / self.answered if self.answered else None

    @property
    def most_chosen_wrong(self) -> WrongOption | None:
        return self.wrong_first[0] if self.wrong_first else None


@dataclass(frozen=True)
class ClassFigures:
    students: tuple[StudentFigures, ...]
    questions: tuple[QuestionFigures, ...]
    """In course order."""
    distribution: tuple[int, ...]
    """Students by band of their best score (`BANDS` bands); students without an attempt are not in it."""


@dataclass(frozen=True)
class Store:
    """What the report needs of one progress store."""

    file: str
    document: Document
    student: str | None


def class_figures(course: Course, stores: Sequence[Store], lang: str, now: datetime) -> ClassFigures:
    """Every figure of the report, for the course `course` in language `lang`, at `now` (timezone-aware)."""
    students = tuple(sorted((student_figures(course, store, now) for store in stores), key=_student_order))
    questions = tuple(question_figures(course, [store.document for store in stores], lang))
    distribution = [0] * BANDS
    for student in students:
        if student.best is not None:
            distribution[student.best.band] += 1
    return ClassFigures(students, questions, tuple(distribution))


def _student_order(student: StudentFigures) -> tuple:
    # Named students first, by name as a reader sorts them (Élise with the E's); then files without a name.
    name = student.student or ""
    plain = "".join(char for char in unicodedata.normalize("NFKD", name) if not unicodedata.combining(char))
    return (student.student is None, plain.casefold(), name, student.file)


def student_figures(course: Course, store: Store, now: datetime) -> StudentFigures:
    document = store.document
    lessons = [(module.id, lesson.id) for module in course.modules for lesson in module.lessons]
    completed = sum(doc.lesson_state(document, module_id, lesson_id) == "completed" for module_id, lesson_id in lessons)
    quizzes = {
        quiz.id: quiz_scores(document, module.id, quiz.id)
        for module in course.modules
        for lesson in module.lessons
        for quiz in lesson.quizzes
    }
    question_ids = list(course.questions())
    cards = cards_of(question_ids, lambda question_id: doc.card(document, question_id))
    return StudentFigures(
        student=store.student,
        file=store.file,
        lessons_completed=completed,
        lessons_total=len(lessons),
        quizzes=quizzes,
        best=_added(scores.best for scores in quizzes.values()),
        last=_added(scores.last for scores in quizzes.values()),
        exercises_passed=exercises_passed(document),
        cards=len(cards),
        cards_learned=sum(is_learned(card) for card in cards.values()),
        cards_due=len(due_now(cards, now)),
        last_active=last_active(document),
    )


def quiz_scores(document: Document, module_id: str, quiz_id: str) -> QuizScores:
    attempts = doc.attempts(document, module_id, quiz_id)
    if not attempts:
        stored = doc.best_score(document, module_id, quiz_id)  # attempts kept elsewhere: the best is known
        return QuizScores(0, None if stored is None else _score(*stored), None)
    best = attempts[0]
    for attempt in attempts[1:]:  # the highest fraction right; the first of equals, as the store keeps it
        if attempt["score"] * best["total"] > best["score"] * attempt["total"]:
            best = attempt
    last = attempts[-1]
    return QuizScores(len(attempts), _score(best["score"], best["total"]), _score(last["score"], last["total"]))


def _score(score: int, total: int) -> Score | None:
    return Score(score, total) if 0 <= score <= total and total > 0 else None


def _added(scores: Iterable[Score | None]) -> Score | None:
    found = [score for score in scores if score is not None]
    if not found:
        return None
    return Score(sum(score.score for score in found), sum(score.total for score in found))


def exercises_passed(document: Mapping) -> int | None:
    """How many exercises have a passing check; None when the store records no exercises at all.

    Read leniently, as the exercises' records may grow: an exercise counts as passed when its
    record says `passes` > 0, has a `first_passed` time, says `passed: true`, or lists an attempt
    that passed.
    """
    section = document.get("exercises")
    if not isinstance(section, Mapping):
        return None
    return sum(_passed(record) for record in section.values())


def _passed(record: object) -> bool:
    if not isinstance(record, Mapping):
        return False
    passes = record.get("passes")
    if type(passes) is int and passes > 0:
        return True
    if isinstance(record.get("first_passed"), str) or record.get("passed") is True:
        return True
    attempts = record.get("attempts")
    return isinstance(attempts, list) and any(
        isinstance(attempt, Mapping) and attempt.get("passed") is True for attempt in attempts
    )


TIME_KEYS = frozenset({"at", "visited", "completed", "updated", "first_passed"})


def last_active(document: Mapping) -> str | None:
    """The latest time recorded anywhere in the document (UTC ISO 8601 strings sort as times)."""
    latest: str | None = None
    stack: list[object] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            for key, value in node.items():
                if key in TIME_KEYS and isinstance(value, str) and _is_time(value):
                    latest = value if latest is None or value > latest else latest
                elif isinstance(value, (Mapping, list)):
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(item for item in node if isinstance(item, (Mapping, list)))
    return latest


def _is_time(text: str) -> bool:
    try:
        return datetime.fromisoformat(text).tzinfo is not None
    except ValueError:
        return False


def question_figures(course: Course, documents: Sequence[Document], lang: str) -> list[QuestionFigures]:
    from tutor.content.plain import unmarked

    figures = []
    number = 0
    for module in course.modules:
        for lesson in module.lessons:
            for quiz in lesson.quizzes:
                for question in quiz.questions:
                    number += 1
                    answered = right_first = right_last = 0
                    wrong: Counter[int] = Counter()
                    for document in documents:
                        history = [entry for entry in doc.history(document, question.id) if "option" in entry]
                        if not history:
                            continue
                        answered += 1
                        first, last = history[0]["option"], history[-1]["option"]
                        right_first += first == question.answer
                        right_last += last == question.answer
                        if first != question.answer:
                            wrong[first] += 1
                    options = question.options
                    ranked = sorted(wrong.items(), key=lambda item: (-item[1], item[0]))
                    figures.append(
                        QuestionFigures(
                            number=number,
                            id=question.id,
                            module=module.id,
                            quiz=quiz.id,
                            text=_one_line(unmarked(question.prompt.get(lang))),
                            answered=answered,
                            right_first=right_first,
                            right_last=right_last,
                            wrong_first=tuple(
                                WrongOption(
                                    option,
                                    _one_line(unmarked(options[option].text.get(lang)))
                                    if option < len(options)
                                    else None,
                                    students,
                                )
                                for option, students in ranked
                            ),
                        )
                    )
    return figures


_BREAKS = re.compile(r"[ \t\r\n]+")


def _one_line(text: str) -> str:
    """`text` on one line; its no-break spaces stay (`str.split` would take them for spaces)."""
    return _BREAKS.sub(" ", text).strip(" ")
