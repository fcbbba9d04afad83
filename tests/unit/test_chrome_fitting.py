"""Headers and footers fitted to the width: the title gives way first, every key stays."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from tutor.widgets.chrome.key_bar import Key, fit_keys
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
