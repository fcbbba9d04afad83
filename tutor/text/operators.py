"""The operators of a formula, for the typography lint and for breaking a displayed formula's lines."""

OPERATORS = "=+−×/≈←≤≥⊙⊗"
RELATIONS = "=≈←≤≥"
"""The operators a long formula may break after, as typesetters break a displayed equation."""
