"""The frame writer: frames compressed, known mode switches passed, anything else makes it forget."""

from __future__ import annotations

import pytest

from tutor.terminal.frames import FrameWriter

SIZE = (12, 4)
FRAME = "\x1b[1;1H\x1b[1mHello\x1b[0m world\x1b[2;3H"


@pytest.fixture
def writer() -> FrameWriter:
    shown = FrameWriter()
    assert "Hello" in shown.rewrite(FRAME, SIZE)
    return shown


def test_a_frame_already_shown_costs_only_the_cursor_move(writer: FrameWriter) -> None:
    assert writer.rewrite(FRAME, SIZE) == "\x1b[2;3H"


@pytest.mark.parametrize(
    "write",
    [
        "\x1b[?2026h",
        "\x1b[?2026l",
        "\x1b[?25l",
        "\x1b[?1000h\x1b[?1006h",
        "\x1b[?1003h",
        "\x1b[?2026$p",
        "\x1b[>11u",
        "\x1b[<u",
        "\x1b]22;pointer\x07",
        "\x1b]52;c;aGVsbG8=\x07",
        "\x07",
        "\x1b[?2004h\x1b[?7l",
    ],
)
def test_mode_switches_leave_the_model(writer: FrameWriter, write: str) -> None:
    assert writer.rewrite(write, SIZE) == write
    assert writer.rewrite(FRAME, SIZE) == "\x1b[2;3H"
    assert writer.unknown == 0


@pytest.mark.parametrize(
    "write",
    [
        "\x1b[2J",
        "\x1b[?1049h",
        "\x1b[?1049l",
        "\x1b[?3h",
        "plain text",
        "\x1b[1mHello",
        "\x1b]0;title\x07",
        "\r\n",
        "\x1b[?2026h\x1b[2J",
    ],
    ids=[
        "clear",
        "alternate screen",
        "main screen",
        "132 columns",
        "text",
        "piece of a frame",
        "title",
        "new line",
        "clear after a mode",
    ],
)
def test_any_other_write_makes_it_forget_the_screen(writer: FrameWriter, write: str) -> None:
    writer.rewrite(write, SIZE)
    assert "Hello" in writer.rewrite(FRAME, SIZE)


@pytest.mark.parametrize("cut", [10, 12, 20])
def test_a_frame_written_in_pieces_is_sent_as_written_and_then_whole(writer: FrameWriter, cut: int) -> None:
    first, second = FRAME[:cut], FRAME[cut:]
    assert writer.rewrite(first, SIZE) == first
    assert writer.rewrite(second, SIZE) == second
    assert "Hello" in writer.rewrite(FRAME, SIZE)


def test_forget_sends_the_next_frame_whole(writer: FrameWriter) -> None:
    writer.forget()
    assert "Hello" in writer.rewrite(FRAME, SIZE)
