"""In-process timings: loading and validating the course, and each simulation's numbers alone.

Each simulation is timed as its widget computes it, through the `tutor.sim` functions: with
the parameters the course's lessons give it (the first thing a student sees) and with the
largest settings the widget allows.
"""

from __future__ import annotations

import subprocess
import sys
import time
import timeit
from collections.abc import Callable

from benchmarks.sessions import ROOT

BATCH = 512
"""Samples per forward pass of the activation histogram (the simulation's default)."""

Case = tuple[str, str, Callable[[], object]]


def _activation_histogram(depth: int, width: int, scale: float, batch_norm: bool) -> Callable[[], object]:
    from tutor.sim.activation_stats import activation_stats

    return lambda: activation_stats(depth, width, scale, 0, batch_norm, batch=BATCH)


def _norm_axes(kind: str, groups: int) -> Callable[[], object]:
    from tutor.sim.normalization import group_statistics, sample_tensor

    return lambda: group_statistics(sample_tensor(0), kind, groups if kind == "group" else None)


def _dropout_grid(p: float) -> Callable[[], object]:
    import numpy as np

    from tutor.sim.dropout import drop_path, dropout, spatial_dropout

    neurons = np.arange(1.0, 17.0)
    maps = np.tile(np.arange(1.0, 10.0).reshape(1, 1, 3, 3), (1, 4, 1, 1))

    def every_view() -> object:
        rng = np.random.default_rng(0)
        return (
            dropout(neurons, p, rng).as_tuples(),
            spatial_dropout(maps, p, rng).as_tuples(),
            [drop_path(np.ones(1), p, rng).as_tuples() for _ in range(6)],
        )

    return every_view


def _weight_decay(strength: float) -> Callable[[], object]:
    from tutor.sim.regularization import PENALTIES, fit_logistic

    return lambda: [fit_logistic(penalty, strength, 0) for penalty in PENALTIES]


def _gradient_flow(depth: int, activation: str, batch_norm: bool = False) -> Callable[[], object]:
    from tutor.sim.residual import gradient_flow

    return lambda: gradient_flow(depth, activation, 0, batch_norm=batch_norm)


def _attention_grid(preset: str, trained: bool = True) -> Callable[[], object]:
    from tutor.sim.attention_scenes import se_example, spatial_attention_preset

    return lambda: (spatial_attention_preset(preset, 0, trained), se_example(preset, 0, trained))


def _conv_explorer(kind: str, k: int, stride: int, layers: int) -> Callable[[], object]:
    from tutor.sim.convolutions import layer_summary, receptive_field, transposed_overlap

    def both_pages() -> object:
        summary = layer_summary(kind, k, 512, 512, 224, stride)
        if kind == "transposed":
            return summary, transposed_overlap(k, stride, 1, layers, 15)
        return summary, receptive_field(k, (stride,) * layers, (1,) * layers)

    return both_pages


def _bn_statistics(batch_size: int, momentum: float) -> Callable[[], object]:
    from tutor.sim.batch_statistics import fold_error, running_statistics

    def run() -> object:
        result = running_statistics(batch_size, momentum, 100, 0)
        return result, fold_error(result.running_means[-1], result.running_vars[-1], 0)

    return run


def simulation_cases() -> list[Case]:
    """(widget, settings, work) for every simulation: the course's settings, then the largest."""
    return [
        ("activation-histogram", "depth 6, width 256, He scale, without BN", _activation_histogram(6, 256, 1.0, False)),
        ("activation-histogram", "largest: depth 12, width 256, with BN", _activation_histogram(12, 256, 10.0, True)),
        ("norm-axes", "batch", _norm_axes("batch", 2)),
        ("norm-axes", "largest: group, 8 groups", _norm_axes("group", 8)),
        ("dropout-grid", "p 0.5, all three views", _dropout_grid(0.5)),
        ("dropout-grid", "largest: p 0.95, all three views", _dropout_grid(0.95)),
        ("weight-decay", "strength 0.05, none/L2/L1", _weight_decay(0.05)),
        ("weight-decay", "largest: strength 1, none/L2/L1", _weight_decay(1.0)),
        ("gradient-flow", "depth 50, sigmoid", _gradient_flow(50, "sigmoid")),
        ("gradient-flow", "largest: depth 100, relu", _gradient_flow(100, "relu")),
        ("gradient-flow", "largest: depth 100, sigmoid, BN", _gradient_flow(100, "sigmoid", True)),
        ("attention-grid", "centre, spatial and channel", _attention_grid("centre")),
        ("attention-grid", "largest: corners, spatial and channel", _attention_grid("corners")),
        ("attention-grid", "untrained: centre, spatial and channel", _attention_grid("centre", trained=False)),
        ("conv-explorer", "standard 3×3, both pages", _conv_explorer("standard", 3, 1, 1)),
        ("conv-explorer", "largest: 7×7 stride 2, 3 layers, both pages", _conv_explorer("standard", 7, 2, 3)),
        ("conv-explorer", "transposed 5×5 stride 3, 3 layers", _conv_explorer("transposed", 5, 3, 3)),
        ("bn-statistics", "batch 8, momentum 0.1", _bn_statistics(8, 0.1)),
        ("bn-statistics", "largest: batch 128", _bn_statistics(128, 0.1)),
    ]


def time_calls(work: Callable[[], object], runs: int, budget: float = 0.05) -> list[float]:
    """`runs` timings of `work()` in milliseconds, each the mean over as many calls as fit in `budget` s."""
    started = time.perf_counter()
    work()  # warm-up: first-call costs (imports, caches) are start-up costs, measured elsewhere
    number = max(1, int(budget / max(time.perf_counter() - started, 1e-6)))
    return [total / number * 1000 for total in timeit.Timer(work).repeat(repeat=runs, number=number)]


def course_load(runs: int) -> list[float]:
    """Milliseconds to load and validate the bundled course, imports already done."""
    from tutor.content.loader import load_course
    from tutor.system.paths import bundled_lessons

    root = bundled_lessons()
    return time_calls(lambda: load_course(root), runs, budget=0.0)


COLD_LOAD = (
    "import time; t = time.perf_counter(); "
    "from tutor.content.loader import load_course; from tutor.system.paths import bundled_lessons; "
    "load_course(bundled_lessons()); print((time.perf_counter() - t) * 1000)"
)


def course_load_cold() -> float:
    """Milliseconds to import the loader and load the course in a fresh Python."""
    result = subprocess.run(
        [sys.executable, "-c", COLD_LOAD], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
    )
    return float(result.stdout)
