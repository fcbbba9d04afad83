"""Odd input on a real terminal (tmux): bytes that are not UTF-8, broken sequences, a paste never closed.

The tutor must go on as if they had not come: still answering keys, its screen the same as a
tutor's that never received them, nothing printed, exit status 0.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import real_lesson_count
from tests.e2e.test_e2e_terminal import assert_no_traceback, start

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is needed (.ci/run installs it)")

GARBAGE = [
    "é".encode("latin-1") + b"x",  # é typed in a Latin-1 terminal, then a key
    b"\xff",
    b"\x80",
    b"\xc3a",
    b"\xff\xfe",  # broken UTF-8
    b"\x1b[M#\xff\xff",  # X10 mouse report past column 95
    b"\x1b[" + b"9" * 21 + b"A",  # huge CSI count
    b"\x1b[" + b"9" * 21 + b"u",  # huge kitty key code
    b"\x1b[<35;99999999999;99999999999M\x1b[<0;99999999999;99999999999M\x1b[<0;99999999999;99999999999m",  # huge mouse coordinates
    b"\x1b]0;title\x07",
    b"\x1bP+q544e\x1b\\",
    b"\x1b[?1;2c",
    b"\x1b[O\x1b[I",
    b"\x00",  # stray sequences
]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "CNN_TUTOR_PROGRESS": str(tmp_path / "progress.json"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "LANG": "en_US.UTF-8",
        "TERM": "xterm-256color",
    }


def lesson_two(terminal) -> str:
    terminal.press("Enter")
    terminal.wait_for(f"lesson 1/{real_lesson_count()}")
    terminal.press("n")
    return terminal.wait_for(f"lesson 2/{real_lesson_count()}")


def test_odd_bytes_and_sequences_change_nothing(env: dict[str, str], tmp_path: Path) -> None:
    reference = start({**env, "CNN_TUTOR_PROGRESS": str(tmp_path / "reference.json")})
    try:
        reference.wait_for("Module 3/6")
        expected = lesson_two(reference)
    finally:
        reference.close()
    terminal = start(env)
    try:
        terminal.wait_for("Module 3/6")
        for data in GARBAGE:
            terminal.send_bytes(data)
        screen = lesson_two(terminal)
        assert screen == expected
        terminal.press("q")
        screen = terminal.wait_for("[exit 0]")
        assert_no_traceback(screen)
    finally:
        terminal.close()
    log = tmp_path / "state" / "cnn-tutor" / "errors.log"
    entries = log.read_text(encoding="utf-8").split("\n--- ")[1:] if log.exists() else []
    assert all("reading the terminal's input (ignored)" in entry.splitlines()[0] for entry in entries), entries


def test_a_paste_never_closed_lets_keys_through_again(env: dict[str, str]) -> None:
    terminal = start(env)
    try:
        terminal.wait_for("Module 3/6")
        terminal.send_bytes(b"\x1b[200~pasted text, then nothing")
        deadline = time.monotonic() + 10
        while "[exit 0]" not in terminal.text():  # the first q are part of the paste while it lasts
            assert time.monotonic() < deadline, "q never quit: the paste kept every key"
            terminal.press("q")
    finally:
        terminal.close()
