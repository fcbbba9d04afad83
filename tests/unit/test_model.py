"""The model's classes, and the other `Record`s, behave as `@dataclass(frozen=True)` would make them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tutor.content import model
from tutor.cli.terminal import TerminalMode
from tutor.content import place
from tutor.content.model import Glossary, Lesson, Localized, Skip, TextBlock
from tutor.progress.items import Change
from tutor.progress.storage import StorePaths
from tutor.system.records import Record
from tutor.text.glyphs import glyphs_for
from tutor.text.i18n import Messages


def _fresh(item: dataclasses.Field) -> dataclasses.Field:
    kwargs = {"compare": item.compare, "repr": item.repr}
    if item.default is not dataclasses.MISSING:
        kwargs["default"] = item.default
    return dataclasses.field(**kwargs)


def _twin_of(value: Record) -> object:
    cls = type(value)
    twin = dataclasses.make_dataclass(
        cls.__qualname__,
        [(item.name, item.type, _fresh(item)) for item in dataclasses.fields(cls)],
        frozen=True,
        slots=True,
    )
    return twin(**{item.name: getattr(value, item.name) for item in dataclasses.fields(cls)})


HELLO = Localized((("en", "Hello"), ("fr", "Bonjour")))
LESSON = Lesson("l1", HELLO, (TextBlock(HELLO),), ("ref",), Path("one.yaml"))
SAMPLES = [
    *(HELLO, Skip(0, 2), TextBlock(HELLO), LESSON, Glossary((), Path("glossary.yaml"))),
    *(TerminalMode(True, False, True), place.Place(3, "words"), Change("set", ("a", 1), seq=4)),
    *(StorePaths(Path("progress.json")), glyphs_for(True), Messages("fr", ascii=True)),
]


def test_every_model_dataclass_is_a_frozen_slotted_record() -> None:
    classes = [value for value in vars(model).values() if dataclasses.is_dataclass(value)]
    assert len(classes) >= 27
    for cls in classes:
        assert issubclass(cls, Record)
        assert cls.__dataclass_params__.frozen  # type: ignore[attr-defined]
        assert "__slots__" in vars(cls)


@pytest.mark.parametrize("value", SAMPLES, ids=lambda value: type(value).__name__)
def test_repr_and_hash_are_the_dataclasses_ones(value: Record) -> None:
    twin = _twin_of(value)
    assert repr(value) == repr(twin)
    assert hash(value) == hash(twin)


def test_equality_leaves_out_fields_not_compared() -> None:
    moved = dataclasses.replace(LESSON, source=Path("elsewhere.yaml"))
    assert moved == LESSON and hash(moved) == hash(LESSON)
    assert Change("set", ("a",), seq=1) == Change("set", ("a",), seq=2)
    assert dataclasses.replace(LESSON, id="l2") != LESSON
    assert Glossary((), None) == Glossary((), Path("glossary.yaml"))


def test_equality_is_between_instances_of_one_class() -> None:
    assert Skip(0, 2) == Skip(0, 2, "+")
    assert Skip(0, 2) != Skip(0, 2, "x")
    assert Skip(0, 2) != (0, 2, "+")
    assert Localized((("en", "a"),)) != _twin_of(Localized((("en", "a"),)))
    assert Skip(0, 2).__eq__("text") is NotImplemented


def test_records_stay_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        HELLO.texts = ()  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del LESSON.id  # type: ignore[misc]
