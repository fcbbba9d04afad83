"""attention-grid: CBAM spatial attention on an 8×8 scene, cell by cell, and SE channel weights."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from rich.text import Text
from textual.binding import Binding
from textual.reactive import reactive

from tutor.sim.attention_scenes import SEExample, SpatialAttentionResult, se_example, spatial_attention_preset
from tutor.widgets.simulations.attention_views import SIZE, render_channels, render_spatial
from tutor.widgets.simulations.simulation import Simulation
from tutor.widgets.simulations.words import Words, component_styles

START_CELL = (3, 3)
"""The cell selected at first: row 4, column 4, inside the centre preset's object."""


@dataclass(frozen=True, slots=True)
class AttentionState:
    """The scene's preset, the view, and the selected cell of the spatial view."""

    preset: str
    view: str = "spatial"
    row: int = START_CELL[0]
    column: int = START_CELL[1]


@lru_cache(maxsize=16)
def spatial(preset: str, seed: int) -> SpatialAttentionResult:
    """`spatial_attention_preset`, kept for repaints (hovering a button repaints)."""
    return spatial_attention_preset(preset, seed)


@lru_cache(maxsize=16)
def channels(preset: str, seed: int) -> SEExample:
    """`se_example` on the same scene, kept for repaints."""
    return se_example(preset, seed)


class AttentionGrid(Simulation):
    """Where attention looks: a spatial map computed from a synthetic scene, or SE's channel weights."""

    BINDINGS = [
        Binding("c", "preset('centre')", "attention.keys_centre"),
        Binding("e", "preset('edges')", "attention.keys_edges"),
        Binding("o", "preset('corners')", "attention.keys_corners"),
        Binding("r", "reset", "attention.keys_reset"),
        Binding("v", "toggle_view", "attention.keys_view"),
        Binding("0", "preset('none')", "attention.keys_none", show=False),
        Binding("up", "move(-1, 0)", "attention.keys_up", show=False),
        Binding("down", "move(1, 0)", "attention.keys_down", show=False),
        Binding("left", "move(0, -1)", "attention.keys_left", show=False),
        Binding("right", "move(0, 1)", "attention.keys_right", show=False),
    ]

    COMPONENT_CLASSES = {"attention-grid--bar", "attention-grid--key", "attention-grid--title", "attention-grid--selected"} | {
        f"attention-grid--level-{level}" for level in range(5)
    }

    DEFAULT_CSS = """
    AttentionGrid { link-style: none; }
    AttentionGrid > .attention-grid--bar { color: $accent; }
    AttentionGrid > .attention-grid--key { color: $accent; text-style: bold; }
    AttentionGrid > .attention-grid--title { text-style: bold; }
    AttentionGrid > .attention-grid--selected { text-style: reverse bold; }
    AttentionGrid > .attention-grid--level-0 { background: $primary 10%; color: $text; }
    AttentionGrid > .attention-grid--level-1 { background: $primary 30%; color: $text; }
    AttentionGrid > .attention-grid--level-2 { background: $primary 50%; color: $text; }
    AttentionGrid > .attention-grid--level-3 { background: $primary 75%; color: $text; }
    AttentionGrid > .attention-grid--level-4 { background: $primary; color: $text; }
    """

    state: reactive[AttentionState] = reactive(AttentionState("centre"), layout=True)
    """The preset, the view and the selected cell."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.seed = int(self.params.get("seed", 0))
        self.set_reactive(AttentionGrid.state, self.initial_state())

    def initial_state(self) -> AttentionState:
        """The preset and view of the lesson's YAML parameters (centre when no preset is given)."""
        return AttentionState(str(self.params.get("preset", "centre")), str(self.params.get("view", "spatial")))

    def watch_lang(self) -> None:
        self.refresh(layout=True)

    def watch_state(self, old: AttentionState, new: AttentionState) -> None:
        if old.view != new.view:
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The arrows move the selection in the spatial view; in the channel view they scroll the lesson."""
        return not (action == "move" and self.state.view == "channel")

    def render(self) -> Text:
        words = Words("attention", self.lang, self.glyphs.ascii)
        styles = component_styles(self)
        if self.state.view == "channel":
            return render_channels(self.state, channels(self.state.preset, self.seed), self.glyphs, words, styles)
        return render_spatial(self.state, spatial(self.state.preset, self.seed), self.glyphs, words, styles)

    def action_preset(self, preset: str) -> None:
        self.state = replace(self.state, preset=preset)

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
