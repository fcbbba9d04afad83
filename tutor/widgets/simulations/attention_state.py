"""What the attention-grid shows: the scene, the view, trained or not, and the selected cell."""

from __future__ import annotations

from dataclasses import dataclass

START_CELL = (3, 3)
"""The cell selected at first: row 4, column 4, inside the centre preset's object."""
SIZE = 8
"""Rows and columns of the attention map."""


@dataclass(frozen=True, slots=True)
class AttentionState:
    """The scene's preset, the view, whether the modules are trained, and the spatial view's cell."""

    preset: str
    view: str = "spatial"
    trained: bool = True
    row: int = START_CELL[0]
    column: int = START_CELL[1]
