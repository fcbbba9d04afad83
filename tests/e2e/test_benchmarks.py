"""The benchmark harness runs end to end and reports every figure; timings are not judged here."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tutor.content.simulations import WIDGETS

EXPECTED = [
    "startup.tutor",
    "startup.bare",
    "startup.ratio",
    "navigation.keys",
    "navigation.settled",
    "memory.tutor",
    "memory.bare",
    "memory.difference",
    "simulation.all",
    "bytes.256.tutor",
    "bytes.256.bare",
    "bytes.256.ratio",
    "bytes.16.tutor",
    "bytes.16.bare",
    "bytes.16.ratio",
    "course.load",
    "course.load_cold",
    "search.answer",
    "search.index",
    "bytes.256.whole",
    "bytes.256.diff",
    "bytes.256.tutor.ssh",
    "bytes.256.whole.ssh",
    "bytes.16.whole",
    "bytes.16.diff",
    "bytes.16.tutor.ssh",
    "bytes.16.whole.ssh",
    "idle.tutor",
    "idle.lesson",
    "idle.bare",
    "idle.tutor.wakeups",
    "idle.lesson.wakeups",
    "idle.bare.wakeups",
    "idle.tutor.difference",
    "idle.lesson.difference",
    "exercises.command",
    "exercises.check",
    "exercises.check_warm",
]
SIMULATIONS = sorted(WIDGETS)
"""Every registered simulation has its compute and key-response figures."""

# The quick run of benchmarks/run.py takes about 50 s: its tests share one worker, so it runs once.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("benchmarks")]


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str]:
    output = tmp_path_factory.mktemp("bench") / "results.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--output", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(output.read_text(encoding="utf-8")), result.stdout


def test_every_figure_has_median_min_and_max(quick_run: tuple[dict, str]) -> None:
    figures = quick_run[0]["figures"]
    keys = [*EXPECTED, *(f"simulation.{name}" for name in SIMULATIONS)]
    keys += [key for key in figures if key.startswith("compute.")]
    assert {key.split(".")[1] for key in figures if key.startswith("compute.")} == set(SIMULATIONS)
    for key in keys:
        figure = figures[key]
        assert figure["min"] <= figure["median"] <= figure["max"], key
        assert figure["samples"] >= 1, key


def test_ratios_are_the_paired_quotients_and_targets_are_judged(quick_run: tuple[dict, str]) -> None:
    figures = quick_run[0]["figures"]
    for prefix in ("startup", "bytes.256", "bytes.16"):
        tutor, bare, ratio = (figures[f"{prefix}.{part}"] for part in ("tutor", "bare", "ratio"))
        assert ratio["median"] == pytest.approx(tutor["median"] / bare["median"], rel=1e-2)
        assert isinstance(ratio["met"], bool) and ratio["target"]
    assert figures["memory.difference"]["median"] == pytest.approx(
        figures["memory.tutor"]["median"] - figures["memory.bare"]["median"], abs=0.2
    )
    for depth in ("256", "16"):
        tutor, whole, diff = (figures[f"bytes.{depth}.{part}"] for part in ("tutor", "whole", "diff"))
        assert diff["median"] == pytest.approx(whole["median"] / tutor["median"], rel=1e-2) and diff["median"] > 2
        assert figures[f"bytes.{depth}.tutor.ssh"]["median"] < tutor["median"]
    for name in ("tutor", "lesson"):
        difference = figures[f"idle.{name}.difference"]
        assert isinstance(difference["met"], bool) and difference["target"] == "median <= 0"
        assert difference["min"] <= figures[f"idle.{name}"]["max"] - figures["idle.bare"]["min"]


def test_both_colour_depths_really_differ(quick_run: tuple[dict, str]) -> None:
    figures = quick_run[0]["figures"]
    assert "tutor: 256" in figures["bytes.256.tutor"]["note"] and "bare: 256" in figures["bytes.256.tutor"]["note"]
    assert "tutor: 16" in figures["bytes.16.tutor"]["note"] and "bare: 16" in figures["bytes.16.tutor"]["note"]


def test_the_table_names_every_figure_and_the_metadata_is_kept(quick_run: tuple[dict, str]) -> None:
    results, table = quick_run
    assert results["meta"]["quick"] is True and results["meta"]["runs"] == 1
    for figure in results["figures"].values():
        assert figure["label"] in table


def test_bytes_script_is_thirty_keys_through_dropout_attention_and_quiz(real_course) -> None:
    from benchmarks.script import ATTENTION_PRESET, DROPOUT_ACTION, QUIZ_ANSWER, bytes_script

    script = bytes_script(real_course)
    assert len(script) == 30 and script[0] == "enter"
    for action in (DROPOUT_ACTION, ATTENTION_PRESET, QUIZ_ANSWER):
        assert script[script.index(action) - 1] == "tab"
    assert set(script) - {"enter", "tab", DROPOUT_ACTION, ATTENTION_PRESET, QUIZ_ANSWER} == {"n", "p"}
