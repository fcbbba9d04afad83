"""attention-grid: every key, checked against spatial_attention_preset, explain_cell and se_example, trained or not."""

from __future__ import annotations

import pytest

from tests.support.harness import SimulationApp
from tests.support.helpers import assert_ascii, screen_text
from tutor.text.i18n import Messages
from tutor.sim.attention_scenes import explain_cell, se_example, spatial_attention_preset
from tutor.widgets.simulations.attention_grid import AttentionGrid

SIZE = (80, 30)


def flat(text: str) -> str:
    """The screen's lines without the frame's border and with single spaces."""
    return "\n".join(" ".join(line.strip(" │|").split()) for line in text.splitlines())


def said(app) -> str:
    """Everything on the screen as one line of words: sentences wrap at the frame's width."""
    return " ".join(flat(screen_text(app)).split())


def plain(text: str) -> str:
    """The screen without shade glyphs and selection brackets, so that a row reads `1 0.02 0.02 …`."""
    for mark in "░▒▓█[]":
        text = text.replace(mark, " ")
    return flat(text)


def map_rows(preset: str, seed: int, trained: bool = True) -> list[str]:
    attention = spatial_attention_preset(preset, seed, trained).attention
    return [f"{row + 1} " + " ".join(f"{value:.2f}" for value in values) for row, values in enumerate(attention)]


def explanation(preset: str, seed: int, row: int, column: int, trained: bool = True) -> list[str]:
    cell = explain_cell(spatial_attention_preset(preset, seed, trained), row, column)
    return [
        f"Cell at row {row + 1}, column {column + 1}: attention {cell.value:.2f}",
        f"mean (avg-pool) {cell.avg:.2f} · max {cell.max:.2f}",
        f"7×7 conv of the means {cell.avg_term:.2f} + of the maxima {cell.max_term:.2f} + bias {cell.bias:.2f} = {cell.logit:.2f}",
        f"attention = sigmoid({cell.logit:.2f}) = {cell.value:.2f}",
    ]


def channel_rows(preset: str, seed: int, trained: bool = True) -> list[str]:
    example = se_example(preset, seed, trained)
    rows = []
    for c, (z, s, zs) in enumerate(zip(example.squeezed, example.channel_weights, example.rescaled)):
        mark = "● " if c in example.object_channels and preset != "none" else ""
        bar = "█" * round(s * 10) + "░" * (10 - round(s * 10))
        rows.append(f"c{c + 1} {mark}{z:.2f} {bar} {s:.2f} {zs:.2f}")
    return rows


def shows(app, lines: list[str], view: str = "spatial") -> bool:
    text = plain(screen_text(app)) if view == "spatial" else flat(screen_text(app))
    joined = " ".join(text.split())  # sentences wrap at the frame's width
    return all(line in text or " ".join(line.split()) in joined for line in lines)


def attention_app(lang: str = "en", ascii_only: bool = False, **params) -> SimulationApp:
    return SimulationApp("attention-grid", {"preset": "centre", "seed": 0, **params}, lang=lang, ascii_only=ascii_only)


async def test_the_yaml_preset_is_computed_and_the_centre_cell_explained() -> None:
    async with (app := attention_app()).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "CBAM spatial attention · object: centre · trained" in screen_text(app)
        assert shows(app, map_rows("centre", 0) + explanation("centre", 0, 3, 3))
        value = spatial_attention_preset("centre", 0).attention[3][3]
        assert f"[{' ░▒▓█'[min(4, int(value * 5))]} {value:.2f}]" in screen_text(app)


@pytest.mark.parametrize(("key", "preset"), [("c", "centre"), ("e", "edges"), ("o", "corners"), ("0", "none")])
async def test_preset_keys_compute_that_scene(key: str, preset: str) -> None:
    async with (app := attention_app(preset="none", seed=3)).run_test(size=SIZE) as pilot:
        await pilot.press(key)
        assert f"object: {preset} · trained" in screen_text(app)
        assert shows(app, map_rows(preset, 3) + explanation(preset, 3, 3, 3))


async def test_arrows_move_the_selection_within_the_grid() -> None:
    async with (app := attention_app(preset="edges")).run_test(size=SIZE) as pilot:
        await pilot.press("up", "up", "up", "up", "left")
        assert shows(app, explanation("edges", 0, 0, 2))
        await pilot.press(*["down"] * 9, *["right"] * 9)
        assert shows(app, explanation("edges", 0, 7, 7))
        row = next(
            line for line in screen_text(app).splitlines() if "]" in line and "[" in line and line.split()[1] == "8"
        )
        assert row.rstrip(" │").endswith("]")


async def test_clicking_a_cell_selects_it() -> None:
    async with (app := attention_app(preset="corners")).run_test(size=SIZE) as pilot:
        rows = screen_text(app).splitlines()
        header = next(index for index, line in enumerate(rows) if line.split()[1:4] == ["1", "2", "3"])
        assert await pilot.click(offset=(rows[header].index("7"), header + 2))
        assert shows(app, explanation("corners", 0, 1, 6))


async def test_reset_returns_to_the_yaml_preset_view_and_cell() -> None:
    async with (app := attention_app(preset="edges")).run_test(size=SIZE) as pilot:
        await pilot.press("o", "up", "right", "v", "t")
        await pilot.press("r")
        assert app.simulation.state.view == "spatial" and app.simulation.state.trained
        assert shows(app, map_rows("edges", 0) + explanation("edges", 0, 3, 3))


async def test_channel_view_shows_the_se_weights_as_bars() -> None:
    async with (app := attention_app(view="channel", seed=4)).run_test(size=SIZE) as pilot:
        await pilot.pause()
        example = se_example("centre", 4)
        hidden = " ".join(f"{value:.2f}" for value in example.hidden)
        assert shows(
            app,
            channel_rows("centre", 4) + [f"C/2 = 4 units: {hidden}", "object shows in channels c1 to c4"],
            "channel",
        )
        await pilot.press("0")
        assert shows(app, channel_rows("none", 4) + ["No object in this scene"], "channel")
        await pilot.press("down")  # not bound in this view: the selection stays
        await pilot.press("v")
        assert shows(app, explanation("none", 4, 3, 3))


async def test_language_switch_keeps_the_preset_and_cell() -> None:
    async with (app := attention_app()).run_test(size=SIZE) as pilot:
        await pilot.press("e", "left")
        app.switch_language("fr")
        await pilot.pause()
        cell = explain_cell(spatial_attention_preset("edges", 0), 3, 2)
        text = plain(screen_text(app))
        joined = " ".join(text.split())
        assert "objet : bords · entraîné" in text
        assert f"Case ligne 4, colonne 3 : attention {cell.value:.2f}".replace(".", ",") in joined
        assert f"sigmoïde({cell.logit:.2f}) = {cell.value:.2f}".replace(".", ",") in joined


@pytest.mark.parametrize("lang", ["en", "fr"])
async def test_ascii_mode_draws_only_ascii(lang: str) -> None:
    async with (app := attention_app(lang, ascii_only=True)).run_test(size=SIZE) as pilot:
        for key in ("c", "e", "v", "o"):
            await pilot.press(key)
            text = screen_text(app)
            assert_ascii(text)
        assert "#" in text and "." in text


def test_every_key_is_described_in_both_languages() -> None:
    for binding in AttentionGrid.BINDINGS:
        for lang in ("en", "fr"):
            assert Messages(lang)(binding.description) != binding.description


async def test_t_shows_the_untrained_modules_and_back() -> None:
    async with (app := attention_app()).run_test(size=SIZE) as pilot:
        await pilot.press("t")
        assert "object: centre · untrained" in screen_text(app)
        assert shows(app, map_rows("centre", 0, False) + explanation("centre", 0, 3, 3, False))
        assert "random 7×7 kernel" in flat(screen_text(app))
        await pilot.press("v")
        assert shows(app, channel_rows("centre", 0, False), "channel")
        assert "noise channel c6 gets the most (0.76)" in said(app)
        await pilot.press("t")
        assert shows(app, channel_rows("centre", 0), "channel")


async def test_the_se_explanation_follows_the_scene() -> None:
    async with (app := attention_app(view="channel")).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Press o: the object moves to the corners and s stays the same" in said(app)
        centre = se_example("centre", 0).channel_weights
        await pilot.press("o")
        assert "Same s as with the centre scene" in said(app) and "CBAM adds a spatial map (v)" in said(app)
        assert shows(app, channel_rows("corners", 0), "channel")
        assert se_example("corners", 0).channel_weights == pytest.approx(centre, rel=1e-12)
        await pilot.press("0")
        assert "No object: the trained SE turns every channel down" in said(app)


async def test_the_arrows_are_listed_only_where_they_work() -> None:
    async with (app := attention_app()).run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        for item in ("t  Trained or not", "c e o 0  Scene", "v  View", "r  Reset", "↑↓←→  Cell"):
            assert item in footer, (item, footer)
        await pilot.press("v")
        assert not any(
            active.binding.action == "move(-1, 0)" and active.enabled for active in app.screen.active_bindings.values()
        )
        footer = screen_text(app).splitlines()[-1]
        assert "c e o 0  Scene" in footer and "↑" not in footer and "→" not in footer


def test_snapshot_of_the_centre_preset_with_a_selection(snap_compare) -> None:
    assert snap_compare(attention_app(), terminal_size=(80, 24), press=["up", "left"])


async def test_the_snapshot_state_shows_the_map_and_the_explanation() -> None:
    async with (app := attention_app()).run_test(size=(80, 24)) as pilot:
        await pilot.press("up", "left")
        assert shows(app, map_rows("centre", 0) + explanation("centre", 0, 2, 2))


def test_snapshot_of_the_channel_view(snap_compare) -> None:
    assert snap_compare(attention_app(view="channel"), terminal_size=(80, 24))


async def test_the_channel_snapshot_state_shows_the_bars() -> None:
    async with (app := attention_app(view="channel")).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert shows(app, channel_rows("centre", 0), "channel")
