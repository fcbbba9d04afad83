"""Worked numbers stated in the lessons, recomputed here and looked for in both languages.

Each test computes a value with plain Python or numpy, formats it the way each language
writes numbers (French: "1 849 688 064" and "0,40"; English: "1,849,688,064" and "0.40"),
and checks that the lesson states exactly that.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from tests.support.course_text import lesson_text
from tutor.content import model as m

LANGUAGES = ("fr", "en")


def written(value: float, lang: str, decimals: int = 0) -> str:
    """A number as the lesson writes it in `lang`."""
    text = f"{value:,.{decimals}f}"
    if lang == "fr":
        text = text.replace(",", " ").replace(".", ",")
    return text


def assert_states(course: m.Course, lesson_id: str, expected: dict[str, list[str]]) -> None:
    for lang, needles in expected.items():
        text = lesson_text(course, lesson_id, lang)
        for needle in needles:
            assert needle in text, f"{lesson_id} ({lang}) does not state {needle!r}"


def stated_large_numbers(text: str, lang: str) -> set[str]:
    """Every number of four digits or more that `text` writes with thousands separators."""
    separator = " " if lang == "fr" else ","
    return set(re.findall(rf"(?<![\d,.])\d{{1,3}}(?:{separator}\d{{3}})+(?![\d,.]\d)", text))


def relu_moments(pre_activation_std: float) -> tuple[float, float]:
    """Mean and standard deviation of ReLU(z) for z ~ N(0, pre_activation_std²)."""
    return (
        pre_activation_std / math.sqrt(2 * math.pi),
        pre_activation_std * math.sqrt(0.5 - 1 / (2 * math.pi)),
    )


def test_relu_of_a_standard_normal(real_course: m.Course) -> None:
    samples = np.maximum(np.random.default_rng(0).standard_normal(1_000_000), 0)
    mean, std = relu_moments(1.0)
    assert samples.mean() == pytest.approx(mean, rel=0.01) and samples.std() == pytest.approx(std, rel=0.01)
    for lang in LANGUAGES:
        needles = [written(mean, lang, 2), written(std, lang, 2), written(std / mean, lang, 2)]
        assert_states(real_course, "batch-norm", {lang: needles})


def test_activations_without_batch_norm(real_course: m.Course) -> None:
    """Width 256, weights at 3 × the He scale, standard normal input: about ×3 per layer."""
    width, scale, layers = 256, 3.0, 3
    pre_std = scale * math.sqrt(2)  # Var = width × scale² × 2/width × E[x²], with E[x²] = 1
    expected = [relu_moments(pre_std * scale**layer) for layer in range(layers)]
    simulated = np.zeros((layers, 2))
    for seed in range(8):
        rng = np.random.default_rng(seed)
        x = rng.standard_normal((1024, width))
        for layer in range(layers):
            x = np.maximum(x @ (rng.standard_normal((width, width)) * scale * math.sqrt(2 / width)), 0)
            simulated[layer] += (x.mean() / 8, x.std() / 8)
    assert simulated == pytest.approx(np.array(expected), rel=0.1)
    for lang in LANGUAGES:
        two_digits = [" / ".join(written(v, lang, 1 if v < 10 else 0) for v in pair) for pair in expected]
        assert_states(real_course, "batch-norm", {lang: two_digits})


def test_dropout_example(real_course: m.Course) -> None:
    p, x, mask = 0.5, np.array([1.0, 2.0, 3.0, 4.0]), np.array([0, 1, 1, 0])
    output = x * mask / (1 - p)
    assert output.tolist() == [0, 4, 6, 0]
    masks = np.random.default_rng(0).random((200_000, 4)) >= p
    assert (x * masks / (1 - p)).mean(axis=0) == pytest.approx(x, rel=0.02)  # E[y] = x
    stated = [str(x.astype(int).tolist()), str(mask.tolist()), str(output.astype(int).tolist())]
    assert_states(real_course, "dropout", {lang: stated for lang in LANGUAGES})


def test_dropout_keeps_between_6_and_10_of_16_neurons_79_percent_of_the_time(real_course: m.Course) -> None:
    share = sum(math.comb(16, kept) for kept in range(6, 11)) / 2**16
    assert_states(real_course, "dropout", {"fr": [f"{100 * share:.0f} %"], "en": [f"{100 * share:.0f}%"]})


def test_normalisation_axes_example(real_course: m.Course) -> None:
    """(N, C, H, W) = (8, 32, 16, 16), G = 8: how many statistics, each over how many values."""
    x = np.random.default_rng(0).standard_normal((8, 32, 16, 16))
    groups = x.reshape(8, 8, 4, 16, 16)
    stats = {
        "batch": x.mean(axis=(0, 2, 3)),
        "layer": x.mean(axis=(1, 2, 3)),
        "instance": x.mean(axis=(2, 3)),
        "group": groups.mean(axis=(2, 3, 4)),
    }
    counts = {kind: (means.size, x.size // means.size) for kind, means in stats.items()}
    assert counts == {"batch": (32, 2048), "layer": (8, 8192), "instance": (256, 256), "group": (64, 1024)}
    for lang in LANGUAGES:
        text = lesson_text(real_course, "other-norms", lang)
        stated = [f"{written(per, lang)} {'valeurs' if lang == 'fr' else 'values'}" for _, per in counts.values()]
        assert_states(real_course, "other-norms", {lang: stated})
        large = {written(per, lang) for _, per in counts.values() if per >= 1000}
        assert stated_large_numbers(text, lang) == large


def normalise(x: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
    return (x - x.mean(axis=axes, keepdims=True)) / np.sqrt(x.var(axis=axes, keepdims=True) + 1e-5)


def group_norm(x: np.ndarray, groups: int) -> np.ndarray:
    n, c, h, w = x.shape
    return normalise(x.reshape(n, groups, c // groups, h, w), (2, 3, 4)).reshape(x.shape)


def test_group_norm_contains_layer_and_instance_norm() -> None:
    """The lesson's claim: GN with G = 1 is LN, GN with G = C is IN."""
    x = np.random.default_rng(1).standard_normal((4, 6, 5, 5)) * 3 + 2
    assert group_norm(x, 1) == pytest.approx(normalise(x, (1, 2, 3)))
    assert group_norm(x, 6) == pytest.approx(normalise(x, (2, 3)))
    assert group_norm(x, 3) != pytest.approx(normalise(x, (2, 3)))


def test_weight_decay_examples(real_course: m.Course) -> None:
    eta, lam = 0.1, 0.0005
    shrink = 1 - 2 * eta * lam
    l2_pull = {w: 2 * 0.01 * w for w in (1.0, 0.01)}
    assert (shrink, l2_pull) == (pytest.approx(0.9999), {1.0: pytest.approx(0.02), 0.01: pytest.approx(0.0002)})
    for lang in LANGUAGES:
        stated = [written(shrink, lang, 4), written(l2_pull[1.0], lang, 2), written(l2_pull[0.01], lang, 4)]
        assert_states(real_course, "weight-decay", {lang: stated})


def conv_weights(k: int, c_in: int, c_out: int, groups: int = 1) -> np.ndarray:
    """The weight tensor of a convolution, shaped as in PyTorch: (C_out, C_in / G, k, k)."""
    return np.zeros((c_out, c_in // groups, k, k))


def test_convolution_costs(real_course: m.Course) -> None:
    """3 × 3, 256 → 256 channels, on a 56 × 56 output map; biases not counted."""
    k, channels, pixels = 3, 256, 56 * 56
    params = {
        "standard": conv_weights(k, channels, channels).size,
        "depthwise": conv_weights(k, channels, channels, groups=channels).size,
        "pointwise": conv_weights(1, channels, channels).size,
        "grouped 2": conv_weights(k, channels, channels, groups=2).size,
        "grouped 32": conv_weights(k, channels, channels, groups=32).size,
        "reduce to 64": conv_weights(1, channels, 64).size,
        "bottleneck 3×3": conv_weights(3, 64, 64).size,
    }
    params["separable"] = params["depthwise"] + params["pointwise"]
    params["bottleneck"] = 2 * params["reduce to 64"] + params["bottleneck 3×3"]
    assert (params["standard"], params["separable"]) == (589_824, 67_840)
    ratio = params["separable"] / params["standard"]
    assert ratio == pytest.approx(1 / channels + 1 / k**2)
    with_macs = ("standard", "depthwise", "pointwise", "grouped 32", "reduce to 64", "separable")
    counts = {*params.values(), *(pixels * params[name] for name in with_macs)}
    for lang in LANGUAGES:
        text = lesson_text(real_course, "advanced-convolutions", lang)
        assert stated_large_numbers(text, lang) == {written(count, lang) for count in counts}
        bottleneck_saving = params["standard"] / params["bottleneck"]
        ratios = [written(1 / ratio, lang, 1), written(ratio, lang, 3), written(bottleneck_saving, lang, 1)]
        assert_states(real_course, "advanced-convolutions", {lang: ratios})


def receptive_field(dilations: list[int], k: int = 3) -> tuple[list[int], bool]:
    """Width of input a 1-D stack of k-tap convolutions spans after each layer; and whether it reads all of it."""
    reach = np.array([1.0])
    widths = []
    for d in dilations:
        kernel = np.zeros((k - 1) * d + 1)
        kernel[::d] = 1
        reach = np.convolve(reach, kernel)
        widths.append(reach.size)
    return widths, bool(np.all(reach > 0))


def test_dilated_convolution_reach(real_course: m.Course) -> None:
    effective = {d: receptive_field([d])[0][0] for d in (2, 4)}
    assert effective == {d: 3 + 2 * (d - 1) for d in (2, 4)} == {2: 5, 4: 9}  # k + (k − 1)(d − 1)
    plain, dilated = receptive_field([1, 1, 1]), receptive_field([1, 2, 4])
    assert (plain, dilated) == (([3, 5, 7], True), ([3, 7, 15], True))
    assert receptive_field([2, 2, 2])[1] is False  # the gridding effect: same rate everywhere leaves holes
    assert_states(
        real_course,
        "advanced-convolutions",
        {
            "fr": [f"d = 2 donne k_eff = {effective[2]}", f"d = 4 donne k_eff = {effective[4]}",
                   "{}, {} puis {}".format(*plain[0]), "{}, {} puis {}".format(*dilated[0])],
            "en": [f"d = 2 gives k_eff = {effective[2]}", f"d = 4 gives k_eff = {effective[4]}",
                   "{}, {}, then {}".format(*plain[0]), "{}, {}, then {}".format(*dilated[0])],
        },
    )
