"""The tutor and the bare app in pseudo-terminals: start-up, key handling, bytes and memory.

Both are started the same way (`python -m ...` with this Python, from the repository root,
with the same environment), each on a fresh 80×24 terminal, each tutor with a fresh progress
file. A key's handling time runs from writing the key to the last byte of the burst of output
it causes (nothing more for `QUIET` seconds); for navigation, also to the end of the first
frame that shows the new lesson's header, which is when the student sees the new lesson.
"""

from __future__ import annotations

import glob
import os
import re
import sys
import tempfile
import time
import zlib
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

from benchmarks.terminal import PtySession

ROOT = Path(__file__).resolve().parent.parent
TERMS = {"256": "xterm-256color", "16": "xterm"}
"""Colour depth → TERM; COLORTERM is always unset (SSH does not forward it)."""
TUTOR_MARKER = "Module 3/6"
BARE_MARKER = "Hello"
QUIET = 0.2
"""Seconds without output after which a key's repaint is taken as finished."""
BARE_KEY = "x"
SGR = re.compile(rb"\x1b\[([0-9;]*)m")


def environment(term: str, progress: Path) -> dict[str, str]:
    """The same environment for both programs, free of the developer's colour settings."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("COLORTERM", "NO_COLOR", "FORCE_COLOR", "LC_ALL", "LC_MESSAGES", "COLUMNS", "LINES")
        and not name.startswith("TEXTUAL")
    }
    env.update(TERM=term, LANG="en_US.UTF-8", CNN_TUTOR_PROGRESS=str(progress))
    return env


WHOLE_FRAMES = (
    "import sys, tutor.terminal.screen_diff as diff; diff.ScreenDiff.compress = lambda self, frame, size: frame; "
    "from tutor.cli.main import main; sys.exit(main(sys.argv[1:]))"
)
"""The tutor with its cell diff off: Textual's frames as they are (the A/B comparison of the diff)."""
PROGRAMS = {
    "tutor": ["-m", "tutor", "--lang", "en"],
    "whole": ["-c", WHOLE_FRAMES, "--lang", "en"],
    "bare": ["-m", "benchmarks.bare_app"],
}


@contextmanager
def launch(program: str, term: str = TERMS["256"]) -> Iterator[PtySession]:
    """Start "tutor", "whole" (the tutor without its cell diff) or "bare" on a fresh 80×24 pseudo-terminal."""
    with tempfile.TemporaryDirectory(prefix="cnn-tutor-bench-") as home:
        env = environment(term, Path(home) / "progress.json")
        with PtySession([sys.executable, *PROGRAMS[program]], env, str(ROOT)) as session:
            yield session
            session.close()


def marker(program: str) -> str:
    return BARE_MARKER if program == "bare" else TUTOR_MARKER


def first_frame(session: PtySession, text: str) -> float:
    """Milliseconds from spawning to the end of the first frame that shows `text`."""
    painted = session.frame_with(text, 0)
    if painted is None:
        raise RuntimeError(f"the program never showed {text!r}; it wrote {bytes(session.output[-400:])!r}")
    return (painted - session.started) * 1000


def key_time(session: PtySession, key: str) -> float | None:
    """Milliseconds from `key` to the last byte of its repaint; None when it repainted nothing."""
    sent, offset = session.press(key)
    last = session.settle(offset, QUIET)
    return None if last is None else (last - sent) * 1000


def navigation_time(session: PtySession, key: str, header: str) -> tuple[float, float]:
    """Milliseconds from `key` to the end of the frame that shows `header`, and to the last byte."""
    sent, offset = session.press(key)
    shown = session.frame_with(header, offset)
    if shown is None:
        raise RuntimeError(f"after {key!r} the program never showed {header!r}")
    last = session.settle(offset, QUIET)
    return (shown - sent) * 1000, (last - sent) * 1000


def startup_pair(term: str = TERMS["256"]) -> tuple[float, float]:
    """One cold start of each, tutor first: milliseconds to the first painted screen."""
    times = []
    for program in ("tutor", "bare"):
        with launch(program, term) as session:
            times.append(first_frame(session, marker(program)))
    return times[0], times[1]


def navigation_run(lessons: int, walked: int | None = None) -> tuple[list[tuple[float, float]], float]:
    """Open lesson 1, `n` through every lesson (the first `walked`) and `p` back: (shown, settled) times per
    key, peak RSS (MiB).

    The peak RSS is read after every lesson walked has been visited, before the way back.
    """
    times = []
    walked = walked or lessons
    with launch("tutor") as session:
        first_frame(session, TUTOR_MARKER)
        session.settle(0, QUIET)
        navigation_time(session, "enter", f"lesson 1/{lessons}")
        for number in range(2, walked + 1):
            times.append(navigation_time(session, "n", f"lesson {number}/{lessons}"))
        rss = session.peak_rss_mib()
        for number in range(walked - 1, 0, -1):
            times.append(navigation_time(session, "p", f"lesson {number}/{lessons}"))
    return times, rss


def bare_rss(keys: int) -> float:
    """The bare app's peak RSS (MiB) after `keys` full-screen repaints."""
    with launch("bare") as session:
        first_frame(session, BARE_MARKER)
        for _ in range(keys):
            key_time(session, BARE_KEY)
        return session.peak_rss_mib()


def simulation_run(plan: Sequence[tuple[int, str, Sequence[str]]], lessons: int) -> dict[str, list[float]]:
    """Key times of simulation actions, by simulation.

    `plan` lists (lesson number, simulation, keys) in order: each entry moves to its lesson
    with `n`, presses tab to focus the lesson's next simulation, then each of the keys. Keys
    that repainted nothing are left out.
    """
    times: dict[str, list[float]] = {}
    with launch("tutor") as session:
        first_frame(session, TUTOR_MARKER)
        session.settle(0, QUIET)
        navigation_time(session, "enter", f"lesson 1/{lessons}")
        current = 1
        for number, name, keys in plan:
            for following in range(current + 1, number + 1):
                navigation_time(session, "n", f"lesson {following}/{lessons}")
            current = max(current, number)
            key_time(session, "tab")
            for key in keys:
                taken = key_time(session, key)
                if taken is not None:
                    times.setdefault(name, []).append(taken)
    return times


def bytes_run(program: str, keys: Sequence[str], term: str) -> tuple[int, str, int]:
    """Bytes written for start-up plus `keys` (each repaint let finish), the colour system used,
    and the bytes once compressed as `ssh -C` would."""
    with launch(program, term) as session:
        first_frame(session, marker(program))
        session.settle(0, QUIET)
        for key in keys:
            key_time(session, key)
        written = len(session.output)
        return written, colour_system(bytes(session.output)), ssh_compressed(session)


def ssh_compressed(session: PtySession) -> int:
    """The output's size through zlib level 6 flushed after every read, about what OpenSSH's compression sends."""
    compressor = zlib.compressobj(6)
    size, start = 0, 0
    for _when, end in session.arrivals:
        size += len(compressor.compress(bytes(session.output[start:end])) + compressor.flush(zlib.Z_SYNC_FLUSH))
        start = end
    return size


def colour_system(output: bytes) -> str:
    """The richest colours `output` sets: "truecolor", "256" or "16"."""
    found = "16"
    for match in SGR.finditer(output):
        parameters = match.group(1).split(b";")
        index = 0
        while index < len(parameters) - 1:
            if parameters[index] in (b"38", b"48") and parameters[index + 1] == b"2":
                return "truecolor"
            if parameters[index] in (b"38", b"48") and parameters[index + 1] == b"5":
                found = "256"
                index += 2
            index += 1
    return found


def cpu_and_wakeups(pid: int) -> tuple[float, int]:
    """CPU time (s, exact to the nanosecond) and context switches of all of a process's threads so far."""
    cpu, switches = 0.0, 0
    for task in glob.glob(f"/proc/{pid}/task/*"):
        try:
            with open(f"{task}/schedstat") as schedstat:
                cpu += int(schedstat.read().split()[0]) / 1e9
            with open(f"{task}/status") as status:
                switches += sum(int(line.split()[1]) for line in status if "ctxt_switches:" in line)
        except (OSError, ValueError, IndexError):  # a thread that ended meanwhile
            continue
    return cpu, switches


IDLE_PROGRAMS = {"tutor": ("tutor", ()), "lesson": ("tutor", ("enter", "n", "n", "n")), "bare": ("bare", ())}
"""What idles: the tutor on its course map, the tutor in lesson 4 (three simulations), the bare app."""


def idle_run(seconds: float, windows: int) -> dict[str, list[tuple[float, float]]]:
    """(CPU ms per minute, wake-ups per second) of each of `IDLE_PROGRAMS` in `windows` windows, idling together."""
    with ExitStack() as stack:
        running = {}
        for name, (program, keys) in IDLE_PROGRAMS.items():
            session = stack.enter_context(launch(program))
            first_frame(session, marker(program))
            session.settle(0, QUIET)
            for key in keys:
                key_time(session, key)
            running[name] = session
        for session in running.values():  # charts computed in threads, the lesson screen imported later…
            session.settle(len(session.output) - 1, 1.0)
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in running}
        before = {name: cpu_and_wakeups(session.process.pid) for name, session in running.items()}
        for _ in range(windows):
            deadline = time.perf_counter() + seconds / windows
            while time.perf_counter() < deadline:
                for session in running.values():
                    session.read(0)
                time.sleep(min(0.5, max(deadline - time.perf_counter(), 0)))
            for name, session in running.items():
                after = cpu_and_wakeups(session.process.pid)
                cpu, switches = (after[0] - before[name][0], after[1] - before[name][1])
                samples[name].append((cpu * 1000 * 60 * windows / seconds, switches * windows / seconds))
                before[name] = after
        return samples
