"""Stand-ins for the clocks the tutor reads, which tests move forward by hand."""

from __future__ import annotations

from datetime import datetime


class Clock:
    """A frozen wall clock (the app's `clock`): `now` is what it says."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class Timer:
    """Stands in for `time.monotonic` in the question widget: the seconds taken to answer."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now
