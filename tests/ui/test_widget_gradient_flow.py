"""The gradient-flow widget: every number shown is `gradient_flow`'s for the same seed."""

from __future__ import annotations

import math
import re
import threading

import pytest

from textual.pilot import Pilot

from tests.support.harness import SimulationApp, flat, said
from tests.support.helpers import assert_ascii, screen_text, settle, until, workers_done
from tutor.sim.residual import gradient_flow
from tutor.widgets.simulations import gradient_flow as widget_module
from tutor.widgets.simulations.plot import Chart

PARAMS = {"depth": 50, "activation": "sigmoid", "seed": 0}
SIZE = (80, 40)
"""A lesson's width, tall enough for the whole simulation (the snapshot is 80×24)."""
POWER = re.compile(r" *(1e-?\d+)")
"""A y tick label at the start of a chart line."""


def make_app(**options) -> SimulationApp:
    return SimulationApp("gradient-flow", PARAMS, **options)


def expected_rows(depth: int, activation: str, seed: int = 0, fr: bool = False, batch_norm: bool = False) -> list[str]:
    """The table's rows, from `gradient_flow` itself: layer 1, layer `depth`, their ratio, plain then residual."""
    flow = gradient_flow(depth, activation, seed, batch_norm=batch_norm)
    labels = (
        ("couche 1", f"couche {depth}", f"rapport 1/{depth}")
        if fr
        else ("layer 1", f"layer {depth}", f"ratio 1/{depth}")
    )
    rows = []
    for label, index in zip(labels, (0, -1, None)):
        values = [norms[0] / norms[-1] if index is None else norms[index] for norms in (flow.plain, flow.residual)]
        shown = [f"{value:.1e}".replace(".", "," if fr else ".") for value in values]
        rows.append(f"{label} {shown[0]} {shown[1]}")
    return rows


def assert_rows_shown(text: str, rows: list[str]) -> None:
    text = flat(text)
    for row in rows:
        assert row in text, (row, text)


async def test_sigmoid_plain_gradient_vanishes_and_the_residual_one_does_not() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        text = await settle(pilot)
        assert "50 layers · sigmoid (LeCun init) · no BN · ‖∂L/∂a‖ per layer, log scale" in said(text)
        assert "* plain o residual" in flat(text)
        assert "shrinks about 4.2× per layer and vanishes (ratio 2.3e-31)" in said(text)
        assert_rows_shown(text, expected_rows(50, "sigmoid"))
        flow = gradient_flow(50, "sigmoid", 0)
        assert flow.plain[0] < 1e-25 < 1e-2 < flow.residual[0]  # the story the numbers tell


async def test_the_chart_draws_both_networks_on_a_log_scale() -> None:
    flow = gradient_flow(50, "sigmoid", 0)
    async with make_app(ascii_only=True).run_test(size=SIZE) as pilot:
        await settle(pilot)
        region = pilot.app.query_one(Chart).region
        lines = [
            line[region.x : region.right] for line in screen_text(pilot.app).splitlines()[region.y : region.bottom]
        ]
        chart = "\n".join(lines)
        assert "*" in chart and "o" in chart
        lowest, highest = math.floor(math.log10(min(flow.plain))), math.ceil(math.log10(max(flow.residual)))
        labels = [match[1] for match in map(POWER.match, lines[:-1]) if match]
        assert "1e-30" in labels and "1e0" in labels
        assert all(lowest <= int(label[2:]) <= highest for label in labels)
        assert lines[-1].split()[-1] == "50"  # the x axis runs to the last layer


@pytest.mark.slow
async def test_plus_and_minus_change_the_depth_by_ten_within_10_to_100() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        text = await settle(pilot, "plus")
        assert "60 layers" in text
        assert_rows_shown(text, expected_rows(60, "sigmoid"))
        text = await settle(pilot, *["plus"] * 5)
        assert "100 layers" in text
        assert_rows_shown(text, expected_rows(100, "sigmoid"))
        text = await settle(pilot, *["minus"] * 10)
        assert "10 layers" in text
        assert_rows_shown(text, expected_rows(10, "sigmoid"))


async def test_a_cycles_through_the_activations() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        text = await settle(pilot, "a")
        assert "50 layers · tanh (LeCun init) ·" in text
        assert_rows_shown(text, expected_rows(50, "tanh"))
        text = await settle(pilot, "a")
        assert "50 layers · ReLU (He init) ·" in text
        assert_rows_shown(text, expected_rows(50, "relu"))
        assert "the plain ReLU network keeps its gradient" in said(text) and "doubling the variance" in said(text)
        text = await settle(pilot, "a")
        assert "50 layers · sigmoid (LeCun init) ·" in text


async def test_every_key_is_answered_at_once_with_what_was_computed_while_the_student_read(monkeypatch) -> None:
    computed, gate, original = [], threading.Event(), widget_module.summarise
    gate.set()

    def summarise(settings):
        gate.wait(10)
        summary = original(settings)
        computed.append(settings)
        return summary

    monkeypatch.setattr(widget_module, "summarise", summarise)
    async with make_app().run_test(size=SIZE) as pilot:
        simulation = pilot.app.simulation
        await settle(pilot)
        for key in ("plus", "minus", "a", "b", "r"):
            ahead = {simulation.settings, *simulation.following(simulation.settings)}
            await until(pilot, lambda ahead=ahead: ahead <= set(computed), what="every key's settings computed ahead")
            await workers_done(pilot.app)
            gate.clear()  # from now on a computation would not end: the key must be answered without one
            await pilot.press(key)
            assert simulation.summary is not None and simulation.summary.settings == simulation.settings, key
            assert "Computing…" not in screen_text(pilot.app)
            gate.set()
            text = await settle(pilot)
            settings = simulation.settings
            assert_rows_shown(text, expected_rows(settings.depth, settings.activation, batch_norm=settings.batch_norm))
        assert len(computed) == len(set(computed))  # and no settings computed twice


async def test_only_the_simulation_with_the_focus_computes_ahead(monkeypatch) -> None:
    # Its keys come to it; a simulation the student pages past computes only what it shows.
    computed, original = [], widget_module.summarise
    monkeypatch.setattr(widget_module, "summarise", lambda settings: computed.append(settings) or original(settings))
    async with make_app(focused=False).run_test(size=SIZE) as pilot:
        simulation = pilot.app.simulation
        await settle(pilot)
        await workers_done(pilot.app)
        assert computed == [simulation.settings]
        simulation.focus()
        ahead = {simulation.settings, *simulation.following(simulation.settings)}
        await until(pilot, lambda: ahead <= set(computed), what="every key's settings computed ahead")


async def test_r_resets_to_the_lessons_settings() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await settle(pilot, "a", "minus")
        text = await settle(pilot, "r")
        assert "50 layers · sigmoid (LeCun init) · no BN" in text
        assert_rows_shown(text, expected_rows(50, "sigmoid"))


@pytest.mark.parametrize(
    ("presses", "activation", "words"),
    [
        ((), "sigmoid", "the plain network's gradient no longer vanishes"),
        (("a",), "tanh", "Yang et al., 2019"),
        (("a", "a"), "relu", "each normalised branch adds a fixed variance"),
    ],
)
async def test_b_normalises_every_block_and_says_why_the_numbers_change(
    presses: tuple, activation: str, words: str
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        text = await settle(pilot, *presses, "b")
        assert "BN in every block" in said(text) and words in said(text)
        assert_rows_shown(text, expected_rows(50, activation, batch_norm=True))
        assert "[b] Remove BN" in text
        text = await settle(pilot, "b")
        assert "no BN" in said(text) and "[b] Add BN" in text


async def test_the_depth_at_its_limits_says_so() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        text = await settle(pilot, *["plus"] * 6)
        assert "[+/-] 100 layers (max)" in text
        text = await settle(pilot, *["minus"] * 10)
        assert "[+/-] 10 layers (min)" in text


async def test_ascii_mode_draws_only_ascii() -> None:
    async with make_app(ascii_only=True).run_test(size=SIZE) as pilot:
        for keys in ((), ("a",), ("a", "plus")):
            text = await settle(pilot, *keys)
            assert_ascii(text)
        assert "60 layers | ReLU (He init) | no BN | ||dL/da|| per layer, log scale" in said(text)


async def test_language_switch_keeps_the_settings() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await settle(pilot, "a", "minus")
        pilot.app.switch_language("fr")
        text = await settle(pilot)
        assert "40 couches · tanh (init. LeCun) · sans BN · ‖∂L/∂a‖ par couche, échelle log" in said(text)
        assert "* simple o résiduel" in flat(text)
        assert_rows_shown(text, expected_rows(40, "tanh", fr=True))
        footer = text.splitlines()[-1]
        assert "+ -  Profondeur" in footer and "b  BN oui/non" in footer and "r  Départ" in footer


async def run_to_relu_at_depth_sixty(pilot: Pilot) -> None:
    await settle(pilot, "a", "a", "plus")


async def test_snapshot_state() -> None:
    """The Pilot twin of the snapshot below: the same state, asserted."""
    async with make_app().run_test(size=SIZE) as pilot:
        await run_to_relu_at_depth_sixty(pilot)
        text = screen_text(pilot.app)
        assert "60 layers · ReLU (He init) · no BN" in text
        assert_rows_shown(text, expected_rows(60, "relu"))


def test_snapshot(snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_to_relu_at_depth_sixty)
