"""Due times as a student reads them: local date and time said from now, and how far away."""

from __future__ import annotations

from datetime import datetime

from tutor.text.formats import moment, relative
from tutor.text.i18n import Messages


def next_due_text(when: datetime, now: datetime, messages: Messages) -> str:
    """"aujourd'hui à 14:30 (dans 10 minutes)", "on 9 December at 09:00 (in 3 days)", in local time."""
    return messages("review.when", at=moment(when, now, messages.lang), relative=relative(when, now, messages.lang))
