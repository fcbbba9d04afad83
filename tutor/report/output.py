"""The class report printed: a text report (80 columns, with a chart), CSV tables, or JSON.

Everything from a student's file (names, file names) is printed through `visible` (text) or
`spreadsheet_cell` (CSV); JSON is ASCII, every other character escaped.
"""

from __future__ import annotations

import csv
import io
import json
import os
import textwrap
from collections.abc import Sequence
from datetime import datetime
from pathlib import PurePath

from tutor.progress.document import FORMAT_VERSION, InvalidDocument, NewerFormat
from tutor.progress.storage import NotProgressFile, SymlinkRefused
from tutor.report.collect import NotRead, SymbolicLink
from tutor.report.figures import BANDS, ClassFigures, QuestionFigures, Score, StudentFigures
from tutor.text.i18n import Messages
from tutor.text.sanitise import spreadsheet_cell, visible

WIDTH = 80
NAME_ROOM = 16
"""Columns a student's name should have in the table, at least."""
_LEFT_CUT = "\x00"
"""Marks a table cell to cut on the left when it is too long (a file's path; `visible` escapes any NUL of its own)."""
DEFAULT_STEM = "progress"
"""The name of the tutor's own progress file (`progress.sqlite3`, `progress.json`)."""
REPORT_VERSION = 1
"""The version of the JSON shape printed by `--json`."""
STUDENT_COLUMNS = (
    "student",
    "file",
    "lessons_completed",
    "lessons_total",
    "best_score",
    "best_total",
    "last_score",
    "last_total",
    "exercises_passed",
    "cards",
    "cards_learned",
    "cards_due",
    "last_active",
)
QUESTION_COLUMNS = (
    "number",
    "question_id",
    "module",
    "quiz",
    "question",
    "answered",
    "right_first",
    "right_last",
    "share_right_first",
    "share_right_last",
    "most_chosen_wrong_option",
    "most_chosen_wrong_text",
    "most_chosen_wrong_students",
)
_WHAT = {
    "a directory": "report.what_directory",
    "an empty file": "report.what_empty",
    "a character device": "report.what_device",
    "a block device": "report.what_device",
    "a named pipe": "report.what_pipe",
    "a socket": "report.what_socket",
    "a database of another program": "report.what_other_database",
    "not a cnn-tutor progress database": "report.what_other_file",
    "not a regular file": "report.what_other_file",
}


_OTHER_FILE = "not a cnn-tutor progress file: "
"""How `tutor.progress.store.parse_legacy` begins the reason of a JSON (or text) file that is not ours."""


# Text


def text_report(
    course_title: str, figures: ClassFigures, not_read: Sequence[NotRead], messages: Messages, chart: str | None
) -> str:
    """The whole report as text: who was read, the students, the questions, the chart, what was not read.

    Args:
        chart: The distribution drawn (see `chart_of`), or None when no student has a score.
    """
    say = messages
    lines = [say("report.title", course=course_title)]
    stores = say.plural("report.stores", len(figures.students))
    if not_read:
        lines += [
            say("report.summary_not_read", stores=stores, not_read=say.plural("report.not_read", len(not_read))),
            "",
        ]
    else:
        lines += [say("report.summary", stores=stores), ""]
    lines += [say("report.students"), *_student_table(figures.students, say), ""]
    legend = say("report.students_legend")
    if any(student.exercises_passed is not None for student in figures.students):
        legend += " " + say("report.exercises_legend")
    lines += [*_wrapped(legend, more=""), ""]
    lines += [say("report.questions"), *_wrapped(say("report.questions_legend"), more=""), ""]
    for question in sorted(figures.questions, key=_least_right_first):
        lines += [*_question_lines(question, say), ""]
    scored = sum(figures.distribution)
    if scored:
        lines += [say.plural("report.chart_title", scored), "", chart.rstrip("\n") if chart else ""]
    else:
        lines.append(say("report.chart_none"))
    if not_read:
        lines += ["", say("report.not_read_heading")]
        for item in not_read:
            lines += _wrapped(f"{visible(str(item.path))}: {reason(item.error, say)}", indent="  ", more="    ")
    return "\n".join(lines).rstrip("\n") + "\n"


def chart_labels(figures: ClassFigures, messages: Messages) -> list[str]:
    """One label per band, with its count: "60–69 %  (8)"."""
    labels = []
    for band, count in enumerate(figures.distribution):
        low, high = band * 100 // BANDS, (band + 1) * 100 // BANDS - (1 if band < BANDS - 1 else 0)
        labels.append(f"{messages('report.chart_band', low=low, high=high)}  ({count})")
    return labels


def _least_right_first(question: QuestionFigures) -> tuple:
    share = question.share_right_first
    return (share is None, share if share is not None else 0.0, question.number)


def _student_table(students: Sequence[StudentFigures], say: Messages) -> list[str]:
    # The exercises' column only once some store records exercises: 80 columns are few.
    exercises = any(student.exercises_passed is not None for student in students)
    names = ("student", "lessons", "best", "last", *(("exercises",) if exercises else ()), "learned", "due", "active")
    rows = [tuple(say(f"report.column_{name}") for name in names)]
    labels = file_labels([student.file for student in students if not student.student])
    for student in students:
        passed = () if not exercises else ("-" if student.exercises_passed is None else str(student.exercises_passed),)
        rows.append(
            (
                visible(student.student) if student.student else _LEFT_CUT + visible(labels[student.file]),
                f"{student.lessons_completed}/{student.lessons_total}",
                _score(student.best),
                _score(student.last),
                *passed,
                str(student.cards_learned),
                str(student.cards_due),
                _day(student.last_active),
            )
        )
    return _columns(rows)


def file_labels(files: Sequence[str]) -> dict[str, str]:
    """How the table names students without a name: their file's path from the directory all those
    files share; for a file with the tutor's own name, only the folders that tell it from the others
    (`/home/ana/.local/share/cnn-tutor/progress.sqlite3` → `ana/` beside `/home/bob/…`), since
    collected stores usually differ by one folder only."""
    if not files:
        return {}
    paths = [PurePath(file) for file in files]
    try:  # one file: its name, or its folder when the name is the tutor's own
        if len(paths) > 1:
            common = PurePath(os.path.commonpath([path.parent for path in paths]))
        else:
            common = paths[0].parent.parent if paths[0].stem == DEFAULT_STEM else paths[0].parent
    except ValueError:  # relative and absolute paths, or several drives: each is shown whole
        return {file: file for file in files}
    folders = {
        file: path.relative_to(common).parent.parts for file, path in zip(files, paths) if path.stem == DEFAULT_STEM
    }
    same_end = _common_end(list(folders.values())) if len(folders) > 1 else 0
    labels = {}
    for file, path in zip(files, paths):
        telling = folders.get(file, ())[: len(folders.get(file, ())) - same_end]
        labels[file] = str(PurePath(*telling)) + os.sep if telling else str(path.relative_to(common))
    return labels


def _common_end(parts: list[tuple[str, ...]]) -> int:
    """How many last folders every one of `parts` has in common, leaving each at least one."""
    count = 0
    while all(len(folders) > count + 1 for folders in parts) and len({folders[-1 - count] for folders in parts}) == 1:
        count += 1
    return count


def _score(score: Score | None) -> str:
    return "-" if score is None else f"{score.score}/{score.total}"


def _day(moment: str | None) -> str:
    """The local date of a stored UTC time."""
    if moment is None:
        return "-"
    return datetime.fromisoformat(moment).astimezone().date().isoformat()


def _columns(rows: list[tuple[str, ...]]) -> list[str]:
    """The first column left-aligned, taking what the others leave of the width (cut with …); the others
    right-aligned, two spaces apart, or one when the first column would be left less than `NAME_ROOM`."""
    widths = [max(len(row[column]) for row in rows) for column in range(1, len(rows[0]))]
    gap = 2
    room = WIDTH - 2 - sum(width + gap for width in widths)
    if room < NAME_ROOM:
        gap = 1
        room = WIDTH - 2 - sum(width + gap for width in widths)
    room = max(room, 8)
    first = min(room, max(len(row[0].removeprefix(_LEFT_CUT)) for row in rows))
    lines = []
    for name, *cells in rows:
        if name.startswith(_LEFT_CUT):  # a file: its end says most
            name = name[1:] if len(name) <= first + 1 else "…" + name[len(name) - first + 1 :]
        else:
            name = name if len(name) <= first else name[: first - 1] + "…"
        parts = [f"{name:<{first}}", *(f"{cell:>{width}}" for cell, width in zip(cells, widths))]
        lines.append(("  " + (" " * gap).join(parts)).rstrip())
    return lines


def _question_lines(question: QuestionFigures, say: Messages) -> list[str]:
    lines = _wrapped(say("report.question", number=question.number, text=visible(question.text)), more="    ")
    if not question.answered:
        return [*lines, "    " + say("report.not_answered")]
    answered = say.plural("report.answered", question.answered)
    right = say(
        "report.right", first=_percent(question.share_right_first, say), last=_percent(question.share_right_last, say)
    )
    lines += _wrapped(f"{answered} · {right}", indent="    ", more="    ")
    wrong = question.most_chosen_wrong
    if wrong is not None:
        fields = dict(count=wrong.students, answered=question.answered)
        if wrong.text is None:
            text = say("report.wrong_unknown", option=wrong.option + 1, **fields)
        else:
            text = say("report.wrong", text=visible(wrong.text), **fields)
        lines += _wrapped(text, indent="    ", more="    ")
    return lines


def _percent(share: float | None, say: Messages) -> str:
    return "-" if share is None else say("report.percent", value=round(100 * share))


def _wrapped(text: str, indent: str = "", more: str = "  ") -> list[str]:
    """`text` wrapped at the report's width; no-break spaces are not break points (textwrap's own rule)."""
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=more, break_on_hyphens=False) or [""]


def reason(error: Exception, say: Messages) -> str:
    """Why a file was not read, in a few words."""
    if isinstance(error, NewerFormat):
        return say("report.reason_newer", version=error.version, known=FORMAT_VERSION)
    if isinstance(error, InvalidDocument):
        detail = str(error)
        if detail.startswith("damaged database (") and detail.endswith(")"):  # the database's own words
            detail = detail[len("damaged database (") : -1]
        return say("report.reason_damaged", reason=visible(detail))
    if isinstance(error, NotProgressFile):
        what = _WHAT.get(error.reason)
        if what is None and error.reason.startswith(_OTHER_FILE):
            detail = say("report.what_other_file_detail", detail=visible(error.reason[len(_OTHER_FILE) :]))
            return say("report.reason_not_progress", reason=detail)
        return say("report.reason_not_progress", reason=say(what) if what else visible(error.reason))
    if isinstance(error, (SymbolicLink, SymlinkRefused)):
        return say("report.reason_link")
    if isinstance(error, FileNotFoundError):
        return say("report.reason_missing")
    if isinstance(error, PermissionError):
        return say("report.reason_permission")
    if isinstance(error, OSError):
        return say("report.reason_unreadable", reason=visible(error.strerror or str(error)))
    return say("report.reason_unreadable", reason=visible(str(error)))


# CSV


def students_csv(figures: ClassFigures) -> str:
    """One row per student (see `STUDENT_COLUMNS`)."""
    rows = []
    for student in figures.students:
        best, last = student.best, student.last
        rows.append(
            (
                student.student or "",
                student.file,
                student.lessons_completed,
                student.lessons_total,
                *_pair(best),
                *_pair(last),
                "" if student.exercises_passed is None else student.exercises_passed,
                student.cards,
                student.cards_learned,
                student.cards_due,
                student.last_active or "",
            )
        )
    return _csv(STUDENT_COLUMNS, rows)


def questions_csv(figures: ClassFigures) -> str:
    """One row per question of the course, in course order (see `QUESTION_COLUMNS`)."""
    rows = []
    for question in figures.questions:
        wrong = question.most_chosen_wrong
        rows.append(
            (
                question.number,
                question.id,
                question.module,
                question.quiz,
                question.text,
                question.answered,
                question.right_first,
                question.right_last,
                _share(question.share_right_first),
                _share(question.share_right_last),
                "" if wrong is None else wrong.option,
                "" if wrong is None or wrong.text is None else wrong.text,
                "" if wrong is None else wrong.students,
            )
        )
    return _csv(QUESTION_COLUMNS, rows)


def _pair(score: Score | None) -> tuple[object, object]:
    return ("", "") if score is None else (score.score, score.total)


def _share(share: float | None) -> str:
    return "" if share is None else f"{share:.3f}"


def _csv(columns: Sequence[str], rows: list[tuple]) -> str:
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([spreadsheet_cell(value) for value in row] for row in rows)
    return output.getvalue()


# JSON


def json_report(
    course: dict, figures: ClassFigures, not_read: Sequence[NotRead], messages: Messages, generated_at: str
) -> str:
    """Everything the report knows, for a program (see the README's "Class report")."""
    data = {
        "report_version": REPORT_VERSION,
        "generated_at": generated_at,
        "course": course,
        "students": [_student_json(student) for student in figures.students],
        "questions": [_question_json(question) for question in figures.questions],
        "distribution": [
            {"from": band * 100 // BANDS, "to": (band + 1) * 100 // BANDS - (band < BANDS - 1), "students": count}
            for band, count in enumerate(figures.distribution)
        ],
        "not_read": [{"file": str(item.path), "reason": reason(item.error, messages)} for item in not_read],
    }
    return json.dumps(data, indent=2, ensure_ascii=True) + "\n"


def _score_json(score: Score | None) -> dict | None:
    return None if score is None else {"score": score.score, "total": score.total}


def _student_json(student: StudentFigures) -> dict:
    return {
        "student": student.student,
        "file": student.file,
        "lessons_completed": student.lessons_completed,
        "lessons_total": student.lessons_total,
        "best": _score_json(student.best),
        "last": _score_json(student.last),
        "quizzes": {
            quiz_id: {"attempts": scores.attempts, "best": _score_json(scores.best), "last": _score_json(scores.last)}
            for quiz_id, scores in student.quizzes.items()
        },
        "exercises_passed": student.exercises_passed,
        "cards": student.cards,
        "cards_learned": student.cards_learned,
        "cards_due": student.cards_due,
        "last_active": student.last_active,
    }


def _question_json(question: QuestionFigures) -> dict:
    return {
        "number": question.number,
        "id": question.id,
        "module": question.module,
        "quiz": question.quiz,
        "text": question.text,
        "answered": question.answered,
        "right_first": question.right_first,
        "right_last": question.right_last,
        "share_right_first": question.share_right_first,
        "share_right_last": question.share_right_last,
        "wrong_first": [
            {"option": wrong.option, "text": wrong.text, "students": wrong.students} for wrong in question.wrong_first
        ],
    }
