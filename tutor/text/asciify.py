"""Plain-ASCII versions of course text, for consoles that cannot draw anything else."""

from __future__ import annotations

import unicodedata

_REPLACEMENTS = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "eps", "η": "eta",
    "λ": "lambda", "μ": "mu", "σ": "sigma", "θ": "theta", "∂": "d", "Σ": "Sum", "∑": "Sum",
    "√": "sqrt", "×": "x", "·": "*", "⊙": "(*)", "−": "-", "–": "-", "—": "--", "±": "+/-",
    "≈": "~", "≠": "!=", "≤": "<=", "≥": ">=", "→": "->", "←": "<-", "↑": "^", "↓": "v",
    "⇒": "=>", "↖": "\\", "↗": "/", "‖": "||", "…": "...", "«": '"', "»": '"', "“": '"',
    "”": '"', "‘": "'", "’": "'", "•": "*", "²": "^2", "³": "^3", "¹": "^1", "⁻": "^-",
    "½": "1/2", "°": " deg", "€": "EUR", "✓": "v", "✗": "x", "█": "#", "░": ".", "▒": ":",
    "▓": "%", "■": "#", "□": ".", "●": "o", "○": ".", "\u00a0": " ", "\u202f": " ",
    "\u2009": " ", "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "⏎": "enter",
}
_TABLE = str.maketrans(_REPLACEMENTS)


def to_ascii(text: str) -> str:
    """`text` with accents dropped and symbols spelled out, in 7-bit ASCII."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text.translate(_TABLE))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return text.encode("ascii", "replace").decode("ascii")
