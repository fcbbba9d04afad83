"""A generated class for the report's tests: 30 students' progress stores written through the real
`ProgressStore` (a few handed in as `cnn-tutor progress --json` exports), with seeded random answers,
plus the files a class directory may also hold: a corrupt store, one from a newer cnn-tutor, one that
cannot be read, the tutor's own copies. What was recorded is kept, so that the tests compute every
figure on their own, without the report's code.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timedelta, UTC
from fractions import Fraction
from pathlib import Path

from tutor.content.model import Course
from tutor.progress import ProgressStore
from tutor.progress.document import FORMAT_VERSION, encode
from tutor.progress.storage import StorePaths
from tutor.progress.store import read_document

STUDENTS = 30
EXPORTS = {4, 11, 19, 27}
"""Students who hand in `cnn-tutor progress --json` instead of their database."""
WITH_EXERCISES = {11, 19}
"""Exports that carry an `exercises` section (as the exercises' store records them)."""
NAMELESS = {3, 17}
DUE_NOW = timedelta(days=-2)
DUE_LATER = timedelta(days=5)


@dataclass
class Student:
    """What was recorded for one student: the expected figures are computed from it."""

    file: Path
    name: str | None
    completed: set[tuple[str, str]] = field(default_factory=set)
    attempts: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    """quiz id → (score, total) of each attempt, in order."""
    answers: dict[str, list[int]] = field(default_factory=dict)
    """question id → options chosen, in order (quizzes, then review)."""
    cards: dict[str, tuple[int, timedelta]] = field(default_factory=dict)
    """question id → (FSRS state, due from the time written)."""
    exercises: dict[str, bool] | None = None
    """exercise id → passed, for the exports that have exercises."""

    def best(self) -> tuple[int, int] | None:
        """Best attempt of each quiz (highest fraction, the first of equals), added up."""
        found = []
        for attempts in self.attempts.values():
            if attempts:
                found.append(max(attempts, key=lambda pair: (Fraction(pair[0], pair[1]), -attempts.index(pair))))
        return _added(found)

    def last(self) -> tuple[int, int] | None:
        return _added([attempts[-1] for attempts in self.attempts.values() if attempts])


def _added(pairs: list[tuple[int, int]]) -> tuple[int, int] | None:
    return (sum(pair[0] for pair in pairs), sum(pair[1] for pair in pairs)) if pairs else None


@dataclass
class Classroom:
    directory: Path
    students: list[Student]
    bad: dict[str, Path]
    """"corrupt", "newer", "unreadable" → the file."""
    skipped: list[Path]
    """Files in the directory the report must leave out without naming them."""


def card(state: int, due: datetime) -> dict:
    return {
        "card_id": 1,
        "state": state,
        "step": None if state == 2 else 0,
        "stability": 2.3,
        "difficulty": 5.0,
        "due": due.isoformat(),
        "last_review": (due - timedelta(days=3)).isoformat(),
    }


def make_classroom(directory: Path, course: Course, seed: int = 2024) -> Classroom:
    """Write the class into `directory` (made), each student in a subdirectory as an admin collects them."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    students = []
    for number in range(STUDENTS):
        home = directory / f"home{number:02d}"
        name = None if number in NAMELESS else ("Élodie Ravel" if number == 5 else f"Student {number:02d}")
        student = Student(home / "progress.sqlite3", name)
        store = ProgressStore(home / "progress.json")
        if name:
            store.remember_student(name)
        elif number == 17:
            store.remember_student(None)  # declined
        for module in course.modules:
            for lesson in module.lessons:
                if rng.random() < 0.6:
                    store.mark_completed(module.id, lesson.id)
                    student.completed.add((module.id, lesson.id))
                elif rng.random() < 0.5:
                    store.mark_visited(module.id, lesson.id)
                for quiz in lesson.quizzes:
                    student.attempts[quiz.id] = []
                    for _ in range(rng.choice([0, 1, 1, 2, 3])):
                        answers, right = {}, []
                        for question in quiz.questions:
                            if rng.random() < 0.1:
                                continue  # left unanswered
                            if rng.random() < 0.55:
                                option = question.answer
                            else:  # wrong answers lean to the first wrong option: a misconception
                                wrong = [index for index in range(len(question.options)) if index != question.answer]
                                option = wrong[0] if rng.random() < 0.5 else rng.choice(wrong)
                            answers[question.id] = option
                            student.answers.setdefault(question.id, []).append(option)
                            if option == question.answer:
                                right.append(question.id)
                        score, total = len(right), len(quiz.questions)
                        store.record_attempt(module.id, quiz.id, answers, score, total, duration=30.0, correct=right)
                        student.attempts[quiz.id].append((score, total))
        for question_id in list(student.answers):
            if rng.random() < 0.3:  # answered again in review
                option = rng.randrange(4)
                right = option == course.questions()[question_id][2].answer
                store.record_answer(question_id, option, right)
                student.answers[question_id].append(option)
            state, due = rng.choice([(2, DUE_NOW), (2, DUE_LATER), (1, DUE_NOW), (1, DUE_LATER)])
            store.update_card(question_id, card(state, now + due), {"rating": 3})
            student.cards[question_id] = (state, due)
        store.close()
        if number in EXPORTS:
            document = read_document(home / "progress.json")
            exported = {"format_version": document["format_version"], **({"student": name} if name else {}), **document}
            if number in WITH_EXERCISES:
                student.exercises = {"bn-fold": True, "bn-backward": number == 11, "se-block": False}
                exported["exercises"] = {
                    exercise_id: {
                        "attempts": 2,
                        "passes": int(passed),
                        **({"first_passed": now.isoformat()} if passed else {}),
                        "hints": 1,
                        "last": {
                            "at": now.isoformat(),
                            "passed": passed,
                            "digest": "0" * 64,
                            "diagnosis": "passed" if passed else "wrong_value",
                            "duration": 0.5,
                        },
                    }
                    for exercise_id, passed in student.exercises.items()
                }
            for path in home.iterdir():
                path.unlink()
            student.file = home / f"student{number:02d}.json"
            student.file.write_bytes(encode(exported))
        students.append(student)
    bad = _bad_files(directory, students)
    skipped = _tutor_copies(directory)
    return Classroom(directory, students, bad, skipped)


def _bad_files(directory: Path, students: list[Student]) -> dict[str, Path]:
    bad = directory / "bad"
    bad.mkdir()
    corrupt = bad / "corrupt.sqlite3"
    data = bytearray(students[0].file.read_bytes())
    data[100:] = bytes(random.Random(1).randrange(256) for _ in range(len(data) - 100))  # our header, garbage pages
    corrupt.write_bytes(bytes(data))
    newer = bad / "newer.json"
    newer.write_text(json.dumps({"format_version": FORMAT_VERSION + 1, "modules": []}))
    unreadable = bad / "unreadable.sqlite3"
    if os.geteuid() == 0:  # root reads every file: a directory stands for a file that cannot be read
        unreadable.mkdir()
    else:
        unreadable.write_bytes(students[1].file.read_bytes())
        unreadable.chmod(0)
    return {"corrupt": corrupt, "newer": newer, "unreadable": unreadable}


def _tutor_copies(directory: Path) -> list[Path]:
    """A backup and a moved-aside file beside a store, and a JSON file already copied into its database."""
    home = directory / "home00"
    backup = home / "progress.backup-20250301T090000Z.sqlite3"
    backup.write_bytes((home / "progress.sqlite3").read_bytes())
    corrupt = home / "progress.corrupt-20250301T090000Z-1.sqlite3"
    corrupt.write_bytes(b"damaged")
    legacy = home / "progress.json"
    legacy.write_bytes(encode({"format_version": 1, "modules": {"basics": {"lessons": {"first": {"completed": "x"}}}}}))
    return [backup, corrupt, legacy]


def expected_band(score: int, total: int) -> int:
    """The band of a score, from the percentage: 0–9 % is 0, …, 90–100 % is 9."""
    return min(int(Fraction(100 * score, total) // 10), 9)


def another_program_database(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE notes (text)")
    connection.close()


def files_of(path: Path) -> Path:
    return StorePaths(path).database
