"""Limited terminals and locales, in a real terminal (tmux): a fallback for each, never garbage."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.e2e.test_e2e_terminal import start

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is needed (.ci/run installs it)")


def env_of(tmp_path: Path, **values: str) -> dict[str, str]:
    return {"CNN_TUTOR_PROGRESS": str(tmp_path / "progress.json"), "XDG_STATE_HOME": str(tmp_path / "state"), **values}


def test_a_dumb_terminal_gets_one_line_pointing_to_show(tmp_path: Path) -> None:
    terminal = start(env_of(tmp_path, TERM="dumb", LANG="fr_FR.UTF-8"))
    try:
        screen = terminal.wait_for("[exit 2]")
        assert "TERM=dumb" in screen and "cnn-tutor show" in screen
        assert "\x1b" not in screen and "Module 3/6" not in screen
    finally:
        terminal.close()


@pytest.mark.parametrize("locale", [{"LANG": "C"}, {"LANG": "fr_FR.UTF-8", "LC_ALL": "C"}])
def test_a_locale_that_cannot_encode_utf8_gets_ascii(tmp_path: Path, locale: dict[str, str]) -> None:
    terminal = start(env_of(tmp_path, TERM="xterm-256color", **locale), "--lang", "en")
    try:
        screen = terminal.wait_for("Module 3/6")
        terminal.press("Enter")
        screen = terminal.wait_for("lesson 1/")
        assert screen.isascii(), [line for line in screen.splitlines() if not line.isascii()]
        terminal.press("q")
        terminal.wait_for("[exit 0]")
    finally:
        terminal.close()


def test_the_linux_console_gets_only_glyphs_its_fonts_draw(tmp_path: Path) -> None:
    from tutor.text.console_filter import DRAWN

    terminal = start(env_of(tmp_path, TERM="linux", LANG="en_US.UTF-8"), "--lang", "en")
    try:
        screens = [terminal.wait_for("Module 3/6")]
        terminal.press("Down", "Enter")
        terminal.wait_for("lesson 2/")
        for _ in range(8):
            terminal.press("Space")
            screens.append(terminal.text())
        terminal.press("q")
        terminal.wait_for("[exit 0]")
    finally:
        terminal.close()
    missing = {char for screen in screens for char in screen if char not in DRAWN and char not in "\n"}
    assert not missing, missing
