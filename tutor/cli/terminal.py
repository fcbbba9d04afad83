"""What the terminal and the locale can show: full Unicode, the Linux console's fonts, ASCII, or nothing.

Decided once, from the environment, before the app starts:

- `TERM` unset or `dumb` (an Emacs shell buffer, a pipe-like terminal): no full-screen app; a
  one-line message points to `cnn-tutor show`, which prints plain text.
- A locale whose character set is not UTF-8 (`LANG=C`, `LC_ALL=POSIX`, `fr_FR.ISO-8859-1`, or
  none set): `--ascii` is turned on. Python itself reads C as UTF-8 (PEP 538), so the variables
  are read, not Python's encoding.
- `TERM=linux` (the Linux console): only the characters its default fonts draw (IBM PC code page
  437 and Latin-1); the others are replaced by the nearest of those or ASCII.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tutor.system.records import Record


@dataclass(frozen=True, eq=False, repr=False)
class TerminalMode(Record):
    usable: bool
    """Whether the full-screen tutor can run at all."""
    ascii: bool
    """Draw ASCII only (the locale cannot encode more, or --ascii)."""
    console: bool
    """Draw only what the Linux console's default fonts have."""


COERCED = ("C.UTF-8", "C.utf8", "UTF-8")
"""What Python sets LC_CTYPE to when it finds the C locale (PEP 538): the user's locale was C."""


def locale_is_utf8(env: Mapping[str, str]) -> bool:
    """Whether the locale in effect (LC_ALL, then LC_CTYPE, then LANG) encodes UTF-8."""
    if not env.get("LC_ALL") and env.get("LC_CTYPE") in COERCED and env.get("LANG", "C") in ("", "C", "POSIX"):
        return False  # Python coerced a C locale: the terminal was set up for C
    value = next((env[name] for name in ("LC_ALL", "LC_CTYPE", "LANG") if env.get(name)), "")
    codeset = value.partition(".")[2].partition("@")[0].lower().replace("-", "")
    return codeset in ("utf8",)


def terminal_mode(env: Mapping[str, str], ascii_asked: bool = False) -> TerminalMode:
    term = env.get("TERM", "")
    return TerminalMode(
        usable=term not in ("", "dumb"),
        ascii=ascii_asked or not locale_is_utf8(env),
        console=term == "linux" or term.startswith("linux-"),
    )
