"""Exercises as course content: the loader reads them, and each mistake in their YAML, their
starting files or their references is reported at its file, line and column."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import REAL_COURSE, ROOT
from tutor.content.errors import LoadError, Problem
from tutor.content.loader import load_course
from tutor.content.model import NEUTRAL

STARTER = '''import numpy as np


def scale(x, factor=2.0):
    """x times factor."""
    raise NotImplementedError
'''

DECLARATIONS = """format_version: 1
exercises:
  - id: scale
    lesson: first
    level: 1
    file: scale.py
    title: {fr: Mise à l'échelle, en: Scaling}
    statement: {fr: Multipliez x., en: Multiply x.}
    hints:
      - {fr: Utilisez *., en: Use *.}
"""

CHECKS = """format_version: 1
checks:
  scale:
    - function: scale
      reference: tutor.sim.optim_steps:sgd_step
      cases:
        - label: {fr: un cas, en: one case}
          seed: 3
          args: {w: {normal: [2, 3]}, grad: {zeros: [2, 3]}, lr: 0.5, weight_decay: 0.0}
"""


@pytest.fixture
def course(course_dir: Path) -> Path:
    """The fixture course with one exercise (its function's signature differs from the reference's on purpose)."""
    (course_dir / "course.yaml").write_text((course_dir / "course.yaml").read_text() + "exercises: practice\n")
    directory = course_dir / "practice"
    directory.mkdir()
    (directory / "scale.py").write_text(
        STARTER.replace("def scale(x, factor=2.0)", "def scale(w, grad, lr, weight_decay)")
    )
    (directory / "exercises.yaml").write_text(DECLARATIONS)
    (directory / "checks.yaml").write_text(CHECKS)
    return course_dir


def problems_of(root: Path) -> list[Problem]:
    with pytest.raises(LoadError) as caught:
        load_course(root, exercise_checks=True)
    return list(caught.value.problems)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def where(path: Path, needle: str) -> tuple[int, int]:
    """Line and column (from 1) of the first `needle` in `path`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(f"{needle!r} not in {path}")


def test_a_course_with_an_exercise_loads(course: Path) -> None:
    (exercise,) = load_course(course, exercise_checks=True).exercises
    assert (exercise.id, exercise.lesson, exercise.file, exercise.checks[0].function) == (
        "scale",
        "first",
        "scale.py",
        "scale",
    )
    arg = exercise.checks[0].cases[0].args[0]
    assert (arg.name, arg.kind, arg.shape) == ("w", "normal", (2, 3))


MISTAKES = [
    # (file, what is changed in it, into what, the text at the reported place, words of the message)
    ("exercises.yaml", "lesson: first", "lesson: nowhere", "nowhere", "no lesson 'nowhere' in the course"),
    ("exercises.yaml", "level: 1", "level: 4", "4", "level (1 easy, 2 medium, 3 hard) must be from 1 to 3, not 4"),
    ("exercises.yaml", "file: scale.py", "file: scales.py", "scales.py", "no starting file 'scales.py'"),
    ("exercises.yaml", "    hints:", "    hint:", "hint:", "unknown key 'hint' in exercise (did you mean 'hints'?)"),
    ("exercises.yaml", "id: scale", "id: scaled", "scaled", "exercise 'scaled' has no checks in checks.yaml"),
    ("checks.yaml", "  scale:", "  scaling:", "scaling", "'scaling' is not an exercise of exercises.yaml"),
    ("checks.yaml", "function: scale", "function: scaled", "scaled", "scale.py defines no top-level function 'scaled'"),
    (
        "checks.yaml",
        "reference: tutor.sim.optim_steps:sgd_step",
        "reference: tutor.sim.optim_steps:sgd",
        "tutor.sim.optim_steps:sgd",
        "optim_steps.py defines no top-level function 'sgd'",
    ),
    (
        "checks.yaml",
        "reference: tutor.sim.optim_steps:sgd_step",
        "reference: os:system",
        "os:system",
        "must be tutor.sim.MODULE:FUNCTION",
    ),
    ("checks.yaml", "lr: 0.5", "rate: 0.5", "{w:", "takes no argument 'rate'"),
    ("checks.yaml", "lr: 0.5, ", "", "{w:", "needs 'lr'"),
    ("checks.yaml", "{normal: [2, 3]}", "{normal: [2, 0]}", "0]", "dimension must be from 1 to 100000, not 0"),
    (
        "checks.yaml",
        "{normal: [2, 3]}",
        "{gaussian: [2, 3]}",
        "{gaussian",
        "must be a value or a mapping with one of normal",
    ),
    ("checks.yaml", "{zeros: [2, 3]}", "{uniform: [2, 3], low: 2, high: 1}", "{uniform", "low must be less than high"),
    ("checks.yaml", "seed: 3", "seed: -1", "-1", "seed must be from 0 to 4294967295"),
]


@pytest.mark.parametrize(("name", "old", "new", "at", "words"), MISTAKES, ids=[m[4][:40] for m in MISTAKES])
def test_a_mistake_in_the_declarations_is_reported_at_its_line_and_column(
    course: Path, name, old, new, at, words
) -> None:
    path = course / "practice" / name
    edit(path, old, new)
    problems = problems_of(course)
    assert [str(p) for p in problems if words in p.message], problems
    problem = next(p for p in problems if words in p.message)
    assert (problem.path, (problem.line, problem.column)) == (path, where(path, at))


def test_a_syntax_error_in_a_starting_file_is_reported_in_that_file(course: Path) -> None:
    path = course / "practice" / "scale.py"
    edit(path, '    """x times factor."""', "    return x +")
    (problem,) = problems_of(course)
    assert (problem.path, problem.line) == (path, 5)
    assert problem.message.startswith("syntax error")


def test_a_starting_file_must_raise_not_implemented_error(course: Path) -> None:
    edit(course / "practice" / "scale.py", "raise NotImplementedError", "return w")
    (problem,) = problems_of(course)
    assert "must raise NotImplementedError" in problem.message


def test_a_missing_exercises_directory_is_reported_in_course_yaml(course: Path) -> None:
    edit(course / "course.yaml", "exercises: practice", "exercises: practise")
    (problem,) = problems_of(course)
    assert (problem.path.name, problem.line) == ("course.yaml", where(course / "course.yaml", "practise")[0])
    assert "no exercises directory 'practise'" in problem.message


def test_a_duplicate_exercise_id_names_the_first(course: Path) -> None:
    path = course / "practice" / "exercises.yaml"
    text = path.read_text()
    path.write_text(text + text.split("exercises:\n", 1)[1])
    problems = problems_of(course)
    assert any("duplicate exercise id 'scale': already used at line 3" in p.message for p in problems), problems


def test_the_validate_command_reports_exercise_mistakes_with_file_line_and_column(course: Path) -> None:
    import subprocess
    import sys

    edit(course / "practice" / "exercises.yaml", "level: 1", "level: 9")
    result = subprocess.run(
        [sys.executable, "-m", "tutor", "validate", str(course)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    line, column = where(course / "practice" / "exercises.yaml", "9")
    assert result.returncode == 2
    assert (
        f"exercises.yaml:{line}:{column}: level (1 easy, 2 medium, 3 hard) must be from 1 to 3, not 9" in result.stderr
    )


# French typography: a no-break space (U+00A0 or the narrow U+202F) before : ; ! ?, outside code.
CODE = re.compile(r"`[^`]*`|\{[^}]*\}")
BARE = re.compile(r"(?<![\u00a0\u202f])[:;!?]")


def french_texts() -> list[tuple[str, str]]:
    course = load_course(REAL_COURSE, exercise_checks=True)
    texts = []
    for exercise in course.exercises:
        localized = [exercise.title, exercise.statement, *exercise.hints]
        localized += [case.label for check in exercise.checks for case in check.cases if case.label]
        texts += [(exercise.id, text.get("fr")) for text in localized if text.texts[0][0] != NEUTRAL]
    strings = yaml.safe_load((ROOT / "tutor/text/locales/fr/exercises.yaml").read_text(encoding="utf-8"))
    texts += [(f"locale {key}", value) for key, value in strings.items()]
    return texts


def test_french_texts_have_a_no_break_space_before_high_punctuation() -> None:
    wrong = [(where, text) for where, text in french_texts() if BARE.search(CODE.sub("", text).replace("[o/N]", ""))]
    assert wrong == []


def test_the_locales_have_the_same_keys_and_fields_in_both_languages() -> None:
    def fields(lang: str) -> dict[str, set[str]]:
        strings = yaml.safe_load((ROOT / f"tutor/text/locales/{lang}/exercises.yaml").read_text(encoding="utf-8"))
        return {key: set(re.findall(r"\{(\w+)", value)) for key, value in strings.items()}

    assert fields("fr") == fields("en")


def test_without_its_checks_the_course_loads_faster_and_reads_them_when_asked(course: Path) -> None:
    from tutor.content.exercises import with_checks

    light = load_course(course)
    assert light.exercises[0].checks == ()
    assert with_checks(light.exercises, light.languages) == load_course(course, exercise_checks=True).exercises
    edit(course / "practice" / "checks.yaml", "lr: 0.5", "rate: 0.5")
    assert load_course(course).exercises[0].id == "scale"  # a mistake in the checks waits for them
    with pytest.raises(LoadError, match="takes no argument 'rate'"):
        with_checks(light.exercises, light.languages)
