"""`cnn-tutor progress` and `cnn-tutor reset`: the progress file from the command line.

Showing progress never changes the file (a corrupt one is reported, not moved); resetting
moves it aside as a backup, under the same lock as the tutor's writes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.cli.common import UserError, language, load, write
from tutor.text.i18n import Messages
from tutor.text.sanitise import spreadsheet_cell, visible
from tutor.system.paths import progress_file
from tutor.progress import document as doc
from tutor.progress.document import Document, InvalidDocument
from tutor.progress.storage import StorePaths
from tutor.progress.store import (
    PROBLEMS,
    describe,
    read_document,
    reset,
    stored_path,
    stored_settings,
    stored_student,
)

if TYPE_CHECKING:
    from datetime import datetime

    from tutor.content.model import Course, Module

WIDTH = 80
CSV_COLUMNS = (
    "module",
    "quiz",
    "at",
    "score",
    "total",
    "duration",
    "answers",
    "kind",
    "exercise",
    "passed",
    "diagnosis",
    "hints",
)
"""A quiz attempt fills the first seven (kind "quiz"); an exercise check (kind "exercise") fills at, duration
and the last five, hints being how many hints of the exercise had been read when it was checked. New columns
go at the end: a script that reads the first seven by position still works."""


def cmd_progress(args: argparse.Namespace) -> int:
    """Print the progress as a table, or the stored document (--json), or its quiz attempts (--csv)."""
    path = progress_file(args.progress)
    if args.json or args.csv:
        document = _read(path, Messages(language(args)))
        text = doc.encode(with_student(document, path)).decode() if args.json else _as_csv(document)
        write(text, args.ascii)
        return 0
    course, lang = load(args)
    messages = Messages(lang)
    document = _read(path, messages)
    write(progress_table(course, lang, document, messages, path), args.ascii)
    return 0


def cmd_reset(args: argparse.Namespace) -> int:
    """Remove all progress, keeping a backup, after asking (unless --yes)."""
    messages = Messages(language(args))
    path = progress_file(args.progress)
    stored = stored_path(path)
    if stored is None:
        write(messages("progress.reset_nothing", path=visible(str(path))) + "\n", args.ascii)
        return 0
    if not (args.yes or _confirmed(messages, stored, args.ascii)):
        write(messages("progress.reset_kept") + "\n", args.ascii)
        return 0
    try:
        backup = reset(path)
    except PROBLEMS as error:
        raise UserError(messages("progress.error", message=describe(error, stored, messages))) from None
    if backup is None:
        write(messages("progress.reset_nothing", path=visible(str(path))) + "\n", args.ascii)
    else:
        write(messages("progress.reset_done", backup=visible(str(backup))) + "\n", args.ascii)
    return 0


def _confirmed(messages: Messages, path: Path, ascii_only: bool) -> bool:
    """Whether the student answers yes; an empty line or the end of input is a no."""
    if not sys.stdin.isatty():
        raise UserError(messages("progress.reset_needs_terminal"))
    write(messages("progress.reset_question", path=visible(str(path))), ascii_only)
    sys.stdout.flush()
    answer = sys.stdin.readline()
    return answer.strip().lower() in messages("progress.reset_yes").split(",")


def _read(path: Path, messages: Messages) -> Document:
    try:
        return read_document(path)
    except InvalidDocument as error:
        message = f"{describe(error, stored_path(path) or path, messages)} {messages('progress.corrupt_hint')}"
    except PROBLEMS as error:
        message = describe(error, stored_path(path) or path, messages)
    raise UserError(messages("progress.error", message=message))


def with_student(document: Document, path: Path) -> Document:
    """`document` with the student's name or id kept beside it (`student`, after `format_version`), if any."""
    try:
        name = stored_student(stored_settings(path))
    except PROBLEMS:
        name = None  # the document was read: settings that cannot be are left out
    if name is None:
        return document
    rest = {key: value for key, value in document.items() if key not in ("format_version", "student")}
    return {"format_version": document["format_version"], "student": name, **rest}


def _as_csv(document: Document) -> str:
    import csv
    import io

    rows: list[tuple] = []
    for module_id, module in document.get("modules", {}).items():
        for quiz_id in module.get("quizzes", {}):
            for attempt in doc.attempts(document, module_id, quiz_id):
                answers = ";".join(f"{question}={option}" for question, option in attempt["answers"].items())
                duration = attempt.get("duration")
                seconds = "" if duration is None else f"{duration:.1f}"
                fields = (attempt["at"], attempt["score"], attempt["total"], seconds, answers)
                rows.append((module_id, quiz_id, *fields, "quiz", "", "", "", ""))
    for exercise_id in document.get("exercises", {}):
        reads = doc.hints_read(document, exercise_id)
        for check in doc.exercise_checks(document, exercise_id):
            hints = max((read["level"] for read in reads if read["at"] <= check["at"]), default=0)
            passed = "true" if check["passed"] else "false"
            fields = (check["at"], "", "", f"{check['duration']:.2f}", "")
            rows.append(("", "", *fields, "exercise", exercise_id, passed, check["diagnosis"], hints))
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(CSV_COLUMNS)
    writer.writerows([_cell(value) for value in row] for row in sorted(rows, key=lambda row: row[2]))
    return output.getvalue()


def _cell(value: object) -> str:
    """A CSV cell that shows its text: control characters escaped, no formula for a spreadsheet to run."""
    return spreadsheet_cell(value)


def progress_table(course: Course, lang: str, document: Document, messages: Messages, path: Path) -> str:
    """Lessons visited and completed, and quiz attempts with the last and best scores, in 80 columns."""
    stored = stored_path(path)
    shown = visible(str(stored or StorePaths(path).database))
    lines = [messages("progress.file" if stored else "progress.no_file", path=shown)]
    for module in course.modules:
        heading = dict(number=module.number, total=course.total_modules, title=module.title.get(lang), id=module.id)
        lines += ["", messages("cli.lessons_module", **heading)]
        lines += _columns([_header(messages), *_module_rows(module, lang, document, messages)])
        lines += _review_lines(module, document, messages)
    lines += _exercise_lines(course, lang, document, messages)
    lines += ["", *_summary(course, lang, document, messages)]
    return "\n".join(lines) + "\n"


def _header(messages: Messages) -> tuple[str, ...]:
    return tuple(messages(f"progress.column_{name}") for name in ("lesson", "state", "attempts", "last", "best"))


def _module_rows(module: Module, lang: str, document: Document, messages: Messages) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for number, lesson in enumerate(module.lessons, 1):
        title = f"{number:2}. {lesson.title.get(lang)}"
        state = messages(f"progress.state_{doc.lesson_state(document, module.id, lesson.id)}")
        quizzes = lesson.quizzes
        if len(quizzes) == 1:
            rows.append((title, state, *_quiz_cells(document, module.id, quizzes[0].id)))
            continue
        rows.append((title, state, "", "", ""))
        for quiz in quizzes:
            label = f"      {quiz.title.get(lang) if quiz.title else quiz.id}"
            rows.append((label, "", *_quiz_cells(document, module.id, quiz.id)))
    return rows


def _quiz_cells(document: Document, module_id: str, quiz_id: str) -> tuple[str, str, str]:
    attempts = doc.attempts(document, module_id, quiz_id)
    if not attempts:
        return "0", "-", "-"
    best = doc.best_score(document, module_id, quiz_id)
    last = attempts[-1]
    return str(len(attempts)), f"{last['score']}/{last['total']}", "-" if best is None else f"{best[0]}/{best[1]}"


def _review_lines(module: Module, document: Document, messages: Messages) -> list[str]:
    """The module's review cards: how many, learned, due now, due within 7 days, predicted recall; then
    the figures of the review statistics screen (questions by state, answers and retention over the
    last 30 days, and day by day)."""
    from tutor.review.deck import cards_of, deck_counts, first_due, utc_now
    from tutor.review.wording import next_due_text, percent_text

    question_ids = [question.id for lesson in module.lessons for quiz in lesson.quizzes for question in quiz.questions]
    cards_by_id = cards_of(question_ids, lambda question_id: doc.card(document, question_id))
    now = utc_now()
    counts = deck_counts(cards_by_id, now)
    if not counts.cards:
        return ["", "  " + messages("review.cards_none")]
    cards = messages(
        "review.cards", cards=counts.cards, learned=counts.learned, due=counts.due_now, week=counts.due_this_week
    )
    due = messages("review.next_due", when=next_due_text(first_due(cards_by_id), now, messages))  # there are cards
    lines = ["", f"  {cards}"]
    if counts.recall is not None and counts.recall_later is not None:
        recall = messages(
            "review.recall",
            now=percent_text(counts.recall, messages.lang),
            later=percent_text(counts.recall_later, messages.lang),
        )
        lines.append(f"  {recall}")
    lines.append(f"  {due}")
    return lines + _statistics_lines(question_ids, cards_by_id, document, now, messages)


def _statistics_lines(
    question_ids: list[str], cards: dict[str, dict], document: Document, now: datetime, messages: Messages
) -> list[str]:
    """What the review statistics screen (`s`) shows, in words, wrapped at the width."""
    import textwrap

    from tutor.review.stats import day_lines, review_stats, summary_lines

    stats = review_stats(question_ids, cards, doc.review_logs(document), now)
    wrapped = []
    for line in summary_lines(stats, None, messages):
        wrapped += textwrap.wrap(line, WIDTH, initial_indent="  ", subsequent_indent="    ")
    days = day_lines(stats, messages)
    if days:
        wrapped.append("  " + messages("stats.per_day"))
        for line in days:
            wrapped += textwrap.wrap(line, WIDTH, initial_indent="    ", subsequent_indent="      ")
    return wrapped


def _exercise_lines(course: Course, lang: str, document: Document, messages: Messages) -> list[str]:
    """The course's hands-on exercises: passed (at least once), tried or new, attempts and hints read."""
    if not course.exercises:
        return []
    statuses = doc.exercise_statuses(document)
    rows = [tuple(messages(f"progress.column_{name}") for name in ("exercise", "state", "attempts", "hints"))]
    passed = 0
    for number, exercise in enumerate(course.exercises, 1):
        status = statuses.get(exercise.id) or {"attempts": 0, "hints": 0, "first_passed": None}
        state = "passed" if status["first_passed"] else "tried" if status["attempts"] else "new"
        passed += state == "passed"
        title = f"{number:2}. {exercise.title.get(lang)}"
        rows.append((title, messages(f"progress.exercise_{state}"), str(status["attempts"]), str(status["hints"])))
    heading = messages("progress.exercises_done", passed=passed, total=len(course.exercises))
    return ["", heading, *_columns(rows)]


def _columns(rows: list[tuple[str, ...]]) -> list[str]:
    """Rows laid out in columns: the first takes what the others leave of the width, and is cut to fit."""
    widths = [max(len(row[column]) for row in rows) for column in range(1, len(rows[0]))]
    room = WIDTH - 2 - sum(width + 2 for width in widths)
    lines = []
    for first, state, *numbers in rows:
        first = first if len(first) <= room else first[: room - 1] + "…"
        cells = [f"{first:<{room}}", f"{state:<{widths[0]}}"]
        cells += [f"{number:>{width}}" for number, width in zip(numbers, widths[1:])]
        lines.append(("  " + "  ".join(cells)).rstrip())
    return lines


def _summary(course: Course, lang: str, document: Document, messages: Messages) -> list[str]:
    lessons = [(module.id, lesson.id) for module in course.modules for lesson in module.lessons]
    states = [doc.lesson_state(document, module_id, lesson_id) for module_id, lesson_id in lessons]
    counts = dict(completed=states.count("completed"), visited=len(states) - states.count("new"), total=len(states))
    import textwrap

    lines = [messages("progress.lessons_done", **counts), *textwrap.wrap(messages("progress.completed_rule"), WIDTH)]
    position = doc.last_position(document)
    found = position and course.find_lesson(position[1])
    if found:
        module, lesson = found
        lines.append(messages("progress.resume", lesson=lesson.title.get(lang), module=module.title.get(lang)))
    return lines
