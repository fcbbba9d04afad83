"""Counts, numbers and times in each language: CLDR plurals, decimal commas, times said from now."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest

from tutor.text.formats import PLURAL_RULES, decimal, decimal_sign, moment, plural_form, relative
from tutor.text.i18n import LOCALES, Messages

NOW = datetime(2026, 3, 4, 13, 30, tzinfo=timezone.utc).astimezone()


@pytest.mark.parametrize(
    ("lang", "count", "form"),
    [("fr", 0, "one"), ("fr", 1, "one"), ("fr", 2, "other"), ("en", 0, "other"), ("en", 1, "one")],
)
def test_french_counts_0_and_1_as_singular(lang: str, count: int, form: str) -> None:
    assert plural_form(lang, count) == form


def test_the_plural_rules_table_agrees_with_babel_s_locale_data_for_every_language() -> None:
    from decimal import Decimal

    from babel import Locale

    languages = sorted(path.name for path in LOCALES.iterdir() if path.is_dir())
    assert set(PLURAL_RULES) == set(languages), "every interface language has its plural rules"
    counts = [*range(201), 1000, 1_000_000, 2_000_000, 1_500_000, 10**7, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 10.25]
    counts += [Decimal("0.0"), Decimal("1.0"), Decimal("1.50"), Decimal("2.00"), 1e6, 2.5e6, -1, -2]
    for lang in languages:
        babel_rule = Locale.parse(lang).plural_form
        assert PLURAL_RULES[lang] == babel_rule.rules, lang
        assert [plural_form(lang, count) for count in counts] == [babel_rule(count) for count in counts], lang


def test_a_language_without_listed_rules_takes_them_from_babel() -> None:
    assert "ru" not in PLURAL_RULES
    assert [plural_form("ru", count) for count in (1, 2, 5, 21)] == ["one", "few", "many", "one"]


def test_a_plural_loads_no_locale_data() -> None:
    # A locale's data is ~6 MiB: the quiz's "23 questions" should not cost it (the navigation benchmark's peak RSS).
    code = (
        "import babel.localedata as data; from tutor.text.formats import plural_form; "
        "assert [plural_form('fr', 0), plural_form('en', 0)] == ['one', 'other']; print(sorted(data._cache))"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "[]\n"


def test_messages_choose_the_plural_form() -> None:
    fr, en = Messages("fr"), Messages("en")
    assert fr.plural("quiz.answered", 0, total=23) == "0/23 répondue"
    assert fr.plural("quiz.answered", 22, total=23) == "22/23 répondues"
    assert fr.plural("review.summary", 1, total=3) == "Révision terminée\u00a0: 1 bonne réponse sur 3."
    assert fr.plural("review.summary", 3, total=3) == "Révision terminée\u00a0: 3 bonnes réponses sur 3."
    assert en.plural("quiz.questions", 1) == "1 question" and en.plural("quiz.questions", 0) == "0 questions"
    assert fr.plural("cli.lessons", 11) == "11 leçons" and fr.plural("cli.modules", 1) == "1 module"


def test_no_interface_string_hedges_a_plural() -> None:
    hedged = [
        path.name + ": " + line
        for path in LOCALES.glob("*/*.yaml")
        for line in path.read_text().splitlines()
        if "(s)" in line
    ]
    assert not [
        line
        for line in hedged
        if not line.startswith(("norm_axes", "dropout", "attention", "gradient", "histogram", "weight_decay"))
    ], hedged


def test_decimals_use_the_language_s_sign() -> None:
    assert decimal("fr", 0.76) == "0,76" and decimal("en", 0.76) == "0.76"


def test_times_are_local_and_said_from_now() -> None:
    assert moment(NOW + timedelta(hours=1), NOW, "fr") == f"aujourd'hui à {(NOW + timedelta(hours=1)):%H:%M}"
    assert moment(NOW + timedelta(days=1), NOW, "en") == f"tomorrow at {NOW:%H:%M}"
    assert moment(NOW + timedelta(days=5), NOW, "fr").startswith("le 9 mars à ")
    assert relative(NOW + timedelta(days=3), NOW, "fr") == "dans 3 jours"
    assert relative(NOW - timedelta(minutes=20), NOW, "en") == "20 minutes ago"


def test_the_simulations_decimal_sign_table_agrees_with_babel_for_every_language() -> None:
    from babel.numbers import get_decimal_symbol

    languages = sorted(path.name for path in LOCALES.iterdir() if path.is_dir())
    assert {"en", "fr"} <= set(languages)
    for lang in languages:
        assert decimal_sign(lang) == get_decimal_symbol(lang), lang


def test_a_message_may_have_a_field_named_key() -> None:
    # `cnn-tutor new` says authoring.no_list with a `key` field: `Messages.__call__` took it for its own
    # first argument and raised TypeError (found by mypy). The message key is positional-only now.
    assert "'quiz'" in Messages("en")("authoring.no_list", path="p.yaml", key="quiz", name="q")


def test_ascii_messages_spell_out_the_string_and_its_fields() -> None:
    text = Messages("fr", ascii=True)("student.kept", name="Zoé Ñúñez")
    assert text.isascii() and "Zoe Nunez" in text
    assert Messages("fr", ascii=False)("student.kept", name="Zoé") != text
