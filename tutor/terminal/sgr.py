"""Terminal styles (SGR): what a sequence of codes leaves in effect, and the shortest way to switch.

A `Style` is (flags, foreground, background): the attribute codes set ("1" bold, "7"
reverse, ...) and each colour as the codes that select it ("38;5;214", "31"), "" for the
terminal's default. Codes this module does not know raise `UnknownCode`.
"""

from __future__ import annotations

from functools import lru_cache

Style = tuple[frozenset[str], str, str]
PLAIN: Style = (frozenset(), "", "")
FLAGS = frozenset({"1", "2", "3", "4", "5", "6", "7", "8", "9", "21", "51", "52", "53"})
OFF = {
    "22": ("1", "2"),
    "23": ("3",),
    "24": ("4", "21"),
    "25": ("5", "6"),
    "27": ("7",),
    "28": ("8",),
    "29": ("9",),
    "54": ("51", "52"),
    "55": ("53",),
}
"""Each code that turns attributes off, and the attributes it turns off."""
TURNED_OFF_BY = {flag: code for code, flags in OFF.items() for flag in flags}
SHOWN_ON_A_SPACE = frozenset({"4", "7", "9", "21", "51", "52", "53"})
"""Attributes that make a blank cell look different (underlines, reverse video, frames)."""


class UnknownCode(ValueError):
    """An SGR code this module does not model."""


@lru_cache(maxsize=1024)
def apply(style: Style, parameters: str) -> Style:
    """The style in effect after `style` then `ESC [ parameters m`."""
    flags, foreground, background = set(style[0]), style[1], style[2]
    codes = parameters.split(";")
    index = 0
    while index < len(codes):
        code = codes[index]
        if code in ("", "0"):
            flags, foreground, background = set(), "", ""
        elif code in FLAGS:
            flags.add(code)
        elif code in OFF:
            flags.difference_update(OFF[code])
        elif code in ("38", "48"):
            length = {"5": 3, "2": 5}.get(codes[index + 1] if index + 1 < len(codes) else "")
            if length is None or index + length > len(codes):
                raise UnknownCode(parameters)
            colour = ";".join(codes[index : index + length])
            foreground, background = (colour, background) if code == "38" else (foreground, colour)
            index += length - 1
        elif code in ("39", "49"):
            foreground, background = ("", background) if code == "39" else (foreground, "")
        elif code.isdigit() and (30 <= int(code) <= 37 or 90 <= int(code) <= 97):
            foreground = code
        elif code.isdigit() and (40 <= int(code) <= 47 or 100 <= int(code) <= 107):
            background = code
        else:
            raise UnknownCode(parameters)
        index += 1
    return frozenset(flags), foreground, background


def blank(style: Style) -> Style:
    """The style a space needs to look as it does in `style` (its foreground rarely shows)."""
    if style[0] & SHOWN_ON_A_SPACE:
        return style
    return (frozenset(), "", style[2])


def shows_blank_as(current: Style, wanted: Style) -> bool:
    """Whether a space written in `current` looks like one in `wanted` (a `blank` style)."""
    return wanted == blank(current)


@lru_cache(maxsize=4096)
def switch(current: Style | None, wanted: Style) -> str:
    """The shortest sequence that turns `current` (None: unknown) into `wanted`."""
    full = "\x1b[0;" + ";".join([*sorted(wanted[0]), *filter(None, wanted[1:])]) + "m" if wanted != PLAIN else "\x1b[0m"
    if current is None:
        return full
    offs = {TURNED_OFF_BY[flag] for flag in current[0] - wanted[0]}
    remaining = current[0].difference(*(OFF[code] for code in offs))
    codes = [*sorted(offs), *sorted(wanted[0] - remaining)]
    if wanted[1] != current[1]:
        codes.append(wanted[1] or "39")
    if wanted[2] != current[2]:
        codes.append(wanted[2] or "49")
    delta = "\x1b[" + ";".join(codes) + "m" if codes else ""
    return delta if len(delta) < len(full) else full
