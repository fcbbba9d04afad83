"""The activation-histogram widget: every number shown is `activation_stats`' for the same seed."""

from __future__ import annotations

import re
import threading

import pytest

from textual.pilot import Pilot

from tests.support.harness import SimulationApp, flat, said
from tests.support.helpers import assert_ascii, screen_text, settle, until
from tutor.screens.help import HelpScreen
from tutor.sim.activation_stats import activation_stats
from tutor.widgets.simulations import activation_histogram
from tutor.widgets.simulations.activation_histogram import BATCH, Settings, summarise
from tutor.widgets.simulations.plot import Chart, number

PARAMS = {"depth": 6, "width": 64, "scale": 3.0, "mode": "without", "seed": 3}
SIZE = (80, 40)
"""A lesson's width, tall enough for the whole simulation."""


def make_app(params: dict | None = None, **options) -> SimulationApp:
    return SimulationApp("activation-histogram", params or PARAMS, **options)


def rows(depth: int, scale: float, batch_norm: bool, seed: int = 3, width: int = 64, decimal: str = ".") -> list[str]:
    """The table rows the widget must show, from `activation_stats` itself: ReLU's output, μ and σ."""
    layers = activation_stats(depth, width, scale, seed, batch_norm, batch=BATCH).layers
    return [
        f"{index + 1:>2}" + f"{number(layer.post_mean):>7}{number(layer.post_std):>7}".replace(".", decimal)
        for index, layer in enumerate(layers)
    ]


def assert_rows_shown(text: str, expected: list[str]) -> None:
    lines = [line.rstrip(" │") for line in text.splitlines()]
    for row in expected:
        assert any(line.endswith(row) for line in lines), (row, text)


def centre_of_bars(app: SimulationApp) -> float:
    """The mean column of the chart's bar cells (ASCII mode: `#`), each cell counted once: where the histogram sits."""
    region = app.query_one(Chart).region
    lines = [line[region.x : region.right] for line in screen_text(app).splitlines()[region.y : region.bottom]]
    cells = [index for line in lines for index, char in enumerate(line) if char == "#"]
    return sum(cells) / len(cells)


async def test_the_lesson_starts_at_the_he_scale_where_nothing_explodes() -> None:
    async with make_app({"depth": 6, "width": 256, "seed": 0}).run_test(size=SIZE) as pilot:
        text = await settle(pilot)
        assert "weights 1× He" in said(text) and "6 fully connected layers of 256 units" in said(text)
        layers = activation_stats(6, 256, 1.0, 0, False, batch=BATCH).layers
        assert_rows_shown(text, rows(6, 1.0, False, seed=0, width=256))
        assert f"σ is still {layers[-1].post_std:.2f} at layer 6" in said(text)
        assert "[+/-] weights 1× He" in text


async def test_without_batch_norm_the_table_shows_every_layers_relu_output() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        text = await settle(pilot)
        assert_rows_shown(text, rows(6, 3.0, batch_norm=False))
        layers = activation_stats(6, 64, 3.0, 3, False, batch=BATCH).layers
        zeros = 100 * layers[0].zero_share
        assert (
            f"Chart: layer 1, % of the values of ReLU(z) at each size, log scale ({zeros:.1f}% are exactly 0, not drawn)"
            in said(text)
        )
        growth = (layers[-1].post_std / layers[0].post_std) ** (1 / 5)
        assert f"σ ×{growth:.2f}/layer" in text
        factor = layers[-1].positive_mean / layers[0].positive_mean
        assert f"layer 6 is {number(factor).strip()}× layer 1 and the histogram slides right" in said(text)


async def test_off_the_he_scale_the_histogram_slides_right_layer_after_layer() -> None:
    async with make_app(ascii_only=True).run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = centre_of_bars(pilot.app)
        await settle(pilot, *["right"] * 5)
        assert centre_of_bars(pilot.app) > first + 15  # 5 layers × log10(3) ≈ 2.4 decades to the right


async def test_with_batch_norm_the_histogram_stays_put() -> None:
    async with make_app(ascii_only=True).run_test(size=SIZE) as pilot:
        await settle(pilot, "b")
        first = centre_of_bars(pilot.app)
        await settle(pilot, *["right"] * 5)
        assert abs(centre_of_bars(pilot.app) - first) < 2


async def test_the_caption_is_drawn_above_the_simulation() -> None:
    app = SimulationApp("activation-histogram", PARAMS, caption="A caption that must stay visible.")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        caption = app.query_one(".caption")
        assert caption.region.bottom <= app.simulation.region.y
        assert "A caption that must stay visible." in screen_text(app)


async def test_the_page_story_at_width_256_three_times_he() -> None:
    params = {"depth": 3, "width": 256, "scale": 3.0, "seed": 0}
    async with make_app(params).run_test(size=SIZE) as pilot:
        text = flat(await settle(pilot))
        assert "1 1.70 2.49" in text and "2 5.21 7.60" in text and "3 15.6 22.9" in text
        text = await settle(pilot, "b")
        assert flat(text).count(" 0.40 0.58") == 3
        assert "With BN every layer starts from mean 0 and standard deviation 1 before the ReLU" in said(text)


async def test_b_switches_batch_norm_on_and_off() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        text = await settle(pilot, "b")
        assert "With batch norm" in said(text) and "[b] Remove BN" in text
        assert_rows_shown(text, rows(6, 3.0, batch_norm=True))
        text = await settle(pilot, "b")
        assert "Without batch norm" in said(text) and "[b] Add BN" in text
        assert_rows_shown(text, rows(6, 3.0, batch_norm=False))


async def test_angle_brackets_change_the_depth_within_2_to_12() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        text = await settle(pilot, "greater_than_sign")
        assert "7 fully connected layers" in said(text)
        assert_rows_shown(text, rows(7, 3.0, batch_norm=False))
        text = await settle(pilot, *["less_than_sign"] * 8)
        assert "2 fully connected layers" in said(text) and "[</>] 2 layers (min)" in text
        assert_rows_shown(text, rows(2, 3.0, batch_norm=False))
        text = await settle(pilot, *["right_square_bracket"] * 12)
        assert pilot.app.simulation.settings.depth == 12 and "[</>] 12 layers (max)" in text
        assert_rows_shown(text, rows(12, 3.0, batch_norm=False))  # the table grew on screen, row by row


async def test_a_shorter_table_does_not_make_the_simulation_shorter() -> None:
    # Else every key that removes a layer would move the rest of the lesson under the student's eyes.
    async with make_app().run_test(size=SIZE) as pilot:
        await settle(pilot, *["greater_than_sign"] * 6)
        tallest = pilot.app.simulation.outer_size.height
        text = await settle(pilot, *["less_than_sign"] * 10)
        assert_rows_shown(text, rows(2, 3.0, batch_norm=False))
        assert pilot.app.simulation.outer_size.height == tallest


async def test_plus_and_minus_step_the_weight_scale_along_the_ladder() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        text = await settle(pilot, "plus")
        assert "weights 4× He (max)" in text
        assert_rows_shown(text, rows(6, 4.0, batch_norm=False))
        text = await settle(pilot, "equals_sign", "minus", "minus")
        assert "weights 2× He" in said(text)
        assert_rows_shown(text, rows(6, 2.0, batch_norm=False))
        text = await settle(pilot, *["minus"] * 5)
        assert "weights 0.5× He (min)" in text and "they fade away" in said(text)


async def test_arrows_choose_the_layer_whose_histogram_is_drawn() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        text = await settle(pilot, "right", "right")
        assert "Chart: layer 3," in said(text) and "[←/→] layer 3 of 6" in text
        assert f"▸{rows(6, 3.0, batch_norm=False)[2]}" in text
        assert pilot.app.simulation.shown_layer == 2
        text = await settle(pilot, *["right"] * 9)
        assert "Chart: layer 6," in said(text)
        text = await settle(pilot, *["left"] * 9)
        assert "Chart: layer 1," in said(text)


async def test_clicking_a_table_row_shows_that_layer() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.click(".side", offset=(4, 2 + 3))  # two heading lines, then layer 1, 2, 3, 4
        text = await settle(pilot)
        assert pilot.app.simulation.shown_layer == 3 and "Chart: layer 4," in said(text)
        assert f"▸{rows(6, 3.0, batch_norm=False)[3]}" in text


async def test_the_help_screen_names_every_key() -> None:
    async with make_app().run_test(size=(80, 40)) as pilot:
        await settle(pilot)
        pilot.app.push_screen(HelpScreen(pilot.app.screen))
        text = await settle(pilot)
        for key, description in (
            ("b", "BN on/off"),
            ("r", "Reset"),
            ("+", "Larger weights"),
            ("-", "Smaller weights"),
            ("<", "One layer less"),
            (">", "One layer more"),
            ("→", "Next layer"),
            ("←", "Previous layer"),
        ):
            assert re.search(rf"{re.escape(key)} +{description}", text), (key, description)


@pytest.mark.parametrize(
    ("width", "items"),
    [
        (
            200,
            (
                ("b", "BN on/off"),
                ("+ -", "Weight scale"),
                ("←→", "Layer shown"),
                ("< >", "Number of layers"),
                ("r", "Reset"),
            ),
        ),
        (80, (("b", "BN on/off"), ("+ -", "Weights"), ("←→", "Layer"), ("< >", "Depth"), ("r", "Reset"))),
    ],
)
async def test_the_key_bar_lists_every_key(width: int, items: tuple[tuple[str, str], ...]) -> None:
    """Related keys make one item (`+ -`, `←→`, `< >`); narrower, the items keep short descriptions."""
    async with make_app().run_test(size=(width, 40)) as pilot:
        text = await settle(pilot)
        footer = text.splitlines()[-1]
        for keys, description in items:
            assert f"{keys}  {description}" in footer, (keys, footer)


async def test_r_resets_to_the_lessons_settings() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await settle(pilot, "b", "minus", "greater_than_sign", "right")
        text = await settle(pilot, "r")
        assert "Without batch norm · 6 fully connected layers of 64 units · weights 3× He" in said(text)
        assert "Chart: layer 1," in said(text)
        assert_rows_shown(text, rows(6, 3.0, batch_norm=False))


def test_the_summary_is_the_functions() -> None:
    for batch_norm in (False, True):
        summary = summarise(Settings(depth=3, width=64, scale=3.0, batch_norm=batch_norm, seed=3))
        assert summary.layers == activation_stats(3, 64, 3.0, 3, batch_norm, batch=BATCH).layers


async def test_keys_stay_responsive_while_a_computation_runs(monkeypatch) -> None:
    computed, release = [], threading.Event()
    release.set()

    def slow_summarise(settings: Settings):
        computed.append(settings)
        release.wait(5)
        return summarise(settings)

    monkeypatch.setattr(activation_histogram, "summarise", slow_summarise)
    async with make_app().run_test(size=SIZE) as pilot:
        simulation = pilot.app.simulation
        await settle(pilot)
        ahead = {simulation.settings, *simulation.following(simulation.settings)}
        await until(pilot, lambda: len(computed) == len(ahead), what="every key's settings computed ahead")
        release.clear()
        # One layer deeper was computed ahead; two layers deeper is being computed when `right` comes.
        await pilot.press("greater_than_sign", "greater_than_sign", "right")
        for _ in range(100):  # the status says "Computing…" once the computation has taken a while
            if "Computing…" in screen_text(pilot.app):
                break
            await pilot.pause(0.05)
        text = screen_text(pilot.app)
        assert "8 fully connected layers" in said(text) and "Computing…" in text
        assert_rows_shown(text, rows(7, 3.0, batch_norm=False))  # the last result stays until the new one
        assert simulation.shown_layer == 1
        release.set()
        text = await settle(pilot)
        assert "Computing…" not in text and "Chart: layer 2," in said(text)
        assert_rows_shown(text, rows(8, 3.0, batch_norm=False))


async def test_ascii_mode_draws_only_ascii() -> None:
    async with make_app(ascii_only=True).run_test(size=SIZE) as pilot:
        for keys in ((), ("b",), ("b", "plus", "right")):
            text = await settle(pilot, *keys)
            assert_ascii(text)
        assert "#     mu  sigma" in text and "weights 4x He" in text


async def test_language_switch_keeps_the_settings_and_uses_decimal_commas() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await settle(pilot, "b", "right")
        pilot.app.switch_language("fr")
        text = await settle(pilot)
        assert "Avec Batch Norm · 6 couches entièrement connectées de 64 neurones · poids 3× He" in said(text)
        assert "Graphique : couche 2, % des valeurs de ReLU(z) selon leur taille, échelle log" in said(text)
        assert_rows_shown(text, rows(6, 3.0, batch_norm=True, decimal=","))
        assert "b  BN oui/non" in text and "[b] Enlever BN" in text


async def run_to_normalised_layer_two(pilot: Pilot) -> None:
    await settle(pilot, "b", "right")


async def test_snapshot_state() -> None:
    """The Pilot twin of the snapshot below: the same state, asserted."""
    async with make_app().run_test(size=SIZE) as pilot:
        await run_to_normalised_layer_two(pilot)
        text = screen_text(pilot.app)
        assert "With batch norm" in said(text) and "Chart: layer 2," in said(text)
        assert_rows_shown(text, rows(6, 3.0, batch_norm=True))


def test_snapshot(snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_to_normalised_layer_two)
