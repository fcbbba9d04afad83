"""The served start-up: from the page's request to the course map drawn in headless Chromium.

`cnn-tutor serve` runs for the whole measure; each run loads the page anew, which opens a new
websocket and so starts a new tutor process, as a student's new tab does. The time is the page's
own clock (performance.now(), from the navigation's start) at the first xterm.js frame that draws
the course map. Needs the `web` extra, selenium, and Debian's chromium and chromium-driver.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from benchmarks.sessions import ROOT, TUTOR_MARKER

SERVING = re.compile(r"served at (http://\S+)")
COURSE_MAP = (TUTOR_MARKER, "Module 3 summary")
"""Both the header and the last lesson of the map: the whole course map is drawn."""


def unavailable() -> str | None:
    """Why the served start-up cannot be measured here, or None."""
    from benchmarks.browser import have_browser

    try:
        import textual_serve  # noqa: F401
    except ImportError:
        return "the web extra is not installed"
    return have_browser()


def served_startup(runs: int) -> list[float]:
    """Milliseconds from the page's request to the course map drawn, one per run (after a warm-up)."""
    from benchmarks.browser import Browser

    with tempfile.TemporaryDirectory(prefix="cnn-tutor-bench-") as home:
        command = [
            sys.executable,
            "-m",
            "tutor",
            "serve",
            "--port",
            "0",
            "--lang",
            "en",
            "--progress",
            str(Path(home) / "progress.json"),
        ]
        server = subprocess.Popen(
            command,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
        browser = None
        try:
            url = _address(server)
            browser = Browser(markers=COURSE_MAP)
            times = []
            for run in range(runs + 1):
                browser.open(url)
                drawn = browser.drawn_ms()
                if run:  # the first load warms the page cache and the tutor's start-up cache
                    times.append(drawn)
            return times
        finally:
            if browser is not None:
                browser.close()
            server.terminate()
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _address(server: subprocess.Popen[str], timeout: float = 60.0) -> str:
    found: list[str] = []

    def read() -> None:
        assert server.stdout is not None
        for line in server.stdout:
            if match := SERVING.search(line):
                found.append(match.group(1))
                break

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout)
    if not found:
        raise RuntimeError("cnn-tutor serve printed no address")
    return found[0]
