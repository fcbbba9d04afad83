"""norm-axes: every key, checked against group_statistics on the same seeded tensor."""

from __future__ import annotations

import pytest

from tests.support.harness import SimulationApp, flat, said
from tests.support.helpers import assert_ascii, screen_text
from tutor.text.i18n import Messages
from tutor.sim.normalization import group_statistics, normalization_groups, sample_tensor
from tutor.widgets.simulations.norm_axes import NormAxes

SIZE = (80, 40)
"""Tall enough to show the whole simulation; the width is a lesson's at 80 columns."""
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef"


def grid_rows(seed: int, kind: str, groups: int | None = None) -> list[str]:
    """The four rows the widget must show: `n1 A -0.27 B -0.39 …`, from the statistics functions."""
    stats = group_statistics(sample_tensor(seed), kind, groups)
    ids = normalization_groups(kind, 4, 8, groups)
    return [f"n{n + 1} " + " ".join(f"{LETTERS[g]} {stats.mean[g]:.2f}" for g in ids[n]) for n in range(4)]


def selection_line(seed: int, kind: str, row: int, column: int, groups: int | None = None) -> str:
    x = sample_tensor(seed)
    ids = normalization_groups(kind, 4, 8, groups)
    members = x[ids == ids[row, column]]
    return (
        f"(n{row + 1}, c{column + 1}) → group {LETTERS[ids[row, column]]}: "
        f"mean {members.mean():.3f} · variance {members.var():.3f}"
    )


def unmarked(text: str) -> str:
    """The screen without the selection mark, so that a row reads like `grid_rows`, and sentences joined."""
    text = flat(text.replace("▸", " ").replace(">", " "))
    return text + "\n" + " ".join(text.split())


def norm_app(lang: str = "en", ascii_only: bool = False, **params) -> SimulationApp:
    return SimulationApp(
        "norm-axes", {"kind": "batch", "groups": 2, "seed": 0, **params}, lang=lang, ascii_only=ascii_only
    )


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
    async with (app := norm_app(kind="group")).run_test(size=SIZE) as pilot:
        steps = [
            ("plus", 4, ""),
            ("plus", 8, " (max)"),
            ("plus", 8, " (max)"),
            ("minus", 4, ""),
            ("minus", 2, ""),
            ("minus", 1, " (min)"),
            ("minus", 1, " (min)"),
        ]
        for key, groups, limit in steps:
            await pilot.press(key)
            text = unmarked(screen_text(app))
            assert app.simulation.state.kind == "group" and f"[+/-] G = {groups}{limit}" in text
            assert all(row in text for row in grid_rows(0, "group", groups))
        assert "(C/G·H·W)" in text


async def test_g_is_shown_only_in_group_norm_where_plus_and_minus_lead() -> None:
    async with (app := norm_app(kind="instance")).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "G =" not in screen_text(app) and "[+/-] Group norm, then G" in screen_text(app)
        assert "+ -  More/fewer groups (G)" in screen_text(app).splitlines()[-1]
        await pilot.press("plus")  # to group norm, G kept
        assert app.simulation.state.kind == "group" and "[+/-] G = 2" in screen_text(app)
        await pilot.press("plus")
        assert "[+/-] G = 4" in screen_text(app)


async def test_one_channel_and_one_map_are_singular() -> None:
    async with (app := norm_app(kind="group", groups=8, lang="fr")).run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = said(screen_text(app))
        assert "par bloc de 1 canal" in text and "Regroupe une carte de 3×3 = 9 valeurs" in text
        await pilot.press("minus")
        assert "par bloc de 2 canaux" in said(screen_text(app))


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("batch", "depends on the others"),
        ("layer", "no batch needed"),
        ("instance", "style transfer"),
        ("group", "G = 1 is layer norm"),
    ],
)
async def test_each_kind_says_what_it_means(kind: str, words: str) -> None:
    async with (app := norm_app(kind=kind)).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert words in said(screen_text(app))


async def test_arrows_select_a_cell_and_show_its_groups_statistics() -> None:
    async with (app := norm_app(kind="group", groups=4, seed=2)).run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "right", "right", "right")
        text = screen_text(app)
        assert selection_line(2, "group", 2, 3, 4) in said(text)
        assert "Pooled: 2 maps of 3×3 = 18 values" in said(text)
        lines = [line for line in text.splitlines() if "│ n3" in line]
        assert "▸" in lines[0]
        await pilot.press("up", "up", "up", "left", "left", "left", "left")
        assert selection_line(2, "group", 0, 0, 4) in said(screen_text(app))


async def test_clicking_a_cell_selects_it() -> None:
    async with (app := norm_app(kind="instance")).run_test(size=SIZE) as pilot:
        rows = screen_text(app).splitlines()
        row = next(index for index, line in enumerate(rows) if "│ n4" in line)
        column = rows[row - 4].index("c6")
        assert await pilot.click(offset=(column, row))
        assert (app.simulation.state.row, app.simulation.state.column) == (3, 5)
        assert selection_line(0, "instance", 3, 5) in said(screen_text(app))


async def test_language_switch_keeps_the_selection() -> None:
    async with (app := norm_app(kind="layer")).run_test(size=SIZE) as pilot:
        await pilot.press("down")
        app.switch_language("fr")
        await pilot.pause()
        x = sample_tensor(0)
        mean = f"{x[1].mean():.3f}".replace(".", ",")
        text = said(screen_text(app))
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
    assert snap_compare(norm_app(kind="group"), terminal_size=(80, 30), press=["down", "right"])


async def test_the_snapshot_state_shows_group_norm_and_the_selection() -> None:
    async with (app := norm_app(kind="group")).run_test(size=(80, 30)) as pilot:
        await pilot.press("down", "right")
        text = unmarked(screen_text(app))
        assert all(row in text for row in grid_rows(0, "group", 2))
        assert selection_line(0, "group", 1, 1, 2) in text
