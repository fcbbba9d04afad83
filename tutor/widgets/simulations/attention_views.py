"""The text of the attention-grid widget: the spatial map with one cell explained, or SE's weights."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text

from tutor.text.glyphs import Glyphs
from tutor.sim.attention_scenes import SEExample, SpatialAttentionResult, explain_cell
from tutor.widgets.simulations.words import Words, key_buttons

if TYPE_CHECKING:
    from tutor.widgets.simulations.attention_grid import AttentionState

SIZE = 8
"""Rows and columns of the attention map."""
CELL = 8
"""Columns of one cell: `[▓ 0.93]`."""
BAR = 10
"""Cells of a channel weight's bar (a weight of 1 fills it)."""
Z_COLUMN = 11
"""Columns of the squeezed value z and its heading."""
PRESET_KEYS = (("c", "centre"), ("e", "edges"), ("o", "corners"), ("0", "none"))


def render_spatial(
    state: AttentionState, result: SpatialAttentionResult, glyphs: Glyphs, words: Words, styles: dict[str, Style]
) -> Text:
    """Buttons, title, the 8×8 map (value, shade and colour per cell) and the selected cell's computation."""
    title = words("title_spatial", preset=words(f"preset_{state.preset}"), seed=result.seed)
    lines = [_buttons(state, words, styles), Text(title, styles["title"])]
    lines.append(Text("   " + "".join(str(column + 1).center(CELL) for column in range(SIZE))))
    for row, values in enumerate(result.attention):
        line = Text(f"{row + 1:>2} ")
        for column, value in enumerate(values):
            line.append_text(_cell(value, (row, column) == (state.row, state.column), (row, column), glyphs, words, styles))
        lines.append(line)
    return Text("\n").join(lines + _explanation(state, result, words))


def _cell(value: float, selected: bool, where: tuple[int, int], glyphs: Glyphs, words: Words, styles: dict[str, Style]) -> Text:
    level = min(4, int(value * 5))
    opening, closing = ("[", "]") if selected else (" ", " ")
    style = styles[f"level-{level}"] + (styles["selected"] if selected else Style())
    click = Style(meta={"@click": f"select({where[0]}, {where[1]})"})
    return Text(f"{opening}{glyphs.shades[level]} {words.number(value)}{closing}", style + click)


def _explanation(state: AttentionState, result: SpatialAttentionResult, words: Words) -> list[Text]:
    cell = explain_cell(result, state.row, state.column)
    number = words.number
    return [
        Text(words("cell", row=state.row + 1, column=state.column + 1, value=number(cell.value))),
        Text(words("pooled", avg=number(cell.avg), max=number(cell.max))),
        Text(
            words(
                "logit",
                avg_term=number(cell.avg_term),
                max_term=number(cell.max_term),
                bias=number(cell.bias),
                logit=number(cell.logit),
            )
        ),
        Text(words("sigmoid", logit=number(cell.logit), value=number(cell.value))),
    ]


def render_channels(state: AttentionState, example: SEExample, glyphs: Glyphs, words: Words, styles: dict[str, Style]) -> Text:
    """Buttons, title, one bar per channel weight s_c with z and z·s, and the hidden layer."""
    title = words("title_channel", preset=words(f"preset_{state.preset}"), seed=example.seed, r=example.reduction)
    header = f"{'':6}{words('squeezed'):>{Z_COLUMN}}   {words('weight'):<{BAR + 5}}   {words('rescaled'):>5}"
    lines = [_buttons(state, words, styles), Text(title, styles["title"]), Text(header, styles["title"])]
    lit = () if state.preset == "none" else example.object_channels
    rows = zip(example.squeezed, example.channel_weights, example.rescaled)
    for channel, (squeezed, weight, rescaled) in enumerate(rows):
        mark = glyphs.kept if channel in lit else " "
        filled = round(weight * BAR)
        line = Text(f" c{channel + 1} {mark} {words.number(squeezed):>{Z_COLUMN}}   ")
        line.append(glyphs.bar * filled + glyphs.shades[1] * (BAR - filled), styles["bar"])
        line.append(f" {words.number(weight)}   {words.number(rescaled):>5}")
        lines.append(line)
    where = words("object", mark=glyphs.kept, last=len(lit)) if lit else words("no_object")
    hidden = " ".join(words.number(value) for value in example.hidden)
    lines += [Text(where), Text(words("hidden", count=len(example.hidden), values=hidden))]
    return Text("\n").join(lines)


def _buttons(state: AttentionState, words: Words, styles: dict[str, Style]) -> Text:
    buttons = [(key, words(f"keys_{preset}"), f"preset('{preset}')") for key, preset in PRESET_KEYS]
    buttons += [("r", words("keys_reset"), "reset"), ("v", words(f"view_{state.view}"), "toggle_view")]
    line = key_buttons(buttons, styles["key"])
    key = dict((preset, key) for key, preset in PRESET_KEYS)[state.preset]
    start = line.plain.index(f"[{key}]")
    line.stylize(styles["selected"], start, start + 3)
    return line
