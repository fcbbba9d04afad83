"""Random mutations of a valid course: the loader returns a course or raises LoadError, nothing else.

Each example takes one file of the fixture course and applies one to four mutations (byte flips,
deletions, duplications, YAML tokens inserted anywhere or where a value starts, lines deleted,
duplicated, re-indented or spliced from another file), then loads the course. Every problem must name a file of the course, a line
and column from 1 (or none), and print on one line without control or bidi characters.

The suite runs a few hundred mutations (seconds); the long run of 10,000 is
`CNN_TUTOR_FUZZ_EXAMPLES=10000 .venv/bin/python -m pytest -q tests/unit/test_loader_fuzz.py` (README).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURE_COURSE
from tutor.content.errors import LoadError
from tutor.content.loader import load_course
from tutor.content.model import Course
from tutor.text.sanitise import has_invisible

EXAMPLES = int(os.environ.get("CNN_TUTOR_FUZZ_EXAMPLES", "300"))
FILES = sorted(path.relative_to(FIXTURE_COURSE) for path in FIXTURE_COURSE.rglob("*.yaml"))
ORIGINALS = {name: (FIXTURE_COURSE / name).read_bytes() for name in FILES}
TOKENS = [
    # explicit tags, among them the scalar tags whose bad values crashed PyYAML's constructors
    "!!bool ",
    "!!int ",
    "!!float ",
    "!!str ",
    "!!null ",
    "!!binary ",
    "!!timestamp ",
    "!!set ",
    "!!omap ",
    "!!python/object:os.system ",
    "!!python/name:os.system ",
    "!custom ",
    "!<tag:yaml.org,2002:int> ",
    "! ",
    # structure
    "- ",
    ": ",
    "? ",
    "{",
    "}",
    "[",
    "]",
    ", ",
    "'",
    '"',
    "|",
    ">",
    "|-",
    ">+",
    "#",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "%TAG ! tag:x,2000:\n",
    "&a ",
    "*a",
    "<<: ",
    "\n",
    "\n  ",
    "\t",
    "  ",
    "\r",
    "\\",
    "\\x1b",
    "\\u202e",
    # values
    "''",
    '""',
    "~",
    "null",
    "true",
    "yes",
    "no",
    "on",
    ".nan",
    ".inf",
    "-.inf",
    "0x",
    "0o",
    "0b",
    "1_000",
    "1:2:3",
    "1e400",
    "9" * 30,
    "-",
    "+",
    "_",
    "=",
    "<<",
    "0",
    "-1",
    "2.5",
    "id",
    "blocks",
    "text",
    "quiz",
    "widget",
    "params",
    # characters the loader refuses or must pass through
    "\x1b[2J",
    "\x00",
    "\x07",
    "\x85",
    "\u202e",
    "\u200b",
    "\ufeff",
    "\u00a0",
    "\u202f",
    "é",
    "😀",
    "\ud800",
]


@st.composite
def mutation(draw: st.DrawFn) -> tuple:
    kinds = [
        "flip",
        "delete",
        "duplicate",
        "insert",
        "before_value",
        "line_delete",
        "line_duplicate",
        "indent",
        "splice",
    ]
    kind = draw(st.sampled_from(kinds))
    where = draw(st.floats(0, 1, exclude_max=True))
    if kind == "flip":
        return (kind, where, draw(st.integers(0, 255)))
    if kind in ("delete", "duplicate"):
        return (kind, where, draw(st.integers(1, 40)), draw(st.floats(0, 1, exclude_max=True)))
    if kind in ("insert", "before_value"):
        return (kind, where, draw(st.sampled_from(TOKENS)))
    if kind == "indent":
        return (kind, where, draw(st.integers(-4, 4)))
    if kind == "splice":
        return (kind, where, draw(st.sampled_from(FILES)), draw(st.floats(0, 1, exclude_max=True)))
    return (kind, where)


def mutate(data: bytes, change: tuple) -> bytes:
    kind, where = change[0], change[1]
    at = int(where * (len(data) + 1))
    lines = data.splitlines(keepends=True) or [b""]
    line = int(where * len(lines))
    if kind == "flip":
        return data[:at] + bytes([change[2]]) + data[at + 1 :]
    if kind == "delete":
        return data[:at] + data[at + change[2] :]
    if kind == "duplicate":
        piece = data[at : at + change[2]]
        target = int(change[3] * (len(data) + 1))
        return data[:target] + piece + data[target:]
    if kind == "insert":
        return data[:at] + change[2].encode("utf-8", "surrogatepass") + data[at:]
    if kind == "before_value":  # where a value starts: after a key's ": " or an item's "- "
        starts = [index + 2 for index in range(len(data) - 1) if data[index : index + 2] in (b": ", b"- ")] or [0]
        at = starts[int(where * len(starts))]
        return data[:at] + change[2].encode("utf-8", "surrogatepass") + data[at:]
    if kind == "line_delete":
        return b"".join(lines[:line] + lines[line + 1 :])
    if kind == "line_duplicate":
        return b"".join(lines[: line + 1] + lines[line:])
    if kind == "indent":
        delta = change[2]
        changed = (
            b" " * delta + lines[line]
            if delta >= 0
            else lines[line][min(-delta, len(lines[line]) - len(lines[line].lstrip(b" "))) :]
        )
        return b"".join(lines[:line] + [changed] + lines[line + 1 :])
    other = ORIGINALS[change[2]].splitlines(keepends=True) or [b""]
    return b"".join(lines[:line] + [other[int(change[3] * len(other))]] + lines[line:])


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("fuzz") / "course"
    shutil.copytree(FIXTURE_COURSE, root)
    yield root


def test_the_mutations_change_files() -> None:
    data = ORIGINALS[FILES[0]]
    assert mutate(data, ("insert", 0.0, "!!bool ")).startswith(b"!!bool ")
    assert mutate(data, ("line_delete", 0.0)) == b"".join(data.splitlines(keepends=True)[1:])


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.sampled_from(FILES), st.lists(mutation(), min_size=1, max_size=4))
def test_a_mutated_course_loads_or_raises_load_error(course: Path, name: Path, changes: list[tuple]) -> None:
    data = ORIGINALS[name]
    for change in changes:
        data = mutate(data, change)
    (course / name).write_bytes(data)
    try:
        loaded = load_course(course)
    except LoadError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.path == course or course in problem.path.parents, problem
            assert (problem.line is None) == (problem.column is None) and (
                problem.line is None or problem.line >= 1 <= problem.column
            )
            printed = str(problem)
            assert "\n" not in printed and not has_invisible(printed), printed
    else:
        assert isinstance(loaded, Course)
    finally:
        (course / name).write_bytes(ORIGINALS[name])
