"""dropout-grid: inverted dropout drawn on 16 neurons (or the lesson's 4), on whole feature maps, and on residual branches."""

from __future__ import annotations

from typing import cast
from dataclasses import replace

import numpy as np
from rich.text import Text
from textual.binding import Binding
from textual.reactive import reactive

from tutor.content.simulations import WIDGETS
from tutor.sim.dropout import (
    WORKED_EXAMPLE_INPUT,
    WORKED_EXAMPLE_P,
    WORKED_EXAMPLE_SEED,
    drop_path,
    dropout,
    spatial_dropout,
)
from tutor.widgets.simulations.dropout_state import VIEWS, Draw, DropoutState
from tutor.widgets.simulations.dropout_views import dropout_lines
from tutor.widgets.simulations.simulation import TextSimulation
from tutor.widgets.simulations.words import Words, component_styles

NEURONS = tuple(float(value) for value in range(1, 17))
"""The layer's input activations, 1 to 16, laid out 4 × 4: a kept value v becomes v / (1 − p)."""
CHANNELS = 4
MAP = tuple(float(value) for value in range(1, 10))
"""The values of every 3 × 3 feature map of the spatial view, row by row."""
BLOCKS = 6
"""Residual blocks of the drop-path view; each branch outputs F(x) = 1, so what it adds is its scale."""
P_STEP = 0.05
P_MAX = cast(float, WIDGETS["dropout-grid"].params["p"].high)


def draw(state: DropoutState) -> Draw:
    """The view's inputs, outputs and keep mask, from `numpy.random.default_rng(state.seed)`.

    In evaluation mode every unit passes unchanged.
    """
    rng = np.random.default_rng(state.seed)
    if state.view == "neurons":
        inputs: tuple = WORKED_EXAMPLE_INPUT if state.example else NEURONS
        outputs, kept = dropout(inputs, state.p, rng, training=state.training).as_tuples()
        return Draw(inputs, outputs, kept)
    if state.view == "spatial":
        maps = np.tile(np.reshape(MAP, (1, 1, 3, 3)), (1, CHANNELS, 1, 1))
        inputs = tuple(tuple(map(tuple, channel)) for channel in maps[0].tolist())
        if not state.training:
            return Draw(inputs, inputs, (True,) * CHANNELS)
        outputs, kept = spatial_dropout(maps, state.p, rng).as_tuples()
        return Draw(inputs, outputs[0], kept[0])
    branches = (1.0,) * BLOCKS
    if not state.training:
        return Draw(branches, branches, (True,) * BLOCKS)
    # One drop-path layer per block, for one sample going down the stack.
    drawn = [drop_path(np.ones(1), state.p, rng).as_tuples() for _ in range(BLOCKS)]
    return Draw(branches, tuple(out[0] for out, _ in drawn), tuple(kept[0] for _, kept in drawn))


class DropoutGrid(TextSimulation):
    """Inverted dropout: which units a seeded draw keeps, and how the survivors are scaled."""

    RATE = Binding.Group("dropout.keys_rate")
    """2, 5, 8, + and - all set p: one item of the footer."""
    BINDINGS = [
        Binding("2", "rate(20)", "dropout.keys_rate20", group=RATE),
        Binding("5", "rate(50)", "dropout.keys_rate50", group=RATE),
        Binding("8", "rate(80)", "dropout.keys_rate80", group=RATE),
        Binding("plus", "step(1)", "dropout.keys_more", key_display="+", group=RATE),
        Binding("equals_sign", "step(1)", "dropout.keys_more", show=False, key_display="="),
        Binding("minus", "step(-1)", "dropout.keys_less", key_display="-", group=RATE),
        Binding("s", "reseed", "dropout.keys_reseed"),
        Binding("e", "toggle_training", "dropout.keys_mode"),
        Binding("v", "cycle_view", "dropout.keys_view"),
        Binding("w", "toggle_example", "dropout.keys_example"),
        Binding("r", "reset", "dropout.keys_reset"),
    ]

    COMPONENT_CLASSES = {
        "dropout-grid--kept",
        "dropout-grid--dropped",
        "dropout-grid--key",
        "dropout-grid--title",
        "dropout-grid--explain",
    }

    DEFAULT_CSS = """
    DropoutGrid > .dropout-grid--kept { background: $primary-muted; color: $text; }
    DropoutGrid > .dropout-grid--dropped { background: $panel; color: $text-muted; }
    DropoutGrid > .dropout-grid--key { color: $accent; text-style: bold; }
    DropoutGrid > .dropout-grid--title { text-style: bold; }
    DropoutGrid > .dropout-grid--explain { color: $text-accent; }
    """

    state: reactive[DropoutState] = reactive(DropoutState(0.5, 0), layout=True)
    """The chosen rate, seed, view and mode; the display is a function of it."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.set_reactive(DropoutGrid.state, self.initial_state())
        self.result = draw(self.state)

    def initial_state(self) -> DropoutState:
        """The state the lesson's YAML parameters describe."""
        return DropoutState(
            p=float(self.params["p"]),
            seed=int(self.params["seed"]),
            view=str(self.params["view"]),
        )

    def watch_state(self, state: DropoutState) -> None:
        self.result = draw(state)

    def drawn_key(self) -> object:
        return self.state

    def lines(self, width: int) -> list[Text]:
        words = Words("dropout", self.messages)
        return dropout_lines(self.state, self.result, self.glyphs, words, component_styles(self), width)

    def action_rate(self, percent: int) -> None:
        self.state = replace(self.state, p=percent / 100)

    def action_step(self, direction: int) -> None:
        p = min(P_MAX, max(0.0, round(self.state.p + direction * P_STEP, 2)))
        self.state = replace(self.state, p=p)

    def action_reset(self) -> None:
        self.state = self.initial_state()

    def action_reseed(self) -> None:
        self.state = replace(self.state, seed=(self.state.seed + 1) % 2**32)

    def action_toggle_training(self) -> None:
        self.state = replace(self.state, training=not self.state.training)

    def action_cycle_view(self) -> None:
        view = VIEWS[(VIEWS.index(self.state.view) + 1) % len(VIEWS)]
        self.state = replace(self.state, view=view, example=False)

    def action_toggle_example(self) -> None:
        """The lesson's example on the grid itself (p = 0.5, [1, 2, 3, 4], its seed), or back to the lesson's start."""
        if self.state.example:
            self.state = self.initial_state()
        else:
            self.state = DropoutState(WORKED_EXAMPLE_P, WORKED_EXAMPLE_SEED, "neurons", training=True, example=True)
