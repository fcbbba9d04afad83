"""Fixtures of the interface tests."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from tests.support.clocks import Timer


@pytest.fixture
def timer(monkeypatch: pytest.MonkeyPatch) -> Timer:
    """The question widget's clock, frozen: a test sets `timer.now` to say how long an answer took."""
    timer = Timer()
    monkeypatch.setattr("tutor.widgets.quiz.question.monotonic", timer)
    return timer


@pytest.fixture(autouse=True)
def lesson_collections(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each lesson drawn runs a full garbage collection (`tutor/system/collector.py`): 50 ms in the tutor,
    0.3-1 s in a test worker, whose heap holds pytest, hypothesis, every test module and Textual's caches
    of every widget drawn so far. Interface tests skip it, unless marked `collections` (memory tests).
    What the app froze is thawed after each test, so that the test's garbage can still be collected."""
    if request.node.get_closest_marker("collections") is None:
        monkeypatch.setattr("tutor.screens.lesson.collect_and_freeze", lambda: None)
    yield
    gc.unfreeze()
