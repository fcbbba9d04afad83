"""An extension of the format (`schema.Delegate`) is read by its own module, with the course reader's help.

This is how the exercises' `exercises:` key of course.yaml plugs in: one Field, one function.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.test_loader import edit
from tutor.content import schema as s
from tutor.content.errors import LoadError
from tutor.content.json_schema import file_schema
from tutor.content.loader import load_course

SEEN: list[tuple[str, frozenset[str] | None, dict]] = []


def read_extra(reader, node, course) -> str | None:
    """What an extension's reader gets: the file's NodeReader, the value's node, the CourseReader."""
    value = reader.string(node, "extra")
    if value == "bad":
        reader.error(node, "extra cannot be 'bad'")
        return None
    ids = course.lesson_ids()
    SEEN.append((value, None if ids is None else frozenset(ids), dict(course.options)))
    return value


@pytest.fixture
def extended(monkeypatch):
    field = s.Field(
        s.Delegate(f"{__name__}:read_extra", json={"type": "string"}), "an extension", required=False, attr=None
    )
    monkeypatch.setitem(s.COURSE.fields, "extra", field)
    s.COURSE.__dict__.pop("optional", None)  # the cached list of optional keys
    SEEN.clear()
    yield
    monkeypatch.undo()
    s.COURSE.__dict__.pop("optional", None)
    assert "extra" not in s.COURSE.optional


def test_a_delegate_reads_its_key_after_the_lessons_with_the_loaders_options(extended, course_dir: Path) -> None:
    edit(course_dir / "course.yaml", "modules: [basics]", "modules: [basics]\nextra: hello")
    load_course(course_dir, exercise_checks=True)
    assert SEEN == [("hello", frozenset({"first", "second", "third"}), {"exercise_checks": True})]
    assert file_schema("course")["properties"]["extra"] == {"type": "string", "description": "an extension"}


def test_a_delegates_problem_is_reported_with_the_others(extended, course_dir: Path) -> None:
    edit(course_dir / "course.yaml", "modules: [basics]", "modules: [basics]\nextra: bad")
    edit(course_dir / "basics" / "first.yaml", "style: warning", "style: danger")
    with pytest.raises(LoadError) as caught:
        load_course(course_dir)
    messages = [problem.message for problem in caught.value.problems]
    assert "extra cannot be 'bad'" in messages and any("callout style" in each for each in messages)
