"""conv-explorer: every number shown is `layer_summary`'s, every grid `receptive_field`'s or `transposed_overlap`'s."""

from __future__ import annotations

import pytest

from tests.support.harness import SimulationApp, flat, said
from tests.support.helpers import assert_ascii, screen_text
from tutor.sim.convolutions import layer_summary, receptive_field, transposed_overlap
from tutor.text.i18n import Messages
from tutor.widgets.simulations.conv_explorer import ConvExplorer

SIZE = (80, 50)
"""A lesson's width, tall enough for the whole simulation."""


def conv_app(lang: str = "en", ascii_only: bool = False, **params) -> SimulationApp:
    return SimulationApp("conv-explorer", params, lang=lang, ascii_only=ascii_only)


def grouped(value: int, lang: str = "en") -> str:
    return f"{value:,}".replace(",", "\u202f" if lang == "fr" else ",")


def cost_rows(kind: str, k: int, c_in: int, c_out: int, size: int, lang: str = "en", **options) -> list[str]:
    """`label parameters MACs` rows, from `layer_summary` itself."""
    summary = layer_summary(kind, k, c_in, c_out, size, **options)
    rows = []
    if len(summary.parts) > 1:
        names = {"depthwise": "depthwise", "pointwise": "pointwise"}
        rows += [
            f"{names[part.name]} {grouped(part.parameters, lang)} {grouped(part.multiply_adds, lang)}"
            for part in summary.parts
        ]
        rows.append(f"total {grouped(summary.total.parameters, lang)} {grouped(summary.total.multiply_adds, lang)}")
    else:
        rows.append(
            f"this layer {grouped(summary.total.parameters, lang)} {grouped(summary.total.multiply_adds, lang)}"
        )
    rows.append(
        f"standard {k}×{k} {grouped(summary.standard.parameters, lang)} {grouped(summary.standard.multiply_adds, lang)}"
    )
    return rows


def grid(counts: tuple[int, ...], ascii_only: bool = True) -> list[str]:
    """The rows of a shaded grid in ASCII: `-` for never read, a shade for the others (the middle marked with `>`)."""
    return ["".join("- " if a * b == 0 else "??" for b in counts) for a in counts]


def grid_shape(text: str) -> list[str]:
    """The grid's rows in the screen, each cell made `- ` (empty) or `??` (read)."""
    rows = []
    for line in flat(text).splitlines():
        cells = line.replace(" ", "")
        line = line + " " * (len(line) % 2)  # the last cell's space was trimmed
        if cells and set(cells) <= set("-.:*#>") and len(line) >= 2:
            rows.append("".join("- " if line[i : i + 2] == "- " else "??" for i in range(0, len(line), 2)))
    return rows


async def test_the_lessons_standard_convolution_costs() -> None:
    async with conv_app().run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = flat(screen_text(pilot.app))
        assert "Standard 3×3 · 256 → 256 channels · 56×56 → 56×56" in said(screen_text(pilot.app))
        assert all(row in text for row in cost_rows("standard", 3, 256, 256, 56)), text
        assert "this layer 589,824 1,849,688,064" in text
        assert "k×k×C_in = 2,304 inputs" in said(screen_text(pilot.app))


@pytest.mark.parametrize(
    ("key", "kind", "expected"),
    [
        (
            "2",
            "depthwise-separable",
            ["depthwise 2,304 7,225,344", "pointwise 65,536 205,520,896", "total 67,840 212,746,240"],
        ),
        ("3", "pointwise", ["this layer 65,536 205,520,896"]),
        ("4", "grouped", ["this layer 18,432 57,802,752"]),
        ("5", "dilated", ["this layer 589,824 1,849,688,064"]),
        ("6", "strided", ["this layer 589,824 462,422,016"]),
        ("7", "transposed", ["this layer 589,824 1,849,688,064", "standard 3×3 589,824 7,398,752,256"]),
    ],
)
async def test_kind_keys_compute_that_convolution(key: str, kind: str, expected: list[str]) -> None:
    async with conv_app().run_test(size=SIZE) as pilot:
        await pilot.press(key)
        text = flat(screen_text(pilot.app))
        assert all(row in text for row in expected), text
        state = pilot.app.simulation.state
        assert state.kind == kind


async def test_the_ratio_to_a_standard_convolution_is_said() -> None:
    async with conv_app().run_test(size=SIZE) as pilot:
        await pilot.press("2")
        assert "A standard convolution has 8.7× the parameters and 8.7× the multiply-adds" in said(
            screen_text(pilot.app)
        )
        await pilot.press("5")
        assert "The same cost as a standard convolution" in said(screen_text(pilot.app))


async def test_arrows_choose_and_change_a_setting_with_its_limits() -> None:
    async with conv_app().run_test(size=SIZE) as pilot:
        await pilot.press("up", "up")
        assert pilot.app.simulation.state.k == 7 and "k 7 (max)" in screen_text(pilot.app)
        assert all(row in flat(screen_text(pilot.app)) for row in cost_rows("standard", 7, 256, 256, 56))
        await pilot.press("right", "right", "right", "down")  # k → stride → dilation → in channels
        assert pilot.app.simulation.state.c_in == 128
        assert all(row in flat(screen_text(pilot.app)) for row in cost_rows("standard", 7, 128, 256, 56))
        await pilot.press("left", "up", "plus")
        assert pilot.app.simulation.state.dilation == (3,) and pilot.app.simulation.state.kind == "dilated"
        assert "spreads the 7×7 taps over 19×19 pixels" in said(screen_text(pilot.app))


async def test_groups_must_divide_the_channels() -> None:
    async with conv_app(c_in=32, c_out=64).run_test(size=SIZE) as pilot:
        await pilot.press("4")
        state = pilot.app.simulation.state
        assert state.groups == 32 and "G 32" in screen_text(pilot.app)
        assert all(row in flat(screen_text(pilot.app)) for row in cost_rows("grouped", 3, 32, 64, 56, groups=32))


async def test_the_receptive_field_of_repeated_dilation_has_holes() -> None:
    async with conv_app(ascii_only=True, kind="dilated", dilation=2, layers=3, view="field").run_test(
        size=SIZE
    ) as pilot:
        await pilot.pause()
        field = receptive_field(3, (1, 1, 1), (2, 2, 2))
        text = screen_text(pilot.app)
        assert "a 13x13 receptive field, 7x7 pixels read" in said(text)
        assert "6 of the 13 rows and columns are never read (gridding)" in said(text)
        assert grid_shape(text) == grid(field.counts)


async def test_dilations_one_two_four_fill_the_field() -> None:
    async with conv_app(ascii_only=True, kind="dilated", dilation=124, layers=3, view="field").run_test(
        size=SIZE
    ) as pilot:
        await pilot.pause()
        field = receptive_field(3, (1, 1, 1), (1, 2, 4))
        text = screen_text(pilot.app)
        assert "a 15x15 receptive field, 15x15 pixels read" in said(text) and "leave no hole" in said(text)
        assert grid_shape(text) == grid(field.counts)


async def test_strides_widen_the_field_and_a_larger_one_is_cropped() -> None:
    async with conv_app(kind="strided", layers=3, view="field", ascii_only=True).run_test(size=SIZE) as pilot:
        await pilot.pause()
        field = receptive_field(3, (2, 2, 2), (1, 1, 1))
        assert field.size == 15 and "grows 3 -> 7 -> 15" in said(screen_text(pilot.app))
        assert "Neighbouring outputs are 8 pixels apart" in said(screen_text(pilot.app))
        await pilot.press("up")  # k 5
        field = receptive_field(5, (2, 2, 2), (1, 1, 1))
        assert f"The field is {field.size}x{field.size}: its middle 15x15 is shown" in said(screen_text(pilot.app))


async def test_the_receptive_field_lessons_example_and_the_stride_moved() -> None:
    async with conv_app(kind="strided", stride=121, layers=3, view="field").run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert receptive_field(3, (1, 2, 1), (1, 1, 1)).size == 9
        assert "a 9×9 receptive field" in said(screen_text(pilot.app)) and "grows 3 → 5 → 9" in said(
            screen_text(pilot.app)
        )
        await pilot.press("right", "up")  # the stride: 1,2,1 → 2,1,1
        assert pilot.app.simulation.state.stride == (2, 1, 1)
        assert (
            "grows 3 → 7 → 11" in said(screen_text(pilot.app)) and receptive_field(3, (2, 1, 1), (1, 1, 1)).size == 11
        )
        await pilot.press("v")  # the costs page shows one layer: its largest stride
        assert pilot.app.simulation.state.stride == (2,) and "56×56 → 28×28" in said(screen_text(pilot.app))


async def test_a_transposed_convolution_shows_its_checkerboard_and_k_4_removes_it() -> None:
    async with conv_app(kind="transposed", k=3, stride=2, view="field", ascii_only=True).run_test(size=SIZE) as pilot:
        await pilot.pause()
        overlap = transposed_overlap(3, 2, 1, 1, 15)
        text = said(screen_text(pilot.app))
        assert "neighbouring outputs sum 1, 2, 4 products" in text and "checkerboard" in text
        assert grid_shape(screen_text(pilot.app)) == grid(overlap)
        await pilot.press("up")
        assert "every output pixel sums the same 4 products, no checkerboard" in said(screen_text(pilot.app))


async def test_v_switches_page_and_r_resets() -> None:
    async with conv_app(kind="depthwise-separable").run_test(size=SIZE) as pilot:
        await pilot.press("v")
        assert pilot.app.simulation.state.view == "field" and "receptive field" in said(screen_text(pilot.app))
        await pilot.press("1", "up", "v", "r")
        state = pilot.app.simulation.state
        assert (state.kind, state.k, state.view) == ("depthwise-separable", 3, "costs")


async def test_french_numbers_and_words() -> None:
    async with conv_app(lang="fr").run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = flat(screen_text(pilot.app))
        rows = [
            row.replace("this layer", "cette couche").replace("\u202f", " ")
            for row in cost_rows("standard", 3, 256, 256, 56, "fr")
        ]
        assert all(row in text for row in rows), text
        drawn = "\n".join(strip.text for strip in pilot.app.screen._compositor.render_strips())
        assert (
            "1\u202f849\u202f688\u202f064" in drawn
        )  # grouped by narrow no-break spaces (screen_text reads them as spaces)


@pytest.mark.parametrize("lang", ["en", "fr"])
async def test_ascii_mode_draws_only_ascii(lang: str) -> None:
    async with conv_app(lang, ascii_only=True).run_test(size=SIZE) as pilot:
        for key in ("2", "v", "5", "7", "v"):
            await pilot.press(key)
            assert_ascii(screen_text(pilot.app))


def test_every_key_is_described_in_both_languages() -> None:
    for binding in ConvExplorer.BINDINGS:
        for lang in ("en", "fr"):
            assert Messages(lang)(binding.description) != binding.description


def test_snapshot_of_the_gridding(snap_compare) -> None:
    assert snap_compare(conv_app(kind="dilated", dilation=2, layers=3, view="field"), terminal_size=(80, 40))


async def test_the_snapshot_state_shows_the_gridding() -> None:
    async with conv_app(kind="dilated", dilation=2, layers=3, view="field").run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        assert "6 of the 13 rows and columns are never read" in said(screen_text(pilot.app))


def test_snapshot_of_the_separable_costs_at_60_columns(snap_compare) -> None:
    assert snap_compare(conv_app(kind="depthwise-separable"), terminal_size=(60, 30))


async def test_the_60_column_snapshot_state_shows_every_column() -> None:
    async with conv_app(kind="depthwise-separable").run_test(size=(60, 30)) as pilot:
        await pilot.pause()
        text = flat(screen_text(pilot.app))
        assert all(row in text for row in cost_rows("depthwise-separable", 3, 256, 256, 56)), text
