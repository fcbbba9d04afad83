"""The activation-histogram widget: every number shown is `activation_stats`' for the same seed."""

from __future__ import annotations

import re
import threading

from textual.pilot import Pilot

from tests.support.harness import SimulationApp
from tests.support.helpers import assert_ascii, screen_text, settle
from tutor.screens.help import HelpScreen
from tutor.sim.activation_stats import activation_stats
from tutor.widgets.simulations import activation_histogram
from tutor.widgets.simulations.activation_histogram import BATCH, Settings, summarise
from tutor.widgets.simulations.plot import number

PARAMS = {"depth": 6, "width": 64, "scale": 3.0, "mode": "without", "seed": 3}
SIZE = (80, 24)


def make_app(**options) -> SimulationApp:
    return SimulationApp("activation-histogram", PARAMS, **options)


def rows(depth: int, scale: float, batch_norm: bool, seed: int = 3, decimal: str = ".") -> list[str]:
    """The table rows the widget must show, from `activation_stats` itself."""
    layers = activation_stats(depth, 64, scale, seed, batch_norm, batch=BATCH).layers
    names = ("pre_mean", "pre_std", "post_mean", "post_std")[0 if batch_norm else 2 :]
    return [
        f"{index + 1:>2}" + "".join(f"{number(getattr(layer, name)):>7}" for name in names).replace(".", decimal)
        for index, layer in enumerate(layers)
    ]


def assert_rows_shown(text: str, expected: list[str]) -> None:
    lines = text.splitlines()
    for row in expected:
        assert any(line.rstrip().endswith(row) for line in lines), (row, text)


async def test_without_batch_norm_the_table_shows_every_layers_relu_output() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        text = await settle(pilot)
        assert_rows_shown(text, rows(6, 3.0, batch_norm=False))
        layers = activation_stats(6, 64, 3.0, 3, False, batch=BATCH).layers
        zeros = 100 * layers[0].zero_share
        assert f"Chart: ReLU(z), layer 1, values > 0 in % ({zeros:.1f}% are exactly 0)" in text
        assert "Without batch norm · 6 layers of 64 units · weights 3× He" in text
        growth = (layers[-1].post_std / layers[0].post_std) ** (1 / 5)
        assert f"σ ×{growth:.2f} per layer on average" in text


async def test_the_page_story_at_width_256_three_times_he() -> None:
    params = {"depth": 3, "width": 256, "scale": 3.0, "seed": 0}
    async with SimulationApp("activation-histogram", params).run_test(size=SIZE) as pilot:
        text = await settle(pilot)
        assert "1   1.70   2.49" in text and "2   5.21   7.60" in text and "3   15.6   22.9" in text
        text = await settle(pilot, "b")
        assert text.count("0.00   1.00   0.40   0.58") == 3


async def test_b_and_w_switch_batch_norm_on_and_off() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        text = await settle(pilot, "b")
        assert "With batch norm" in text and "the normalised input of the ReLU" in text
        assert "BN(z)" in text and "ReLU(BN(z))" in text
        assert_rows_shown(text, rows(6, 3.0, batch_norm=True))
        text = await settle(pilot, "w")
        assert_rows_shown(text, rows(6, 3.0, batch_norm=False))


async def test_plus_and_minus_change_the_depth_within_2_to_12() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        text = await settle(pilot, "equals_sign")
        assert "7 layers" in text
        assert_rows_shown(text, rows(7, 3.0, batch_norm=False))
        text = await settle(pilot, *["minus"] * 8)
        assert "2 layers" in text
        assert_rows_shown(text, rows(2, 3.0, batch_norm=False))
        assert pilot.app.simulation.settings.depth == 2


async def test_brackets_step_the_weight_scale_along_the_ladder() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        text = await settle(pilot, "right_square_bracket")
        assert "weights 4× He" in text
        assert_rows_shown(text, rows(6, 4.0, batch_norm=False))
        text = await settle(pilot, "right_square_bracket", "left_square_bracket", "left_square_bracket")
        assert "weights 2× He" in text
        assert_rows_shown(text, rows(6, 2.0, batch_norm=False))


async def test_arrows_choose_the_layer_whose_histogram_is_drawn() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        text = await settle(pilot, "right", "right")
        assert "layer 3," in text
        assert f"▸{rows(6, 3.0, batch_norm=False)[2]}" in text
        assert pilot.app.simulation.layer == 2
        text = await settle(pilot, *["right"] * 9)
        assert "layer 6," in text
        text = await settle(pilot, *["left"] * 9)
        assert "layer 1," in text


async def test_clicking_a_table_row_shows_that_layer() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.click(".side", offset=(4, 2 + 3))  # two heading lines, then layer 1, 2, 3, 4
        text = await settle(pilot)
        assert pilot.app.simulation.layer == 3 and "layer 4," in text
        assert f"▸{rows(6, 3.0, batch_norm=False)[3]}" in text


async def test_the_help_screen_names_every_key() -> None:
    async with make_app().run_test(size=(80, 40)) as pilot:
        await settle(pilot)
        pilot.app.push_screen(HelpScreen(pilot.app.screen, "en", ascii_only=False))
        text = await settle(pilot)
        for key, description in (
            ("w", "Without BN"), ("b", "With BN"), ("r", "Reset"), ("+", "One layer more"), ("=", "One layer more"),
            ("-", "One layer less"), ("]", "Larger initial weights"), ("[", "Smaller initial weights"),
            ("→", "Show the next layer"), ("←", "Show the previous layer"),
        ):
            assert re.search(rf"{re.escape(key)} +{description}", text), (key, description)


async def test_r_resets_to_the_lessons_settings() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await settle(pilot, "b", "plus", "right_square_bracket", "right")
        text = await settle(pilot, "r")
        assert "Without batch norm · 6 layers of 64 units · weights 3× He" in text
        assert "layer 1," in text
        assert_rows_shown(text, rows(6, 3.0, batch_norm=False))


def test_the_summary_is_the_functions() -> None:
    for batch_norm in (False, True):
        summary = summarise(Settings(depth=3, width=64, scale=3.0, batch_norm=batch_norm, seed=3))
        assert summary.layers == activation_stats(3, 64, 3.0, 3, batch_norm, batch=BATCH).layers


async def test_keys_stay_responsive_while_a_computation_runs(monkeypatch) -> None:
    release = threading.Event()

    def slow_summarise(settings: Settings):
        release.wait(5)
        return summarise(settings)

    async with make_app().run_test(size=SIZE) as pilot:
        await settle(pilot)
        monkeypatch.setattr(activation_histogram, "summarise", slow_summarise)
        await pilot.press("b", "right")
        await pilot.pause()
        text = screen_text(pilot.app)
        assert "With batch norm" in text and "Computing…" in text
        assert_rows_shown(text, rows(6, 3.0, batch_norm=False))  # the last result stays until the new one
        assert pilot.app.simulation.layer == 1
        release.set()
        text = await settle(pilot)
        assert "Computing…" not in text and "layer 2," in text
        assert_rows_shown(text, rows(6, 3.0, batch_norm=True))


async def test_ascii_mode_draws_only_ascii() -> None:
    async with make_app(ascii_only=True).run_test(size=SIZE) as pilot:
        for keys in ((), ("b",), ("w", "right_square_bracket", "plus")):
            text = await settle(pilot, *keys)
            assert_ascii(text)
        assert "#     mu  sigma" in text and "weights 4x He" in text


async def test_language_switch_keeps_the_settings_and_uses_decimal_commas() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await settle(pilot, "b", "right")
        pilot.app.switch_language("fr")
        text = await settle(pilot)
        assert "Avec Batch Norm · 6 couches de 64 neurones · poids 3× He" in text
        assert "Graphique : BN(z), couche 2, entrée normalisée de la ReLU, en %" in text
        assert_rows_shown(text, rows(6, 3.0, batch_norm=True, decimal=","))
        assert "b  Avec BN" in text


async def run_to_normalised_layer_two(pilot: Pilot) -> None:
    await settle(pilot, "b", "right")


async def test_snapshot_state() -> None:
    """The Pilot twin of the snapshot below: the same state, asserted."""
    async with make_app().run_test(size=SIZE) as pilot:
        await run_to_normalised_layer_two(pilot)
        text = screen_text(pilot.app)
        assert "With batch norm" in text and "layer 2," in text
        assert_rows_shown(text, rows(6, 3.0, batch_norm=True))


def test_snapshot(snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_to_normalised_layer_two)
