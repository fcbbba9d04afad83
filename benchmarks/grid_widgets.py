"""Time each recompute of the grid widgets (dropout-grid, norm-axes, attention-grid).

Run from the repository root: `python -m benchmarks.grid_widgets`. Every recompute must stay
under 50 ms on a 2-core machine to run on the UI thread; each prints its mean in microseconds.
"""

from __future__ import annotations

import timeit

from tutor.sim.attention_scenes import PRESETS, explain_cell, se_example, spatial_attention_preset
from tutor.sim.normalization import KINDS
from tutor.widgets.dropout_grid import VIEWS, DropoutState, draw
from tutor.widgets.norm_axes import statistics

RUNS = 500


def mean_microseconds(work) -> float:
    """Mean time of `work()` over RUNS calls, in µs."""
    return timeit.timeit(work, number=RUNS) / RUNS * 1e6


def main() -> None:
    for view in VIEWS:
        state = DropoutState(0.5, 0, view)
        print(f"dropout-grid {view:<10} draw           {mean_microseconds(lambda: draw(state)):8.0f} µs")
    for kind in KINDS:
        groups = 8 if kind == "group" else 2
        print(f"norm-axes    {kind:<10} statistics     {mean_microseconds(lambda: statistics.__wrapped__(0, kind, groups)):8.0f} µs")
    for preset in PRESETS:
        spatial = mean_microseconds(lambda: explain_cell(spatial_attention_preset(preset, 0), 3, 3))
        channel = mean_microseconds(lambda: se_example(preset, 0))
        print(f"attention    {preset:<10} spatial+cell   {spatial:8.0f} µs   SE {channel:6.0f} µs")


if __name__ == "__main__":
    main()
