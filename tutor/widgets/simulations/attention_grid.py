"""attention-grid: CBAM's spatial map on an 8×8 scene, cell by cell, and SE's channel weights, trained or not."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import cast

from rich.text import Text
from textual.binding import Binding
from textual.reactive import reactive

from tutor.sim.attention_scenes import SEExample, SpatialAttentionResult, se_example, spatial_attention_preset
from tutor.widgets.simulations.attention_state import SIZE, AttentionState
from tutor.widgets.simulations.attention_views import channel_lines, spatial_lines
from tutor.widgets.simulations.simulation import TextSimulation
from tutor.widgets.simulations.words import Words, component_styles


@lru_cache(maxsize=32)
def spatial(preset: str, seed: int, trained: bool) -> SpatialAttentionResult:
    """`spatial_attention_preset`, kept: going back to a scene costs nothing."""
    return spatial_attention_preset(preset, seed, trained)


@lru_cache(maxsize=32)
def channels(preset: str, seed: int, trained: bool) -> SEExample:
    """`se_example` on the same scene, kept."""
    return se_example(preset, seed, trained)


class AttentionGrid(TextSimulation):
    """Where attention looks: CBAM's spatial map of a synthetic scene, or SE's channel weights."""

    SCENE = Binding.Group("attention.keys_scene")
    CELL = Binding.Group("attention.keys_cell", compact=True)
    BINDINGS = [
        Binding("t", "toggle_trained", "attention.keys_trained"),
        Binding("c", "preset('centre')", "attention.keys_centre", group=SCENE),
        Binding("e", "preset('edges')", "attention.keys_edges", group=SCENE),
        Binding("o", "preset('corners')", "attention.keys_corners", group=SCENE),
        Binding("0", "preset('none')", "attention.keys_none", group=SCENE),
        Binding("v", "toggle_view", "attention.keys_view"),
        Binding("r", "reset", "attention.keys_reset"),
        Binding("up", "move(-1, 0)", "attention.keys_up", key_display="↑", group=CELL),
        Binding("down", "move(1, 0)", "attention.keys_down", key_display="↓", group=CELL),
        Binding("left", "move(0, -1)", "attention.keys_left", key_display="←", group=CELL),
        Binding("right", "move(0, 1)", "attention.keys_right", key_display="→", group=CELL),
    ]

    COMPONENT_CLASSES = {
        "attention-grid--bar",
        "attention-grid--key",
        "attention-grid--title",
        "attention-grid--selected",
        "attention-grid--explain",
    } | {f"attention-grid--level-{level}" for level in range(5)}

    DEFAULT_CSS = """
    AttentionGrid { link-style: none; }
    AttentionGrid > .attention-grid--bar { color: $accent; }
    AttentionGrid > .attention-grid--key { color: $accent; text-style: bold; }
    AttentionGrid > .attention-grid--title { text-style: bold; }
    AttentionGrid > .attention-grid--explain { color: $text-accent; }
    AttentionGrid > .attention-grid--selected { text-style: reverse bold; }
    AttentionGrid > .attention-grid--level-0 { background: $primary 10%; color: $text; }
    AttentionGrid > .attention-grid--level-1 { background: $primary 30%; color: $text; }
    AttentionGrid > .attention-grid--level-2 { background: $primary 50%; color: $text; }
    AttentionGrid > .attention-grid--level-3 { background: $primary 75%; color: $text; }
    AttentionGrid > .attention-grid--level-4 { background: $primary; color: $text; }
    """

    state: reactive[AttentionState] = reactive(AttentionState("centre"), layout=True)
    """The preset, the view, trained or not, and the selected cell."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.seed = int(self.params["seed"])
        self.set_reactive(AttentionGrid.state, self.initial_state())
        self.result = self.compute(self.state)

    def initial_state(self) -> AttentionState:
        """The lesson's preset, view and training."""
        return AttentionState(str(self.params["preset"]), str(self.params["view"]), bool(self.params["trained"]))

    def compute(self, state: AttentionState) -> SpatialAttentionResult | SEExample:
        if state.view == "channel":
            return channels(state.preset, self.seed, state.trained)
        return spatial(state.preset, self.seed, state.trained)

    def watch_state(self, old: AttentionState, new: AttentionState) -> None:
        self.result = self.compute(new)
        if old.view != new.view:
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The arrows move the selection in the spatial view; in the channel view they scroll the lesson."""
        return not (action == "move" and self.state.view == "channel")

    def drawn_key(self) -> object:
        return self.state

    def lines(self, width: int) -> list[Text]:
        words = Words("attention", self.messages)
        styles = component_styles(self)
        if self.state.view == "channel":
            return channel_lines(self.state, cast(SEExample, self.result), self.glyphs, words, styles, width)
        return spatial_lines(self.state, cast(SpatialAttentionResult, self.result), self.glyphs, words, styles, width)

    def action_preset(self, preset: str) -> None:
        self.state = replace(self.state, preset=preset)

    def action_toggle_trained(self) -> None:
        self.state = replace(self.state, trained=not self.state.trained)

    def action_reset(self) -> None:
        self.state = self.initial_state()

    def action_toggle_view(self) -> None:
        self.state = replace(self.state, view="channel" if self.state.view == "spatial" else "spatial")

    def action_move(self, rows: int, columns: int) -> None:
        row = min(SIZE - 1, max(0, self.state.row + rows))
        column = min(SIZE - 1, max(0, self.state.column + columns))
        self.state = replace(self.state, row=row, column=column)

    def action_select(self, row: int, column: int) -> None:
        self.state = replace(self.state, row=row, column=column)
