"""The input loop: odd bytes replaced, parser errors survived, an open paste closed, no polling."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator

import pytest
from textual import events

from tutor.terminal import input as terminal_input
from tutor.terminal.input import InputReader, PasteWatch
from tutor.terminal.textual_compat import new_parser


class Reader:
    """An InputReader on a pipe, run in a thread; what it delivers is collected."""

    def __init__(self) -> None:
        self.read_end, self.write_end = os.pipe()
        self.events: list[object] = []
        self.errors: list[BaseException] = []
        self.reader = InputReader(self.read_end, self.events.append, new_parser, 0.1, self.errors.append)
        self.thread = threading.Thread(target=self.reader.run, daemon=True)
        self.thread.start()

    def send(self, data: bytes) -> None:
        os.write(self.write_end, data)

    def keys(self) -> list[str]:
        return [event.key for event in list(self.events) if isinstance(event, events.Key)]

    def wait_for(self, condition, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < deadline, f"never happened; delivered: {self.events}"
            time.sleep(0.01)

    def stop(self) -> None:
        self.reader.stop()
        self.thread.join(timeout=5)
        assert not self.thread.is_alive(), "the reader did not stop"
        os.close(self.read_end)
        os.close(self.write_end)


@pytest.fixture
def reader() -> Iterator[Reader]:
    running = Reader()
    yield running
    running.stop()


@pytest.mark.parametrize(
    "data",
    [b"\xe9", b"\xff", b"\x80", b"\xc3a", b"\xff\xfe", b"\x1b[M#\xff\xff", b"\x1b[200~\xff\x1b[201~"],
    ids=["latin-1 e-acute", "ff", "80", "c3 61", "ff fe", "x10 mouse past column 95", "paste with ff"],
)
def test_bytes_that_are_not_utf8_are_replaced_and_what_follows_is_read(reader: Reader, data: bytes) -> None:
    reader.send(data + b"x")
    reader.wait_for(lambda: "x" in reader.keys())
    assert reader.errors == []


def test_a_latin1_letter_is_one_replacement_character_and_valid_text_around_it_is_kept(reader: Reader) -> None:
    reader.send("aé".encode("latin-1") + "bé".encode())
    reader.wait_for(lambda: len(reader.keys()) == 4)
    characters = [event.character for event in reader.events if isinstance(event, events.Key)]
    assert characters == ["a", "\ufffd", "b", "é"]


@pytest.mark.parametrize(
    "sequence",
    [b"\x1b[" + b"9" * 21 + b"u", b"\x1b[" + b"9" * 21 + b";5u", b"\x1b[1114112u"],
    ids=["huge kitty key", "huge kitty key with modifiers", "kitty key beyond unicode"],
)
def test_a_sequence_the_parser_fails_on_is_reported_and_a_new_parser_reads_on(reader: Reader, sequence: bytes) -> None:
    reader.send(sequence)
    reader.wait_for(lambda: reader.errors)
    reader.send(b"q")
    reader.wait_for(lambda: "q" in reader.keys())
    assert isinstance(reader.errors[0], (OverflowError, ValueError))


@pytest.mark.parametrize(
    "sequence",
    [b"\x1b[" + b"9" * 21 + b"A", b"\x1b[<0;99999999999;99999999999M", b"\x1b[<0;-5;0M", b"\x1b[" + b"1;" * 500 + b"m"],
    ids=["huge CSI count", "huge SGR mouse coordinates", "negative mouse coordinate", "500 CSI parameters"],
)
def test_odd_sequences_are_harmless(reader: Reader, sequence: bytes) -> None:
    reader.send(sequence)
    reader.send(b"q")
    reader.wait_for(lambda: "q" in reader.keys())


def test_a_lone_escape_is_delivered_after_the_escape_delay(reader: Reader) -> None:
    reader.send(b"\x1b")
    reader.wait_for(lambda: "escape" in reader.keys())


def test_a_paste_never_closed_ends_after_a_quiet_second_and_keys_work_again(
    reader: Reader, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader.send(b"\x1b[200~some text")
    reader.send(b"q")  # still inside the paste
    reader.wait_for(lambda: any(isinstance(event, events.Paste) for event in reader.events), timeout=3)
    pastes = [event.text for event in reader.events if isinstance(event, events.Paste)]
    assert pastes == ["some textq"] and reader.keys() == []
    reader.send(b"q")
    reader.wait_for(lambda: reader.keys() == ["q"])


def test_a_paste_kept_open_by_keys_ends_after_its_time_limit(reader: Reader, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(terminal_input, "PASTE_LIMIT", 0.5)
    reader.send(b"\x1b[200~text")
    started = time.monotonic()
    while not reader.keys():  # a student pressing q over and over, never a quiet second
        assert time.monotonic() < started + 5, "the paste never ended"
        reader.send(b"q")
        time.sleep(0.05)
    assert reader.keys()[0] == "q"
    assert [event.text for event in reader.events if isinstance(event, events.Paste)][0].startswith("textqq")


@pytest.mark.parametrize(
    "stray",
    [
        b"\x1bP+q544e\x1b\\",
        b"\x1b]0;title\x07",
        b"\x1b]11;rgb:0000/0000/0000\x1b\\",
        b"\x1b_Gi=1;OK\x1b\\",
        b"\x1b[?1;2c",
        b"\x1b[>0;276;0c",
    ],
    ids=["DCS", "OSC with BEL", "OSC with ST", "APC", "device attributes", "secondary device attributes"],
)
def test_control_strings_and_device_reports_are_not_keys(reader: Reader, stray: bytes) -> None:
    reader.send(stray + b"x")
    reader.wait_for(lambda: "x" in reader.keys())
    assert reader.keys() == ["x"]


def test_a_paste_that_closes_is_one_paste(reader: Reader) -> None:
    reader.send(b"\x1b[200~line one\rline q\x1b[201~")
    reader.wait_for(lambda: any(isinstance(event, events.Paste) for event in reader.events))
    assert [event.text for event in reader.events if isinstance(event, events.Paste)] == ["line one\rline q"]
    assert reader.keys() == []


def test_paste_markers_split_between_reads_are_followed() -> None:
    watch = PasteWatch()
    for piece in ("abc\x1b[2", "00~text", "\x1b[20", "1~"):
        watch.feed(piece)
        if piece == "00~text":
            assert watch.open
    assert not watch.open
    watch.feed("\x1b[200~a\x1b[201~\x1b[200~")
    assert watch.open


def test_idle_the_reader_sleeps_until_input_or_stop(monkeypatch: pytest.MonkeyPatch) -> None:
    timeouts: list[float | None] = []
    select = terminal_input.selectors.SelectSelector.select

    def recorded(self, timeout=None):
        timeouts.append(timeout)
        return select(self, timeout)

    monkeypatch.setattr(terminal_input.selectors.SelectSelector, "select", recorded)
    monkeypatch.setattr(terminal_input, "ACTIVE", 0.2)
    running = Reader()
    try:
        running.send(b"x")
        running.wait_for(lambda: running.keys() == ["x"])
        time.sleep(0.5)  # what is measured: how the reader waits once input has stopped
        assert timeouts[0] is None and timeouts[-1] is None
        assert len(timeouts) < 0.2 / 0.05 + 4  # ticks only in the short while after the key
    finally:
        running.stop()


def test_stop_wakes_a_sleeping_reader_at_once() -> None:
    running = Reader()
    time.sleep(0.1)
    started = time.monotonic()
    running.stop()
    assert time.monotonic() - started < 1.0


def test_a_reader_never_run_releases_its_pipe() -> None:
    reader = InputReader(0, print, new_parser, 0.1, print)
    fds = (reader._wake_read, reader._wake_write)
    reader.close()
    reader.stop()  # harmless after close: writes nowhere
    for fd in fds:
        with pytest.raises(OSError):
            os.fstat(fd)
