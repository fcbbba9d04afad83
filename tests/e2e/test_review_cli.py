"""`cnn-tutor review` and the review lines of `cnn-tutor progress`, run as a user runs them."""

from __future__ import annotations

import re
import shutil
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_COURSE, ROOT
from tests.support.terminal import Terminal
from tests.e2e.test_cli import assert_clean, run
from tutor.progress import ProgressStore
from tutor.progress.store import read_document
from tutor.progress.document import card
from tutor.review.deck import cards_of, predicted_recall
from tutor.review.scheduler import make_scheduler, record_review


@pytest.fixture
def with_cards(tmp_path: Path) -> Path:
    """A progress file with three cards: one due now, two due within the week (one of them learned)."""
    path = tmp_path / "progress.json"
    store, scheduler, now = ProgressStore(path), make_scheduler(enable_fuzzing=False), datetime.now(timezone.utc)
    for question_id, correct, when in (
        ("q-first", True, now - timedelta(days=3)),
        ("q-third-1", True, now),
        ("q-third-2", False, now),
    ):
        record_review(store, question_id, correct=correct, seconds=20.0, helped=False, now=when, scheduler=scheduler)
    return path


@pytest.mark.parametrize("limit", ["0", "-3", "many"])
def test_a_bad_limit_is_a_usage_error(tmp_path: Path, limit: str) -> None:
    result = run("review", "--limit", limit, cwd=tmp_path)
    assert result.returncode == 2 and "usage: cnn-tutor review" in result.stderr
    assert f"at least 1, not {limit!r}" in result.stderr
    assert_clean(result)


def test_review_without_a_terminal_says_so_in_one_line(tmp_path: Path) -> None:
    result = run("review", "--limit", "5", cwd=tmp_path)
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert "the tutor needs a terminal" in result.stderr
    assert_clean(result)


def test_help_lists_the_review_command(tmp_path: Path) -> None:
    assert "review" in run("--help", cwd=tmp_path).stdout
    assert "--limit N" in run("review", "--help", cwd=tmp_path).stdout


def test_progress_shows_the_cards_of_each_module(tmp_path: Path, with_cards: Path) -> None:
    result = run("progress", "--lessons", str(FIXTURE_COURSE), "--progress", str(with_cards), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    document = read_document(with_cards)
    cards = cards_of(["q-first", "q-third-1", "q-third-2"], lambda question_id: card(document, question_id))
    lines = result.stdout.splitlines()
    assert "  Review cards: 3 (2 learned) · due now: 1 · next 7 days: 2 more" in lines
    recall = next(line for line in lines if line.startswith("  Average predicted recall (FSRS): "))
    now, later = re.fullmatch(
        r"  Average predicted recall \(FSRS\): ([\d.]+)% now, ([\d.]+)% in 7 days without review", recall
    ).groups()
    # Read a moment before or after the command ran: the same to the shown digit, or one tenth apart.
    expected = predicted_recall(cards, datetime.now(timezone.utc))
    assert abs(float(now) - 100 * expected) < 1 and 0 < float(later) < float(now) < 100


def test_progress_without_cards_says_where_they_come_from(tmp_path: Path) -> None:
    result = run("progress", "--lessons", str(FIXTURE_COURSE), "--progress", str(tmp_path / "none.json"), cwd=tmp_path)
    assert "  Review cards: none yet (every quiz question answered becomes one)" in result.stdout.splitlines()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_card_lines_fit_80_columns(tmp_path: Path, with_cards: Path, lang: str) -> None:
    options = ["--lang", lang, "--lessons", str(FIXTURE_COURSE), "--progress", str(with_cards)]
    result = run("progress", *options, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    starts = ("  Cartes", "  Rappel", "  Review", "  Average")
    card_lines = [line for line in result.stdout.splitlines() if line.startswith(starts)]
    assert len(card_lines) == 2 and max(map(len, card_lines)) <= 80


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is needed")
def test_a_review_session_in_a_real_terminal(tmp_path: Path, with_cards: Path) -> None:
    env = {
        "CNN_TUTOR_PROGRESS": str(with_cards),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "LANG": "en_US.UTF-8",
        "TERM": "xterm-256color",
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-m", "tutor", "review", "--lessons", str(FIXTURE_COURSE)]
    terminal = Terminal(command, 80, 24, env=env, cwd=str(ROOT))
    try:
        screen = terminal.wait_for("Review · card 1/1 · due for")
        assert "What does normalisation do?" in screen
        terminal.press("1")
        screen = terminal.wait_for("Rated ")
        assert "Right answer (" in screen and "From the lesson “First lesson”" in screen
        terminal.press("Enter")
        screen = terminal.wait_for("Review done:")
        terminal.press("Escape")
        screen = terminal.wait_for("· v: review")
        terminal.press("q")
        screen = terminal.wait_for("[exit 0]")
        assert "Traceback" not in screen
    finally:
        terminal.close()
    assert len(ProgressStore(with_cards).snapshot()["cards"]["q-first"]["log"]) == 2
    assert len(ProgressStore(with_cards).question_history("q-first")) == 1


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_progress_shows_the_review_statistics_screens_figures(tmp_path: Path, lang: str) -> None:
    from babel.dates import format_date

    path = tmp_path / "progress.json"
    store, scheduler = ProgressStore(path), make_scheduler(enable_fuzzing=False)
    today = datetime.now(timezone.utc).replace(hour=12, minute=0, second=0, microsecond=0)
    first, second = today - timedelta(days=10), today - timedelta(days=2)
    for question_id, correct, when in (
        ("q-first", True, first),
        ("q-first", True, second),  # asked again, remembered
        ("q-third-1", False, second),
        ("q-third-1", True, second + timedelta(minutes=10)),  # asked again, remembered
        ("q-third-2", True, second + timedelta(minutes=20)),
    ):
        record_review(store, question_id, correct=correct, seconds=20.0, helped=False, now=when, scheduler=scheduler)
    store.close()
    result = run(
        "progress",
        "--lang",
        lang,
        "--lessons",
        str(FIXTURE_COURSE),
        "--progress",
        str(path),
        cwd=tmp_path,
        env={"TZ": "UTC"},
    )
    assert result.returncode == 0, result.stderr
    assert_clean(result)
    lines = [line.replace("\u00a0", " ").replace("\u202f", " ") for line in result.stdout.splitlines()]
    label = {day: format_date(day.date(), "EEE d MMM", locale=lang) for day in (first, second)}
    expected = {
        "en": [
            "  Questions: 3 new · 0 learning · 3 learned · 0 relearning",
            "  Last 30 days: 5 answers, on 2 days",
            "  Retention: 100% (2 of 2 cards asked again)",
            "  Answers per day, most recent first:",
            f"    {label[second]}: 4 answers · retention 100% (2 of 2)",
            f"    {label[first]}: 1 answer",
        ],
        "fr": [
            "  Questions : 3 nouvelles · 0 en apprentissage · 3 apprises · 0 à réapprendre",
            "  30 derniers jours : 5 réponses, sur 2 jours",
            "  Rétention : 100 % (2 sur 2 cartes reposées)",
            "  Réponses par jour, les plus récentes d'abord :",
            f"    {label[second]} : 4 réponses · rétention 100 % (2 sur 2)",
            f"    {label[first]} : 1 réponse",
        ],
    }[lang]
    start = lines.index(expected[0])
    assert lines[start : start + len(expected)] == expected
    assert max(map(len, result.stdout.splitlines()[1:])) <= 80  # all but the file's path
