"""Shared fixtures: a clean environment for every test, the fixture course and the bundled course."""

from __future__ import annotations

import functools
import os
import shutil
from pathlib import Path

import pytest

from tutor.content.loader import load_course
from tutor.content.model import Course

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_COURSE = Path(__file__).parent / "data" / "course"
REAL_COURSE = ROOT / "lessons"
E2E = Path(__file__).parent / "e2e"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/e2e (subprocesses, ptys, tmux, browsers) is marked `e2e`."""
    for item in items:
        if item.path.is_relative_to(E2E):
            item.add_marker(pytest.mark.e2e)


def real_lesson_count() -> int:
    """How many lessons the bundled course's module has (the header says "lesson i/N")."""
    return _real_lesson_count()


@functools.cache
def _real_lesson_count() -> int:
    return len(load_course(REAL_COURSE).modules[0].lessons)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """No NO_COLOR/TEXTUAL_* from the developer's shell; user files go to a temporary home."""
    for name in list(os.environ):
        # TEXTUAL_SNAPSHOT_* is pytest-textual-snapshot's own session state, not the developer's.
        if name == "NO_COLOR" or (name.startswith("TEXTUAL") and not name.startswith("TEXTUAL_SNAPSHOT")):
            monkeypatch.delenv(name)
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("CNN_TUTOR_PROGRESS", str(home / "data" / "progress.json"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    # Set but empty, as a lab that does not want it would (README "Class report"): the tutor does not ask the
    # student's name at its first start. The question's own tests unset it (tests/e2e/test_student_terminal.py).
    monkeypatch.setenv("CNN_TUTOR_STUDENT", "")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    return home


@pytest.fixture
def course_dir(tmp_path: Path) -> Path:
    """A writable copy of the fixture course, for tests that break it."""
    target = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, target)
    return target


@pytest.fixture(scope="session")
def real_course() -> Course:
    """The bundled course in lessons/, loaded once."""
    return load_course(REAL_COURSE)
