"""dropout-grid: inverted dropout drawn on 16 neurons, on whole feature maps, and on residual branches."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import NamedTuple

import numpy as np
from rich.text import Text
from textual.binding import Binding
from textual.reactive import reactive

from tutor.sim.dropout import drop_path, dropout, spatial_dropout
from tutor.widgets.simulations.dropout_views import render_dropout
from tutor.widgets.simulations.simulation import Simulation
from tutor.widgets.simulations.words import Words, component_styles

VIEWS = ("neurons", "spatial", "drop-path")
NEURONS = tuple(float(value) for value in range(1, 17))
"""The layer's input activations, 1 to 16, laid out 4 × 4: a kept value v becomes v / (1 − p)."""
CHANNELS = 4
MAP = tuple(float(value) for value in range(1, 10))
"""The values of every 3 × 3 feature map of the spatial view, row by row."""
BLOCKS = 6
"""Residual blocks of the drop-path view; each branch outputs F(x) = 1, so what it adds is its scale."""
P_STEP = 0.05
P_MAX = 0.95


@dataclass(frozen=True, slots=True)
class DropoutState:
    """What the student has chosen: the rate, the seed, the view, the mode."""

    p: float
    seed: int
    view: str = "neurons"
    training: bool = True
    drawn: bool = True
    """False after a reset: the layer is shown as it enters, before any dropout is drawn."""
    example: bool = False
    """Whether the course's worked example is shown."""


class Draw(NamedTuple):
    """One draw of the current view, as tuples of Python numbers."""

    inputs: tuple
    outputs: tuple
    kept: tuple[bool, ...]
    """Per neuron, per channel or per residual branch."""


def draw(state: DropoutState) -> Draw:
    """The view's inputs, outputs and keep mask, from `numpy.random.default_rng(state.seed)`.

    In evaluation mode, and before any draw (after a reset), every unit passes unchanged.
    """
    rng = np.random.default_rng(state.seed)
    training = state.training and state.drawn
    if state.view == "neurons":
        outputs, kept = dropout(NEURONS, state.p, rng, training=training).as_tuples()
        return Draw(NEURONS, outputs, kept)
    if state.view == "spatial":
        maps = np.tile(np.reshape(MAP, (1, 1, 3, 3)), (1, CHANNELS, 1, 1))
        inputs = tuple(tuple(map(tuple, channel)) for channel in maps[0].tolist())
        if not training:
            return Draw(inputs, inputs, (True,) * CHANNELS)
        outputs, kept = spatial_dropout(maps, state.p, rng).as_tuples()
        return Draw(inputs, outputs[0], kept[0])
    branches = (1.0,) * BLOCKS
    if not training:
        return Draw(branches, branches, (True,) * BLOCKS)
    # One drop-path layer per block, for one sample going down the stack.
    drawn = [drop_path(np.ones(1), state.p, rng).as_tuples() for _ in range(BLOCKS)]
    return Draw(branches, tuple(out[0] for out, _ in drawn), tuple(kept[0] for _, kept in drawn))


class DropoutGrid(Simulation):
    """Inverted dropout: which units a seeded draw keeps, and how the survivors are scaled."""

    BINDINGS = [
        Binding("2", "rate(20)", "dropout.keys_rate20"),
        Binding("5", "rate(50)", "dropout.keys_rate50"),
        Binding("8", "rate(80)", "dropout.keys_rate80"),
        Binding("r", "reset", "dropout.keys_reset"),
        Binding("v", "cycle_view", "dropout.keys_view"),
        Binding("plus", "step(1)", "dropout.keys_more", show=False),
        Binding("minus", "step(-1)", "dropout.keys_less", show=False),
        Binding("s", "reseed", "dropout.keys_reseed", show=False),
        Binding("e", "toggle_training", "dropout.keys_mode", show=False),
        Binding("w", "toggle_example", "dropout.keys_example", show=False),
    ]

    COMPONENT_CLASSES = {"dropout-grid--kept", "dropout-grid--dropped", "dropout-grid--key", "dropout-grid--title"}

    DEFAULT_CSS = """
    DropoutGrid > .dropout-grid--kept { background: $primary-muted; color: $text; }
    DropoutGrid > .dropout-grid--dropped { background: $panel; color: $text-muted; }
    DropoutGrid > .dropout-grid--key { color: $accent; text-style: bold; }
    DropoutGrid > .dropout-grid--title { text-style: bold; }
    """

    state: reactive[DropoutState] = reactive(DropoutState(0.5, 0), layout=True)
    """The chosen rate, seed, view and mode; the display is a function of it."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.set_reactive(DropoutGrid.state, self.initial_state())

    def initial_state(self) -> DropoutState:
        """The state the lesson's YAML parameters describe."""
        return DropoutState(
            p=float(self.params.get("p", 0.5)),
            seed=int(self.params.get("seed", 0)),
            view=str(self.params.get("view", "neurons")),
        )

    def watch_lang(self) -> None:
        self.refresh(layout=True)

    def render(self) -> Text:
        words = Words("dropout", self.lang, self.glyphs.ascii)
        return render_dropout(self.state, draw(self.state), self.glyphs, words, component_styles(self))

    def action_rate(self, percent: int) -> None:
        self.state = replace(self.state, p=percent / 100, drawn=True)

    def action_step(self, direction: int) -> None:
        p = min(P_MAX, max(0.0, round(self.state.p + direction * P_STEP, 2)))
        self.state = replace(self.state, p=p, drawn=True)

    def action_reset(self) -> None:
        self.state = replace(self.initial_state(), drawn=False)

    def action_reseed(self) -> None:
        self.state = replace(self.state, seed=(self.state.seed + 1) % 2**32, drawn=True)

    def action_toggle_training(self) -> None:
        self.state = replace(self.state, training=not self.state.training)

    def action_cycle_view(self) -> None:
        view = VIEWS[(VIEWS.index(self.state.view) + 1) % len(VIEWS)]
        self.state = replace(self.state, view=view)

    def action_toggle_example(self) -> None:
        self.state = replace(self.state, example=not self.state.example)
