"""The lines of the conv-explorer: the settings, then the costs page or the receptive-field page.

Each function returns whole lines of at most `width` cells.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from tutor.text.glyphs import Glyphs
from tutor.widgets.simulations.conv_state import WINDOW, ConvResult, ConvState
from tutor.widgets.simulations.words import Words, wrap


def name(state: ConvState) -> str:
    """The kind the settings make: a standard convolution with d > 1 is dilated, with s > 1 strided."""
    if state.kind in ("standard", "dilated", "strided"):
        if state.dilation != (1,):
            return "dilated"
        return "strided" if max(state.stride) > 1 else "standard"
    return state.kind


def settings_line(
    state: ConvState, words: Words, styles: dict[str, Style], width: int, limits: dict[str, str]
) -> list[Text]:
    """The settings as chips, the one ← and → have chosen reversed, each with "max"/"min" at the end of its range."""
    chips = []
    for setting in state.settings():
        value = getattr(state, setting)
        if setting in ("dilation", "stride"):
            value = ",".join(map(str, value))
        key = f"setting_{setting}" + ("_one" if setting == "layers" and value == 1 else "")
        text = words(key, value=value)
        if setting in limits and setting == state.selected:  # ↑ and ↓ act on the selected setting only
            text += " " + words(limits[setting])
        chips.append((setting, text))
    lines, line = [], Text()
    for setting, text in chips:
        if len(line) and len(line) + 2 + len(text) > width:
            lines.append(line)
            line = Text()
        if len(line):
            line.append("  ")
        line.append(text, styles["selected"] if setting == state.selected else Style())
    lines.append(line)
    return lines + wrap(words("settings_keys"), width)


def _group(value: int, words: Words) -> str:
    return words.integer(value)


def cost_lines(
    state: ConvState,
    result: ConvResult,
    glyphs: Glyphs,
    words: Words,
    styles: dict[str, Style],
    width: int,
    limits: dict[str, str],
) -> list[Text]:
    summary = result.summary
    kind = name(state)
    title = words(
        "title_costs",
        kind=words(f"name_{kind.replace('-', '_')}"),
        k=state.k,
        c_in=state.c_in,
        c_out=state.c_out,
        size_in=summary.size_in,
        size_out=summary.size_out,
    )
    lines = wrap(Text(title, styles["title"]), width) + settings_line(state, words, styles, width, limits)
    lines += wrap(Text(_cost_explanation(state, result, words), styles["explain"]), width)
    parameters, macs = words("parameters"), words("macs")
    if len(summary.parts) == 1:
        rows = [(words("part_layer"), summary.total.parameters, summary.total.multiply_adds)]
    else:
        rows = [(words(f"part_{part.name}"), part.parameters, part.multiply_adds) for part in summary.parts]
    if len(summary.parts) > 1:
        rows.append((words("total"), summary.total.parameters, summary.total.multiply_adds))
    rows.append((words("standard", k=state.k), summary.standard.parameters, summary.standard.multiply_adds))
    columns = max(len(parameters), *(len(_group(row[1], words)) for row in rows)) + 2
    mac_columns = max(len(macs), *(len(_group(row[2], words)) for row in rows)) + 2
    label = min(max(len(row[0]) for row in rows) + 1, max(width - columns - mac_columns, 8))
    lines.append(Text(f"{'':<{label}}{parameters:>{columns}}{macs:>{mac_columns}}", styles["title"]))
    for index, (title, count, multiply_adds) in enumerate(rows):
        style = styles["title"] if len(summary.parts) > 1 and index == len(rows) - 2 else Style()  # the total
        lines.append(
            Text(
                f"{title[:label]:<{label}}{_group(count, words):>{columns}}{_group(multiply_adds, words):>{mac_columns}}",
                style,
            )
        )
    return lines + wrap(_ratio(summary, words), width)


def _ratio(summary, words: Words) -> str:
    total, standard = summary.total, summary.standard
    if total == standard:
        return words("ratio_same")
    return words(
        "ratio",
        parameters=words.number(standard.parameters / total.parameters, 1),
        macs=words.number(standard.multiply_adds / total.multiply_adds, 1),
    )


def _cost_explanation(state: ConvState, result: ConvResult, words: Words) -> str:
    summary, kind = result.summary, name(state)
    fields = {
        "k": state.k,
        "c_in": state.c_in,
        "c_out": state.c_out,
        "size_out": summary.size_out,
        "size_in": summary.size_in,
        "stride": state.stride[0],
        "square": state.stride[0] ** 2,
        "groups": state.groups,
        "per_group": state.c_in // max(state.groups, 1),
        "effective": summary.effective_kernel,
        "dilation": state.dilation[0],
        "reads": words.integer(state.k * state.k * state.c_in),
    }
    if kind == "depthwise-separable":
        fields["fraction"] = words.number(1 / state.c_out + 1 / (state.k * state.k), 3)
    return words(f"explain_{kind.replace('-', '_')}", **fields)


def field_lines(
    state: ConvState,
    result: ConvResult,
    glyphs: Glyphs,
    words: Words,
    styles: dict[str, Style],
    width: int,
    limits: dict[str, str],
) -> list[Text]:
    if result.field is None:
        return _overlap_lines(state, result, glyphs, words, styles, width, limits)
    field = result.field
    dilations = ",".join(map(str, state.dilation))  # "2" for 2 in every layer, "1,2,4" for one per layer
    title = words(
        "title_field" + ("_one" if state.layers == 1 else ""),
        layers=state.layers,
        k=state.k,
        stride=",".join(map(str, state.stride)),
        dilation=dilations,
        size=field.size,
        read=field.read,
    )
    lines = wrap(Text(title, styles["title"]), width) + settings_line(state, words, styles, width, limits)
    lines += wrap(Text(_field_explanation(state, field, words), styles["explain"]), width)
    counts = field.counts
    shown = counts
    if len(counts) > WINDOW:
        middle = len(counts) // 2
        shown = counts[middle - WINDOW // 2 : middle + WINDOW // 2 + 1]
        lines += wrap(words("cropped", size=field.size, window=WINDOW), width)
    top = max(counts) ** 2
    lines += _grid(shown, shown, top, glyphs, styles, centre=True)
    lines += wrap(words("legend_field", top=top, empty=glyphs.new), width)
    return lines


def _grid(
    rows: tuple[int, ...],
    columns: tuple[int, ...],
    top: int,
    glyphs: Glyphs,
    styles: dict[str, Style],
    centre: bool = False,
) -> list[Text]:
    """One line per row: two columns per cell, shaded by rows[i]·columns[j] / top (empty: never reached).

    With `centre`, the middle cell, under the output pixel, is marked.
    """
    lines = []
    middle = len(rows) // 2
    for i, row in enumerate(rows):
        line = Text()
        for j, column in enumerate(columns):
            count = row * column
            if count == 0:
                line.append(glyphs.new + " ", styles["level-0"])
                continue
            level = max(1, min(4, round(4 * count / top)))
            mark = glyphs.selected if centre and (i, j) == (middle, middle) else glyphs.shades[level]
            line.append(mark + glyphs.shades[level], styles[f"level-{level}"])
        lines.append(line)
    return lines


def _field_explanation(state: ConvState, field, words: Words) -> str:
    dilations = state.dilations()
    holes = field.size - field.read
    if holes:
        return words("explain_gridding", dilation=dilations[0], holes=holes, size=field.size)
    if len(set(dilations)) > 1:
        return words("explain_hdc", size=field.size)
    if max(state.strides()) > 1 and state.layers > 1:
        sizes = _field_sizes(state)
        text = words("explain_stride", size=field.size, jump=field.jump, steps=" → ".join(map(str, sizes)))
        return f"{text} {words('explain_stride_move')}" if len(state.stride) > 1 else text
    if state.k == 1:
        return words("explain_pointwise_field")
    key = "explain_field" + ("_one" if state.layers == 1 else "")
    return words(key, grow=(state.k - 1) * dilations[0], size=field.size, layers=state.layers)


def _field_sizes(state: ConvState) -> list[int]:
    """The receptive field after each layer: r_l = r_(l-1) + (k − 1)·d_l·j_(l-1), with j the product of the strides so far."""
    sizes, field, jump = [], 1, 1
    for stride, dilation in zip(state.strides(), state.dilations()):
        field += (state.k - 1) * dilation * jump
        jump *= stride
        sizes.append(field)
    return sizes


def _overlap_lines(
    state: ConvState,
    result: ConvResult,
    glyphs: Glyphs,
    words: Words,
    styles: dict[str, Style],
    width: int,
    limits: dict[str, str],
) -> list[Text]:
    overlap = result.overlap
    title = words(
        "title_overlap" + ("_one" if state.layers == 1 else ""), layers=state.layers, k=state.k, stride=state.stride[0]
    )
    lines = wrap(Text(title, styles["title"]), width) + settings_line(state, words, styles, width, limits)
    counts = sorted({a * b for a in overlap for b in overlap})
    if len(counts) == 1:
        explanation = words("explain_even", k=state.k, stride=state.stride[0], count=counts[0])
    else:
        explanation = words(
            "explain_checkerboard", k=state.k, stride=state.stride[0], counts=", ".join(map(str, counts))
        )
    lines += wrap(Text(explanation, styles["explain"]), width)
    top = max(overlap) ** 2
    lines += _grid(overlap, overlap, top, glyphs, styles)
    lines += wrap(words("legend_overlap", top=top), width)
    return lines
