"""The estimate of what fills the first screen, shared by the lesson screen and the quiz."""

from __future__ import annotations

from hypothesis import given, strategies as st

from tutor.widgets.quiz.screenful import first_screenful


@given(heights=st.lists(st.integers(1, 30), max_size=20), rows=st.integers(0, 80))
def test_takes_the_parts_that_start_above_the_last_row_and_reads_no_further(heights: list[int], rows: int) -> None:
    read: list[int] = []
    count = first_screenful((read.append(height) or height for height in heights), rows)
    assert all(sum(heights[:index]) < rows for index in range(count))
    assert count == len(heights) or sum(heights[:count]) >= rows
    assert len(read) <= count + 1
