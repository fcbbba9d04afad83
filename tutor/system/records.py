"""`Record`: the `==`, `hash` and `repr` that `@dataclass` would make, made once for every class.

`@dataclass` compiles each method it makes for each class, ~0.1 ms apiece: for the classes built
at every start-up (the course model's above all), a class says `eq=False, repr=False` and derives
from `Record`, which has them once. They behave as the dataclass's own: equality and the hash use
the fields compared, in order (`field(compare=False)` ones are left out), and a record equals only
an instance of its own class.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, ClassVar


class Record:
    """The base of a dataclass made with `eq=False, repr=False` that should behave as made without."""

    __slots__ = ()
    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]  # made by @dataclass on each class

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return _compared(self) == _compared(other)

    def __hash__(self) -> int:
        return hash(_compared(self))

    def __repr__(self) -> str:
        shown = (f"{item.name}={getattr(self, item.name)!r}" for item in dataclasses.fields(self) if item.repr)
        return f"{self.__class__.__qualname__}({', '.join(shown)})"


_COMPARED: dict[type, Callable[[Any], tuple]] = {}


def _compared(record: Record) -> tuple:
    """The values of `record`'s compared fields, in order."""
    cls = record.__class__
    values = _COMPARED.get(cls)
    if values is None:
        names = tuple(item.name for item in dataclasses.fields(cls) if item.compare)
        values = _COMPARED[cls] = lambda value: tuple([getattr(value, name) for name in names])
    return values(record)
