"""The text of the dropout-grid widget: one function per view, each returning whole lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text

from tutor.text.glyphs import Glyphs
from tutor.sim.dropout import WORKED_EXAMPLE_P, worked_example
from tutor.widgets.simulations.words import Words, key_buttons

if TYPE_CHECKING:
    from tutor.widgets.simulations.dropout_grid import Draw, DropoutState

NEURON_CELL = 16
"""Columns of one neuron cell: `● 16 → 320.00` and a margin."""
MAP_VALUE = 5
"""Columns of one value of a feature map (up to 9 / (1 − 0.95) = 180.0)."""


def render_dropout(state: DropoutState, result: Draw, glyphs: Glyphs, words: Words, styles: dict[str, Style]) -> Text:
    """The whole widget: header, the current view, counts, the worked example if asked, buttons."""
    body = {"neurons": _neurons, "spatial": _spatial, "drop-path": _drop_path}[state.view]
    lines = [_header(state, words, styles), Text(words(f"title_{state.view.replace('-', '_')}"))]
    lines += body(result, glyphs, words, styles)
    lines.append(_counts(state, result, words))
    if state.example:
        lines += _example(words, styles)
    lines += _buttons(words, styles)
    return Text("\n").join(lines)


def _header(state: DropoutState, words: Words, styles: dict[str, Style]) -> Text:
    p = words.number(state.p)
    if not state.drawn:
        mode = words("not_drawn")
    elif state.training:
        mode = words("training", scale=words.number(1 / (1 - state.p)))
    else:
        mode = words("evaluation")
    return Text(words("header", p=p, seed=state.seed, mode=mode), styles["title"])


def _neurons(result: Draw, glyphs: Glyphs, words: Words, styles: dict[str, Style]) -> list[Text]:
    arrow = words.plain("→")
    lines = []
    for row in range(4):
        line = Text()
        for column in range(4):
            index = row * 4 + column
            kept, value = result.kept[index], result.outputs[index]
            shown = words.number(value) if kept else "0"
            cell = f" {glyphs.kept if kept else glyphs.dropped} {result.inputs[index]:>2g} {arrow} {shown}"
            line.append(cell.ljust(NEURON_CELL - 1), styles["kept" if kept else "dropped"])
            line.append(" ")
        lines.append(line)
    return lines


def _spatial(result: Draw, glyphs: Glyphs, words: Words, styles: dict[str, Style]) -> list[Text]:
    width = 3 * MAP_VALUE + 2
    lines = [Text(), Text(), Text(), Text()]
    for channel, kept in enumerate(result.kept):
        label = words("channel_kept" if kept else "channel_dropped", channel=channel + 1)
        lines[0].append(f"{glyphs.kept if kept else glyphs.dropped} {label}".ljust(width + 1), styles["title"])
        for row in range(3):
            values = result.outputs[channel][row]
            cells = [words.number(value, 1) if kept else f"{glyphs.dropped} 0" for value in values]
            lines[row + 1].append(" ".join(cell.rjust(MAP_VALUE) for cell in cells), styles["kept" if kept else "dropped"])
            lines[row + 1].append(" ")
    return lines


def _drop_path(result: Draw, glyphs: Glyphs, words: Words, styles: dict[str, Style]) -> list[Text]:
    wire = glyphs.box[4] * 4
    lines = []
    for block, (kept, added) in enumerate(zip(result.kept, result.outputs), start=1):
        line = Text(f" {words('block', block=block):<8} x {wire}{glyphs.add} ")
        if kept:
            branch = words("branch_kept", scale=words.number(added))
            line.append(f" {glyphs.kept} {branch} ", styles["kept"])
        else:
            line.append(f" {glyphs.dropped} {words('branch_dropped')} ", styles["dropped"])
        lines.append(line)
    return lines


def _counts(state: DropoutState, result: Draw, words: Words) -> Text:
    total, kept = len(result.kept), sum(result.kept)
    view = state.view.replace("-", "_")
    counted = words(f"count_{view}", kept=kept, total=total, percent=int(100 * kept / total + 0.5))
    if not (state.training and state.drawn):
        return Text(counted)
    expected = words("expected", total=total, expected=words.number(total * (1 - state.p), 1))
    return Text(words.plain(f"{counted} · {expected}"))


def _example(words: Words, styles: dict[str, Style]) -> list[Text]:
    example = worked_example()
    listed = lambda values: "[" + ", ".join(f"{value:g}" for value in values) + "]"  # noqa: E731
    return [
        Text(words("example_title", p=words.number(WORKED_EXAMPLE_P, 1), seed=example.seed), styles["title"]),
        Text(
            words(
                "example_line",
                input=listed(example.input),
                mask=listed(int(kept) for kept in example.mask),
                output=listed(example.output),
                scale=f"{1 / (1 - WORKED_EXAMPLE_P):g}",
            )
        ),
    ]


def _buttons(words: Words, styles: dict[str, Style]) -> list[Text]:
    rates = [(str(rate), words(f"keys_rate{rate}0"), f"rate({rate}0)") for rate in (2, 5, 8)]
    first = rates + [
        ("+", words("button_more"), "step(1)"),
        ("-", words("button_less"), "step(-1)"),
        ("r", words("keys_reset"), "reset"),
    ]
    second = [
        ("s", words("keys_reseed"), "reseed"),
        ("e", words("keys_mode"), "toggle_training"),
        ("v", words("keys_view"), "cycle_view"),
        ("w", words("keys_example"), "toggle_example"),
    ]
    return [key_buttons(first, styles["key"]), key_buttons(second, styles["key"])]
