"""bn-statistics: every number shown is `running_statistics`' and `fold_error`'s for the same settings."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.support.harness import SimulationApp, flat, said
from tests.support.helpers import assert_ascii, screen_text, settle
from tutor.sim.batch_statistics import fold_error, running_statistics
from tutor.text.i18n import Messages
from tutor.widgets.simulations.bn_statistics import STEPS, BatchStatistics

SIZE = (80, 50)
"""A lesson's width, tall enough for the whole simulation."""


def bn_app(lang: str = "en", ascii_only: bool = False, **params) -> SimulationApp:
    return SimulationApp(
        "bn-statistics", {"batch_size": 8, "momentum": 0.1, "seed": 0, **params}, lang=lang, ascii_only=ascii_only
    )


def table(batch: int, momentum: float, seed: int = 0, comma: bool = False) -> list[str]:
    run = running_statistics(batch, momentum, STEPS, seed)
    rows = [
        "true 2.00 9.00",
        f"running {run.running_means[-1]:.2f} {run.running_vars[-1]:.2f}",
        f"last batch {run.batch_means[-1]:.2f} {run.batch_vars[-1]:.2f}",
        f"train/eval {run.gap:.3f}",
        f"folded {fold_error(run.running_means[-1], run.running_vars[-1], seed):.0e}",
    ]
    return [row.replace(".", ",") if comma else row for row in rows]


def assert_table(text: str, rows: list[str]) -> None:
    text = flat(text)
    for row in rows:
        assert row in text, (row, text)


async def test_the_lessons_run_and_what_it_means() -> None:
    async with bn_app().run_test(size=SIZE) as pilot:
        text = await settle(pilot)
        assert_table(text, table(8, 0.1))
        run = running_statistics(8, 0.1, STEPS, 0)
        assert "Batches of 8 · momentum 0.1 (Keras: 0.9) · 100 steps · seed 0" in said(text)
        assert f"the outputs differ from training by {run.gap:.2f}" in said(text)


async def test_plus_and_minus_change_the_batch_size_with_its_limits() -> None:
    async with bn_app().run_test(size=SIZE) as pilot:
        text = await settle(pilot, "minus", "minus")
        assert_table(text, table(2, 0.1))
        assert "[+/-] batches of 2 (min)" in text and "every output is −1 or +1 in training" in said(text)
        text = await settle(pilot, *["plus"] * 7)
        assert_table(text, table(128, 0.1))
        assert "[+/-] batches of 128 (max)" in text


async def test_small_batches_widen_the_train_eval_gap() -> None:
    small, large = running_statistics(2, 0.1, STEPS, 0), running_statistics(128, 0.1, STEPS, 0)
    assert small.gap > 5 * large.gap
    async with bn_app(batch_size=2).run_test(size=SIZE) as pilot:
        assert f"train/eval {small.gap:.3f}" in flat(await settle(pilot))


async def test_m_cycles_the_momentum_and_a_small_one_says_why_it_lags() -> None:
    async with bn_app(batch_size=128).run_test(size=SIZE) as pilot:
        text = await settle(pilot, "m")
        assert "momentum 0.5 (Keras: 0.5)" in said(text)
        assert_table(text, table(128, 0.5))
        text = await settle(pilot, "m")
        assert "momentum 0.01 (Keras: 0.99)" in said(text)
        run = running_statistics(128, 0.01, STEPS, 0)
        assert f"so the running mean is {run.running_means[-1]:.2f} instead of 2" in said(text)
        assert "37% of it is left" in said(text)


async def test_s_draws_new_batches_and_r_resets() -> None:
    async with bn_app().run_test(size=SIZE) as pilot:
        text = await settle(pilot, "s")
        assert "seed 1" in text and "seed 1" in said(text)
        assert_table(text, table(8, 0.1, seed=1))
        text = await settle(pilot, "plus", "m", "r")
        assert_table(text, table(8, 0.1))


async def test_french_uses_decimal_commas() -> None:
    async with bn_app("fr").run_test(size=SIZE) as pilot:
        text = await settle(pilot)
        run = running_statistics(8, 0.1, STEPS, 0)
        assert f"mobile {run.running_means[-1]:.2f} {run.running_vars[-1]:.2f}".replace(".", ",") in flat(text)
        assert "Lots de 8 · momentum 0,1 (Keras : 0,9)" in said(text)


@pytest.mark.parametrize("lang", ["en", "fr"])
async def test_ascii_mode_draws_only_ascii(lang: str) -> None:
    async with bn_app(lang, ascii_only=True).run_test(size=SIZE) as pilot:
        for keys in ((), ("minus",), ("m", "m")):
            assert_ascii(await settle(pilot, *keys))


def test_every_key_is_described_in_both_languages() -> None:
    for binding in BatchStatistics.BINDINGS:
        for lang in ("en", "fr"):
            assert Messages(lang)(binding.description) != binding.description


async def run_to_batches_of_two(pilot: Pilot) -> None:
    await settle(pilot, "minus", "minus")


async def test_snapshot_state() -> None:
    """The Pilot twin of the snapshot below: the same state, asserted."""
    async with bn_app().run_test(size=(80, 40)) as pilot:
        await run_to_batches_of_two(pilot)
        assert_table(screen_text(pilot.app), table(2, 0.1))


def test_snapshot(snap_compare) -> None:
    assert snap_compare(bn_app(), terminal_size=(80, 40), run_before=run_to_batches_of_two)
