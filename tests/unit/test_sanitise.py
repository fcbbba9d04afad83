"""The one sanitiser for printed text: controls, bidi and invisible characters become escapes."""

from __future__ import annotations

from hypothesis import given, strategies as st

from tutor.text.sanitise import has_invisible, visible


def test_escape_sequences_and_bells_are_shown_not_obeyed() -> None:
    assert visible("a\x1b[2Jb\x07") == "a\\x1b[2Jb\\x07"


def test_bidi_overrides_and_zero_width_characters_are_shown() -> None:
    assert visible("evil\u202etxt.exe") == "evil\\u202etxt.exe"
    assert visible("a\u200bb\ufeff") == "a\\u200bb\\ufeff"


def test_newlines_are_escaped_on_one_line_and_kept_in_paragraphs() -> None:
    assert visible("a\nb\tc") == "a\\x0ab\\x09c"
    assert visible("a\nb\tc", multiline=True) == "a\nb\tc"


def test_french_typography_and_ordinary_text_are_kept() -> None:
    text = "Pourquoi\u00a0? 1\u202f849 «\u00a0lot\u00a0» — μ, σ², ✓, 日本"
    assert visible(text) == text
    assert not has_invisible(text)


@given(st.text())
def test_the_result_holds_nothing_a_terminal_would_obey(text: str) -> None:
    shown = visible(text)
    assert not has_invisible(shown) and "\n" not in shown and "\t" not in shown
    assert all(ord(char) >= 0x20 and not 0x7F <= ord(char) <= 0x9F for char in shown)
