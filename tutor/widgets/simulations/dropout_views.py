"""The lines of the dropout-grid: one function per view, each returning whole lines of at most `width` cells."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from tutor.text.glyphs import Glyphs
from tutor.widgets.simulations.dropout_state import Draw, DropoutState
from tutor.widgets.simulations.words import Words, key_lines, wrap

WIDE_NEURON = 16
"""Columns of one neuron cell when four fit: `● 16 → 320.00` and a margin."""
NARROW_NEURON = 11
"""Columns of one neuron cell otherwise: `●16→320.00` and a margin."""
MAP_VALUE = 5
"""Columns of one value of a feature map (up to 9 / (1 − 0.95) = 180.0)."""
MAP_WIDTH = 3 * MAP_VALUE + 2
P_MAX = 0.95


def dropout_lines(
    state: DropoutState, result: Draw, glyphs: Glyphs, words: Words, styles: dict[str, Style], width: int
) -> list[Text]:
    """The whole widget: header, what the view shows and what to try, the view, counts, keys."""
    body = {"neurons": _neurons, "spatial": _spatial, "drop-path": _drop_path}[state.view]
    title = words("title_example", seed=state.seed) if state.example else words(f"title_{state.view.replace('-', '_')}")
    lines = wrap(_header(state, words, styles), width) + wrap(Text(title, styles["title"]), width)
    lines += wrap(Text(_explanation(state, result, words), styles["explain"]), width)
    lines += body(result, glyphs, words, styles, width)
    lines += wrap(_counts(state, result, glyphs, words), width)
    return lines + _keys(state, words, styles, width)


def _header(state: DropoutState, words: Words, styles: dict[str, Style]) -> Text:
    p = words.number(state.p)
    if state.training:
        mode = words("training", scale=words.number(1 / (1 - state.p)))
    else:
        mode = words("evaluation")
    return Text(words("header", p=p, seed=state.seed, mode=mode), styles["title"])


def _explanation(state: DropoutState, result: Draw, words: Words) -> str:
    if not state.training:
        return words("explain_evaluation")
    if state.example:
        listed = lambda values: "[" + ", ".join(words.number(value, 0) for value in values) + "]"  # noqa: E731
        return words(
            "explain_example",
            input=listed(result.inputs),
            mask=listed(int(kept) for kept in result.kept),
            output=listed(result.outputs),
            scale=words.number(1 / (1 - state.p), 0),
        )
    view = state.view.replace("-", "_")
    return words(f"explain_{view}", keep=words.number(1 - state.p), scale=words.number(1 / (1 - state.p)))


def _neurons(result: Draw, glyphs: Glyphs, words: Words, styles: dict[str, Style], width: int) -> list[Text]:
    wide = width >= 4 * WIDE_NEURON
    arrow = glyphs.arrow_right
    lines = []
    for row in range(0, len(result.kept), 4):
        line = Text()
        for index in range(row, min(row + 4, len(result.kept))):
            kept, value = result.kept[index], result.outputs[index]
            mark = glyphs.kept if kept else glyphs.dropped
            shown = words.number(value) if kept else "0"
            source = f"{result.inputs[index]:>2g}"
            cell = f" {mark} {source} {arrow} {shown}" if wide else f"{mark}{source}{arrow}{shown}"
            line.append(cell.ljust((WIDE_NEURON if wide else NARROW_NEURON) - 1), styles["kept" if kept else "dropped"])
            line.append(" ")
        line.rstrip()
        lines.append(line)
    return lines


def _spatial(result: Draw, glyphs: Glyphs, words: Words, styles: dict[str, Style], width: int) -> list[Text]:
    per_row = max(1, min(len(result.kept), (width + 1) // (MAP_WIDTH + 1)))
    lines: list[Text] = []
    for first in range(0, len(result.kept), per_row):
        block = [Text(), Text(), Text(), Text()]
        for channel in range(first, min(first + per_row, len(result.kept))):
            kept = result.kept[channel]
            label = words("channel_kept" if kept else "channel_dropped", channel=channel + 1)
            block[0].append(
                f"{glyphs.kept if kept else glyphs.dropped} {label}".ljust(MAP_WIDTH + 1)[: MAP_WIDTH + 1],
                styles["title"],
            )
            for row in range(3):
                values = result.outputs[channel][row]
                cells = [words.number(value, 1) if kept else f"{glyphs.dropped} 0" for value in values]
                block[row + 1].append(
                    " ".join(cell.rjust(MAP_VALUE) for cell in cells), styles["kept" if kept else "dropped"]
                )
                block[row + 1].append(" ")
        for line in block:
            line.rstrip()
        lines += block
    return lines


def _drop_path(result: Draw, glyphs: Glyphs, words: Words, styles: dict[str, Style], width: int) -> list[Text]:
    """Each block as x going straight to ⊕, and its branch F(x) below, joining it (kept) or cut (dropped)."""
    box = glyphs.box
    horizontal = box[4]
    branches = []
    for kept, added in zip(result.kept, result.outputs):
        if kept:
            branches.append(f"{glyphs.kept} {words('branch_kept', scale=words.number(added))}")
        else:
            branches.append(f"{glyphs.dropped} {words('branch_dropped')}")
    inner = max(len(branch) for branch in branches) + 4
    labels = [words("block", block=block) for block in range(1, len(result.kept) + 1)]
    label_width = max(len(label) for label in labels)
    lines = []
    for label, kept, added, branch in zip(labels, result.kept, result.outputs, branches):
        prefix = f"{label:<{label_width}} x {horizontal}"
        total = words("sum_kept", scale=words.number(added)) if kept else words("sum_dropped")
        top = Text(prefix + box[6] + horizontal * inner + glyphs.add + horizontal + " ")
        top.append(total, styles["kept" if kept else "dropped"])
        bottom = Text(" " * len(prefix) + box[2] + horizontal + " ")
        bottom.append(branch, styles["kept" if kept else "dropped"])
        bottom.append(" " + (horizontal if kept else " ") * (inner - 3 - len(branch)) + (box[3] if kept else " "))
        lines += [top, bottom]
    return lines


def _counts(state: DropoutState, result: Draw, glyphs: Glyphs, words: Words) -> Text:
    total, kept = len(result.kept), sum(result.kept)
    view = state.view.replace("-", "_")
    counted = words(f"count_{view}", kept=kept, total=total, percent=int(100 * kept / total + 0.5))
    if not state.training:
        return Text(counted)
    expected = words("expected", total=total, expected=words.number(total * (1 - state.p), 1))
    return Text(f"{counted} {glyphs.separator} {expected}")


def _keys(state: DropoutState, words: Words, styles: dict[str, Style], width: int) -> list[Text]:
    more, less = words("button_more"), words("button_less")
    if state.p >= P_MAX:
        more += " " + words("max")
    if state.p <= 0:
        less += " " + words("min")
    buttons = [(str(rate), words(f"keys_rate{rate}0"), f"rate({rate}0)") for rate in (2, 5, 8)]
    buttons += [
        ("+", more, "step(1)"),
        ("-", less, "step(-1)"),
        ("s", words("keys_reseed"), "reseed"),
        ("e", words("button_evaluation" if state.training else "button_training"), "toggle_training"),
        ("v", words("button_view"), "cycle_view"),
        ("w", words("button_back" if state.example else "keys_example"), "toggle_example"),
        ("r", words("keys_reset"), "reset"),
    ]
    return key_lines(buttons, styles["key"], width)
