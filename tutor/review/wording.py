"""Due times and recall as a student reads them: local date and time said from now, honest percentages."""

from __future__ import annotations

import math
from datetime import datetime

from tutor.text.formats import decimal, moment, relative
from tutor.text.i18n import Messages


def next_due_text(when: datetime, now: datetime, messages: Messages) -> str:
    """ "aujourd'hui à 14:30 (dans 10 minutes)", "on 9 December at 09:00 (in 3 days)", in local time."""
    return messages("review.when", at=moment(when, now, messages.lang), relative=relative(when, now, messages.lang))


def percent_text(value: float, lang: str) -> str:
    """A probability as a percentage without the % sign, that never says more or less than it is.

    Whole percents, except where rounding would say 100 of what is below 1, or 0 of what is
    above 0: 0.9972 is "99.7", 0.9999 "99.9", 1.0 "100", 0.004 "0.4" ("99,7" in French).
    """
    percent = 100 * value
    if 99.5 <= percent < 100:
        return decimal(lang, min(math.floor(percent * 10) / 10, 99.9), 1)
    if 0 < percent < 0.5:
        return decimal(lang, max(math.ceil(percent * 10) / 10, 0.1), 1)
    return decimal(lang, math.floor(percent + 0.5), 0)  # half up: 0.5 % is "1", as the quiz rounds
