"""Simulation parameters are declared once (`content/simulations.py`): ranges, choices and defaults."""

from __future__ import annotations

import pytest

from tutor.content.simulations import WIDGETS, spec_of, widget_class


@pytest.mark.parametrize("name", list(WIDGETS))
def test_every_declared_default_is_a_value_the_loader_accepts(name: str) -> None:
    for key, param in WIDGETS[name].params.items():
        if param.default is not None:
            assert param.check(param.default) is None, f"{name}.{key} = {param.default!r}"
            assert isinstance(param.default, param.type), f"{name}.{key}"
        assert param.doc, f"{name}.{key} says nothing of itself (the README and the editors show it)"


@pytest.mark.parametrize("name", list(WIDGETS))
def test_each_widget_class_finds_its_declaration(name: str) -> None:
    assert spec_of(widget_class(name)) is WIDGETS[name]


def test_a_widget_runs_with_the_lessons_values_and_the_declared_defaults_for_the_rest() -> None:
    spec = WIDGETS["dropout-grid"]
    assert spec.complete({"p": 0.2}) == {"p": 0.2, "view": "neurons", "seed": 0}
    assert spec.complete({}) == {name: param.default for name, param in spec.params.items()}


def test_a_parameter_without_a_default_is_left_to_the_widget() -> None:
    # conv-explorer's k, stride, dilation and groups come from the kind's preset unless the lesson gives them
    completed = WIDGETS["conv-explorer"].complete({"kind": "dilated"})
    assert completed["kind"] == "dilated" and not {"k", "stride", "dilation", "groups"} & set(completed)


async def test_a_widget_built_without_parameters_starts_from_the_declared_defaults() -> None:
    from tutor.text.glyphs import UNICODE
    from tutor.widgets.simulations.dropout_grid import DropoutGrid

    grid = DropoutGrid({}, glyphs=UNICODE)
    assert grid.initial_state().p == WIDGETS["dropout-grid"].params["p"].default
    assert grid.params["view"] == "neurons" and grid.given == {}
