"""Due times as a student reads them: local date and time, and how far away."""

from __future__ import annotations

from datetime import datetime

from tutor.text.i18n import Messages

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR


def local_time(moment: datetime) -> str:
    """`moment` in the computer's time zone, as "2025-03-04 09:00" (read the same in every language)."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def time_until(moment: datetime, now: datetime, messages: Messages) -> str:
    """How long from `now` to `moment`, rounded: "in 10 minutes", "in 5 hours", "in 3 days"."""
    seconds = (moment - now).total_seconds()
    if seconds < HOUR:
        return _count(messages, "minute", max(1, -(-int(seconds) // MINUTE)))
    if seconds < DAY:
        return _count(messages, "hour", int(seconds / HOUR + 0.5))
    return _count(messages, "day", int(seconds / DAY + 0.5))


def _count(messages: Messages, unit: str, count: int) -> str:
    return messages(f"review.in_{unit}_{'one' if count == 1 else 'many'}", count=count)


def next_due_text(moment: datetime, now: datetime, messages: Messages) -> str:
    """"2025-03-04 09:00 (in 3 days)"."""
    return messages("review.when", at=local_time(moment), relative=time_until(moment, now, messages))
