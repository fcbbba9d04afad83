"""What the tutor writes to the terminal: drawn on the terminal, mouse motion only when used."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT


def run_in_pty(args: list[str], env: dict[str, str], keys: bytes = b"q", settle: float = 2.5) -> bytes:
    """Start the tutor on a pseudo-terminal, wait, press `keys`, and return all it wrote."""
    leader, follower = pty.openpty()
    os.set_blocking(leader, False)
    import fcntl
    import struct
    import termios

    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "tutor", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color", **env},
        start_new_session=True,
    )
    os.close(follower)
    output = bytearray()
    deadline = time.monotonic() + settle
    sent = False
    while process.poll() is None and time.monotonic() < deadline + 10:
        if not sent and time.monotonic() > deadline:
            os.write(leader, keys)
            sent = True
        ready, _, _ = select.select([leader], [], [], 0.1)
        if ready:
            try:
                output += os.read(leader, 65536)
            except OSError:
                break
    process.wait(timeout=10)
    os.close(leader)
    return bytes(output)


def test_mouse_clicks_are_reported_but_not_motion(tmp_path: Path) -> None:
    output = run_in_pty([], {"CNN_TUTOR_PROGRESS": str(tmp_path / "p.json")})
    assert b"Module 3/6" in output
    assert b"\x1b[?1000h" in output and b"\x1b[?1006h" in output
    assert b"\x1b[?1003h" not in output


def test_no_mouse_turns_mouse_reporting_off(tmp_path: Path) -> None:
    output = run_in_pty(["--no-mouse"], {"CNN_TUTOR_PROGRESS": str(tmp_path / "p.json")})
    assert b"Module 3/6" in output
    assert b"\x1b[?1000h" not in output and b"\x1b[?1003h" not in output


def test_motion_is_reported_once_the_mouse_is_used(tmp_path: Path) -> None:
    click = b"\x1b[<0;10;10M\x1b[<0;10;10m"
    output = run_in_pty([], {"CNN_TUTOR_PROGRESS": str(tmp_path / "p.json")}, keys=click + b"q")
    assert b"\x1b[?1003h" in output


def screen_after_first_frame_showing(key: str, session, grid, needles: tuple[str, ...], timeout: float = 20.0) -> str:
    """The screen once the first whole frame written after `key` that shows any of `needles` is drawn.

    Frames are applied to `grid` (a model of the terminal) one by one: the tutor sends only the
    cells that change, so a frame alone may hold only part of a title. Frames that show none of
    the needles (the rest of the lesson left, a notice) come before; what is tested is that
    nothing of the new lesson is on screen before all of it is.
    """
    from benchmarks.terminal import SYNC_END, SYNC_START

    position = len(session.output)
    grid.write(grid.decode(bytes(session.output[grid.fed : position])))
    grid.fed = position
    session.press(key)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        start = session.output.find(SYNC_START, grid.fed)
        end = session.output.find(SYNC_END, start) if start >= 0 else -1
        if end < 0:
            session.read(0.1)
            continue
        grid.write(grid.decode(bytes(session.output[grid.fed : end])))
        grid.fed = end
        screen = grid.text()
        if any(needle in screen for needle in needles):
            return screen
    raise AssertionError(f"no frame after {key!r} showed any of {needles}")


def test_a_lesson_and_its_header_are_drawn_in_one_frame() -> None:
    # Both show the title; drawn apart, the header would come a frame or more later.
    from benchmarks import sessions

    from tests.conftest import REAL_COURSE
    from tutor.content.loader import load_course

    lessons = load_course(REAL_COURSE).modules[0].lessons
    count = len(lessons)
    from tests.support.shown import Grid

    import codecs

    grid = Grid(80, 24)
    grid.fed = 0
    grid.decode = codecs.getincrementaldecoder("utf-8")("replace").decode
    with sessions.launch("tutor") as session:
        sessions.first_frame(session, sessions.TUTOR_MARKER)
        sessions.navigation_time(session, "enter", f"lesson 1/{count}")
        for key, number in (("n", 2), ("n", 3), ("p", 2)):
            title = lessons[number - 1].title.get("en")
            screen = screen_after_first_frame_showing(key, session, grid, (f"lesson {number}/{count}", f" {title}\n"))
            header, *body = screen.splitlines()
            assert f"lesson {number}/{count}" in header and title in header, screen
            assert title in (line.strip() for line in body), screen  # the lesson's own title, in the same frame
