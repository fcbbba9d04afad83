"""Which terminals and locales get the full tutor, ASCII, the console's glyphs, or a message."""

from __future__ import annotations

import pytest

from tutor.cli.terminal import locale_is_utf8, terminal_mode
from tutor.text.console_filter import DRAWN, console_cell


@pytest.mark.parametrize(
    ("env", "utf8"),
    [
        ({"LANG": "fr_FR.UTF-8"}, True),
        ({"LANG": "C.UTF-8"}, True),
        ({"LANG": "en_US.utf8"}, True),
        ({"LANG": "C"}, False),
        ({"LANG": "fr_FR.UTF-8", "LC_ALL": "C"}, False),
        ({"LANG": "C", "LC_CTYPE": "en_US.UTF-8"}, True),
        ({"LANG": "POSIX"}, False),
        ({"LANG": "fr_FR.ISO-8859-1"}, False),
        ({"LANG": "fr_FR"}, False),
        ({}, False),
        ({"LANG": "C", "LC_CTYPE": "C.UTF-8"}, False),  # Python's coercion of the C locale (PEP 538)
    ],
)
def test_only_a_utf8_locale_keeps_unicode(env, utf8) -> None:
    assert locale_is_utf8(env) is utf8
    assert terminal_mode({"TERM": "xterm", **env}).ascii is (not utf8)


def test_a_dumb_or_unset_term_cannot_run_the_tutor_and_linux_is_the_console() -> None:
    assert not terminal_mode({"LANG": "C.UTF-8"}).usable
    assert not terminal_mode({"LANG": "C.UTF-8", "TERM": "dumb"}).usable
    assert terminal_mode({"LANG": "C.UTF-8", "TERM": "xterm-256color"}).usable
    assert terminal_mode({"LANG": "C.UTF-8", "TERM": "linux"}).console
    assert not terminal_mode({"LANG": "C.UTF-8", "TERM": "xterm"}).console


def test_the_console_gets_only_what_its_fonts_draw_of_the_same_width() -> None:
    for char in "╭─╮│╰╯━┃┏┓✓✗⏎▸▁▂▃▄▅▆▇█⊕●σμ→×…αβγ":
        replaced = console_cell(char)
        assert replaced in DRAWN and len(replaced) == 1, (char, replaced)
    assert console_cell("╭") == "┌" and console_cell("✓") == "√" and console_cell("é") == "é"
