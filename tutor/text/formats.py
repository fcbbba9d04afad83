"""Counts, numbers and times as each language writes them, by the CLDR rules (Babel).

- `plural_form("fr", 0)` is "one" (French counts 0 and 1 as singular), `plural_form("en", 0)` "other".
- `decimal("fr", 0.76)` is "0,76"; `decimal_sign("fr")` is ",".
- `moment(due, now, lang)`: "aujourd'hui à 14:30", "demain à 09:00", "le 4 mars à 09:00", in the
  computer's time zone; `relative(due, now, lang)`: "dans 3 jours", "il y a 10 minutes".

Babel costs ~60 ms to import and load a locale: it is imported when first needed, never at
start-up of the course map of a student with nothing to review. A locale's data costs ~6 MiB
of memory besides: plurals, which lessons need (a quiz's "23 questions"), evaluate the CLDR
rules of `PLURAL_RULES` with Babel's `PluralRule` and load no locale.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache


@lru_cache(maxsize=8)
def _locale(lang: str):
    from babel import Locale

    return Locale.parse(lang)


PLURAL_RULES: dict[str, dict[str, str]] = {
    "en": {"one": "i in 1 and v in 0"},
    "fr": {"one": "i in 0..1", "many": "e in 0 and i not in 0 and i mod 1000000 in 0 and v in 0 or e not in 0..5"},
}
"""CLDR's plural rules of the interface's languages, as Babel's locale data has them (`Locale.plural_form.rules`:
a test checks them for every language), so that a plural does not load a whole locale (~6 MiB)."""


@lru_cache(maxsize=8)
def _plural_rule(lang: str):
    if lang not in PLURAL_RULES:
        return _locale(lang).plural_form
    from babel.plural import PluralRule

    return PluralRule(PLURAL_RULES[lang])


def plural_form(lang: str, count: float) -> str:
    """The CLDR plural category of `count` in `lang`: "one", "other" (and "many", "few"… where they exist)."""
    return _plural_rule(lang)(count)


def decimal(lang: str, value: float, digits: int = 2) -> str:
    """`value` with the language's decimal sign, at most `digits` decimals."""
    from babel.numbers import format_decimal

    return format_decimal(
        round(value, digits), format=f"#,##0.{'#' * digits}" if digits else "#,##0", locale=_locale(lang)
    )


DECIMAL_COMMA = frozenset({"fr"})
"""Languages that write 0,5 rather than 0.5 (CLDR's decimal symbol: a test checks it against Babel's)."""


def decimal_sign(lang: str) -> str:
    """The decimal sign of `lang`: "," in French, "." in English.

    From this table rather than Babel, which would cost a simulation's first frame its ~60 ms
    import; `tests/unit/test_formats.py` checks the table against Babel for every language.
    """
    return "," if lang in DECIMAL_COMMA else "."


def relative(moment: datetime, now: datetime, lang: str) -> str:
    """How far `moment` is from `now`, rounded: "dans 3 jours", "in 10 minutes", "il y a 2 heures"."""
    from babel.dates import format_timedelta

    delta = moment - now
    if abs(delta) < timedelta(minutes=1):
        delta = timedelta(minutes=1) if delta >= timedelta(0) else -timedelta(minutes=1)
    return format_timedelta(delta, add_direction=True, threshold=1.0, locale=_locale(lang))


def duration(delta: timedelta, lang: str) -> str:
    """A length of time, rounded to one unit: "2 jours", "10 minutes"."""
    from babel.dates import format_timedelta

    return format_timedelta(max(delta, timedelta(minutes=1)), threshold=1.0, locale=_locale(lang))


def moment(when: datetime, now: datetime, lang: str) -> str:
    """`when` in the computer's time zone, said from `now`: "aujourd'hui à 14:30", "tomorrow at 09:00",
    "le 4 mars à 09:00", with the year when it is not this year's."""
    from babel.dates import format_date, format_time

    local, today = when.astimezone(), now.astimezone()
    time = format_time(local, "HH:mm", locale=_locale(lang))
    days = (local.date() - today.date()).days
    words = DAY_WORDS.get(lang, DAY_WORDS["en"])
    if days in words:
        return words[days].format(time=time)
    pattern = "d MMMM" if local.year == today.year else "d MMMM y"
    return words["date"].format(date=format_date(local, pattern, locale=_locale(lang)), time=time)


DAY_WORDS = {
    "fr": {0: "aujourd'hui à {time}", 1: "demain à {time}", -1: "hier à {time}", "date": "le {date} à {time}"},
    "en": {0: "today at {time}", 1: "tomorrow at {time}", -1: "yesterday at {time}", "date": "on {date} at {time}"},
}
"""Babel says "today" and "tomorrow" but has no pattern that puts them before a time: the sentence is ours."""
