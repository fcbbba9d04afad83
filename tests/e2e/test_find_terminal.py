"""Search (/) and the glossary (d) in a real terminal of 80×24 (tmux), keys typed as a student types them."""

from __future__ import annotations

import shutil
import time

import pytest

from tests.e2e.test_e2e_terminal import assert_no_traceback, start
from tests.e2e.test_reading_terminal import lesson_env
from tests.support.helpers import READ_AS_SPACE
from tests.support.terminal import Terminal

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is needed (.ci/run installs it)")


def plain(screen: str) -> str:
    """The screen with no-break spaces as spaces and runs of spaces as one (the footer spaces its keys)."""
    return "\n".join(" ".join(line.split()) for line in screen.translate(READ_AS_SPACE).splitlines())


def wait(terminal: Terminal, needle: str, timeout: float = 15.0) -> str:
    """The screen (made `plain`) once it shows `needle`."""
    deadline = time.monotonic() + timeout
    while needle not in (screen := plain(terminal.text())):
        if time.monotonic() > deadline:
            raise AssertionError(f"{needle!r} never appeared; the screen shows:\n{screen}")
        time.sleep(0.1)
    return screen


def wait_without(terminal: Terminal, needle: str, timeout: float = 15.0) -> str:
    """The screen (made `plain`) once `needle` has gone from it."""
    deadline = time.monotonic() + timeout
    while needle in (screen := plain(terminal.text())):
        if time.monotonic() > deadline:
            raise AssertionError(f"{needle!r} never went away; the screen shows:\n{screen}")
        time.sleep(0.1)
    return screen


def footer(screen: str) -> str:
    return screen.rstrip("\n").splitlines()[-1]


def test_search_opens_the_match_in_its_lesson_and_n_then_escape_act_on_the_search(tmp_path) -> None:
    terminal = start(lesson_env(tmp_path, "fr"), "--lang", "fr")
    try:
        screen = wait(terminal, "Module 3/6")
        assert "/ Chercher" in footer(screen) and "d Gloss." in footer(screen)
        terminal.press("/")
        wait(terminal, "Chercher dans le cours (français)")
        terminal.press("regularisation")  # no accent: « régularisation » is found
        wait(terminal, "│ regularisation")  # every letter typed (the answers follow each one)
        screen = wait(terminal, "6. Régularisation L1/L2 et décroissance des poids — ")
        assert "occurrences dans" in screen and "technique de régularisation" in screen
        terminal.press("Enter")
        screen = wait(terminal, "« regularisation » 1/")
        assert "leçon 1/13" in screen and "Régularisation" in screen
        assert "Quitter" in footer(screen)  # the footer keeps every key at 80 columns
        terminal.press("n")
        screen = wait(terminal, "« regularisation » 2/")
        assert "leçon 1/13" in screen  # n is the next match, not the next lesson
        terminal.press("Escape")
        screen = wait_without(terminal, "« regularisation »")
        assert "leçon 1/13" in screen
        terminal.press("n")
        wait(terminal, "leçon 2/13")  # n is the next lesson again
        terminal.press("q")
        assert_no_traceback(wait(terminal, "[exit 0]"))
    finally:
        terminal.close()


def test_the_glossary_opens_from_a_lesson_and_a_term_s_lesson_opens_where_it_is_used(tmp_path) -> None:
    terminal = start(lesson_env(tmp_path, "en"), "--lang", "en")
    try:
        wait(terminal, "Module 3/6")
        terminal.press("Enter")
        wait(terminal, "lesson 1/13")
        terminal.press("d")
        screen = wait(terminal, "Glossary (")
        assert "batch (French: lot)" in screen
        terminal.press("inverted")
        screen = wait(terminal, "inverted dropout (French: dropout inversé)")
        assert "Dropout that divides the kept values by 1 − p" in screen
        assert "→ 5. Dropout and its variants" in screen
        terminal.press("Down", "Enter")
        screen = wait(terminal, "“inverted dropout”: 1/")
        assert "lesson 5/13" in screen
        terminal.press("Escape")
        wait_without(terminal, "“inverted dropout”")
        terminal.press("Escape")
        wait(terminal, "0/13 lessons completed")
        terminal.press("q")
        assert_no_traceback(wait(terminal, "[exit 0]"))
    finally:
        terminal.close()
