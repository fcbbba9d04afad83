"""In the tutor at 80 columns, a focused simulation's footer lists every key it has, each with words.

The footer also carries the lesson's own keys (n, p, t, esc, l, ?, q); they give up their
descriptions first (the `?` help lists them). A simulation's related keys make one item: the
arrows that move a cell (`↑↓←→ Cell`), `+ -`, the digits that pick a kind (`1-7 Kind`).
"""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from tests.support.fakes import MemoryProgress
from tests.support.helpers import until
from tutor.app.app import TutorApp
from tutor.content.simulations import WIDGETS
from tutor.screens.lesson import LessonScreen
from tutor.text.asciify import to_ascii
from tutor.widgets.chrome.key_bar import Key, KeyBar
from tutor.widgets.simulations.simulation import Simulation

FOOTERS: dict[str, tuple[str, tuple[tuple[str, ...], ...]]] = {
    # simulation: (a lesson that shows it, the footer's items in each state: keys pressed between states are below)
    "activation-histogram": ("batch-norm", (("b", "+ -", "←→", "< >", "r"),)),
    "bn-statistics": ("batch-norm-practice", (("+ -", "m", "s", "r"),)),
    "norm-axes": ("other-norms", (("1-4", "+ -", "↑↓←→"),)),
    "dropout-grid": ("dropout", (("2 5 8 + -", "s", "e", "v", "w", "r"),)),
    "weight-decay": ("weight-decay", (("+ -", "1 2 0", "r"),)),
    "conv-explorer": ("advanced-convolutions", (("1-7", "←→", "↑↓", "v", "r"),)),
    "attention-grid": ("spatial-attention", (("t", "c e o 0", "v", "r", "↑↓←→"), ("t", "c e o 0", "v", "r"))),
    "gradient-flow": ("residual-connections", (("+ -", "a", "b", "r"),)),
}
BETWEEN_STATES = {"attention-grid": "v"}
"""The key that leads to the next state (the attention grid's channel view has no cell to move)."""


def covers(item: str, key: str) -> bool:
    """Whether the footer item `item` (`1-7`, `+ -`, `↑↓←→`, `^ v <- ->`) shows `key`."""
    if match := re.fullmatch(r"(\d)-(\d)", item):
        return key.isdigit() and int(match[1]) <= int(key) <= int(match[2])
    return key in item.split(" ") if " " in item else key in item


def described(line: str, item: Key) -> bool:
    """Whether the footer `line` shows `item`'s keys followed by its description (full or short)."""
    return any(
        f"{item.display}{gap}{label} " in line + " " for gap in (" ", "  ") for label in (item.short, item.label)
    )


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "ascii_only"), [("en", False), ("fr", False), ("fr", True)])
async def test_every_simulation_key_is_in_the_footer_with_words_at_80_columns(
    real_course, lang: str, ascii_only: bool
) -> None:
    assert set(FOOTERS) == set(WIDGETS), "every registered simulation needs its footer here"
    app = TutorApp(real_course, lang, MemoryProgress(), ascii_only=ascii_only)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for name, (lesson, states) in FOOTERS.items():
            app.open_lesson(f"module3/{lesson}")
            await until(
                pilot,
                lambda lesson=lesson: isinstance(app.screen, LessonScreen) and app.screen.lesson.id == lesson,
                what=lesson,
            )
            await app.screen.until_ready("focus_next")
            simulation = next(widget for widget in app.screen.query(Simulation) if widget.name == name)
            simulation.focus()
            for index, expected in enumerate(states):
                if index:
                    await pilot.press(BETWEEN_STATES[name])
                await pilot.pause()
                bar = app.screen.query_one(KeyBar)
                own = [item for item in bar.keys() if not item.general]
                if ascii_only:
                    assert len(own) == len(expected), (name, own)
                else:
                    assert [item.display for item in own] == list(expected), name
                for active in app.screen.active_bindings.values():
                    if active.node is simulation and active.binding.show and active.enabled:
                        display = active.binding.key_display or app.get_key_display(active.binding)
                        display = to_ascii(display) if ascii_only else display
                        assert any(covers(item.display, display) for item in own), (name, display, own)
                line = bar.render().plain.rstrip()
                assert cell_len(line) <= 80 and "…" not in line, line
                for item in own:
                    assert described(line, item), (name, item, line)
                for item in bar.keys():  # the lesson's keys too, described or bare
                    assert f" {item.display} " in f" {line} ", (name, item, line)
