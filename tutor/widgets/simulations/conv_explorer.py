"""conv-explorer: what a convolution costs, and which input pixels one output pixel reads.

Two pages (`v`): the costs of one layer of the chosen kind, part by part, beside a standard
convolution's; and the receptive field of one output pixel through a stack of 1 to 3 such
layers, as shaded cells (darker: read through more paths; empty: never read), or for a
transposed convolution how many products each output pixel sums (the checkerboard).
"""

from __future__ import annotations

from dataclasses import replace

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.reactive import reactive

from tutor.sim.convolutions import layer_summary, receptive_field, transposed_overlap
from tutor.widgets.simulations.conv_state import (
    KINDS,
    LADDERS,
    SINGLE_STRIDES,
    TRANSPOSED_K,
    TRANSPOSED_STRIDES,
    WINDOW,
    ConvResult,
    ConvState,
)
from tutor.widgets.simulations.conv_views import cost_lines, field_lines
from tutor.widgets.simulations.conv_views import name as kind_name
from tutor.widgets.simulations.simulation import TextSimulation
from tutor.widgets.simulations.words import Words, component_styles

STANDARD = {"k": 3, "stride": 1, "dilation": 1, "groups": 1}
"""The standard convolution's settings, from which each kind's preset starts (the lesson may give its own)."""


def compute(state: ConvState) -> ConvResult:
    """The layer's costs, and the receptive field of the stack (or the overlap of a transposed one)."""
    kind = "standard" if state.kind in ("dilated", "strided") else state.kind
    dilation = state.dilation[0]
    summary = layer_summary(
        kind,
        state.k,
        state.c_in,
        state.c_out,
        state.size,
        state.stride[0],
        dilation,
        state.groups if state.kind == "grouped" else 1,
    )
    if state.kind == "transposed":
        return ConvResult(summary, None, transposed_overlap(state.k, state.stride[0], 1, state.layers, WINDOW))
    field = receptive_field(state.k, state.strides(), state.dilations())
    return ConvResult(summary, field, ())


def preset(state: ConvState, kind: str) -> ConvState:
    """`state` turned into a convolution of `kind`, changing only what that kind needs."""
    k = 1 if kind == "pointwise" else (state.k if state.k > 1 else 3)
    stride, dilation, groups = state.stride, state.dilation, 1
    if kind == "standard":
        stride, dilation = (1,), (1,)
    elif kind == "dilated":
        stride, dilation = (1,), dilation if dilation != (1,) else (2,)
    elif kind == "strided":
        stride, dilation = (stride if stride != (1,) else (2,)), (1,)
    elif kind == "grouped":
        groups = max(g for g in LADDERS["groups"] if state.c_in % g == 0 and state.c_out % g == 0 and g <= 32)
        dilation = (1,)
    elif kind == "transposed":
        k, stride, dilation = (k if k in TRANSPOSED_K else 3), (stride if stride in TRANSPOSED_STRIDES else (2,)), (1,)
    elif kind in ("depthwise-separable", "pointwise"):
        dilation = (1,) if kind == "pointwise" else dilation
    if kind != "transposed" and k % 2 == 0:
        k += 1
    if kind != "transposed" and stride not in LADDERS["stride"]:
        stride = (2,)
    selected = state.selected if state.selected in replace(state, kind=kind).settings() else "stride"
    return replace(state, kind=kind, k=k, stride=stride, dilation=dilation, groups=groups, selected=selected)


KIND_KEYS = Binding.Group("conv.keys_kind")
"""Keys 1 to 7: one item of the footer (at module level: the class body's generator cannot see class names)."""


class ConvExplorer(TextSimulation):
    """Convolutions of seven kinds: their parameters and multiply-adds, and what one output pixel reads."""

    SETTING = Binding.Group("conv.keys_setting", compact=True)
    VALUE = Binding.Group("conv.keys_value", compact=True)
    BINDINGS = [
        *(
            Binding(str(index), f"kind('{kind}')", f"conv.keys_{kind.replace('-', '_')}", group=KIND_KEYS)
            for index, kind in enumerate(KINDS, 1)
        ),
        Binding("left", "select(-1)", "conv.keys_previous_setting", key_display="←", group=SETTING),
        Binding("right", "select(1)", "conv.keys_next_setting", key_display="→", group=SETTING),
        Binding("up", "change(1)", "conv.keys_increase", key_display="↑", group=VALUE),
        Binding("down", "change(-1)", "conv.keys_decrease", key_display="↓", group=VALUE),
        Binding("plus", "change(1)", "conv.keys_increase", show=False),
        Binding("equals_sign", "change(1)", "conv.keys_increase", show=False),
        Binding("minus", "change(-1)", "conv.keys_decrease", show=False),
        Binding("v", "toggle_view", "conv.keys_view"),
        Binding("r", "reset", "conv.keys_reset"),
    ]

    COMPONENT_CLASSES = {
        "conv-explorer--key",
        "conv-explorer--title",
        "conv-explorer--selected",
        "conv-explorer--explain",
    } | {f"conv-explorer--level-{level}" for level in range(5)}

    DEFAULT_CSS = """
    ConvExplorer { link-style: none; }
    ConvExplorer > .conv-explorer--key { color: $accent; text-style: bold; }
    ConvExplorer > .conv-explorer--title { text-style: bold; }
    ConvExplorer > .conv-explorer--explain { color: $text-accent; }
    ConvExplorer > .conv-explorer--selected { text-style: reverse bold; }
    ConvExplorer > .conv-explorer--level-0 { color: $text-muted; }
    ConvExplorer > .conv-explorer--level-1 { color: $accent 55%; }
    ConvExplorer > .conv-explorer--level-2 { color: $accent 70%; }
    ConvExplorer > .conv-explorer--level-3 { color: $accent 85%; }
    ConvExplorer > .conv-explorer--level-4 { color: $accent; }
    """

    state: reactive[ConvState] = reactive(ConvState("standard", 3, (1,), (1,), 1, 256, 256, 56, 1), layout=True)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.set_reactive(ConvExplorer.state, self.initial_state())
        self.result = compute(self.state)

    def initial_state(self) -> ConvState:
        """The lesson's settings (a 3×3 convolution, 256 → 256 channels at 56×56 when none are given)."""
        params = {**STANDARD, **self.params}
        dilation, stride = (
            tuple(int(digit) for digit in str(params[name])) for name in ("dilation", "stride")
        )  # 124 → (1, 2, 4)
        state = ConvState(
            "standard",
            int(params["k"]),
            stride,
            dilation,
            int(params["groups"]),
            int(params["c_in"]),
            int(params["c_out"]),
            int(params["size"]),
            int(params["layers"]),
            str(params["view"]),
        )
        # The kind's preset (a dilated one gets d = 2…), then what the lesson gives explicitly.
        state = preset(state, str(params["kind"]))
        given = {key: self.given[key] for key in ("k", "groups") if key in self.given}
        if "dilation" in self.given:
            given["dilation"] = dilation
        if "stride" in self.given:
            given["stride"] = stride
        state = replace(state, **given)
        return replace(state, selected=state.settings()[0])

    def watch_state(self, state: ConvState) -> None:
        self.result = compute(state)

    def drawn_key(self) -> object:
        return self.state

    def lines(self, width: int) -> list[Text]:
        words = Words("conv", self.messages)
        styles = component_styles(self)
        head = self._keys(words, styles, width)
        if self.state.view == "field":
            return head + field_lines(self.state, self.result, self.glyphs, words, styles, width, self._limits())
        return head + cost_lines(self.state, self.result, self.glyphs, words, styles, width, self._limits())

    def _limits(self) -> dict[str, str]:
        """For each setting at the end of its ladder, "max" or "min"."""
        limits = {}
        for name in self.state.settings():
            ladder = self._ladder(name)
            value = getattr(self.state, name)
            if value == ladder[-1] or (name == "groups" and self._step(name, 1) == value):
                limits[name] = "max"
            elif value == ladder[0]:
                limits[name] = "min"
        return limits

    def _keys(self, words: Words, styles: dict[str, Style], width: int) -> list[Text]:
        from tutor.widgets.simulations.words import key_lines

        buttons = [
            (str(index), words(f"kind_{kind.replace('-', '_')}"), f"kind('{kind}')")
            for index, kind in enumerate(KINDS, 1)
        ]
        lines = key_lines(buttons, styles["key"], width)
        current = f"[{KINDS.index(self.state.kind) + 1}]"
        for line in lines:
            if current in line.plain:
                start = line.plain.index(current)
                line.stylize(styles["selected"], start, start + len(current))
        return lines

    def _ladder(self, name: str) -> tuple:
        if name == "k" and self.state.kind == "transposed":
            return TRANSPOSED_K
        if name == "stride":
            if self.state.kind == "transposed":
                return TRANSPOSED_STRIDES
            if self.state.view == "costs":
                return SINGLE_STRIDES
        return LADDERS[name]

    def _step(self, name: str, step: int):
        """The value of setting `name` one rung up or down, skipping group counts that do not divide the channels."""
        ladder, value = self._ladder(name), getattr(self.state, name)
        index = ladder.index(value) if value in ladder else 0
        while 0 <= index + step < len(ladder):
            index += step
            candidate = ladder[index]
            if name != "groups" or (self.state.c_in % candidate == 0 and self.state.c_out % candidate == 0):
                return candidate
        return value

    def action_kind(self, kind: str) -> None:
        self.state = preset(self.state, kind)

    def action_select(self, step: int) -> None:
        names = self.state.settings()
        index = names.index(self.state.selected) if self.state.selected in names else 0
        self.state = replace(self.state, selected=names[(index + step) % len(names)])

    def action_change(self, step: int) -> None:
        setting = self.state.selected
        state = replace(self.state, **{setting: self._step(setting, step)})
        if (
            setting in ("c_in", "c_out")
            and state.kind == "grouped"
            and (state.c_in % state.groups or state.c_out % state.groups)
        ):
            state = replace(
                state, groups=max(g for g in LADDERS["groups"] if state.c_in % g == 0 and state.c_out % g == 0)
            )
        if state.kind in ("standard", "dilated", "strided"):
            state = replace(state, kind=kind_name(state))  # a standard convolution given d = 2 is a dilated one
        self.state = state

    def action_toggle_view(self) -> None:
        view = "field" if self.state.view == "costs" else "costs"
        state = replace(self.state, view=view)
        if view == "costs" and len(state.stride) > 1:  # the costs page shows one layer: keep the largest stride
            state = replace(state, stride=(max(state.stride),))
        self.state = replace(
            state, selected=state.selected if state.selected in state.settings() else state.settings()[0]
        )

    def action_reset(self) -> None:
        self.state = self.initial_state()
