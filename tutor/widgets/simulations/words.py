"""A simulation's words and numbers in the student's language, in ASCII when the glyphs are."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from tutor.text.asciify import to_ascii
from tutor.text.i18n import Messages

DECIMAL_COMMA = frozenset({"fr"})
"""Languages that write 0,5 rather than 0.5."""


def decimal(value: float, digits: int, lang: str) -> str:
    """`value` rounded to `digits` decimals, with the decimal separator of `lang`.

    Args:
        value: the number.
        digits: decimals shown.
        lang: language code.

    Returns:
        E.g. "0.50" in English and "0,50" in French; never "-0.00".
    """
    text = f"{value:.{digits}f}"
    if text.startswith("-") and not text.strip("-0."):
        text = text[1:]
    return text.replace(".", ",") if lang in DECIMAL_COMMA else text


class Words:
    """Messages of one namespace (`words("header", p=…)` reads `namespace.header`) and numbers."""

    def __init__(self, namespace: str, lang: str, ascii_only: bool) -> None:
        self.namespace = namespace
        self.lang = lang
        self.ascii_only = ascii_only
        self._messages = Messages(lang)

    def __call__(self, key: str, **fields: object) -> str:
        text = self._messages(f"{self.namespace}.{key}", **fields)
        return self.plain(text)

    def plain(self, text: str) -> str:
        """`text` as drawn: in ASCII mode transliterated, with " · " between items shown as " | "."""
        return to_ascii(text.replace(" · ", " | ")) if self.ascii_only else text

    def number(self, value: float, digits: int = 2) -> str:
        """`value` with `digits` decimals in this language (see `decimal`)."""
        return decimal(value, digits, self.lang)


def component_styles(widget: Widget) -> dict[str, Style]:
    """The Rich style of each of `widget`'s component classes, by the name after its `--`."""
    return {name.rpartition("--")[2]: widget.get_component_rich_style(name) for name in widget.COMPONENT_CLASSES}


def key_buttons(buttons: list[tuple[str, str, str]], style: Style) -> Text:
    """A line of `[key] label` buttons that run their action when clicked.

    Args:
        buttons: (key shown, label, action with arguments, e.g. "rate(20)") for each button.
        style: the style of the `[key]` part.

    Returns:
        The buttons separated by two spaces.
    """
    line = Text()
    for index, (key, label, action) in enumerate(buttons):
        click = Style(meta={"@click": action})
        line.append("  " if index else "")
        line.append(f"[{key}]", style + click)
        line.append(f" {label}" if label else "", click)
    return line
