"""Summaries kept by settings: each computed once, whichever threads ask for it at the same time."""

from __future__ import annotations

import gc
import sys
import threading
import time

import pytest

from tutor.widgets.simulations.summaries import Summaries


def wait_until_waiting(thread: threading.Thread, calls: list) -> None:
    """Return once `thread` waits for another thread's computation, or has started one of its own
    (a second call: the test then fails on its count)."""
    deadline = time.monotonic() + 10
    while len(calls) < 2 and not waits_for_a_result(thread):
        assert time.monotonic() < deadline, "the second thread neither waited nor computed"
        time.sleep(0.001)


def waits_for_a_result(thread: threading.Thread) -> bool:
    frame = current_frame(thread)
    while frame is not None:
        if frame.f_code.co_name == "result" and "concurrent" in frame.f_code.co_filename:
            return True
        frame = frame.f_back
    return False


def current_frame(thread: threading.Thread):
    """The frame `thread` runs, read with the collector off: on Python 3.11, a collection started
    inside `sys._current_frames()` can deadlock it for good (CPython gh-106883, fixed in 3.12 only).
    It once hung a test worker of a full run for good."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return sys._current_frames().get(thread.ident)
    finally:
        if was_enabled:
            gc.enable()


def test_a_summary_is_computed_once_and_then_known() -> None:
    calls = []
    summaries = Summaries(lambda settings: calls.append(settings) or settings * 10)
    assert summaries.known(1) is None
    assert summaries.compute(1) == 10
    assert summaries.compute(1) == 10
    assert summaries.known(1) == 10
    assert calls == [1]


def test_two_threads_asking_for_the_same_settings_share_one_computation() -> None:
    started, release, calls = threading.Event(), threading.Event(), []

    def slow(settings: int) -> int:
        calls.append(settings)
        started.set()
        release.wait(10)
        return settings * 10

    summaries = Summaries(slow)
    results = []
    first = threading.Thread(target=lambda: results.append(summaries.compute(3)))
    first.start()
    assert started.wait(10)
    second = threading.Thread(target=lambda: results.append(summaries.compute(3)))
    second.start()
    wait_until_waiting(second, calls)
    release.set()
    first.join(10)
    second.join(10)
    assert results == [30, 30] and calls == [3]


def test_only_the_most_recently_used_are_kept() -> None:
    calls = []
    summaries = Summaries(lambda settings: calls.append(settings) or -settings, kept=2)
    summaries.compute(1)
    summaries.compute(2)
    summaries.known(1)  # used: 2 is now the oldest
    summaries.compute(3)
    assert summaries.known(2) is None
    assert summaries.known(1) == -1 and summaries.known(3) == -3
    summaries.compute(2)
    assert calls == [1, 2, 3, 2]


def test_a_failed_computation_is_not_kept_and_its_waiters_get_the_error() -> None:
    started, release, attempts = threading.Event(), threading.Event(), []

    def failing(settings: int) -> int:
        attempts.append(settings)
        if len(attempts) == 1:
            started.set()
            release.wait(10)
            raise ValueError("no summary")
        return settings

    summaries = Summaries(failing)
    errors = []

    def ask() -> None:
        try:
            summaries.compute(5)
        except ValueError as error:
            errors.append(str(error))

    first = threading.Thread(target=ask)
    first.start()
    assert started.wait(10)
    second = threading.Thread(target=ask)
    second.start()
    wait_until_waiting(second, attempts)
    release.set()
    first.join(10)
    second.join(10)
    assert errors == ["no summary", "no summary"]
    assert summaries.known(5) is None
    assert summaries.compute(5) == 5  # asked again, computed again


def test_the_error_reaches_the_caller() -> None:
    summaries = Summaries(lambda settings: 1 / settings)
    with pytest.raises(ZeroDivisionError):
        summaries.compute(0)
