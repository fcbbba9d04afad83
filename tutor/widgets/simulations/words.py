"""A simulation's words and numbers in the student's language (in ASCII with `--ascii`, as `Messages` are)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from tutor.text.formats import decimal_sign
from tutor.text.i18n import Messages


def decimal(value: float, digits: int, lang: str) -> str:
    """`value` rounded to `digits` decimals, with the decimal separator of `lang`.

    Args:
        value: the number.
        digits: decimals shown.
        lang: language code.

    Returns:
        E.g. "0.50" in English and "0,50" in French; never "-0.00". Halves round away from zero
        as a student does by hand, on the number as it is written: 1.25 → 1.3 and 3.75 → 3.8
        (Python's own formatting rounds half to even and gives 1.2 and 3.8).
    """
    if value != value or value in (float("inf"), float("-inf")):
        text = f"{value:.{digits}f}"
    else:
        text = f"{Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP):f}"
    if text.startswith("-") and not text.strip("-0."):
        text = text[1:]
    return text.replace(".", decimal_sign(lang))


THOUSANDS = {"fr": "\u202f"}
"""Thousands separators other than the comma: a narrow no-break space in French."""


def integer(value: int, lang: str) -> str:
    """`value` with thousands separators: 1,849,688,064 in English, 1 849 688 064 in French."""
    return f"{value:,}".replace(",", THOUSANDS.get(lang, ","))


class Words:
    """Messages of one namespace (`words("header", p=…)` reads `namespace.header`) and numbers."""

    def __init__(self, namespace: str, messages: Messages) -> None:
        self.namespace = namespace
        self.lang = messages.lang
        self._messages = messages

    def __call__(self, key: str, **fields: object) -> str:
        return self._messages(f"{self.namespace}.{key}", **fields)

    def number(self, value: float, digits: int = 2) -> str:
        """`value` with `digits` decimals in this language (see `decimal`)."""
        return decimal(value, digits, self.lang)

    def integer(self, value: int) -> str:
        """`value` with the thousands separators of this language (see `integer`)."""
        return self._messages.spell(integer(value, self.lang))


def component_styles(widget: Widget) -> dict[str, Style]:
    """The Rich style of each of `widget`'s component classes, by the name after its `--`."""
    return {name.rpartition("--")[2]: widget.get_component_rich_style(name) for name in widget.COMPONENT_CLASSES}


def key_buttons(buttons: list[tuple[str, str, str]], style: Style, clickable: bool = True) -> Text:
    """A line of `[key] label` buttons that run their action when clicked.

    Args:
        buttons: (key shown, label, action with arguments, e.g. "rate(20)") for each button.
        style: the style of the `[key]` part.
        clickable: whether a click on a button runs its action (the widget drawing it must have it).

    Returns:
        The buttons separated by two spaces.
    """
    line = Text()
    for index, (key, label, action) in enumerate(buttons):
        click = Style(meta={"@click": action}) if clickable else Style()
        line.append("  " if index else "")
        line.append(f"[{key}]", style + click)
        line.append(f" {label}" if label else "", click)
    return line


def wrap(text: Text | str, width: int, style: Style | str = "") -> list[Text]:
    """`text` broken into lines of at most `width` cells, at spaces (a word longer than the width is cut).

    Simulations wrap their sentences themselves, so that every line they draw fits: a table row
    or a grid row is never wrapped by Textual, and a test can check that nothing overflows.
    """
    if isinstance(text, str):
        text = Text(text, style)
    lines: list[Text] = []
    for paragraph in text.split("\n", allow_blank=True):
        words = _glued(paragraph.split(" "))
        line = Text(style=paragraph.style)
        for word in words:
            candidate = len(line) and cell_len(line.plain) + 1 + cell_len(word.plain) > width
            if candidate:
                lines.append(line)
                line = Text(style=paragraph.style)
            if len(line):
                line.append(" ")
            line.append_text(word)
        lines.append(line)
    for line in lines:
        line.truncate(max(width, 1))
        line.plain = line.plain.replace("\u00a0", " ")  # a no-break space only holds a mark to its word
    return lines


GLUED_AFTER = frozenset({"·", "|", ":", ";", "?", "!", "»", "%", "→"})
"""Marks that never start a line: they stay with the word before them."""
GLUED_BEFORE = frozenset({"«", "≈", "~"})
"""Marks that never end a line: they stay with the word after them."""


def _glued(words: Iterable[Text]) -> list[Text]:
    glued: list[Text] = []
    for word in words:
        if glued and (word.plain in GLUED_AFTER or glued[-1].plain in GLUED_BEFORE):
            joined = glued[-1].copy()
            joined.append("\u00a0")
            joined.append_text(word)
            glued[-1] = joined
        else:
            glued.append(word)
    return glued


def key_lines(buttons: list[tuple[str, str, str]], style: Style, width: int, clickable: bool = True) -> list[Text]:
    """`key_buttons` broken between buttons into lines of at most `width` cells."""
    lines: list[Text] = []
    row: list[tuple[str, str, str]] = []
    for button in buttons:
        if row and cell_len(key_buttons(row + [button], style).plain) > width:
            lines.append(key_buttons(row, style, clickable))
            row = []
        row.append(button)
    if row:
        lines.append(key_buttons(row, style, clickable))
    for line in lines:
        line.truncate(max(width, 1))
    return lines
