"""Python's full garbage collections, run once a lesson is drawn instead of during a key press.

A full collection walks every object of the program: with numpy, plotext and the lesson widgets
loaded it takes 50-100 ms, and Python starts one whenever enough objects have piled up, often
in the middle of mounting a lesson. So what is alive once a lesson has been drawn is frozen
(`gc.freeze`): the collections Python starts by itself then walk only what was made since.
Each freeze is preceded by a full collection of everything, frozen before or not, so a lesson
left since the last one is freed, not kept for ever.
"""

from __future__ import annotations

import gc


def collect_and_freeze() -> None:
    """Free every unreachable object, then exempt the survivors from automatic collections."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
