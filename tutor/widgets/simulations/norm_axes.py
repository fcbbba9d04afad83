"""norm-axes: which (sample, channel) maps share one mean and variance, for the four normalisations.

The picture of Wu & He (2018), figure 2, laid flat: N rows of samples, C columns of channels,
each cell one H×W map. Cells of one statistics group share a colour, a letter and the mean.
"""

from __future__ import annotations

from typing import cast
from dataclasses import dataclass, replace
from functools import lru_cache

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.reactive import reactive

from tutor.content.simulations import WIDGETS
from tutor.sim.normalization import KINDS, SAMPLE_SHAPE, GroupStatistics, group_statistics, sample_tensor
from tutor.widgets.simulations.simulation import TextSimulation
from tutor.widgets.simulations.words import Words, key_lines, wrap

GROUP_COUNTS = cast(tuple[int, ...], WIDGETS["norm-axes"].params["groups"].choices)
"""The group counts that divide the sample's C = 8 channels."""
LABELS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef"
"""One letter per statistics group (instance norm has N·C = 32)."""
PALETTE = 5
"""Colours cycled over group ids; 5 divides none of the id steps 1, 2, 4, 8, so neighbouring groups differ."""
CELL = 8
"""Columns of one cell: selection mark, label, space, mean (2 decimals)."""
ROW_LABEL = 3


@dataclass(frozen=True, slots=True)
class NormState:
    """The normalisation shown and the selected (sample, channel) cell."""

    kind: str
    groups: int
    row: int = 0
    column: int = 0


@lru_cache(maxsize=32)
def statistics(seed: int, kind: str, groups: int) -> GroupStatistics:
    """The statistics groups and their mean and variance on `sample_tensor(seed)`."""
    return group_statistics(sample_tensor(seed), kind, groups if kind == "group" else None)


class NormAxes(TextSimulation):
    """Batch, layer, instance and group norm on one (N, C, H, W) tensor: who shares statistics."""

    KIND = Binding.Group("norm_axes.keys_kind")
    GROUPS = Binding.Group("norm_axes.keys_groups")
    CELL = Binding.Group("norm_axes.keys_cell", compact=True)
    BINDINGS = [
        Binding("1", "kind('batch')", "norm_axes.keys_batch", group=KIND),
        Binding("2", "kind('layer')", "norm_axes.keys_layer", group=KIND),
        Binding("3", "kind('instance')", "norm_axes.keys_instance", group=KIND),
        Binding("4", "kind('group')", "norm_axes.keys_group", group=KIND),
        Binding("plus", "groups(1)", "norm_axes.keys_more", key_display="+", group=GROUPS),
        Binding("equals_sign", "groups(1)", "norm_axes.keys_more", show=False),
        Binding("minus", "groups(-1)", "norm_axes.keys_fewer", key_display="-", group=GROUPS),
        Binding("up", "move(-1, 0)", "norm_axes.keys_up", key_display="↑", group=CELL),
        Binding("down", "move(1, 0)", "norm_axes.keys_down", key_display="↓", group=CELL),
        Binding("left", "move(0, -1)", "norm_axes.keys_left", key_display="←", group=CELL),
        Binding("right", "move(0, 1)", "norm_axes.keys_right", key_display="→", group=CELL),
    ]

    COMPONENT_CLASSES = {"norm-axes--key", "norm-axes--title", "norm-axes--selected", "norm-axes--explain"} | {
        f"norm-axes--group-{index}" for index in range(PALETTE)
    }

    DEFAULT_CSS = """
    NormAxes { link-style: none; }
    NormAxes > .norm-axes--key { color: $accent; text-style: bold; }
    NormAxes > .norm-axes--title { text-style: bold; }
    NormAxes > .norm-axes--explain { color: $text-accent; }
    NormAxes > .norm-axes--selected { text-style: reverse bold; }
    NormAxes > .norm-axes--group-0 { background: $primary-muted; color: $text; }
    NormAxes > .norm-axes--group-1 { background: $warning-muted; color: $text; }
    NormAxes > .norm-axes--group-2 { background: $success-muted; color: $text; }
    NormAxes > .norm-axes--group-3 { background: $error-muted; color: $text; }
    NormAxes > .norm-axes--group-4 { background: $foreground 20%; color: $text; }
    """

    state: reactive[NormState] = reactive(NormState("batch", 2), layout=True)
    """The kind, the group count and the selected cell."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.seed = int(self.params["seed"])
        kind, groups = str(self.params["kind"]), int(self.params["groups"])
        self.set_reactive(NormAxes.state, NormState(kind, groups))
        self.stats = statistics(self.seed, kind, groups)

    def watch_state(self, state: NormState) -> None:
        self.stats = statistics(self.seed, state.kind, state.groups)

    def drawn_key(self) -> object:
        return self.state

    def lines(self, width: int) -> list[Text]:
        words = Words("norm_axes", self.messages)
        stats = self.stats
        lines = self._keys(words, width) + wrap(Text(self._description(words), self._style("title")), width)
        lines += wrap(Text(self._explanation(words), self._style("explain")), width)
        lines += wrap(words("legend", height=SAMPLE_SHAPE[2], width=SAMPLE_SHAPE[3]), width)
        lines += self._grid(stats, words, width >= ROW_LABEL + SAMPLE_SHAPE[1] * CELL)
        return lines + [line for text in self._selection(stats, words) for line in wrap(text, width)]

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"norm-axes--{name}")

    def _keys(self, words: Words, width: int) -> list[Text]:
        buttons = [(str(index), words(f"keys_{kind}"), f"kind('{kind}')") for index, kind in enumerate(KINDS, 1)]
        if self.state.kind == "group":
            label = words("groups", groups=self.state.groups)
            if self.state.groups == GROUP_COUNTS[-1]:
                label += " " + words("max")
            elif self.state.groups == GROUP_COUNTS[0]:
                label += " " + words("min")
            buttons.append(("+/-", label, "groups(1)"))
        else:  # G belongs to group norm only: + and - go there
            buttons.append(("+/-", words("to_group"), "groups(0)"))
        buttons.append((self.glyphs.arrow_keys, words("cell_keys"), "move(0, 0)"))
        lines = key_lines(buttons, self._style("key"), width)
        current = f"[{KINDS.index(self.state.kind) + 1}]"
        for line in lines:
            if current in line.plain:
                start = line.plain.index(current)
                line.stylize(self._style("selected"), start, start + 3)
        return lines

    def _description(self, words: Words) -> str:
        channels = SAMPLE_SHAPE[1]
        size = channels // self.state.groups
        key = f"about_{self.state.kind}" + ("_one" if self.state.kind == "group" and size == 1 else "")
        return words(key, size=size, groups=self.state.groups)

    def _explanation(self, words: Words) -> str:
        return words(f"explain_{self.state.kind}", size=SAMPLE_SHAPE[1] // self.state.groups)

    def _grid(self, stats: GroupStatistics, words: Words, wide: bool) -> list[Text]:
        """The N × C cells; when the C columns do not fit, the first half of them, then the second."""
        channels = SAMPLE_SHAPE[1]
        halves = [range(channels)] if wide else [range(channels // 2), range(channels // 2, channels)]
        selected_group = stats.ids[self.state.row][self.state.column]
        lines = []
        for columns in halves:
            lines.append(Text(" " * ROW_LABEL + "".join(f"c{column + 1}".center(CELL) for column in columns)))
            for row, ids in enumerate(stats.ids):
                line = Text(f"n{row + 1} ")
                for column in columns:
                    group = ids[column]
                    line.append_text(self._cell(stats, group, (row, column), group == selected_group, words))
                lines.append(line)
        return lines

    def _cell(
        self, stats: GroupStatistics, group: int, where: tuple[int, int], in_selection: bool, words: Words
    ) -> Text:
        mean = stats.mean[group]
        digits = 2 if abs(mean) < 9.995 else 1
        is_selected = where == (self.state.row, self.state.column)
        mark = self.glyphs.selected if is_selected else " "
        style = self._style(f"group-{group % PALETTE}")
        if in_selection:
            style += Style(bold=True, underline=True)
        if is_selected:
            style += self._style("selected")
        text = f"{mark}{LABELS[group]} {words.number(mean, digits):>5}".ljust(CELL)
        return Text(text, style + Style(meta={"@click": f"select({where[0]}, {where[1]})"}))

    def _selection(self, stats: GroupStatistics, words: Words) -> list[Text]:
        row, column = self.state.row, self.state.column
        group = stats.ids[row][column]
        maps = sum(ids.count(group) for ids in stats.ids)
        height, width = SAMPLE_SHAPE[2:]
        pooled = f"pooled_{self.state.kind}" + ("_one" if maps == 1 and self.state.kind != "instance" else "")
        return [
            Text(
                words(
                    "selected",
                    sample=row + 1,
                    channel=column + 1,
                    label=LABELS[group],
                    mean=words.number(stats.mean[group], 3),
                    var=words.number(stats.var[group], 3),
                )
            ),
            Text(
                words(
                    pooled,
                    maps=maps,
                    height=height,
                    width=width,
                    count=maps * height * width,
                    groups=len(stats.mean),
                )
            ),
        ]

    def action_kind(self, kind: str) -> None:
        self.state = replace(self.state, kind=kind)

    def action_groups(self, step: int) -> None:
        """Change G by `step` rungs; from another normalisation, first switch to group norm (keeping G)."""
        if self.state.kind != "group":
            step = 0
        index = GROUP_COUNTS.index(self.state.groups)
        groups = GROUP_COUNTS[min(len(GROUP_COUNTS) - 1, max(0, index + step))]
        self.state = replace(self.state, kind="group", groups=groups)

    def action_move(self, rows: int, columns: int) -> None:
        row = min(SAMPLE_SHAPE[0] - 1, max(0, self.state.row + rows))
        column = min(SAMPLE_SHAPE[1] - 1, max(0, self.state.column + columns))
        self.state = replace(self.state, row=row, column=column)

    def action_select(self, row: int, column: int) -> None:
        self.state = replace(self.state, row=row, column=column)
