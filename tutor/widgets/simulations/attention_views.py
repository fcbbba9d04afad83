"""The lines of the attention-grid: the spatial map with one cell explained, or SE's weights.

Each function returns whole lines of at most `width` cells: sentences are wrapped, keys broken
between buttons, and the 8×8 map drops to a compact cell (a percentage) when the width is short.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from tutor.sim import attention_weights
from tutor.sim.attention_scenes import PRESETS, SEExample, SpatialAttentionResult, explain_cell
from tutor.sim.attention_training import SCENES_PER_PRESET
from tutor.text.glyphs import Glyphs
from tutor.widgets.simulations.attention_state import SIZE, AttentionState
from tutor.widgets.simulations.words import Words, key_lines, wrap

WIDE_CELL = 8
"""Columns of one cell in the wide map: `[▓ 0.93]`."""
COMPACT_CELL = 6
"""Columns of one cell in the compact map, in percent: `[▓ 93]`."""
ROW_LABEL = 3
BAR = 10
"""Cells of a channel weight's bar (a weight of 1 fills it)."""
Z_COLUMN = 11
"""Columns of the squeezed value z and its heading."""
PRESET_KEYS = (("c", "centre"), ("e", "edges"), ("o", "corners"), ("0", "none"))
SCENES = len(PRESETS) * SCENES_PER_PRESET
"""Scenes of the training set."""


def spatial_lines(
    state: AttentionState,
    result: SpatialAttentionResult,
    glyphs: Glyphs,
    words: Words,
    styles: dict[str, Style],
    width: int,
) -> list[Text]:
    """Keys, title, what to look at, the 8×8 map (shade and value per cell) and the selected cell's computation."""
    wide = width >= ROW_LABEL + SIZE * WIDE_CELL
    cell_width = WIDE_CELL if wide else COMPACT_CELL
    title = words("title_spatial", preset=words(f"preset_{state.preset}"), trained=_trained(state, words))
    lines = _keys(state, words, styles, width) + wrap(Text(title, styles["title"]), width)
    lines += wrap(Text(_spatial_explanation(state, words), styles["explain"]), width)
    if not wide:
        lines += wrap(words("percent"), width)
    lines.append(Text(" " * ROW_LABEL + "".join(str(column + 1).center(cell_width) for column in range(SIZE))))
    for row, values in enumerate(result.attention):
        line = Text(f"{row + 1:>2} ")
        for column, value in enumerate(values):
            selected = (row, column) == (state.row, state.column)
            line.append_text(_cell(value, selected, (row, column), wide, glyphs, words, styles))
        lines.append(line)
    return lines + [line for text in _explanation(state, result, words) for line in wrap(text, width)]


def _trained(state: AttentionState, words: Words) -> str:
    return words("trained" if state.trained else "untrained")


def _spatial_explanation(state: AttentionState, words: Words) -> str:
    if not state.trained:
        return words("explain_spatial_untrained")
    return words("explain_spatial_none" if state.preset == "none" else "explain_spatial_trained")


def _cell(
    value: float,
    selected: bool,
    where: tuple[int, int],
    wide: bool,
    glyphs: Glyphs,
    words: Words,
    styles: dict[str, Style],
) -> Text:
    level = min(4, int(value * 5))
    opening, closing = ("[", "]") if selected else (" ", " ")
    style = styles[f"level-{level}"] + (styles["selected"] if selected else Style())
    click = Style(meta={"@click": f"select({where[0]}, {where[1]})"})
    shown = f" {words.number(value)}" if wide else f"{words.number(100 * value, 0):>3}"
    return Text(f"{opening}{glyphs.shades[level]}{shown}{closing}", style + click)


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


def channel_lines(
    state: AttentionState, example: SEExample, glyphs: Glyphs, words: Words, styles: dict[str, Style], width: int
) -> list[Text]:
    """Keys, title, what to look at, one bar per channel weight s_c with z and z·s, the hidden layer, the training."""
    title = words("title_channel", preset=words(f"preset_{state.preset}"), trained=_trained(state, words))
    lines = _keys(state, words, styles, width) + wrap(Text(title, styles["title"]), width)
    lines += wrap(Text(_channel_explanation(state, example, words), styles["explain"]), width)
    header = f"{'':6}{words('squeezed'):>{Z_COLUMN}}   {words('weight'):<{BAR + 5}}   {words('rescaled'):>5}"
    lines.append(Text(header, styles["title"]))
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
    texts = [where, words("hidden", count=len(example.hidden), ratio=example.reduction, values=hidden)]
    if state.trained:
        before, after = attention_weights.SE_LOSS
        texts.append(
            words(
                "training",
                steps=attention_weights.SE_STEPS,
                scenes=SCENES,
                before=words.number(before),
                after=words.number(after, 3),
            )
        )
    else:
        texts.append(words("start"))
    return lines + [line for text in texts for line in wrap(text, width)]


def _channel_explanation(state: AttentionState, example: SEExample, words: Words) -> str:
    if not state.trained:
        weights = example.channel_weights
        top = max(range(len(weights)), key=weights.__getitem__)
        kind = "object" if state.preset != "none" and top in example.object_channels else "noise"
        return words(f"explain_channel_untrained_{kind}", channel=top + 1, weight=words.number(weights[top]))
    return words(f"explain_channel_{state.preset}")


def _keys(state: AttentionState, words: Words, styles: dict[str, Style], width: int) -> list[Text]:
    buttons = [("t", words("show_untrained" if state.trained else "show_trained"), "toggle_trained")]
    buttons += [(key, words(f"keys_{preset}"), f"preset('{preset}')") for key, preset in PRESET_KEYS]
    buttons += [("v", words(f"view_{state.view}"), "toggle_view"), ("r", words("keys_reset"), "reset")]
    lines = key_lines(buttons, styles["key"], width)
    key = {preset: key for key, preset in PRESET_KEYS}[state.preset]
    for line in lines:
        if f"[{key}]" in line.plain:
            start = line.plain.index(f"[{key}]")
            line.stylize(styles["selected"], start, start + 3)
    return lines
