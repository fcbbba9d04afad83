"""dropout-grid: every key, checked against the dropout functions for the same p and seed."""

from __future__ import annotations

import numpy as np
import pytest

from tests.support.harness import SimulationApp, flat, said
from tests.support.helpers import assert_ascii, screen_text
from tutor.text.i18n import Messages
from tutor.sim.dropout import WORKED_EXAMPLE_SEED, drop_path, dropout, spatial_dropout, worked_example
from tutor.widgets.simulations.dropout_grid import DropoutGrid

SIZE = (80, 40)
"""Tall enough to show the whole simulation; the width is a lesson's at 80 columns."""


def neuron_rows(p: float, seed: int) -> list[str]:
    """The four rows of neurons dropout() gives for (p, seed): `● 1 → 2.00`, `× 2 → 0`, …"""
    out, kept = dropout(np.arange(1.0, 17.0), p, np.random.default_rng(seed))
    cells = [f"● {i + 1} → {out[i]:.2f}" if kept[i] else f"× {i + 1} → 0" for i in range(16)]
    return [" ".join(cells[row * 4 : row * 4 + 4]) for row in range(4)]


def active_line(p: float, seed: int) -> str:
    _, kept = dropout(np.arange(1.0, 17.0), p, np.random.default_rng(seed))
    count = int(kept.sum())
    return f"{count}/16 active ({int(100 * count / 16 + 0.5)}%)"


def shows(app, lines: list[str]) -> bool:
    text = flat(screen_text(app))
    joined = said(screen_text(app))
    return all(line in text or line in joined for line in lines)


def dropout_app(lang: str = "en", ascii_only: bool = False, **params) -> SimulationApp:
    return SimulationApp("dropout-grid", {"p": 0.5, "seed": 0, **params}, lang=lang, ascii_only=ascii_only)


async def test_the_yaml_rate_and_seed_are_drawn_at_once() -> None:
    async with (app := dropout_app()).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "p = 0.50 · training: survivors ×2.00 · seed 0" in screen_text(app)
        assert shows(app, neuron_rows(0.5, 0) + [active_line(0.5, 0), "expected 16 × (1 − p) = 8.0"])


@pytest.mark.parametrize(("key", "p"), [("2", 0.2), ("5", 0.5), ("8", 0.8)])
async def test_rate_keys_draw_that_rate(key: str, p: float) -> None:
    async with (app := dropout_app(seed=3)).run_test(size=SIZE) as pilot:
        await pilot.press(key)
        assert f"p = {p:.2f} ·" in screen_text(app)
        assert shows(app, neuron_rows(p, 3) + [active_line(p, 3)])


async def test_plus_and_minus_move_p_by_five_points_within_its_range() -> None:
    async with (app := dropout_app(p=0.9)).run_test(size=SIZE) as pilot:
        await pilot.press("plus")
        assert shows(app, ["p = 0.95 ·"] + neuron_rows(0.95, 0))
        await pilot.press("plus")
        assert app.simulation.state.p == 0.95
        await pilot.press("2", "minus", "minus", "minus", "minus", "minus")
        assert shows(app, ["p = 0.00 ·"] + neuron_rows(0.0, 0) + ["16/16 active (100%)"])
        await pilot.press("plus")
        assert shows(app, ["p = 0.05 ·"] + neuron_rows(0.05, 0))


async def test_reseed_draws_a_new_mask_at_the_same_rate() -> None:
    async with (app := dropout_app()).run_test(size=SIZE) as pilot:
        await pilot.press("s", "s")
        assert "seed 2" in screen_text(app)
        assert shows(app, neuron_rows(0.5, 2) + [active_line(0.5, 2)])


async def test_evaluation_keeps_everything_unscaled_and_training_comes_back() -> None:
    async with (app := dropout_app()).run_test(size=SIZE) as pilot:
        await pilot.press("e")
        out, kept = dropout(np.arange(1.0, 17.0), 0.5, np.random.default_rng(0), training=False)
        assert kept.all()
        rows = [" ".join(f"● {i} → {out[i - 1]:.2f}" for i in range(r * 4 + 1, r * 4 + 5)) for r in range(4)]
        assert shows(app, rows + ["evaluation: all kept, no scaling", "16/16 active (100%)"])
        assert "expected" not in screen_text(app)
        assert "At evaluation nothing is dropped and nothing rescaled" in said(screen_text(app))
        await pilot.press("e")
        assert shows(app, neuron_rows(0.5, 0))


async def test_spatial_view_drops_whole_channels_as_spatial_dropout_does() -> None:
    async with (app := dropout_app(p=0.5, seed=4)).run_test(size=SIZE) as pilot:
        await pilot.press("v")
        maps = np.tile(np.arange(1.0, 10.0).reshape(1, 1, 3, 3), (1, 4, 1, 1))
        out, kept = spatial_dropout(maps, 0.5, np.random.default_rng(4))
        labels = [f"● c{c + 1} kept" if kept[0, c] else f"× c{c + 1} dropped" for c in range(4)]
        rows = [
            " ".join(" ".join(f"{v:.1f}" if kept[0, c] else "× 0" for v in out[0, c, row]) for c in range(4))
            for row in range(3)
        ]
        assert shows(app, [" ".join(labels)] + rows)
        assert f"{int(kept.sum())}/4 channels kept" in screen_text(app)


async def test_spatial_values_round_halves_up_as_by_hand() -> None:
    async with (app := dropout_app(p=0.2, seed=0, view="spatial")).run_test(size=SIZE) as pilot:
        await pilot.pause()
        _, kept = spatial_dropout(np.ones((1, 4, 3, 3)), 0.2, np.random.default_rng(0))
        assert kept.any()
        assert shows(app, ["1.3 2.5 3.8", "5.0 6.3 7.5", "8.8 10.0 11.3"])  # 1.25, 3.75, 6.25… rounded up


async def test_drop_path_view_draws_each_branch_beside_the_identity() -> None:
    async with (app := dropout_app(p=0.2, view="drop-path")).run_test(size=SIZE) as pilot:
        await pilot.press("8")
        rng = np.random.default_rng(0)
        blocks = [drop_path(np.ones(1), 0.8, rng) for _ in range(6)]
        rows = []
        for b, drawn in enumerate(blocks):
            if drawn.keep_mask[0]:
                rows += [f"block {b + 1} x ─┬", f"⊕─ x + {drawn.out[0]:.2f}·F(x)", f"└─ ● F(x) ×{drawn.out[0]:.2f} ─"]
            else:
                rows += [f"block {b + 1} x ─┬", "⊕─ x", "└─ × F(x) dropped"]
        kept = sum(bool(drawn.keep_mask[0]) for drawn in blocks)
        assert shows(app, rows + [f"{kept}/6 branches kept", "expected 6 × (1 − p) = 1.2"])
        assert "DropPath drops the branch F(x)" in said(screen_text(app))
        await pilot.press("v")
        assert app.simulation.state.view == "neurons" and shows(app, neuron_rows(0.8, 0))


async def test_w_puts_the_lessons_example_on_the_grid_and_back() -> None:
    async with (app := dropout_app(p=0.8, seed=3)).run_test(size=SIZE) as pilot:
        await pilot.press("w")
        example = worked_example()
        assert example.output == (0.0, 4.0, 6.0, 0.0) and example.mask == (False, True, True, False)
        state = app.simulation.state
        assert (state.p, state.seed, state.example) == (0.5, WORKED_EXAMPLE_SEED, True)
        assert shows(app, ["× 1 → 0 ● 2 → 4.00 ● 3 → 6.00 × 4 → 0", "2/4 active (50%)"])
        assert "[1, 2, 3, 4], mask [0, 1, 1, 0] → [0, 4, 6, 0], the survivors ×2" in said(screen_text(app))
        await pilot.press("w")
        assert not app.simulation.state.example and shows(app, neuron_rows(0.8, 3))


async def test_reset_returns_to_the_lessons_starting_state() -> None:
    async with (app := dropout_app(p=0.5, seed=7, view="spatial")).run_test(size=SIZE) as pilot:
        await pilot.press("8", "s", "v", "e")
        await pilot.press("r")
        state = app.simulation.state
        assert (state.p, state.seed, state.view, state.training) == (0.5, 7, "spatial", True)
        assert "p = 0.50 · training: survivors ×2.00 · seed 7" in screen_text(app)


async def test_p_at_its_limits_says_so() -> None:
    async with (app := dropout_app(p=0.9)).run_test(size=SIZE) as pilot:
        await pilot.press("plus")
        assert "[+] +5% (max)" in screen_text(app)
        await pilot.press("2", "minus", "minus", "minus", "minus")
        assert "[-] −5% (min)" in screen_text(app)


async def test_buttons_work_with_the_mouse() -> None:
    async with (app := dropout_app()).run_test(size=SIZE) as pilot:
        rows = screen_text(app).splitlines()
        row = next(index for index, line in enumerate(rows) if "[8] 80%" in line)
        assert await pilot.click(offset=(rows[row].index("[8]") + 1, row))
        assert shows(app, ["p = 0.80 ·"] + neuron_rows(0.8, 0))


async def test_language_switch_keeps_the_draw() -> None:
    async with (app := dropout_app()).run_test(size=SIZE) as pilot:
        await pilot.press("8", "s")
        app.switch_language("fr")
        await pilot.pause()
        text = flat(screen_text(app))
        assert "p = 0,80 · entraînement : survivants ×5,00 · graine 1" in text
        _, kept = dropout(np.arange(1.0, 17.0), 0.8, np.random.default_rng(1))
        assert f"{int(kept.sum())}/16 actifs" in text and "Remise au départ" in text


@pytest.mark.parametrize("lang", ["en", "fr"])
async def test_ascii_mode_draws_only_ascii_in_every_view(lang: str) -> None:
    async with (app := dropout_app(lang, ascii_only=True)).run_test(size=SIZE) as pilot:
        await pilot.press("w")
        views = []
        for _ in range(3):
            views.append(screen_text(app))
            await pilot.press("v")
        for text in views:
            assert_ascii(text)
        point = "," if lang == "fr" else "."
        assert "x  1 -> 0" in views[0] and f"o  2 -> 4{point}00" in views[0]


def test_every_key_is_described_in_both_languages() -> None:
    for binding in DropoutGrid.BINDINGS:
        for lang in ("en", "fr"):
            assert Messages(lang)(binding.description) != binding.description


def test_snapshot_of_the_lesson_state(snap_compare) -> None:
    assert snap_compare(dropout_app(), terminal_size=(80, 24), press=["w"])


async def test_the_snapshot_state_shows_the_example_on_the_grid() -> None:
    async with (app := dropout_app()).run_test(size=(80, 24)) as pilot:
        await pilot.press("w")
        assert shows(app, ["× 1 → 0 ● 2 → 4.00 ● 3 → 6.00 × 4 → 0", "[0, 4, 6, 0]"])
