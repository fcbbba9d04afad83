"""`cnn-tutor serve` in Debian's headless Chromium: the same tutor as in the terminal, in a browser tab.

Skipped where chromium, chromium-driver, selenium or the `web` extra are missing (`.ci/run`
installs them all). The screen is read from xterm.js's own buffer in the page (tests/support/browser.py).
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.browser import Browser, have_browser
from tests.support.serving import SERVING, Server, cnn_tutor, group_alive
from tests.conftest import real_lesson_count

DOWN, END, UP, ENTER, TAB, ESCAPE = "\ue015", "\ue010", "\ue013", "\ue007", "\ue004", "\ue00c"


def _missing() -> str | None:
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        return "the web extra is not installed (pip install -e '.[web,test]')"
    return have_browser()


pytestmark = pytest.mark.skipif(_missing() is not None, reason=_missing() or "")


@pytest.fixture
def progress(tmp_path: Path) -> Path:
    return tmp_path / "progress.json"


@pytest.fixture
def served(progress: Path) -> Iterator[tuple[Server, str]]:
    server = Server(cnn_tutor("serve", "--port", "0", "--progress", str(progress), "--lang", "en"))
    try:
        yield server, server.wait_for_line(SERVING).group(1)
    finally:
        server.stop()


@pytest.fixture
def browser() -> Iterator[Browser]:
    browser = Browser()
    try:
        yield browser
    finally:
        browser.close()


def stored_answers(progress: Path) -> dict[str, int]:
    """The quiz's answers so far, as `cnn-tutor progress --json` prints the progress document."""
    result = subprocess.run(
        cnn_tutor("progress", "--json", "--progress", str(progress)), capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    quiz = json.loads(result.stdout)["modules"]["module3"]["quizzes"]["module3-quiz"]
    return quiz["draft"]["answers"]


def open_the_quiz(browser: Browser) -> None:
    browser.wait_for("Check your knowledge")
    browser.press(END, UP, ENTER)  # the quiz is the last lesson but one
    browser.wait_for(f"lesson {real_lesson_count() - 1}/{real_lesson_count()}")
    browser.wait_for("2) Stabilising training")


def test_a_student_opens_a_lesson_and_answers_in_the_browser(
    served: tuple[Server, str], browser: Browser, progress: Path, tmp_path: Path
) -> None:
    server, url = served
    browser.open(url)
    screen = browser.wait_for("1. Introduction to advanced techniques")
    assert "Module 3/6" in screen and f"{real_lesson_count()}. Module 3 summary" in screen
    assert browser.true_colour_cells() > 0, "the browser's terminal is given 24-bit colours"

    browser.press(DOWN, ENTER)  # the keyboard opens lesson 2
    screen = browser.wait_for(f"lesson 2/{real_lesson_count()}")
    assert "Batch normalisation" in screen.splitlines()[0]
    browser.press(ESCAPE)
    browser.wait_for("enter: open a lesson")

    open_the_quiz(browser)
    browser.click_text("2) Stabilising training")  # the mouse answers question 1
    browser.wait_for("● 2) Stabilising training")
    browser.press(TAB, "3")  # the keyboard answers question 2
    browser.wait_for("● 3) Randomly deactivates")
    shot = browser.screenshot(tmp_path / "served-quiz.png")
    print(f"screenshot: {shot}")
    assert stored_answers(progress) == {"q-bn-purpose": 1, "q-dropout-training": 2}


def test_two_tabs_at_once_lose_nothing(served: tuple[Server, str], progress: Path) -> None:
    server, url = served
    first, second = Browser(), Browser()
    try:
        first.open(url)
        second.open(url)
        open_the_quiz(first)
        open_the_quiz(second)
        first.click_text("2) Stabilising training")
        first.wait_for("● 2) Stabilising training")
        second.click_text("3) Randomly deactivates")
        second.wait_for("● 3) Randomly deactivates")
    finally:
        first.close()
        second.close()
    assert stored_answers(progress) == {"q-bn-purpose": 1, "q-dropout-training": 2}


def test_ctrl_c_ends_every_tab_and_the_server(served: tuple[Server, str], browser: Browser, progress: Path) -> None:
    server, url = served
    browser.open(url)
    open_the_quiz(browser)
    browser.click_text("2) Stabilising training")
    browser.wait_for("● 2) Stabilising training")
    assert server.interrupt() == 0  # the whole foreground group, tabs' tutors included, gets SIGINT
    assert "stopped" in "".join(server.output) and "Traceback" not in "".join(server.output)
    assert not group_alive(server.process.pid), "a tab's tutor outlived the server"
    assert stored_answers(progress) == {"q-bn-purpose": 1}


def test_stopping_the_server_alone_stops_every_tab_at_once(served: tuple[Server, str], browser: Browser) -> None:
    from tutor.web.server import STOP_TIMEOUT

    server, url = served
    browser.open(url)
    browser.wait_for("1. Introduction to advanced techniques")
    started = time.monotonic()
    assert server.terminate() == 0  # as jupyter-server-proxy stops it: the tabs' tutors get no signal
    # Every tab's tutor is asked to quit at once: without that, aiohttp would wait for the open
    # websockets for its whole shutdown timeout, then cancel them (measured: 10.5 s against 0.6 s).
    assert time.monotonic() - started < STOP_TIMEOUT
    assert not group_alive(server.process.pid), "a tab's tutor outlived the server"


def test_language_review_and_simulations_work_as_in_the_terminal(served: tuple[Server, str], browser: Browser) -> None:
    server, url = served
    browser.open(url)
    browser.wait_for("1. Introduction to advanced techniques")
    browser.press("l")
    assert "Formation CNN" in browser.wait_for("Techniques avancées des CNN")
    browser.press("l")
    browser.wait_for("CNN course")
    browser.press("v")
    browser.wait_for("escape: back to the course map")
    browser.press(ESCAPE)
    browser.wait_for("enter: open a lesson")

    browser.press(DOWN, DOWN, DOWN, DOWN, ENTER)
    browser.wait_for(f"lesson 5/{real_lesson_count()}")
    browser.press(TAB)  # the dropout simulation has the focus
    browser.wait_for("p = 0.50")
    browser.press("8")  # 80 % dropout
    browser.wait_for("p = 0.80")

    browser.press("q")  # the tutor quits: the page says so and offers to open it again
    deadline = time.monotonic() + 30
    while "-closed" not in browser.body_classes():
        assert time.monotonic() < deadline, "the page never showed that the tutor has closed"
        time.sleep(0.05)


def test_the_benchmark_measures_the_served_start_up(tmp_path: Path) -> None:
    import sys

    from tests.conftest import ROOT

    output = tmp_path / "results.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--only", "served", "--output", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    figure = json.loads(output.read_text(encoding="utf-8"))["figures"]["served.startup"]
    assert 0 < figure["min"] <= figure["median"] <= figure["max"] and figure["samples"] == 1
    assert "page request to course map drawn" in result.stdout
