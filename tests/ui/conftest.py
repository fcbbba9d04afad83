"""Fixtures of the interface tests."""

from __future__ import annotations

import pytest

from tests.support.clocks import Timer


@pytest.fixture
def timer(monkeypatch: pytest.MonkeyPatch) -> Timer:
    """The question widget's clock, frozen: a test sets `timer.now` to say how long an answer took."""
    timer = Timer()
    monkeypatch.setattr("tutor.widgets.quiz.question.monotonic", timer)
    return timer
