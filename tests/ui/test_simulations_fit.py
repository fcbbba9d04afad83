"""Every simulation fits the tutor's smallest terminal (60×20) and the usual one (80×24), in both languages.

Each simulation is walked through its keys, including the settings that give its widest numbers;
after every key no line it draws is wider than the part that draws it (so no grid or table row
wraps, and no number is cut), no exponent is cut off, and nothing crashed.
"""

from __future__ import annotations

import re

import pytest

from tests.support.harness import SimulationApp, drawn_texts, overflowing_lines
from tests.support.helpers import settle

WALKS: dict[str, tuple[dict, tuple[str, ...]]] = {
    # Each walk visits every view and mode, and the settings that give the widest numbers.
    "activation-histogram": (
        {"depth": 6, "width": 256, "seed": 0},
        ("b", "b", "plus", "plus", "plus", "plus", *[">"] * 6, "right"),
    ),
    "gradient-flow": ({"depth": 50, "activation": "sigmoid", "seed": 0}, ("a", "a", "b", *["plus"] * 5, "b")),
    "attention-grid": ({"preset": "centre", "seed": 0}, ("t", "v", "t", "o", "0")),
    "dropout-grid": ({"p": 0.5, "seed": 0}, ("w", "w", *["plus"] * 9, "v", "v", "e")),
    "norm-axes": ({"kind": "batch", "groups": 2, "seed": 0}, ("2", "3", "4", "plus", "plus")),
    "weight-decay": ({"penalty": "l1", "strength": 0.05, "seed": 0}, ("0", "2", *["plus"] * 6)),
    "conv-explorer": (
        {"c_in": 512, "c_out": 512, "size": 224},
        (
            "2",
            "3",
            "4",
            "5",
            "6",
            "7",
            "v",
            "1",
            "5",
            "v",
            "right",
            "up",
            "up",
            "up",
            "right",
            "right",
            "up",
            "up",
            "v",
            "7",
            "v",
            "up",
        ),
    ),
    "bn-statistics": ({"batch_size": 8, "momentum": 0.1, "seed": 0}, ("minus", "minus", "m", "m")),
}
SIZES = [((60, 20), "fr"), ((60, 20), "en"), ((80, 24), "fr"), ((80, 24), "en")]
"""French is the longer language; 60×20 is the smallest terminal the tutor accepts."""
CUT_EXPONENT = re.compile(r"\de(?![+-]?\d)|\de[+-](?!\d)")
"""A number in scientific notation whose exponent is missing: `1.9e`, `1.9e-`."""

# The key names the walks use, as Pilot presses them.
KEY_NAMES = {">": "greater_than_sign", "<": "less_than_sign"}


def check(app: SimulationApp, after: str) -> None:
    simulation = app.simulation
    assert not simulation._crashed, f"crashed after {after}"
    assert overflowing_lines(simulation) == [], f"after {after}"
    for _part, text in drawn_texts(simulation):
        assert not CUT_EXPONENT.search(text.plain), (after, text.plain)


@pytest.mark.slow
@pytest.mark.parametrize(("size", "lang"), SIZES)
@pytest.mark.parametrize("name", sorted(WALKS))
async def test_every_state_fits(name: str, size: tuple[int, int], lang: str) -> None:
    params, keys = WALKS[name]
    app = SimulationApp(name, params, lang=lang)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        check(app, "start")
        for index, key in enumerate(keys):
            await settle(pilot, KEY_NAMES.get(key, key))
            check(app, f"{keys[: index + 1]}")


def test_every_registered_simulation_is_walked() -> None:
    from tutor.content.simulations import WIDGETS

    assert sorted(WIDGETS) == sorted(WALKS)
