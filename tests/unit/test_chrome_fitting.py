"""Headers and footers fitted to the width: the title gives way first, every key stays."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from tutor.widgets.chrome.key_bar import Key, fit_keys, group_display
from tutor.widgets.chrome.title_bar import fit_title


def test_a_long_title_is_shortened_and_the_position_kept() -> None:
    header = fit_title("Module 3/6 · ", "Layer, Group et Instance Normalization", " · leçon 3/11 · FR", 58)
    assert header == "Module 3/6 · Layer, Group et Instance N… · leçon 3/11 · FR"
    assert fit_title("Module 3/6 · ", "Dropout", " · leçon 4/11 · FR", 58) == "Module 3/6 · Dropout · leçon 4/11 · FR"
    assert fit_title("M · ", "Long title", " · 4/11", 15, "...") == "M · L... · 4/11"
    assert fit_title("Module 3/6 · ", "Long title", " · lesson 10/11 · EN", 30) == "Module 3/… · lesson 10/11 · EN"


@given(st.text(min_size=1, max_size=80), st.integers(min_value=30, max_value=140))
def test_a_header_never_overflows_and_keeps_its_position_when_it_can(title: str, width: int) -> None:
    before, after = "Module 3/6 · ", " · lesson 10/11 · EN"
    header = fit_title(before, title, after, width)
    assert cell_len(header) <= width
    assert header.endswith(after)  # the position is always there
    if width >= cell_len(before + after) + 2:
        assert header.startswith(before)


LESSON_KEYS = [
    Key("n", "Suivante", "Suiv.", True, False),
    Key("p", "Précédente", "Préc.", True, False),
    Key("t", "Sommaire", "Sommaire", True, False),
    Key("esc", "Plan", "Plan", True, False),
    Key("l", "Langue", "Langue", True, False),
    Key("?", "Aide", "Aide", True, True),
    Key("q", "Quitter", "Quitter", True, False),
]
DROPOUT_KEYS = [Key(key, f"label of {key}", key * 3, False, False) for key in "258rvse+-w"]


def test_the_french_lesson_footer_keeps_quit_at_80_columns() -> None:
    line = fit_keys(LESSON_KEYS, 80).plain
    assert len(line) <= 80 and line.rstrip().endswith("q  Quitter")


def test_a_simulation_footer_keeps_every_key_at_80_columns() -> None:
    line = fit_keys(DROPOUT_KEYS + LESSON_KEYS, 80).plain
    assert len(line.rstrip()) <= 80 and "…" not in line
    for key in DROPOUT_KEYS + LESSON_KEYS:
        assert f"{key.display} " in line
    assert "? Aide" in line  # where every key is described


def test_at_60_columns_n_and_p_keep_their_words_longest() -> None:
    """The keys that move through the course are the ones a new student looks for: the others lose theirs first."""
    keys = [
        *LESSON_KEYS[:3],
        Key("b", "Signet", "Signet", True, False),
        Key("esc", "Plan", "Plan", True, False),
        Key("/", "Chercher", "Chercher", True, False),
        Key("d", "Glossaire", "Gloss.", True, False),
        *LESSON_KEYS[4:],
    ]
    line = " ".join(fit_keys(keys, 60).plain.split())
    assert line == "n Suiv. p Préc. t Sommaire b esc / d l ? Aide q Quitter"


def test_related_keys_make_one_item() -> None:
    assert group_display(["1", "2", "3", "4", "5", "6", "7"], compact=False) == "1-7"
    assert group_display(["2", "5", "8", "+", "-"], compact=False) == "2 5 8 + -"
    assert group_display(["1", "2", "0"], compact=False) == "1 2 0"  # not a run: each digit shown
    assert group_display(["↑", "↓", "←", "→"], compact=True) == "↑↓←→"


def test_a_narrow_footer_drops_the_longest_descriptions_of_a_widget_first() -> None:
    keys = [
        Key("v", "View", "View", False, False),
        Key("t", "Trained or not", "Trained or not", False, False),
        Key("r", "Reset", "Reset", False, False),
    ]
    line = fit_keys(keys + LESSON_KEYS, 50).plain
    assert line.startswith("v View t r Reset ") and len(line.rstrip()) <= 50


def test_every_short_description_exists_in_every_language() -> None:
    """A `_short` message missing in one language would fall back to English in its footer."""
    from tutor.text.i18n import LOCALES, available_languages

    for path in sorted((LOCALES / "en").glob("*.yaml")):
        for lang in available_languages():
            names = {
                line.split(":")[0] for line in (LOCALES / lang / path.name).read_text(encoding="utf-8").splitlines()
            }
            english = {line.split(":")[0] for line in path.read_text(encoding="utf-8").splitlines()}
            missing = sorted(name for name in english if name.endswith("_short") and name not in names)
            assert not missing, (lang, path.name, missing)
