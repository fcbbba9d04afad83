"""The attention-grid scenes: the presets differ, every cell can be explained, SE forgets where, training teaches."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.sim_references import se_reference, spatial_logits_reference
from tutor.sim.attention_scenes import (
    PRESETS,
    SEExample,
    explain_cell,
    object_channels,
    preset_region,
    scene,
    se_example,
    se_parameters,
    spatial_attention_preset,
    spatial_kernel,
)
from tutor.sim.attention_scenes import se_weights

OBJECT_PRESETS = ("centre", "edges", "corners")
SEEDS = st.integers(0, 2**32 - 1)


def test_preset_regions() -> None:
    centre, edges, corners = (preset_region(preset) for preset in OBJECT_PRESETS)
    assert np.argwhere(centre).min(axis=0).tolist() == [2, 2]
    assert np.argwhere(centre).max(axis=0).tolist() == [5, 5]
    assert centre.sum() == 16
    assert edges.sum() == 28 and not edges[1:-1, 1:-1].any()
    assert corners.sum() == 16 and all(corners[i, j] for i in (0, 1, 6, 7) for j in (0, 1, 6, 7))
    assert not preset_region("none").any()


def test_unknown_preset_and_tiny_grids_are_refused() -> None:
    with pytest.raises(ValueError, match="preset must be one of none, centre, edges, corners, not 'middle'"):
        scene("middle", 0)
    with pytest.raises(ValueError, match="size must be at least 4, not 3"):
        preset_region("centre", 3)
    with pytest.raises(ValueError, match="channels must be at least 1, not 0"):
        scene("centre", 0, channels=0)


@pytest.mark.parametrize("preset", PRESETS)
def test_scene_puts_strong_activations_only_in_the_region_and_object_channels(preset: str) -> None:
    features = scene(preset, seed=5, channels=6)
    assert features.shape == (1, 6, 8, 8) and features.dtype == np.float64
    assert features.min() >= 0
    strong = features[0] >= 2.0
    region = preset_region(preset)
    for channel in range(6):
        expected = region if channel in object_channels(6) else np.zeros_like(region)
        np.testing.assert_array_equal(strong[channel], expected)


def test_scene_is_seeded() -> None:
    np.testing.assert_array_equal(scene("edges", 11), scene("edges", 11))
    assert not np.allclose(scene("edges", 11), scene("edges", 12))


def test_the_kernels_are_the_trained_one_or_its_random_start() -> None:
    from tutor.sim import attention_weights

    kernel, bias = spatial_kernel()
    assert kernel.shape == (2, 7, 7)
    np.testing.assert_array_equal(kernel, attention_weights.SPATIAL_KERNEL)
    assert bias == attention_weights.SPATIAL_BIAS
    start, start_bias = spatial_kernel(trained=False)
    assert start.shape == (2, 7, 7) and start_bias == 0.0
    assert 0.05 < start.std() < 0.15 and not np.allclose(start, kernel)


@settings(max_examples=20, deadline=None)
@given(seed=SEEDS)
def test_the_trained_map_marks_the_object_of_scenes_it_never_saw(seed: int) -> None:
    for preset in OBJECT_PRESETS:
        attention = np.array(spatial_attention_preset(preset, seed).attention)
        region = preset_region(preset)
        assert attention[region].mean() > 0.8, preset
        assert attention[~region].mean() < 0.1, preset
    assert np.array(spatial_attention_preset("none", seed).attention).max() < 0.35


def test_the_untrained_map_does_not_mark_the_object() -> None:
    for preset in OBJECT_PRESETS:
        attention = np.array(spatial_attention_preset(preset, 0, trained=False).attention)
        region = preset_region(preset)
        assert abs(attention[region].mean() - attention[~region].mean()) < 0.2, preset
        assert 0.4 < attention.mean() < 0.7, preset


def test_the_three_presets_give_different_maps() -> None:
    maps = [spatial_attention_preset(preset, 0).attention for preset in PRESETS]
    assert len(set(maps)) == len(PRESETS)


@pytest.mark.parametrize("trained", [True, False])
@pytest.mark.parametrize("preset", PRESETS)
def test_every_cell_is_explained_by_its_pooled_inputs_and_the_kernel(preset: str, trained: bool) -> None:
    result = spatial_attention_preset(preset, seed=3, trained=trained)
    features = scene(preset, 3)
    kernel, bias = spatial_kernel(trained)
    logits = spatial_logits_reference(features, kernel, bias)[0]
    for i in range(8):
        for j in range(8):
            cell = explain_cell(result, i, j)
            assert cell.avg == pytest.approx(features[0, :, i, j].mean(), rel=1e-12)
            assert cell.max == features[0, :, i, j].max()
            assert cell.bias == bias
            assert cell.logit == pytest.approx(cell.avg_term + cell.max_term + bias, rel=1e-12)
            assert cell.logit == pytest.approx(logits[i, j], rel=1e-12, abs=1e-12)
            assert cell.value == result.attention[i][j]
            assert cell.value == pytest.approx(1.0 / (1.0 + math.exp(-cell.logit)), rel=1e-12)


def test_result_is_plain_hashable_data_and_seeded() -> None:
    result = spatial_attention_preset("centre", 4)
    assert len(result.attention) == 8 and all(len(row) == 8 for row in result.attention)
    assert all(type(value) is float for row in result.attention for value in row)
    assert result == spatial_attention_preset("centre", 4)
    assert hash(result) == hash(spatial_attention_preset("centre", 4))
    assert result.attention != spatial_attention_preset("centre", 5).attention


@pytest.mark.parametrize(("i", "j"), [(-1, 0), (0, 8), (8, 8)])
def test_explaining_a_cell_outside_the_grid_is_refused(i: int, j: int) -> None:
    with pytest.raises(ValueError, match=rf"cell \({i}, {j}\) is outside the 8×8 grid"):
        explain_cell(spatial_attention_preset("edges", 0), i, j)


@pytest.mark.parametrize("trained", [True, False])
@pytest.mark.parametrize("preset", PRESETS)
def test_se_example_is_squeeze_then_excitation(preset: str, trained: bool) -> None:
    example = se_example(preset, 7, trained)
    features = scene(preset, 7)
    np.testing.assert_allclose(example.squeezed, features.mean(axis=(2, 3))[0], rtol=1e-12)
    assert len(example.hidden) == 4 and min(example.hidden) >= 0 and example.reduction == 2
    expected = se_reference(features, *se_parameters(trained))[0]
    np.testing.assert_allclose(example.channel_weights, expected, rtol=1e-12)
    assert all(0 < s < 1 for s in example.channel_weights)
    np.testing.assert_allclose(example.rescaled, np.multiply(example.squeezed, example.channel_weights))
    assert example.object_channels == (0, 1, 2, 3) and example.trained is trained


def test_the_untrained_se_weights_are_the_seeded_start_of_training() -> None:
    for untrained, start in zip(se_parameters(trained=False), se_weights(0)):
        np.testing.assert_array_equal(untrained, start)


def test_se_example_is_seeded_and_plain_data() -> None:
    example = se_example("centre", 0)
    assert isinstance(example, SEExample) and example == se_example("centre", 0)
    assert all(type(v) is float for v in example.squeezed + example.hidden + example.channel_weights)
    assert example.channel_weights != se_example("centre", 3).channel_weights
    assert example.channel_weights != se_example("centre", 0, trained=False).channel_weights


def test_se_weights_do_not_reuse_the_scene_numbers() -> None:
    w1, *_ = se_weights(0)
    drawn_like_the_scene = np.random.default_rng(0).standard_normal(w1.shape) * np.sqrt(2 / 8)
    assert not np.allclose(w1, drawn_like_the_scene)


@pytest.mark.parametrize("trained", [True, False])
def test_se_sees_how_much_but_not_where(trained: bool) -> None:
    # centre and corners light up the same number of cells with the same draws: only the place differs
    centre, corners = se_example("centre", 2, trained), se_example("corners", 2, trained)
    np.testing.assert_allclose(centre.squeezed, corners.squeezed, rtol=1e-12)
    np.testing.assert_allclose(centre.channel_weights, corners.channel_weights, rtol=1e-12)
    assert (
        spatial_attention_preset("centre", 2, trained).attention
        != spatial_attention_preset("corners", 2, trained).attention
    )
    object_mean = np.mean([centre.squeezed[c] for c in centre.object_channels])
    assert object_mean > 3 * np.mean(se_example("none", 2).squeezed)


@settings(max_examples=20, deadline=None)
@given(seed=SEEDS)
def test_trained_se_weighs_the_object_channels_above_the_noise_on_new_scenes(seed: int) -> None:
    for preset in OBJECT_PRESETS:
        weights = se_example(preset, seed).channel_weights
        assert min(weights[:4]) > 0.9 and max(weights[4:]) < 0.1, preset
    assert max(se_example("none", seed).channel_weights) < 0.3


def test_untrained_se_weights_say_nothing_about_the_object() -> None:
    # The review's finding, kept as the "before": on the lesson's scene a noise channel wins.
    weights = se_example("centre", 0, trained=False).channel_weights
    assert int(np.argmax(weights)) not in object_channels(8)
    assert min(weights[:4]) < max(weights[4:])


@pytest.mark.parametrize(("channels", "reduction"), [(8, 3), (8, 0), (6, 4)])
def test_se_reduction_must_divide_the_channels(channels: int, reduction: int) -> None:
    with pytest.raises(ValueError, match=f"reduction must divide channels \\({channels}\\), not {reduction}"):
        se_weights(0, channels, reduction)
