"""Plain-ASCII versions of course text, for consoles that cannot draw anything else."""

from __future__ import annotations

import functools
import re
import unicodedata

_REPLACEMENTS = {
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "δ": "delta",
    "ε": "eps",
    "η": "eta",
    "λ": "lambda",
    "μ": "mu",
    "σ": "sigma",
    "θ": "theta",
    "∂": "d",
    "Σ": "Sum",
    "∑": "Sum",
    "√": "sqrt",
    "×": "x",
    "·": "*",
    "⊙": "(*)",
    "−": "-",
    "–": "-",
    "—": "--",
    "±": "+/-",
    "≈": "~",
    "≠": "!=",
    "≤": "<=",
    "≥": ">=",
    "→": "->",
    "←": "<-",
    "↑": "^",
    "↓": "v",
    "⇒": "=>",
    "↖": "\\",
    "↗": "/",
    "‖": "||",
    "…": "...",
    "«": '"',
    "»": '"',
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "•": "*",
    "²": "^2",
    "³": "^3",
    "¹": "^1",
    "⁻": "^-",
    "½": "1/2",
    "°": " deg",
    "€": "EUR",
    "✓": "v",
    "✗": "x",
    "█": "#",
    "░": ".",
    "▒": ":",
    "▓": "%",
    "■": "#",
    "□": ".",
    "●": "o",
    "○": ".",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
    "œ": "oe",
    "Œ": "OE",
    "æ": "ae",
    "Æ": "AE",
    "ß": "ss",
    "⏎": "enter",
}
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@functools.cache
def _spelled_pattern() -> re.Pattern[str]:
    # Compiled at the first use (--ascii, or printing to an ASCII terminal): ~0.5 ms of every start otherwise.
    return re.compile("[" + re.escape("".join(_REPLACEMENTS)) + "]")


def to_ascii(text: str) -> str:
    """`text` with accents dropped and symbols spelled out, in 7-bit ASCII."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", _spelled_pattern().sub(_spelled, text))
    marks = {char for char in _NON_ASCII.findall(text) if unicodedata.combining(char)}
    if marks:  # the accents NFKD took apart from their letters
        text = re.sub("[" + "".join(sorted(marks)) + "]", "", text)
    return text.encode("ascii", "replace").decode("ascii")


def _spelled(match: re.Match[str]) -> str:
    return _REPLACEMENTS[match.group()]
