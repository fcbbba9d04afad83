"""The class report's figures and outputs, on a generated class (tests/support/classroom.py)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections import Counter
from datetime import datetime, UTC
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURE_COURSE
from tests.support.classroom import (
    DUE_NOW,
    NAMELESS,
    STUDENTS,
    Classroom,
    Student,
    expected_band,
    make_classroom,
)
from tests.unit.test_progress_readonly import state_of
from tutor.content.loader import load_course
from tutor.progress.document import InvalidDocument, NewerFormat, check
from tutor.progress.storage import NotProgressFile
from tutor.report import output
from tutor.report.chart import bar_chart
from tutor.report.collect import collect
from tutor.report.figures import Store, class_figures, exercises_passed, last_active
from tutor.text.i18n import Messages

COURSE = load_course(FIXTURE_COURSE)


@pytest.fixture(scope="module")
def classroom(tmp_path_factory: pytest.TempPathFactory) -> Classroom:
    return make_classroom(tmp_path_factory.mktemp("class"), COURSE)


def report_of(paths: list[Path], lang: str = "en"):
    collected = collect(paths)
    stores = [Store(str(found.path), found.document, found.student) for found in collected.stores]
    return collected, class_figures(COURSE, stores, lang, datetime.now(UTC))


def by_file(classroom: Classroom) -> dict[str, Student]:
    return {str(student.file): student for student in classroom.students}


def test_every_student_is_read_and_every_bad_file_named_once(classroom: Classroom) -> None:
    before = state_of(classroom.directory)
    collected, figures = report_of([classroom.directory])
    assert state_of(classroom.directory) == before  # nothing written, migrated, moved aside, no lock
    assert sorted(str(found.path) for found in collected.stores) == sorted(map(str, by_file(classroom)))
    assert len(figures.students) == STUDENTS
    named = {item.path: item.error for item in collected.not_read}
    assert set(named) == set(classroom.bad.values())  # the tutor's own copies are not named
    assert isinstance(named[classroom.bad["corrupt"]], InvalidDocument)
    assert isinstance(named[classroom.bad["newer"]], NewerFormat)
    assert isinstance(named[classroom.bad["unreadable"]], (PermissionError, NotProgressFile))
    assert not {str(path) for path in classroom.skipped} & {str(found.path) for found in collected.stores}


def test_each_students_figures_are_right(classroom: Classroom) -> None:
    _, figures = report_of([classroom.directory])
    expected = by_file(classroom)
    lessons = sum(len(module.lessons) for module in COURSE.modules)
    for row in figures.students:
        student = expected[row.file]
        assert row.student == student.name
        assert (row.lessons_completed, row.lessons_total) == (len(student.completed), lessons)
        assert (None if row.best is None else (row.best.score, row.best.total)) == student.best()
        assert (None if row.last is None else (row.last.score, row.last.total)) == student.last()
        for quiz_id, attempts in student.attempts.items():
            assert row.quizzes[quiz_id].attempts == len(attempts)
        passed = None if student.exercises is None else sum(student.exercises.values())
        assert row.exercises_passed == passed
        assert row.cards == len(student.cards)
        assert row.cards_learned == sum(state == 2 for state, _ in student.cards.values())
        assert row.cards_due == sum(due == DUE_NOW for _, due in student.cards.values())
        assert (row.last_active is None) == (not student.answers and not student.completed and not student.attempts)
    names = [row.student for row in figures.students]
    assert names[-len(NAMELESS) :] == [None] * len(NAMELESS)  # files without a name come last
    assert names.index("Élodie Ravel") < names.index("Student 06")  # sorted as a reader sorts, accents aside


def test_each_questions_figures_are_right(classroom: Classroom) -> None:
    _, figures = report_of([classroom.directory], "fr")
    questions = COURSE.questions()
    assert [row.id for row in figures.questions] == list(questions)  # course order
    for row in figures.questions:
        question = questions[row.id][2]
        answers = [student.answers[row.id] for student in classroom.students if row.id in student.answers]
        assert row.answered == len(answers)
        assert row.right_first == sum(chosen[0] == question.answer for chosen in answers)
        assert row.right_last == sum(chosen[-1] == question.answer for chosen in answers)
        wrong = Counter(chosen[0] for chosen in answers if chosen[0] != question.answer)
        assert {(item.option, item.students) for item in row.wrong_first} == set(wrong.items())
        if wrong:
            top = max(wrong.values())
            assert row.most_chosen_wrong.students == top
            assert row.most_chosen_wrong.option == min(option for option, count in wrong.items() if count == top)
            if row.most_chosen_wrong.option < len(question.options):
                assert row.most_chosen_wrong.text == question.options[row.most_chosen_wrong.option].text.get("fr")
        assert row.text == question.prompt.get("fr")


def test_the_distribution_counts_each_best_score_once(classroom: Classroom) -> None:
    _, figures = report_of([classroom.directory])
    bands = Counter(expected_band(*student.best()) for student in classroom.students if student.best())
    assert list(figures.distribution) == [bands.get(band, 0) for band in range(10)]


def test_a_file_named_twice_is_read_once_and_named_files_are_read_whatever_their_name(classroom: Classroom) -> None:
    one = classroom.students[0].file
    copy = classroom.skipped[0]  # a backup: left out of a directory's search, read when named
    collected, _ = report_of([one, classroom.directory / one.parent.name, one, copy])
    assert [str(found.path) for found in collected.stores] == [str(one), str(copy)]
    assert not collected.not_read


def test_what_cannot_be_read_is_named_with_its_reason_and_the_rest_is_read(
    classroom: Classroom, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = classroom.students[2].file
    refused = target.stat().st_ino
    real_open = os.open

    def refusing(name, flags, *args, **kwargs):  # as a file of mode 0600 of another user is, even to root
        try:  # by path or in a directory (dir_fd=): the same file either way
            seen = os.stat(name, dir_fd=kwargs.get("dir_fd"), follow_symlinks=False).st_ino
        except OSError:
            seen = None
        if seen == refused:
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)
    collected, figures = report_of([classroom.directory / "home00", target, classroom.directory / "missing"])
    assert len(figures.students) == 1
    reasons = {item.path.name: output.reason(item.error, Messages("en")) for item in collected.not_read}
    assert reasons == {"progress.sqlite3": "permission denied", "missing": "does not exist"}


def test_the_text_report_names_the_bad_files_and_fits_80_columns(classroom: Classroom) -> None:
    collected, figures = report_of([classroom.directory])
    messages = Messages("en")
    chart = bar_chart(output.chart_labels(figures, messages), figures.distribution, colour=False, ascii_only=False)
    text = output.text_report("Test course", figures, collected.not_read, messages, chart)
    lines = text.splitlines()
    assert lines[1] == "30 progress stores read; 3 files could not be read (listed at the end)."
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
    tail = " ".join(text[text.index("Could not be read") :].split())
    for path in classroom.bad.values():
        assert str(path) in tail
    assert "written by a newer cnn-tutor (format 2; this one reads format 1)" in tail
    assert f"{classroom.bad['corrupt']}: damaged (" in tail
    assert "\x1b" not in text
    student = next(row for row in figures.students if row.student == "Student 00")
    row = next(line for line in lines if line.startswith("  Student 00"))
    assert row.split()[2:5] == [
        f"{student.lessons_completed}/3",
        *("-" if score is None else f"{score.score}/{score.total}" for score in (student.best, student.last)),
    ]


def test_a_student_without_a_name_is_shown_by_what_tells_their_file_from_the_others(classroom: Classroom) -> None:
    collected, figures = report_of([classroom.directory])
    text = output.text_report("Test course", figures, collected.not_read, Messages("en"), None)
    for number in NAMELESS:
        file = classroom.students[number].file
        assert file.name == "progress.sqlite3"  # every store of the class has that name: its folder tells them apart
        assert f"  {file.parent.relative_to(classroom.directory)}/ " in text


@pytest.mark.parametrize(
    ("files", "labels"),
    [
        (["/lab/ana/progress.sqlite3", "/lab/bob/progress.json"], ["ana/", "bob/"]),
        (["/lab/ana.sqlite3", "/lab/bob.json"], ["ana.sqlite3", "bob.json"]),
        (["/lab/s1/progress.sqlite3", "/lab/s2/old/ana.sqlite3"], ["s1/", "s2/old/ana.sqlite3"]),
        (["/lab/ana/progress.sqlite3"], ["ana/"]),
        (["/lab/handed-in/bob.json"], ["bob.json"]),
        (
            ["/home/ana/.local/share/cnn-tutor/progress.sqlite3", "/home/bob/.local/share/cnn-tutor/progress.sqlite3"],
            ["ana/", "bob/"],
        ),
        (
            ["/h/ana/.local/cnn/progress.sqlite3", "/h/bob/cnn/progress.json", "/h/eve.json"],
            ["ana/.local/", "bob/", "eve.json"],
        ),
        (["progress.sqlite3"], ["progress.sqlite3"]),
        (["/lab/ana/progress.sqlite3", "bob/progress.sqlite3"], ["/lab/ana/progress.sqlite3", "bob/progress.sqlite3"]),
    ],
)
def test_file_labels(files: list[str], labels: list[str]) -> None:
    expected = [label if label in files else label.replace("/", os.sep) for label in labels]
    assert [output.file_labels(files)[file] for file in files] == expected


def test_the_questions_least_often_right_come_first(classroom: Classroom) -> None:
    collected, figures = report_of([classroom.directory])
    text = output.text_report("Test course", figures, collected.not_read, Messages("en"), None)
    order = [line.split(".")[0] for line in text.splitlines() if re.match(r"Q\d+\. ", line)]
    shares = {f"Q{row.number}": row.share_right_first for row in figures.questions}
    assert sorted(order, key=lambda name: shares[name]) == order and len(order) == len(figures.questions)


def test_french_is_typeset_and_ascii_is_ascii(classroom: Classroom) -> None:
    collected, figures = report_of([classroom.directory], "fr")
    messages = Messages("fr")
    chart = bar_chart(output.chart_labels(figures, messages), figures.distribution, colour=False, ascii_only=True)
    text = output.text_report("Cours d'essai", figures, collected.not_read, messages, chart)
    assert "Bilan de la classe\u00a0: Cours d'essai" in text and "30 fichiers de progression lus\u00a0;" in text
    prose = text[: text.index("Meilleurs scores")]  # then the ASCII chart, file names and the system's words
    for _, _, question in COURSE.questions().values():  # the fixture course is not typeset: its texts are left out
        for course_text in (question.prompt, *(option.text for option in question.options)):
            prose = prose.replace(course_text.get("fr"), "")
    assert not any(f" {mark}" in prose for mark in ":;!?%»"), "an ordinary space before French punctuation"
    assert chart.isascii() and "+-" in chart and "┌" not in chart


def test_csv_tables_have_their_columns_and_neutralise_cells(classroom: Classroom) -> None:
    _, figures = report_of([classroom.directory])
    students = list(csv.reader(io.StringIO(output.students_csv(figures))))
    assert tuple(students[0]) == output.STUDENT_COLUMNS and len(students) == STUDENTS + 1
    expected = by_file(classroom)
    for row in students[1:]:
        record = dict(zip(output.STUDENT_COLUMNS, row))
        student = expected[record["file"]]
        best = student.best()
        assert (record["best_score"], record["best_total"]) == (("", "") if best is None else tuple(map(str, best)))
        assert record["student"] == (student.name or "")
    questions = list(csv.reader(io.StringIO(output.questions_csv(figures))))
    assert tuple(questions[0]) == output.QUESTION_COLUMNS and len(questions) == len(COURSE.questions()) + 1
    assert [row[1] for row in questions[1:]] == list(COURSE.questions())


def test_a_cell_from_a_students_file_cannot_run_in_a_spreadsheet_nor_on_a_terminal() -> None:
    document = {"format_version": 1}
    figures = class_figures(COURSE, [Store('=HYPERLINK("x")\x1b[2J.json', document, None)], "en", datetime.now(UTC))
    row = list(csv.reader(io.StringIO(output.students_csv(figures))))[1]
    assert row[1] == '\'=HYPERLINK("x")\\x1b[2J.json'
    text = output.text_report("T", figures, [], Messages("en"), None)
    assert "\x1b" not in text


def test_json_has_every_figure(classroom: Classroom) -> None:
    collected, figures = report_of([classroom.directory])
    data = json.loads(
        output.json_report({"title": "T", "lang": "en"}, figures, collected.not_read, Messages("en"), "now")
    )
    assert data["report_version"] == 1 and len(data["students"]) == STUDENTS
    assert {item["file"] for item in data["not_read"]} == {str(path) for path in classroom.bad.values()}
    assert [band["students"] for band in data["distribution"]] == list(figures.distribution)
    assert (data["distribution"][0]["from"], data["distribution"][0]["to"], data["distribution"][9]["to"]) == (
        0,
        9,
        100,
    )
    first = data["students"][0]
    assert set(first) >= {
        "student",
        "file",
        "lessons_completed",
        "best",
        "last",
        "quizzes",
        "exercises_passed",
        "cards_learned",
        "cards_due",
        "last_active",
    }
    question = data["questions"][0]
    assert question["answered"] == figures.questions[0].answered and isinstance(question["wrong_first"], list)


@pytest.mark.parametrize(
    "counts", [[0, 1, 0, 2, 3, 5, 8, 6, 3, 2], [0] * 9 + [30], [1] + [0] * 9, [5] * 10, [0, 0, 0, 40, 0, 0, 0, 0, 1, 0]]
)
def test_the_chart_has_a_row_per_band_and_bars_as_long_as_their_counts(counts: list[int]) -> None:
    labels = [f"band {band}  ({count})" for band, count in enumerate(counts)]
    chart = bar_chart(labels, counts, colour=False, ascii_only=True)
    rows = {line.split("+")[0].strip(): line for line in chart.splitlines() if line.lstrip().startswith("band")}
    assert len(rows) == 10 and chart.isascii() and "\x1b" not in chart
    lengths = [rows[label].count("#") for label in labels]
    width = max(lengths)
    for count, length in zip(counts, lengths):
        # plotext rounds a bar's both ends to cells: within one cell and a half of its exact length
        assert abs(length - count * width / max(counts)) <= 1.5, (counts, lengths)
        assert (length == 0) == (count == 0)


def test_the_chart_has_colour_only_when_asked() -> None:
    assert "\x1b[" in bar_chart(["a", "b"], [1, 2], colour=True, ascii_only=False)
    assert "\x1b" not in bar_chart(["a", "b"], [1, 2], colour=False, ascii_only=False)


def test_exercises_read_as_none_when_the_store_has_none_and_count_each_way_of_passing() -> None:
    assert exercises_passed({"format_version": 1}) is None
    assert exercises_passed({"exercises": {}}) == 0
    assert (
        exercises_passed(
            {
                "exercises": {
                    "a": {"passes": 2},
                    "b": {"first_passed": "2025-01-01T00:00:00+00:00"},
                    "c": {"passed": True},
                    "d": {"attempts": [{"passed": False}, {"passed": True}]},
                    "e": {"passes": 0, "attempts": 3},
                    "f": "junk",
                    "g": {"passes": True},
                    "h": {"attempts": [{"passed": 1}]},
                }
            }
        )
        == 4
    )


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 2000)
    | st.text(max_size=8)
    | st.sampled_from(
        ["2025-01-01T00:00:00+00:00", "2025-01-01T00:00:00", "q-first", "q-third-1", "basics", "third-quiz"]
    ),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "at",
                    "option",
                    "score",
                    "total",
                    "answers",
                    "attempts",
                    "history",
                    "passes",
                    "card",
                    "state",
                    "due",
                    "first_passed",
                    "completed",
                    "lessons",
                    "quizzes",
                    "best",
                    "x",
                ]
            ),
            inner,
            max_size=4,
        )
    ),
    max_leaves=25,
)
IDS = st.sampled_from(["basics", "first", "second", "third", "basics-quiz", "third-quiz", "q-first", "q-third-1", "x"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    modules=st.dictionaries(IDS, JSON_VALUES, max_size=3),
    questions=st.dictionaries(IDS, JSON_VALUES, max_size=3),
    cards=st.dictionaries(IDS, JSON_VALUES, max_size=3),
    exercises=JSON_VALUES,
)
def test_any_document_the_store_accepts_gives_figures_never_a_crash(modules, questions, cards, exercises) -> None:
    document = {"format_version": 1, "modules": modules, "questions": questions, "cards": cards, "exercises": exercises}
    try:
        check(document)
    except InvalidDocument:
        return  # refused when read: named, never reaches the figures
    figures = class_figures(COURSE, [Store("f", document, None)], "en", datetime.now(UTC))
    output.text_report("T", figures, [], Messages("en"), None)
    output.students_csv(figures), output.questions_csv(figures)
    assert last_active(document) is None or last_active(document) >= "2025"


def test_a_store_in_use_by_the_students_tutor_is_read_and_the_session_goes_on(tmp_path: Path) -> None:
    from tutor.progress import ProgressStore

    store = ProgressStore(tmp_path / "ana" / "progress.json")
    store.remember_student("Ana")
    store.mark_completed("basics", "first")
    _, figures = report_of([tmp_path])
    assert [row.student for row in figures.students] == ["Ana"] and figures.students[0].lessons_completed == 1
    store.mark_completed("basics", "second")  # the reader took no lock and left nothing in the way
    assert store.warning is None and store.close() == 0
    assert report_of([tmp_path])[1].students[0].lessons_completed == 2
