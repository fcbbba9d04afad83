"""What the dropout-grid shows: the rate, the seed, the view, the mode, and the lesson's example."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple, cast

from tutor.content.simulations import WIDGETS

VIEWS = cast(tuple[str, ...], WIDGETS["dropout-grid"].params["view"].choices)


@dataclass(frozen=True, slots=True)
class DropoutState:
    """What the student has chosen: the rate, the seed, the view, the mode."""

    p: float
    seed: int
    view: str = "neurons"
    training: bool = True
    example: bool = False
    """Whether the neurons are the lesson's example, [1, 2, 3, 4], instead of the 16 of the grid."""


class Draw(NamedTuple):
    """One draw of the current view, as tuples of Python numbers."""

    inputs: tuple
    outputs: tuple
    kept: tuple[bool, ...]
    """Per neuron, per channel or per residual branch."""
