"""What the tutor writes to the terminal: drawn on the terminal, mouse motion only when used."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT, real_lesson_count


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
        stdin=follower, stdout=follower, stderr=follower, cwd=ROOT,
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


def first_frame_after(key: str, session) -> str:
    """The text drawn by the first whole frame the tutor writes after `key`."""
    from benchmarks.terminal import SYNC_END, SYNC_START, visible_text

    session.settle(len(session.output) - 1, 1.0)  # the last lesson's rest and scrollbar drawn: not taken for this key's
    sent, offset = session.press(key)
    session.settle(offset, 0.3)
    start = session.output.index(SYNC_START, offset)
    return visible_text(bytes(session.output[start : session.output.index(SYNC_END, start)]))


def test_a_lesson_and_its_header_are_drawn_in_one_frame() -> None:
    # Both show the title; drawn apart, the header would come a frame or more later.
    from benchmarks import sessions

    from tests.conftest import REAL_COURSE
    from tutor.content.loader import load_course

    lessons = load_course(REAL_COURSE).modules[0].lessons
    count = real_lesson_count()
    titles = {number: lessons[number - 1].title.get("en")[-8:] for number in (2, 3)}  # the diff resends what differs
    with sessions.launch("tutor") as session:
        sessions.first_frame(session, sessions.TUTOR_MARKER)
        sessions.navigation_time(session, "enter", f"lesson 1/{count}")
        for key, number in (("n", 2), ("n", 3), ("p", 2)):
            frame = first_frame_after(key, session)
            # The header's end, then the lesson's own title (and maybe the text) in the same frame.
            assert f"{titles[number]} · lesson {number}/{count}" in frame and frame.count(titles[number]) >= 2, frame
