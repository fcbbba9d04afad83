"""The characters the interface draws with: Unicode, or plain ASCII for `--ascii`.

Every state a colour shows is also shown by a glyph or a word, so nothing is lost when the
terminal has no colour (NO_COLOR, vt100) or cannot draw anything but ASCII.
"""

from __future__ import annotations

from dataclasses import dataclass

from tutor.system.records import Record


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Glyphs(Record):
    ascii: bool
    completed: str
    visited: str
    new: str
    bullet: str
    good: str
    bad: str
    tip: str
    arrow_down: str
    arrow_left: str
    add: str
    box: str
    """Box drawing: ┌ ┐ └ ┘ ─ │ ┬ ┴ ├ ┤ ┼ (11 characters)."""
    shades: str
    """From empty to full, for heat cells and bars."""
    bar: str
    dropped: str
    kept: str
    selected: str
    separator: str
    chosen: str
    """The option a student chose, beside the others' `unchosen`."""
    unchosen: str
    bookmark: str
    """A bookmark's row on the course map."""
    arrow_right: str
    """Leads to a result: `x → y`."""
    arrow_keys: str
    """The four arrow keys, named where a simulation lists its keys."""
    left_right_keys: str
    """The left and right arrow keys, named where a simulation lists its keys."""
    ellipsis: str
    """Where a text is cut."""


UNICODE = Glyphs(
    ascii=False,
    completed="✓",
    visited="•",
    new="·",
    bullet="•",
    good="✓",
    bad="✗",
    tip="›",
    arrow_down="↓",
    arrow_left="◄",
    add="⊕",
    box="┌┐└┘─│┬┴├┤┼",
    shades=" ░▒▓█",
    bar="█",
    dropped="×",
    kept="●",
    selected="▸",
    separator="·",
    chosen="●",
    unchosen="○",
    bookmark="⚑",
    arrow_right="→",
    arrow_keys="←↑↓→",
    left_right_keys="←/→",
    ellipsis="…",
)

ASCII = Glyphs(
    ascii=True,
    completed="v",
    visited="*",
    new="-",
    bullet="-",
    good="+",
    bad="x",
    tip=">",
    arrow_down="v",
    arrow_left="<",
    add="+",
    box="++++-|+++++",
    shades=" .:*#",
    bar="#",
    dropped="x",
    kept="o",
    selected=">",
    separator="|",
    chosen="(*)",
    unchosen="( )",
    bookmark="@",
    arrow_right="->",
    arrow_keys="<-^v->",
    left_right_keys="<-/->",
    ellipsis="...",
)


CONSOLE = Glyphs(
    ascii=False,
    completed="√",
    visited="•",
    new="·",
    bullet="•",
    good="√",
    bad="x",
    tip="»",
    arrow_down="↓",
    arrow_left="◄",
    add="+",
    box="┌┐└┘─│┬┴├┤┼",
    shades=" ░▒▓█",
    bar="█",
    dropped="x",
    kept="■",
    selected="►",
    separator="·",
    chosen="■",
    unchosen="○",
    bookmark="¶",
    arrow_right="→",
    arrow_keys="←↑↓→",
    left_right_keys="←/→",
    ellipsis="…",
)
"""The Linux console (`TERM=linux`): only what its default fonts draw (code page 437, Latin-1)."""


def glyphs_for(ascii_only: bool, console: bool = False) -> Glyphs:
    if ascii_only:
        return ASCII
    return CONSOLE if console else UNICODE
