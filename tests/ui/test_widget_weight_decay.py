"""The weight-decay widget: every number shown is `fit_logistic`'s for the same λ and seed."""

from __future__ import annotations

import re

from textual.pilot import Pilot

from tests.support.harness import SimulationApp, said
from tests.support.helpers import assert_ascii, screen_text, settle
from tutor.sim.regularization import fit_logistic
from tutor.widgets.simulations.plot import Chart, number

PARAMS = {"penalty": "l1", "strength": 0.05, "seed": 0}
SIZE = (80, 24)
TALL = (80, 50)
"""A lesson's width, tall enough for the whole simulation."""
Y_TICK = re.compile(r"^ *-?\d(?:\.\d+)?")
"""A y tick label at the start of a chart line (the weights here stay below 10)."""


def make_app(**options) -> SimulationApp:
    return SimulationApp("weight-decay", PARAMS, **options)


def table(strength: float, seed: int = 0, fr: bool = False) -> list[str]:
    """The table rows the widget must show, from `fit_logistic` itself."""
    fits = [fit_logistic(penalty, strength, seed) for penalty in ("none", "l2", "l1")]
    percent = "{:.1f} %" if fr else "{:.1f}%"
    rows = [
        [str(fit.zero_count) for fit in fits],
        [percent.format(100 * fit.accuracy) for fit in fits],
        [number(fit.loss) for fit in fits],
        [number(fit.l1_norm) for fit in fits],
        [number(fit.l2_norm) for fit in fits],
    ]
    return ["".join(f"{value:>7}" for value in row).replace(".", "," if fr else ".") for row in rows]


def assert_table_shown(text: str, rows: list[str]) -> None:
    for row in rows:
        assert row in text, (row, text)


def chart_cells(app: SimulationApp) -> tuple[str, list[str]]:
    """The characters of the chart's data area, and its x tick labels."""
    region = app.query_one(Chart).region
    lines = [line[region.x : region.right] for line in screen_text(app).splitlines()[region.y : region.bottom]]
    data = "".join(Y_TICK.sub("", line) for line in lines[:-1])
    return data, lines[-1].split()


async def test_the_table_compares_the_three_penalties_at_the_lessons_lambda() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        text = await settle(pilot)
        assert "λ = 0.05 · L2: loss + λ‖w‖² · L1: loss + λ‖w‖₁" in text
        assert "Chart: the 20 weights trained with L1" in text
        assert_table_shown(text, table(0.05))
        assert "none     L2    ▸L1" in text


async def test_the_chart_marks_exact_zeros_and_the_informative_features() -> None:
    l1, l2 = fit_logistic("l1", 0.05, 0), fit_logistic("l2", 0.05, 0)
    async with make_app(ascii_only=True).run_test(size=SIZE) as pilot:
        await settle(pilot)
        data, ticks = chart_cells(pilot.app)
        assert data.count("0") == l1.zero_count == 16
        assert ticks == [str(index + 1) for index in l1.informative]
        await settle(pilot, "2")
        data, _ = chart_cells(pilot.app)
        assert data.count("0") == l2.zero_count == 0
        assert data.count("+") > 0  # the unpenalised weights, for comparison


async def test_plus_and_minus_step_lambda_along_the_ladder() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        text = await settle(pilot, "plus")
        assert "λ = 0.1 ·" in text
        assert_table_shown(text, table(0.1))
        text = await settle(pilot, "minus", "minus", "minus")
        assert "λ = 0.01 ·" in text
        assert_table_shown(text, table(0.01))
        text = await settle(pilot, *["minus"] * 5)
        assert "λ = 0.001 ·" in text
        assert_table_shown(text, table(0.001))
        text = await settle(pilot, *["plus", "equals_sign"] * 6)
        assert "λ = 1 ·" in text
        assert_table_shown(text, table(1.0))


async def test_digits_choose_the_penalty_charted_without_training_again() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await settle(pilot)
        summary = pilot.app.simulation.summary
        text = await settle(pilot, "0")
        assert "Chart: the 20 weights trained without a penalty" in text and "▸none" in text
        text = await settle(pilot, "2")
        assert "Chart: the 20 weights trained with L2" in text and "▸L2" in text
        text = await settle(pilot, "1")
        assert "Chart: the 20 weights trained with L1" in text and "▸L1" in text
        assert pilot.app.simulation.summary is summary


async def test_clicking_a_penalty_column_charts_it() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.click(".side", offset=(10 + 7 + 3, 2))  # the L2 column, on the zeros row
        text = await settle(pilot)
        assert pilot.app.simulation.penalty == "l2" and "Chart: the 20 weights trained with L2" in text


async def test_r_resets_lambda_and_the_chart() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await settle(pilot, "plus", "plus", "2")
        text = await settle(pilot, "r")
        assert "λ = 0.05 ·" in text and "▸L1" in text
        assert_table_shown(text, table(0.05))


async def test_a_lambda_off_the_ladder_steps_to_its_neighbours() -> None:
    async with SimulationApp("weight-decay", {"strength": 0.07, "seed": 2}).run_test(size=SIZE) as pilot:
        text = await settle(pilot)
        assert "λ = 0.07 ·" in text
        assert_table_shown(text, table(0.07, seed=2))
        text = await settle(pilot, "minus")
        assert "λ = 0.05 ·" in text
        assert_table_shown(text, table(0.05, seed=2))


async def test_ascii_mode_draws_only_ascii() -> None:
    async with make_app(ascii_only=True).run_test(size=SIZE) as pilot:
        for keys in ((), ("2",), ("0", "plus")):
            text = await settle(pilot, *keys)
            assert_ascii(text)
        assert "lambda = 0.1 | L2: loss + lambda||w||^2" in text and "||w||1" in text


async def test_language_switch_keeps_lambda_and_the_chart() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await settle(pilot, "plus", "2")
        pilot.app.switch_language("fr")
        text = await settle(pilot)
        assert "λ = 0,1 · L2 : perte + λ‖w‖² · L1 : perte + λ‖w‖₁" in text
        assert "Graphique : les 20 poids appris avec L2" in text and "▸L2" in text
        assert "exactitude" in text and "aucune" in text
        assert_table_shown(text, table(0.1, fr=True))
        assert "λ plus fort" in text


async def run_to_l2_at_lambda_point_one(pilot: Pilot) -> None:
    await settle(pilot, "plus", "2")


async def test_snapshot_state() -> None:
    """The Pilot twin of the snapshot below: the same state, asserted."""
    async with make_app().run_test(size=SIZE) as pilot:
        await run_to_l2_at_lambda_point_one(pilot)
        text = screen_text(pilot.app)
        assert "λ = 0.1 ·" in text and "▸L2" in text
        assert_table_shown(text, table(0.1))


def test_snapshot(snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_to_l2_at_lambda_point_one)


async def test_each_chart_says_what_to_see_and_its_legend_once() -> None:
    async with make_app().run_test(size=TALL) as pilot:
        l1 = fit_logistic("l1", 0.05, 0)
        noise_zeros = sum(1 for index, weight in enumerate(l1.weights) if weight == 0.0 and index not in l1.informative)
        text = said(await settle(pilot))
        assert (
            f"L1 sets {l1.zero_count} weights exactly to zero, {noise_zeros} of them among the 16 noise features"
            in text
        )
        assert "+ without penalty" in text
        text = said(await settle(pilot, "0"))
        assert "+ without penalty" not in text and text.count("without penalty") == 1 + text.count(
            "Chart without penalty"
        )
        assert "Without a penalty the 16 noise features get weights too" in text
        text = said(await settle(pilot, "2"))
        assert "L2 shrinks every weight" in text and "(0 zeros)" in text


async def test_lambda_at_its_limits_says_so() -> None:
    async with make_app().run_test(size=TALL) as pilot:
        text = await settle(pilot, *["plus"] * 6)
        assert "[+/-] λ = 1 (max)" in text
        text = await settle(pilot, *["minus"] * 12)
        assert "[+/-] λ = 0.001 (min)" in text


async def test_the_zero_line_shows_zeros_small_weights_and_the_axis_apart() -> None:
    async with make_app(ascii_only=True).run_test(size=SIZE) as pilot:
        await settle(pilot)
        data, _ = chart_cells(pilot.app)
        assert data.count("0") == 16 and "-" in data  # the 16 zeros on a drawn zero line
