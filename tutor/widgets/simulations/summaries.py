"""The summaries a simulation has computed, kept by settings, each computed once whoever asks.

A key that brings back settings already seen (`r`, a setting toggled twice) shows their summary
at once; and while the student reads, a simulation computes ahead what its keys lead to, so that
the next key is drawn in the frame that answers it. The thread that computes ahead and the one
computing what a key asked for may want the same settings: the second waits for the first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import Generic, TypeVar

Settings = TypeVar("Settings", bound=Hashable)
Summary = TypeVar("Summary")

KEPT = 32
"""Summaries kept per simulation, the most recently used: a few kilobytes of numbers each."""


class Summaries(Generic[Settings, Summary]):
    """Summaries by settings, computed by `compute` (a pure function) in the threads that ask."""

    def __init__(self, compute: Callable[[Settings], Summary], kept: int = KEPT) -> None:
        self._compute = compute
        self._kept = kept
        self._lock = threading.Lock()
        self._done: OrderedDict[Settings, Summary] = OrderedDict()
        self._pending: dict[Settings, Future[Summary]] = {}

    def known(self, settings: Settings) -> Summary | None:
        """The summary of `settings` if it has been computed (and is still kept); else None."""
        with self._lock:
            summary = self._done.get(settings)
            if summary is not None:
                self._done.move_to_end(settings)
            return summary

    def compute(self, settings: Settings) -> Summary:
        """The summary of `settings`: kept, being computed by another thread (waited for), or computed here."""
        with self._lock:
            if settings in self._done:
                self._done.move_to_end(settings)
                return self._done[settings]
            future = self._pending.get(settings)
            mine = future is None
            if future is None:
                future = self._pending[settings] = Future()
        if not mine:
            return future.result()
        try:
            summary = self._compute(settings)
        except BaseException as error:
            with self._lock:
                del self._pending[settings]
            future.set_exception(error)
            raise
        with self._lock:
            del self._pending[settings]
            self._done[settings] = summary
            while len(self._done) > self._kept:
                self._done.popitem(last=False)
        future.set_result(summary)
        return summary
