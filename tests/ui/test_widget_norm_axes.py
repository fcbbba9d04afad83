"""norm-axes: every key, checked against group_statistics on the same seeded tensor."""

from __future__ import annotations

import pytest

from tests.support.harness import SimulationApp
from tests.support.helpers import assert_ascii, screen_text
from tutor.text.i18n import Messages
from tutor.sim.normalization import group_statistics, normalization_groups, sample_tensor
from tutor.widgets.simulations.norm_axes import NormAxes

SIZE = (80, 24)
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef"


def flat(text: str) -> str:
    return "\n".join(" ".join(line.split()) for line in text.splitlines())


def grid_rows(seed: int, kind: str, groups: int | None = None) -> list[str]:
    """The four rows the widget must show: `n1 A -0.27 B -0.39 …`, from the statistics functions."""
    stats = group_statistics(sample_tensor(seed), kind, groups)
    ids = normalization_groups(kind, 4, 8, groups)
    return [
        f"n{n + 1} " + " ".join(f"{LETTERS[g]} {stats.mean[g]:.2f}" for g in ids[n])
        for n in range(4)
    ]


def selection_line(seed: int, kind: str, row: int, column: int, groups: int | None = None) -> str:
    x = sample_tensor(seed)
    ids = normalization_groups(kind, 4, 8, groups)
    members = x[ids == ids[row, column]]
    return (
        f"(n{row + 1}, c{column + 1}) → group {LETTERS[ids[row, column]]}: "
        f"mean {members.mean():.3f} · variance {members.var():.3f}"
    )


def unmarked(text: str) -> str:
    """The screen without the selection mark, so that a row reads like `grid_rows`."""
    return flat(text.replace("▸", " ").replace(">", " "))


def norm_app(lang: str = "en", ascii_only: bool = False, **params) -> SimulationApp:
    return SimulationApp("norm-axes", {"kind": "batch", "groups": 2, "seed": 0, **params}, lang=lang, ascii_only=ascii_only)


async def test_batch_norm_shares_statistics_down_each_channel() -> None:
    async with (app := norm_app()).run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = unmarked(screen_text(app))
        assert all(row in text for row in grid_rows(0, "batch"))
        assert selection_line(0, "batch", 0, 0) in text
        assert "Pooled: 4 maps of 3×3 = 36 values (N·H·W); 8 groups in all" in text


@pytest.mark.parametrize(
    ("key", "kind", "pooled"),
    [
        ("1", "batch", "4 maps of 3×3 = 36 values"),
        ("2", "layer", "8 maps of 3×3 = 72 values"),
        ("3", "instance", "one map of 3×3 = 9 values"),
        ("4", "group", "4 maps of 3×3 = 36 values"),
    ],
)
async def test_kind_keys_show_that_normalisations_groups(key: str, kind: str, pooled: str) -> None:
    async with (app := norm_app(kind="layer", seed=5)).run_test(size=SIZE) as pilot:
        await pilot.press(key)
        groups = 2 if kind == "group" else None
        text = unmarked(screen_text(app))
        assert all(row in text for row in grid_rows(5, kind, groups)), text
        assert selection_line(5, kind, 0, 0, groups) in text and pooled in text


async def test_plus_and_minus_step_through_the_divisors_of_eight() -> None:
    async with (app := norm_app(kind="instance")).run_test(size=SIZE) as pilot:
        for key, groups in [("plus", 4), ("plus", 8), ("plus", 8), ("minus", 4), ("minus", 2), ("minus", 1), ("minus", 1)]:
            await pilot.press(key)
            text = unmarked(screen_text(app))
            assert app.simulation.state.kind == "group" and f"G = {groups}" in text
            assert all(row in text for row in grid_rows(0, "group", groups))
        assert "(C/G·H·W)" in text


async def test_arrows_select_a_cell_and_show_its_groups_statistics() -> None:
    async with (app := norm_app(kind="group", groups=4, seed=2)).run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "right", "right", "right")
        text = screen_text(app)
        assert selection_line(2, "group", 2, 3, 4) in flat(text)
        assert "Pooled: 2 maps of 3×3 = 18 values" in text
        assert "▸" in text.splitlines()[[line.startswith(" n3") for line in text.splitlines()].index(True)]
        await pilot.press("up", "up", "up", "left", "left", "left", "left")
        assert selection_line(2, "group", 0, 0, 4) in flat(screen_text(app))


async def test_clicking_a_cell_selects_it() -> None:
    async with (app := norm_app(kind="instance")).run_test(size=SIZE) as pilot:
        rows = screen_text(app).splitlines()
        row = next(index for index, line in enumerate(rows) if line.startswith(" n4"))
        column = rows[row - 4].index("c6")
        assert await pilot.click(offset=(column, row))
        assert (app.simulation.state.row, app.simulation.state.column) == (3, 5)
        assert selection_line(0, "instance", 3, 5) in flat(screen_text(app))


async def test_language_switch_keeps_the_selection() -> None:
    async with (app := norm_app(kind="layer")).run_test(size=SIZE) as pilot:
        await pilot.press("down")
        app.switch_language("fr")
        await pilot.pause()
        x = sample_tensor(0)
        mean = f"{x[1].mean():.3f}".replace(".", ",")
        text = flat(screen_text(app))
        assert f"(n2, c1) → groupe B : moyenne {mean}" in text
        assert "Regroupe 8 cartes de 3×3 = 72 valeurs (C·H·W)" in text


@pytest.mark.parametrize("lang", ["en", "fr"])
async def test_ascii_mode_draws_only_ascii(lang: str) -> None:
    async with (app := norm_app(lang, ascii_only=True)).run_test(size=SIZE) as pilot:
        for key in ("1", "2", "3", "4", "plus", "down"):
            await pilot.press(key)
            text = screen_text(app)
            assert_ascii(text)
        assert ">" in text


def test_every_key_is_described_in_both_languages() -> None:
    for binding in NormAxes.BINDINGS:
        for lang in ("en", "fr"):
            assert Messages(lang)(binding.description) != binding.description


def test_snapshot_of_group_norm_with_a_selection(snap_compare) -> None:
    assert snap_compare(norm_app(kind="group"), terminal_size=SIZE, press=["down", "right"])


async def test_the_snapshot_state_shows_group_norm_and_the_selection() -> None:
    async with (app := norm_app(kind="group")).run_test(size=SIZE) as pilot:
        await pilot.press("down", "right")
        text = unmarked(screen_text(app))
        assert all(row in text for row in grid_rows(0, "group", 2))
        assert selection_line(0, "group", 1, 1, 2) in text
