"""Training the attention-grid's SE block and CBAM spatial kernel by gradient descent, in numpy.

Both modules learn the same task on the synthetic scenes of `tutor.sim.attention_scenes`: mark
where the object is. The SE block's weights s_c should be 1 for the channels that hold the
object and 0 for the others (all 0 in a scene without an object); the spatial map should be 1
on the object's cells and 0 elsewhere. The loss is the mean binary cross-entropy between the
module's sigmoid output and that target, and the parameters follow Adam (Kingma & Ba, 2015)
from a seeded random start, for a fixed number of full-batch steps.

The training set is `SCENES_PER_PRESET` scenes of each preset, their seeds drawn from
`TRAINING_SEED`; the scenes the widget shows (seeds 0, 1, …) are other draws, so what the
student sees is how the trained module does on scenes it has never seen.

Training the spatial kernel takes about 0.3 s, too long for the first key press, so the
result is shipped in `tutor/sim/attention_weights.py`. `python -m tutor.sim.attention_training`
trains both modules again and rewrites that file; `--check` only compares, and a test does the same.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from tutor.sim.attention import pool_channels
from tutor.sim.attention_scenes import (
    CHANNELS,
    INITIAL_SE_SEED,
    KERNEL_SIZE,
    PRESETS,
    SIZE,
    initial_kernel,
    object_channels,
    preset_region,
    scene,
    se_weights,
)
from tutor.sim.numeric import sigmoid

TRAINING_SEED = 2018
"""Seed of the training scenes' seeds (2018: the year of both SE and CBAM)."""
SCENES_PER_PRESET = 32
SE_STEPS, SE_LEARNING_RATE = 100, 0.05
SPATIAL_STEPS, SPATIAL_LEARNING_RATE = 200, 0.05
WEIGHTS_FILE = Path(__file__).with_name("attention_weights.py")

Gradient = Callable[[list[np.ndarray]], tuple[float, list[np.ndarray]]]
"""The loss at some parameters, and its gradient with respect to each of them."""


@dataclass(frozen=True, slots=True, eq=False)
class TrainingSet:
    """Scenes and what each module should output on them."""

    features: np.ndarray
    """(N, C, H, W) scenes."""
    presets: tuple[str, ...]
    channel_targets: np.ndarray
    """(N, C): 1 for the channels holding the object, else 0."""
    cell_targets: np.ndarray
    """(N, H, W): 1 on the object's cells, else 0."""


@dataclass(frozen=True, slots=True)
class Trained:
    """Parameters after training, as nested tuples of floats, and the loss before and after."""

    parameters: tuple
    loss_before: float
    loss_after: float
    steps: int


def training_set(seed: int = TRAINING_SEED, per_preset: int = SCENES_PER_PRESET) -> TrainingSet:
    """`per_preset` scenes of each preset, with seeds drawn from `seed`, and their targets."""
    seeds = np.random.default_rng(seed).integers(0, 2**32, size=(len(PRESETS), per_preset))
    features, presets, channel_targets, cell_targets = [], [], [], []
    for preset, row in zip(PRESETS, seeds):
        channels = np.zeros(CHANNELS)
        if preset != "none":
            channels[list(object_channels(CHANNELS))] = 1.0
        for scene_seed in row.tolist():
            features.append(scene(preset, scene_seed, CHANNELS, SIZE)[0])
            presets.append(preset)
            channel_targets.append(channels)
            cell_targets.append(preset_region(preset, SIZE).astype(np.float64))
    return TrainingSet(np.array(features), tuple(presets), np.array(channel_targets), np.array(cell_targets))


def cross_entropy(output: np.ndarray, target: np.ndarray) -> float:
    """Mean binary cross-entropy of sigmoid outputs in (0, 1) against targets in {0, 1}."""
    tiny = np.finfo(np.float64).tiny
    return float(
        -np.mean(target * np.log(np.maximum(output, tiny)) + (1 - target) * np.log(np.maximum(1 - output, tiny)))
    )


def se_gradient(squeezed: np.ndarray, targets: np.ndarray) -> Gradient:
    """The loss of SE's weights s = sigmoid(w2 relu(w1 z + b1) + b2) against `targets`, and its gradient.

    Args:
        squeezed: (N, C) channel means z of the scenes.
        targets: (N, C) what s should be.
    """

    def gradient(parameters: list[np.ndarray]) -> tuple[float, list[np.ndarray]]:
        w1, b1, w2, b2 = parameters
        pre_hidden = squeezed @ w1.T + b1
        hidden = np.maximum(pre_hidden, 0.0)
        weights = sigmoid(hidden @ w2.T + b2)
        # d(cross-entropy)/d(logit) of a sigmoid is (output − target); the loss is a mean.
        grad_logits = (weights - targets) / targets.size
        grad_hidden = (grad_logits @ w2) * (pre_hidden > 0)
        grads = [grad_hidden.T @ squeezed, grad_hidden.sum(axis=0), grad_logits.T @ hidden, grad_logits.sum(axis=0)]
        return cross_entropy(weights, targets), grads

    return gradient


def kernel_windows(features: np.ndarray, kernel_size: int = KERNEL_SIZE) -> np.ndarray:
    """The (N·H·W, 2·k·k) matrix whose row for cell (n, i, j) holds the pooled values the kernel sees there.

    Its product with the flattened (2, k, k) kernel is the cross-correlation of the pooled maps
    (mean, then max over channels) with zero 'same' padding, cell by cell.
    """
    half = kernel_size // 2
    pooled = np.pad(pool_channels(features), [(0, 0), (0, 0), (half, half), (half, half)])
    windows = sliding_window_view(pooled, (kernel_size, kernel_size), axis=(2, 3))  # (N, 2, H, W, k, k)
    n, _, height, width = features.shape
    return np.ascontiguousarray(windows.transpose(0, 2, 3, 1, 4, 5).reshape(n * height * width, -1))


def spatial_gradient(windows: np.ndarray, targets: np.ndarray) -> Gradient:
    """The loss of the spatial map sigmoid(kernel ⋆ pooled + bias) against `targets`, and its gradient.

    Args:
        windows: `kernel_windows` of the scenes.
        targets: (N·H·W,) what the map should be, cell by cell.
    """

    def gradient(parameters: list[np.ndarray]) -> tuple[float, list[np.ndarray]]:
        kernel, bias = parameters
        attention = sigmoid(windows @ kernel.ravel() + bias)
        grad_logits = (attention - targets) / targets.size
        grads = [(grad_logits @ windows).reshape(kernel.shape), np.array(grad_logits.sum())]
        return cross_entropy(attention, targets), grads

    return gradient


def adam(
    parameters: Sequence[np.ndarray],
    gradient: Gradient,
    steps: int,
    learning_rate: float,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> tuple[list[np.ndarray], float]:
    """`steps` Adam updates of copies of `parameters`; returns them and the loss before the last step."""
    parameters = [np.array(parameter, dtype=np.float64) for parameter in parameters]
    first = [np.zeros_like(parameter) for parameter in parameters]
    second = [np.zeros_like(parameter) for parameter in parameters]
    loss = float("nan")
    for step in range(1, steps + 1):
        loss, grads = gradient(parameters)
        for parameter, grad, m, v in zip(parameters, grads, first, second):
            m *= beta1
            m += (1 - beta1) * grad
            v *= beta2
            v += (1 - beta2) * grad * grad
            parameter -= learning_rate * (m / (1 - beta1**step)) / (np.sqrt(v / (1 - beta2**step)) + eps)
    return parameters, loss


def train_se(
    data: TrainingSet | None = None, steps: int = SE_STEPS, learning_rate: float = SE_LEARNING_RATE
) -> Trained:
    """SE's (w1, b1, w2, b2) trained from `se_weights(INITIAL_SE_SEED)` on `data` (default: `training_set()`)."""
    data = data or training_set()
    gradient = se_gradient(data.features.mean(axis=(2, 3)), data.channel_targets)
    start = list(se_weights(INITIAL_SE_SEED))
    trained, _ = adam(start, gradient, steps, learning_rate)
    return Trained(_tuples(trained), gradient(start)[0], gradient(trained)[0], steps)


def train_spatial(
    data: TrainingSet | None = None, steps: int = SPATIAL_STEPS, learning_rate: float = SPATIAL_LEARNING_RATE
) -> Trained:
    """The spatial module's (kernel, bias) trained from `initial_kernel()` on `data` (default: `training_set()`)."""
    data = data or training_set()
    gradient = spatial_gradient(kernel_windows(data.features), data.cell_targets.ravel())
    kernel, bias = initial_kernel()
    start = [kernel, np.array(bias)]
    trained, _ = adam(start, gradient, steps, learning_rate)
    return Trained(_tuples(trained), gradient(start)[0], gradient(trained)[0], steps)


def _tuples(arrays: Sequence[np.ndarray]) -> tuple:
    def nested(value):
        return tuple(map(nested, value)) if isinstance(value, list) else float(value)

    return tuple(nested(array.tolist()) for array in arrays)


def weights_source(se: Trained, spatial: Trained) -> str:
    """The text of `attention_weights.py` for these results."""
    lines = [
        '"""Trained attention weights: written by `python -m tutor.sim.attention_training`; do not edit."""',
        "",
        f"SE_STEPS = {se.steps}",
        f"SE_LOSS = ({se.loss_before!r}, {se.loss_after!r})",
        '"""Mean cross-entropy on the training set before and after training."""',
        f"SE_PARAMETERS = {_literal(se.parameters)}",
        '"""(w1, b1, w2, b2) of the trained SE block, as in torch.nn.Linear."""',
        f"SPATIAL_STEPS = {spatial.steps}",
        f"SPATIAL_LOSS = ({spatial.loss_before!r}, {spatial.loss_after!r})",
        f"SPATIAL_KERNEL = {_literal(spatial.parameters[0])}",
        '"""(2, 7, 7): the weights applied to the mean over channels, then to the max."""',
        f"SPATIAL_BIAS = {spatial.parameters[1]!r}",
        "",
    ]
    return "\n".join(lines)


def _literal(value: tuple, indent: int = 0) -> str:
    """A nested tuple of floats as Python source, one innermost tuple per line."""
    if not any(isinstance(item, tuple) for item in value):
        return "(" + ", ".join(map(repr, value)) + ("," if len(value) == 1 else "") + ")"
    inner = " " * (indent + 4)
    items = "".join(f"{inner}{_literal(item, indent + 4)},\n" for item in value)
    return "(\n" + items + " " * indent + ")"


def reproduces(source: str, rtol: float = 1e-9) -> bool:
    """Whether `source` (a new `weights_source`) holds the numbers of the shipped file, to `rtol`.

    Not the exact text: another BLAS may round the last digit of a sum differently.
    """
    new: dict[str, object] = {}
    shipped: dict[str, object] = {}
    exec(source, new)  # noqa: S102 — text this module wrote
    exec(WEIGHTS_FILE.read_text(encoding="utf-8"), shipped)  # noqa: S102 — the file it wrote before
    names = [name for name in new if name.isupper()]
    if sorted(names) != sorted(name for name in shipped if name.isupper()):
        return False
    return all(_close(new[name], shipped[name], rtol) for name in names)


def _close(a, b, rtol: float) -> bool:
    if isinstance(a, tuple):
        return isinstance(b, tuple) and len(a) == len(b) and all(_close(x, y, rtol) for x, y in zip(a, b))
    return bool(np.isclose(a, b, rtol=rtol, atol=1e-12))


def main(argv: list[str] | None = None) -> int:
    import argparse  # here: the attention grid imports this module, and argparse is ~0.4 MiB

    parser = argparse.ArgumentParser(description="Train the attention-grid's SE block and spatial kernel.")
    parser.add_argument("--check", action="store_true", help="compare with the shipped weights; write nothing")
    args = parser.parse_args(argv)
    data = training_set()
    source = weights_source(train_se(data), train_spatial(data))
    if args.check:
        same = reproduces(source)
        print("the shipped weights are reproduced" if same else "the shipped weights differ from a new training")
        return 0 if same else 1
    WEIGHTS_FILE.write_text(source, encoding="utf-8")
    print(f"wrote {WEIGHTS_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
