"""The course content's version: an optional `version:` in course.yaml, named by `cnn-tutor --version`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.cli import version
from tutor.content.errors import LoadError
from tutor.content.loader import load_course


def with_version(course_dir: Path, line: str) -> Path:
    path = course_dir / "course.yaml"
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    return course_dir


def test_a_course_may_name_its_version(course_dir: Path) -> None:
    assert load_course(with_version(course_dir, 'version: "2.3"')).version == "2.3"


def test_a_course_without_a_version_still_loads(course_dir: Path) -> None:
    assert load_course(course_dir).version is None


def test_a_version_is_text(course_dir: Path) -> None:
    with pytest.raises(LoadError) as caught:
        load_course(with_version(course_dir, "version: 2.3"))
    assert "version must be text; put it in quotes" in str(caught.value.problems[0])


def test_version_names_the_program_and_the_course_content(course_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tutor.system.paths.bundled_lessons", lambda: with_version(course_dir, 'version: "2.3"'))
    text = version.version_text()
    assert text.startswith("cnn-tutor ") and text.endswith("(version 2.3)")


def test_version_says_so_when_the_course_has_none(course_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tutor.system.paths.bundled_lessons", lambda: course_dir)
    assert version.version_text().endswith("(no version)")
