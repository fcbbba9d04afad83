"""The footer: the keys that work right now, described in the student's language, all on one line."""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tutor.text.asciify import to_ascii
from tutor.text.i18n import Messages, is_message_key

HELP_ACTIONS = ("help", "app.help")


class Key(NamedTuple):
    """One item of the footer."""

    display: str
    label: str
    short: str
    """A shorter label (the message `<key>_short` when it exists), else the label."""
    general: bool
    """Bound by the screen or the app (n, p, escape, l, ?, q), not by the focused widget."""
    is_help: bool


class KeyBar(Widget):
    """One line of `key description` pairs for the active bindings that are shown.

    Every key shown by its binding is on the line: when the full descriptions do not fit, the
    line uses short descriptions, then closer spacing, then the screen's own keys (n, p, q…)
    without descriptions (the `?` help lists them), and only then cuts its end. A binding's
    description is a message key (`keys.next`, `dropout.keys_reset`), translated when drawn, so
    the footer follows a live language switch.
    """

    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; background: $panel; color: $text; }
    """

    lang = reactive("en")
    """The language of the descriptions."""

    def __init__(self, lang: str, ascii_only: bool = False) -> None:
        super().__init__()
        self.ascii_only = ascii_only
        self.set_reactive(KeyBar.lang, lang)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, lambda _screen: self.refresh())

    def keys(self) -> list[Key]:
        """The items of the footer, in order, one per action."""
        messages = Messages(self.lang)
        items: list[Key] = []
        seen: set[str] = set()
        screen, app = self.screen, self.app
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.show or not active.enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            label = messages.describe(binding.description)
            short = messages(binding.description + "_short") if is_message_key(binding.description) else label
            if short == binding.description + "_short":
                short = label
            display = binding.key_display or app.get_key_display(binding)
            if self.ascii_only:
                display, label, short = to_ascii(display), to_ascii(label), to_ascii(short)
            general = active.node is screen or active.node is app
            items.append(Key(display, label, short, general, binding.action in HELP_ACTIONS))
        return items

    def render(self) -> Text:
        return fit_keys(self.keys(), self.size.width or 80, self.ascii_only)


def fit_keys(keys: list[Key], width: int, ascii_only: bool = False) -> Text:
    """The footer line for `keys` in `width` cells: the first of the ways of drawing it that fits.

    Full descriptions; short ones; short ones closer together; then the screen's own keys lose
    their descriptions one by one (quit last), then the focused widget's keys; `?` keeps its
    description, as the help lists every key.
    """
    wide = [(f" {key.display} ", f" {key.label} ") for key in keys]
    ways = [wide, [(f" {key.display} ", f" {key.short} ") for key in keys]]
    close = [(key.display, f" {key.short} ") for key in keys]
    ways.append(close)
    general = [index for index, key in enumerate(keys) if key.general and not key.is_help and key.display != "q"]
    general += [index for index, key in enumerate(keys) if key.general and key.display == "q"]
    own = [index for index, key in enumerate(keys) if not key.general and not key.is_help]
    bare = list(close)
    for index in general + own:
        bare = list(bare)
        bare[index] = (keys[index].display, " ")
        ways.append(bare)
    for parts in ways:
        line = _line(parts, ascii_only)
        if cell_len(line.plain.rstrip()) <= width:
            return line
    line.truncate(width, overflow="crop" if ascii_only else "ellipsis")
    return line


def _line(parts: list[tuple[str, str]], ascii_only: bool) -> Text:
    text = Text(no_wrap=True, overflow="crop" if ascii_only else "ellipsis")
    for display, label in parts:
        text.append(display, "reverse bold")
        text.append(label)
    return text
