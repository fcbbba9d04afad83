"""The footer: the keys that work right now, described in the student's language, all on one line."""

from __future__ import annotations

from itertools import groupby
from typing import NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.widget import Widget

from tutor.text.i18n import Messages, is_message_key
from tutor.widgets.chrome.language import Localised

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


class KeyBar(Localised, Widget):
    """One line of `key description` pairs for the active bindings that are shown.

    Every key shown by its binding is on the line: when the full descriptions do not fit, the
    line uses short descriptions, then closer spacing, then the screen's own keys without
    descriptions, from the last to the first (n and p, then q, keep theirs longest; the `?` help
    lists them), and only then cuts its end. Related keys of a widget (a `Binding.Group`: the
    arrows, `+ -`, `1-7`) make one item with one description.
    A binding's description is a message key (`keys.next`, `dropout.keys_reset`), translated
    when drawn, so the footer follows a live language switch; keys are named by
    `App.get_key_display`.
    """

    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; background: $panel; color: $text; }
    """

    def __init__(self, ascii_only: bool = False) -> None:
        super().__init__()
        self.ascii_only = ascii_only

    def language_changed(self) -> None:
        self.refresh()

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, lambda _screen: self.refresh())

    def keys(self) -> list[Key]:
        """The items of the footer, in order, one per action or per group of bindings.

        Bindings that follow one another with the same `Binding.Group` (the arrows that move a cell,
        `+` and `-`, the keys `1` to `7` that pick a kind) are one item: their keys side by side
        (`↑↓←→`, `+ -`, a run of digits as `1-7`) and the group's description. The help screen
        still lists each key with its own description.
        """
        messages = self.messages
        shown: list[tuple[Binding, bool]] = []
        seen: set[str] = set()
        screen, app = self.screen, self.app
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.show or not active.enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            shown.append((binding, active.node is screen or active.node is app))
        items: list[Key] = []
        for (group, general), run in groupby(shown, lambda item: (item[0].group, item[1])):
            bindings = [binding for binding, _general in run]
            displays = [app.get_key_display(binding) for binding in bindings]  # in ASCII with --ascii
            if group is None:
                for binding, display in zip(bindings, displays):
                    items.append(self._key(messages, display, binding.description, general, binding.action))
            else:
                display = group_display(displays, group.compact and not self.ascii_only)
                items.append(self._key(messages, display, group.description, general, bindings[0].action))
        return items

    def _key(self, messages: Messages, display: str, description: str, general: bool, action: str) -> Key:
        label = messages.describe(description)
        short = messages(description + "_short") if is_message_key(description) else label
        if short == description + "_short":
            short = label
        return Key(display, label, short, general, action in HELP_ACTIONS)

    def render(self) -> Text:
        return fit_keys(self.keys(), self.size.width or 80, self.ascii_only)


def group_display(displays: list[str], compact: bool) -> str:
    """The keys of one footer item: `1-7` for three or more digits in a row, else side by side."""
    digits = [int(display) for display in displays if len(display) == 1 and display.isdigit()]
    if len(digits) == len(displays) >= 3 and digits == list(range(digits[0], digits[0] + len(digits))):
        return f"{digits[0]}-{digits[-1]}"
    return ("" if compact else " ").join(displays)


def fit_keys(keys: list[Key], width: int, ascii_only: bool = False) -> Text:
    """The footer line for `keys` in `width` cells: the first of the ways of drawing it that fits.

    Full descriptions; short ones; short ones closer together; then the screen's own keys lose
    their descriptions one by one, from the last to the first (quit last), then the focused
    widget's keys, the longest description first (so that most keys keep theirs); `?` keeps its
    description, as the help lists every key.
    """
    wide = [(f" {key.display} ", f" {key.label} ") for key in keys]
    ways = [wide, [(f" {key.display} ", f" {key.short} ") for key in keys]]
    close = [(key.display, f" {key.short} ") for key in keys]
    ways.append(close)
    general = [index for index, key in enumerate(keys) if key.general and not key.is_help and key.display != "q"]
    general.reverse()  # the footer lists them by use: n and p, which move through the course, keep theirs longest
    general += [index for index, key in enumerate(keys) if key.general and key.display == "q"]
    own = [index for index, key in enumerate(keys) if not key.general and not key.is_help]
    own.sort(key=lambda index: -cell_len(keys[index].short))  # the longest first: the most words kept
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
