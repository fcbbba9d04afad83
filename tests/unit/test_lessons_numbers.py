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
    text = f"{value:,.{decimals}f}".replace("-", "−")  # the lessons' minus sign is U+2212
    if lang == "fr":
        text = text.replace(",", " ").replace(".", ",")
    return text


def shown(text: m.Localized, lang: str) -> str:
    """A text as the tests read lessons: every run of white space, no-break spaces included, one space."""
    return " ".join(text.get(lang).split())


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
    params["basic block at 64"] = 2 * params["bottleneck 3×3"]  # the cost the bottleneck is designed to match
    assert (params["standard"], params["separable"]) == (589_824, 67_840)
    ratio = params["separable"] / params["standard"]
    assert ratio == pytest.approx(1 / channels + 1 / k**2)
    with_macs = ("standard", "depthwise", "pointwise", "grouped 32", "reduce to 64", "separable")
    exercise = {  # "your turn": 3 × 3, 128 → 128, on a 28 × 28 map
        "standard": conv_weights(k, 128, 128).size,
        "depthwise": conv_weights(k, 128, 128, groups=128).size,
        "pointwise": conv_weights(1, 128, 128).size,
    }
    exercise["separable"] = exercise["depthwise"] + exercise["pointwise"]
    exercise_macs = {28 * 28 * exercise[name] for name in ("standard", "separable")}
    counts = {*params.values(), *(pixels * params[name] for name in with_macs), *exercise.values(), *exercise_macs}
    for lang in LANGUAGES:
        text = lesson_text(real_course, "advanced-convolutions", lang)
        assert stated_large_numbers(text, lang) == {written(count, lang) for count in counts}
        bottleneck_saving = params["standard"] / params["bottleneck"]
        exercise_saving = exercise["standard"] / exercise["separable"]
        gflops = 2 * pixels * params["standard"] / 1e9  # 1 MAC = 2 FLOPs
        ratios = [
            written(1 / ratio, lang, 1),
            written(ratio, lang, 3),
            written(bottleneck_saving, lang, 1),
            written(exercise_saving, lang, 1),
            f"{written(gflops, lang, 1)} GFLOPs",
        ]
        assert_states(real_course, "advanced-convolutions", {lang: ratios})


def test_spatial_factorisation(real_course: m.Course) -> None:
    """Two 3 × 3 for a 5 × 5 (same reach), and n × 1 then 1 × n for n × n: weights per pair of channels."""
    assert receptive_field([1, 1])[0][-1] == 5
    pairs = {"5x5": (2 * 3 * 3, 5 * 5), "7": (7 + 7, 7 * 7), "3": (3 + 3, 3 * 3)}
    assert pairs == {"5x5": (18, 25), "7": (14, 49), "3": (6, 9)}
    assert_states(
        real_course,
        "advanced-convolutions",
        {
            "fr": ["18 poids par couple de canaux au lieu de 25", "14 poids au lieu de 49", "6 au lieu de 9"],
            "en": ["18 weights per pair of channels instead of 25", "14 weights instead of 49", "6 instead of 9"],
        },
    )


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
            "fr": [
                f"d = 2 donne k_eff = {effective[2]}",
                f"d = 4 donne k_eff = {effective[4]}",
                "{}, {} puis {}".format(*plain[0]),
                "{}, {} puis {}".format(*dilated[0]),
            ],
            "en": [
                f"d = 2 gives k_eff = {effective[2]}",
                f"d = 4 gives k_eff = {effective[4]}",
                "{}, {}, then {}".format(*plain[0]),
                "{}, {}, then {}".format(*dilated[0]),
            ],
        },
    )


# --- Batch normalisation: the worked example, He scale, parameter counts ---------------------------


def batch_norm_1d(x: np.ndarray, gamma: float = 1.0, beta: float = 0.0, eps: float = 0.0) -> np.ndarray:
    return gamma * (x - x.mean()) / np.sqrt(x.var() + eps) + beta


def test_batch_norm_worked_example(real_course: m.Course) -> None:
    x = np.array([1.0, 3.0, 3.0, 9.0])
    mean, variance = x.mean(), x.var()
    x_hat, y = batch_norm_1d(x), batch_norm_1d(x, gamma=2, beta=1)
    assert (mean, variance) == (4, 9) and y.mean() == pytest.approx(1) and y.std() == pytest.approx(2)
    assert batch_norm_1d(x, eps=1e-5) == pytest.approx(x_hat, abs=1e-5)  # neglecting ε changes nothing shown
    for lang in LANGUAGES:
        sep = " ; " if lang == "fr" else ", "
        vectors = [
            "[" + sep.join(written(v, lang, 0 if v == round(v) else 2) for v in vector) + "]" for vector in (x_hat, y)
        ]
        squares = " + ".join(str(int(d**2)) for d in x - mean)
        assert_states(real_course, "batch-norm", {lang: [*vectors, f"({squares}) / 4 = {int(variance)}"]})


def test_batch_norm_parameters_and_statistics(real_course: m.Course) -> None:
    channels = 64
    learned, running = 2 * channels, 2 * channels  # γ, β; running mean and variance
    assert_states(
        real_course,
        "batch-norm",
        {
            "fr": [f"C = {channels} : {learned} paramètres et {running} statistiques"],
            "en": [f"C = {channels}: {learned} parameters and {running} statistics"],
        },
    )


def relu_network_moments(
    scale: float, layers: int = 6, width: int = 256, batch: int = 512, seed: int = 0
) -> np.ndarray:
    """Mean and std of each layer's ReLU outputs in a fully connected network at `scale` × He."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((batch, width))
    moments = []
    for _ in range(layers):
        x = np.maximum(x @ (rng.standard_normal((width, width)) * scale * math.sqrt(2 / width)), 0)
        moments.append((x.mean(), x.std()))
    return np.array(moments)


def test_he_scale_keeps_activations_steady(real_course: m.Course) -> None:
    theory = np.array(relu_moments(math.sqrt(2)))  # He: every pre-activation has variance 2 × E[x²] = 2
    draws = np.array([relu_network_moments(1.0, seed=seed) / theory - 1 for seed in range(40)])
    gaps = np.abs(draws).max(axis=2)
    assert gaps[:, 0].max() < 0.02  # "less than 2% at layer 1"
    assert 0.05 < np.median(gaps[:, 5]) < 0.15  # "around ten per cent as a rule at layer 6"
    assert abs(np.median(draws[:, 5, 1])) < 0.05  # "no drift one way or the other"
    for lang in LANGUAGES:
        percent = "2 %" if lang == "fr" else "2%"
        stated = [written(theory[0], lang, 2), written(theory[1], lang, 2), percent]
        assert_states(real_course, "batch-norm", {lang: stated})


def test_batch_norm_folding_example(real_course: m.Course) -> None:
    w, gamma, beta, mean, variance, x = 0.5, 2.0, 1.0, 4.0, 9.0, 14.0
    folded_w = gamma * w / math.sqrt(variance)
    folded_b = gamma * (0 - mean) / math.sqrt(variance) + beta
    through_bn = gamma * (w * x - mean) / math.sqrt(variance) + beta
    assert folded_w * x + folded_b == pytest.approx(through_bn) == pytest.approx(3)
    assert (folded_w * 3, -folded_b * 3) == (pytest.approx(1), pytest.approx(5))  # 14/3 − 5/3
    for lang in LANGUAGES:
        stated = [
            written(folded_w, lang, 2),
            written(folded_b, lang, 2).replace("-", "−"),
            f"= {int(through_bn)}",
            f"{int(x)}/3 − 5/3 = 3",
        ]
        assert_states(real_course, "batch-norm-practice", {lang: stated})
    question = real_course.questions()["q-bn-fold"][2]
    assert written(folded_w, "fr", 2) in shown(question.options[question.answer].text, "fr")


def test_batch_norm_gradient_example(real_course: m.Course) -> None:
    """The formula's gradient for g = [1, 0, 0, 0], checked against finite differences of BN itself."""
    x, g = np.array([1.0, 3.0, 3.0, 9.0]), np.array([1.0, 0.0, 0.0, 0.0])
    n, sigma = x.size, x.std()
    x_hat = (x - x.mean()) / sigma
    formula = (n * g - g.sum() - x_hat * (g * x_hat).sum()) / (n * sigma)
    step = 1e-6
    numeric = np.array(
        [(batch_norm_1d(x + step * e)[0] - batch_norm_1d(x - step * e)[0]) / (2 * step) for e in np.eye(n)]
    )
    assert formula == pytest.approx(numeric, abs=1e-6)
    assert formula.sum() == pytest.approx(0, abs=1e-12) and (formula * x_hat).sum() == pytest.approx(0, abs=1e-12)
    for lang in LANGUAGES:
        sep = " ; " if lang == "fr" else ", "
        shown = "[" + sep.join(written(v, lang, 2).replace("-", "−") for v in formula) + "]"
        assert_states(real_course, "batch-norm-practice", {lang: [shown, f"1/σ̂ = {written(1 / sigma, lang, 2)}"]})


def test_running_average_memory(real_course: m.Course) -> None:
    """Batches until an old value weighs less than 10%: PyTorch's m = 0.1, and Keras's 0.99 (m = 0.01)."""
    batches = {keep: math.ceil(math.log(0.1) / math.log(keep)) for keep in (0.9, 0.99)}
    assert batches == {0.9: 22, 0.99: 230}
    assert 0.9**21 > 0.1 > 0.9**22 and 0.99**229 > 0.1 > 0.99**230
    for lang in LANGUAGES:
        stated = [
            f"{batches[0.9]} ",
            f"{batches[0.99]} ",
            f"{written(0.9, lang, 1)}²² ≈ {written(0.9**22, lang, 3)}",
            f"{written(0.99, lang, 2)}²³⁰ ≈ {written(0.99**230, lang, 3)}",
        ]
        assert_states(real_course, "batch-norm-practice", {lang: stated})


def test_batch_norm_makes_the_weights_before_it_scale_invariant() -> None:
    """The claim behind "decay keeps the effective step large": BN(a W x) = BN(W x), ∇ ⟂ W, ‖∇‖ ∝ 1/a."""
    rng = np.random.default_rng(3)
    x, w, target = rng.standard_normal((64, 5)), rng.standard_normal(5), rng.standard_normal(64)

    def loss(weights: np.ndarray) -> float:
        return float(((batch_norm_1d(x @ weights) - target) ** 2).mean())

    def gradient(weights: np.ndarray) -> np.ndarray:
        step = 1e-6
        return np.array([(loss(weights + step * e) - loss(weights - step * e)) / (2 * step) for e in np.eye(5)])

    assert loss(3 * w) == pytest.approx(loss(w))
    assert gradient(w) @ w == pytest.approx(0, abs=1e-6)
    assert np.linalg.norm(gradient(w / 2)) == pytest.approx(2 * np.linalg.norm(gradient(w)), rel=1e-4)
    # the step in direction is ‖∇‖/‖w‖ ∝ 1/‖w‖²: halving ‖w‖ multiplies it by 4
    ratio = (np.linalg.norm(gradient(w / 2)) / np.linalg.norm(w / 2)) / (
        np.linalg.norm(gradient(w)) / np.linalg.norm(w)
    )
    assert ratio == pytest.approx(4, rel=1e-4)


# --- Other normalisations: choosing G ---------------------------------------------------------------


def test_group_count_must_divide_the_channels(real_course: m.Course) -> None:
    channels = 48
    assert channels % 32 != 0 and channels // 16 == 3 and channels // 24 == 2
    assert_states(
        real_course,
        "other-norms",
        {
            "fr": ["G = 16 (3 canaux par groupe)", "G = 24 (2 canaux par groupe)"],
            "en": ["G = 16 (3 channels per group)", "G = 24 (2 channels per group)"],
        },
    )
    assert written(channels / 32, "fr", 1) == "1,5"
    assert_states(real_course, "quiz", {"fr": ["48/32 = 1,5"], "en": ["48/32 = 1.5"]})


# --- Dropout: variance shift, stochastic depth ------------------------------------------------------


def test_variance_shift_before_batch_norm(real_course: m.Course) -> None:
    """Dropout (p = 0.5) before BN: BN's running variance is twice the variance seen at inference."""
    p, rng = 0.5, np.random.default_rng(0)
    x = rng.standard_normal(400_000)
    train = x * (rng.random(x.size) >= p) / (1 - p)
    assert train.var() / x.var() == pytest.approx(1 / (1 - p), rel=0.01)
    inference_std = x.std() / train.std()  # BN divides by the training std at inference
    assert inference_std == pytest.approx(math.sqrt(1 - p), rel=0.01)
    for lang in LANGUAGES:
        assert_states(real_course, "dropout", {lang: [written(math.sqrt(1 - p), lang, 2)]})


def test_stochastic_depth_linear_rule(real_course: m.Course) -> None:
    blocks, last = 54, 0.5
    survival = [1 - (block / blocks) * (1 - last) for block in range(1, blocks + 1)]
    expected = sum(survival)
    assert survival[26] == 0.75 and survival[-1] == last and expected == pytest.approx(40.25)
    saving = 1 - expected / blocks
    for lang in LANGUAGES:
        percent = f"{100 * saving:.0f} %" if lang == "fr" else f"{100 * saving:.0f}%"
        stated = [f"L = {blocks}", written(survival[26], lang, 2), written(expected, lang, 2), percent]
        assert_states(real_course, "dropout", {lang: stated})
    question = real_course.questions()["q-dropout-stochastic-depth"][2]
    assert question.options[question.answer].text.get("fr") == "0,75"


# --- Weight decay: PyTorch's convention and the simulation -----------------------------------------


def test_pytorch_weight_decay_factor(real_course: m.Course) -> None:
    eta, weight_decay = 0.1, 0.0005  # PyTorch adds weight_decay × w to the gradient: penalty (wd/2)‖W‖²
    factor = 1 - eta * weight_decay
    course_lambda = weight_decay / 2
    assert factor == pytest.approx(1 - 2 * eta * course_lambda)
    for lang in LANGUAGES:
        assert_states(real_course, "weight-decay", {lang: [written(factor, lang, 5), written(course_lambda, lang, 5)]})
    question = real_course.questions()["q-wd-pytorch"][2]
    assert question.options[question.answer].text.get("fr") == written(factor, "fr", 5)


def test_weight_decay_simulation_numbers(real_course: m.Course) -> None:
    from tutor.sim.regularization import fit_logistic

    (widget,) = [b for b in real_course.find_lesson("weight-decay")[1].blocks if isinstance(b, m.WidgetBlock)]
    strength, seed = widget.param_dict()["strength"], widget.param_dict()["seed"]
    none, l2, l1 = (fit_logistic(penalty, strength, seed) for penalty in ("none", "l2", "l1"))
    kept = [index for index, weight in enumerate(l1.weights) if weight != 0]
    assert kept == list(l1.informative) and l1.zero_count == len(l1.weights) - len(l1.informative) == 16
    assert l2.zero_count == 0
    for lang in LANGUAGES:
        stated = [written(strength, lang, 2), written(none.l2_norm, lang, 2), written(l2.l2_norm, lang, 2)]
        assert_states(real_course, "weight-decay", {lang: stated})
    assert_states(real_course, "weight-decay", {"fr": ["Elle en annule 16"], "en": ["It zeroes 16"]})


# --- Receptive field, output sizes, transposed convolution -----------------------------------------


def output_size(size: int, k: int, stride: int = 1, padding: int = 0) -> int:
    return (size + 2 * padding - k) // stride + 1


def stack_receptive_field(layers: list[tuple[int, int]]) -> list[int]:
    """Receptive field after each (kernel, stride) layer, found by following a pixel back to the input."""
    fields = []
    for depth in range(1, len(layers) + 1):
        reach = {0}  # input positions a single output pixel depends on, walking back layer by layer
        for k, stride in reversed(layers[:depth]):
            reach = {position * stride + tap for position in reach for tap in range(k)}
        fields.append(max(reach) - min(reach) + 1)
    return fields


def recurrence(layers: list[tuple[int, int]]) -> list[int]:
    r, j, fields = 1, 1, []
    for k, stride in layers:
        r, j = r + (k - 1) * j, j * stride
        fields.append(r)
    return fields


def test_output_sizes(real_course: m.Course) -> None:
    assert output_size(56, 3, 1, 1) == 56 and output_size(56, 3, 2, 1) == 28 and output_size(56, 3, 2, 0) == 27
    assert output_size(224, 7, 2, 3) == 112 and output_size(112, 3, 2, 1) == 56
    for lang in LANGUAGES:
        assert_states(real_course, "receptive-field", {lang: ["(56 → 56)", "(56 → 28)", "224", "112", "56"]})
    question = real_course.questions()["q-rf-output-size"][2]
    assert shown(question.options[question.answer].text, "en") == "28 × 28"


def test_receptive_field_examples(real_course: m.Course) -> None:
    example_1 = [(3, 1), (3, 2), (3, 1)]
    stride_first = [(3, 2), (3, 1), (3, 1)]
    resnet_stem = [(7, 2), (3, 2), (3, 1), (3, 1)]
    for layers in (example_1, stride_first, resnet_stem):
        assert stack_receptive_field(layers) == recurrence(layers)
    assert recurrence(example_1) == [3, 5, 9] and recurrence(stride_first) == [3, 7, 11]
    assert recurrence(resnet_stem) == [7, 11, 19, 27]
    assert_states(
        real_course,
        "receptive-field",
        {
            "fr": [
                "3 + 2 × 1 = 5",
                "5 + 2 × 2 = **9**",
                "3, 7 puis 11",
                "7 + 2 × 2 = 11",
                "11 + 2 × 4 = 19",
                "19 + 2 × 4 = **27**",
            ],
            "en": [
                "3 + 2 × 1 = 5",
                "5 + 2 × 2 = **9**",
                "3, 7 then 11",
                "7 + 2 × 2 = 11",
                "11 + 2 × 4 = 19",
                "19 + 2 × 4 = **27**",
            ],
        },
    )
    question = real_course.questions()["q-rf-stack"][2]
    assert shown(question.options[question.answer].text, "en") == "9 × 9"


def transposed_1d(x: np.ndarray, kernel: np.ndarray, stride: int, padding: int = 0) -> np.ndarray:
    """The transposed convolution: each input value stamps the kernel, stamps `stride` apart, summed."""
    out = np.zeros((x.size - 1) * stride + kernel.size)
    for i, value in enumerate(x):
        out[i * stride : i * stride + kernel.size] += value * kernel
    return out[padding : out.size - padding] if padding else out


def test_transposed_convolution(real_course: m.Course) -> None:
    for size, k, stride, padding, expected in ((4, 4, 2, 1, 8), (4, 3, 2, 1, 7), (16, 4, 2, 1, 32)):
        assert transposed_1d(np.ones(size), np.ones(k), stride, padding).size == expected
        assert (size - 1) * stride - 2 * padding + k == expected
    # a transposed convolution is the backward pass of a convolution: adjoint test <conv(y), x> = <y, T(x)>
    rng = np.random.default_rng(0)
    kernel, x = rng.standard_normal(3), rng.standard_normal(4)
    y = rng.standard_normal(transposed_1d(x, kernel, 2).size)
    forward = np.array([y[2 * i : 2 * i + 3] @ kernel for i in range(4)])  # stride-2 convolution of y
    assert forward @ x == pytest.approx(y @ transposed_1d(x, kernel, 2))
    uneven, even = transposed_1d(np.ones(4), np.ones(3), 2), transposed_1d(np.ones(4), np.ones(4), 2)
    assert uneven.astype(int).tolist() == [1, 1, 2, 1, 2, 1, 2, 1, 1]
    assert even.astype(int).tolist() == [1, 1, 2, 2, 2, 2, 2, 2, 1, 1]
    for lang in LANGUAGES:
        stated = ["(4 − 1) × 2 − 2 + 4 = 8", str(uneven.astype(int).tolist()), str(even.astype(int).tolist())]
        assert_states(real_course, "receptive-field", {lang: stated})
    question = real_course.questions()["q-rf-transposed"][2]
    assert shown(question.options[question.answer].text, "en") == "32 × 32"


# --- Residual connections ---------------------------------------------------------------------------


def test_projection_shortcut_cost(real_course: m.Course) -> None:
    weights, bn = conv_weights(1, 64, 128).size, 2 * 128
    assert (weights, bn) == (8192, 256)
    for lang in LANGUAGES:
        assert_states(real_course, "residual-connections", {lang: [f"64 × 128 = {written(weights, lang)}", f"{bn} "]})
        assert_states(real_course, "quiz", {lang: [f"64 × 128 = {written(weights, lang)}"]})


def test_residual_variance_growth(real_course: m.Course) -> None:
    a, rng = 0.5, np.random.default_rng(0)
    x = rng.standard_normal(200_000)
    for _ in range(10):
        x = x + math.sqrt(a) * x.std() * rng.standard_normal(x.size)  # a branch adding a·Var(x), uncorrelated
    assert x.var() == pytest.approx((1 + a) ** 10, rel=0.03)
    normalised = rng.standard_normal(200_000)
    for _ in range(10):
        normalised = normalised + rng.standard_normal(normalised.size)  # BN at the end of the branch: variance 1
    assert normalised.var() == pytest.approx(11, rel=0.03)
    for lang in LANGUAGES:
        exponent = f"{(1 + a) ** 50:.0e}".split("e+")
        stated = [f"a = {written(a, lang, 1)}", f"{(1 + a) ** 10:.0f} ", f"{exponent[0]} × 10⁸", "1 + L", "11 ", "51 "]
        assert exponent[1] == "08"
        assert_states(real_course, "residual-connections", {lang: stated})


def test_resnet_152_cost_in_flops(real_course: m.Course) -> None:
    macs = 11.3  # billions: He et al.'s "FLOPs" are multiply-adds
    for lang in LANGUAGES:
        assert_states(
            real_course,
            "residual-connections",
            {lang: [written(macs, lang, 1), f"{written(2 * macs, lang, 1)} GFLOPs"]},
        )
    question = real_course.questions()["q-conv-flops"][2]
    assert written(2 * macs, "fr", 1) in shown(question.options[question.answer].text, "fr")


# --- Attention ----------------------------------------------------------------------------------------


def test_squeeze_excitation_costs(real_course: m.Course) -> None:
    def se_weights(channels: int, reduction: int = 16) -> int:
        hidden = channels // reduction
        return np.zeros((hidden, channels)).size + np.zeros((channels, hidden)).size

    c = 256
    biases = c // 16 + c
    share = se_weights(c) / conv_weights(3, c, c).size
    assert (se_weights(c), biases, se_weights(512)) == (8192, 272, 32768)
    for lang in LANGUAGES:
        percent = f"{written(100 * share, lang, 1)} %" if lang == "fr" else f"{written(100 * share, lang, 1)}%"
        stated = [written(se_weights(c), lang), f"16 + 256 = {biases}", written(se_weights(512), lang), percent]
        assert_states(real_course, "channel-attention", {lang: stated})
    question = real_course.questions()["q-se-params"][2]
    assert shown(question.options[question.answer].text, "en") == written(se_weights(512), "en")


def test_squeeze_cannot_see_where_the_object_is() -> None:
    """Centre and corners: the same object cells, so the same channel means, so the same SE weights."""
    from tutor.sim.attention_scenes import preset_region, scene

    assert preset_region("centre").sum() == preset_region("corners").sum()
    for seed in range(3):
        centre, corners = scene("centre", seed), scene("corners", seed)
        assert centre.mean(axis=(2, 3)) == pytest.approx(corners.mean(axis=(2, 3)), abs=0.02)


def test_spatial_attention_example(real_course: m.Course) -> None:
    values = [0.2, 0.8, 0.4, 0.6]
    sigmoid = lambda z: 1 / (1 + math.exp(-z))  # noqa: E731
    spatial = 2 * 7 * 7
    assert (np.mean(values), max(values), spatial) == (pytest.approx(0.5), 0.8, 98)
    for lang in LANGUAGES:
        stated = [
            written(np.mean(values), lang, 1),
            written(max(values), lang, 1),
            f"σ(2) ≈ {written(sigmoid(2), lang, 2)}",
            f"σ(−3) ≈ {written(sigmoid(-3), lang, 2)}",
            f"{written(8192 + spatial, lang)}",
        ]
        assert_states(real_course, "spatial-attention", {lang: stated})
    question = real_course.questions()["q-cbam-cost"][2]
    wrong = next(option for option in question.options if "C)" in shown(option.text, "en"))
    assert [written(spatial * c, "en") for c in (64, 512)] == ["6,272", "50,176"]
    assert all(number in shown(wrong.text, "en") for number in ("6,272", "50,176"))


def test_figures_quoted_from_group_normalization_agree(real_course: m.Course) -> None:
    """Wu & He (2018), ResNet-50 on ImageNet, error (%): the differences the lessons draw from the table."""
    large = {"BN": 23.6, "GN": 24.1, "LN": 25.3, "IN": 28.4}  # 32 images per GPU
    small = {"BN": 34.7, "GN": 24.1}  # 2 images per GPU
    assert round(small["BN"] - small["GN"], 1) == 10.6 and round(large["GN"] - large["BN"], 1) == 0.5
    assert large["LN"] - large["BN"] > 1 and large["IN"] - large["BN"] > 4  # "LN and IN clearly behind"
    for lang in LANGUAGES:
        percent = " %" if lang == "fr" else "%"
        errors = [f"{written(value, lang, 1)}{percent}" for value in (*large.values(), small["BN"])]
        assert_states(
            real_course, "other-norms", {lang: [*errors, written(10.6, lang, 1), f"{written(0.5, lang, 1)} point"]}
        )
        assert_states(
            real_course,
            "batch-norm-practice",
            {lang: [f"{written(large['BN'], lang, 1)}{percent}", f"{written(small['BN'], lang, 1)}{percent}"]},
        )
