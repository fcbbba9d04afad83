"""The number and tick formatting shared by the chart simulations."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tutor.widgets.simulations.plot import ladder_step, number, tick_label, ticks


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0.0, "0.00"),
        (-1e-17, "0.00"),  # a batch-normalised mean is 0 up to rounding, never "-0.00"
        (0.3996, "0.40"),
        (-1.254, "-1.25"),
        (15.59, "15.6"),
        (440.16, "440"),
        (99999.4, "99999"),
        (1.68e7, "1.7e7"),
        (-3.2e12, "-3.2e12"),
        (math.inf, "inf"),
    ],
)
def test_numbers_fit_a_table_column(value: float, shown: str) -> None:
    assert number(value) == shown
    assert len(number(value)) <= 7


@given(
    st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False),
    st.floats(1e-6, 1e9, allow_nan=False, allow_infinity=False),
)
def test_ticks_are_round_values_inside_the_range(low: float, span: float) -> None:
    assume(span >= 1e-3 * abs(low))  # a chart's range is never a sliver far from 0
    high = low + span
    values, step = ticks(low, high)
    mantissa = step / 10 ** math.floor(math.log10(step) + 1e-9)
    assert any(math.isclose(mantissa, allowed) for allowed in (1, 2, 5, 10))
    assert 2 <= len(values) <= 9
    assert all(low - 1e-9 * span <= value <= high + 1e-9 * span for value in values)


def test_tick_labels_have_the_decimals_of_their_step() -> None:
    values, step = ticks(-0.6, 0.6)
    assert [tick_label(value, step) for value in values] == ["-0.6", "-0.4", "-0.2", "0.0", "0.2", "0.4", "0.6"]
    values, step = ticks(0.0, 1.7e7)
    assert [tick_label(value, step) for value in values] == ["0", "5.0e6", "1.0e7", "1.5e7"]


def test_ladder_steps_go_to_the_next_rung_and_stop_at_the_ends() -> None:
    ladder = (0.5, 1.0, 2.0)
    assert ladder_step(ladder, 1.0, 1) == 2.0 and ladder_step(ladder, 1.0, -1) == 0.5
    assert ladder_step(ladder, 1.3, 1) == 2.0 and ladder_step(ladder, 1.3, -1) == 1.0  # off the ladder
    assert ladder_step(ladder, 2.0, 1) == 2.0 and ladder_step(ladder, 0.5, -1) == 0.5
