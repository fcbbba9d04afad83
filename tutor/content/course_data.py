"""The content model as plain data (lists, strings, numbers: JSON) and back, checked on the way back.

The start-up cache stores a validated course as data that cannot run code when read. Reading it
back builds the frozen model again from the classes' own type annotations, checking every value
against them: a wrong type, a missing or extra field, an unknown class, anything that is not
what the loader could have built raises `Invalid`, and the caller loads the course from its
files instead.

A dataclass is a list of its fields in order; a member of a union of dataclasses (a block) is the
same list after its class name; a tuple is a list; a path is its string; None is null. A field
annotated with a type this module does not know makes `encode` raise `Unsupported`, so a change
to the model can never make the cache return something else than the loader.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tutor.content import model

Encoder = Callable[[Any], Any]
Decoder = Callable[[Any], Any]


class Invalid(ValueError):
    """The data is not a course this program would have stored."""


class Unsupported(TypeError):
    """The model has a field of a type this module cannot store."""


def encode(course: model.Course) -> list:
    """`course` as JSON data."""
    return _codec(model.Course)[0](course)


def decode(data: object) -> model.Course:
    """The course `data` holds. Raises Invalid when it is not one `encode` could have made."""
    try:
        return _codec(model.Course)[1](data)
    except Invalid:
        raise
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, RecursionError) as error:
        raise Invalid(str(error)) from None


_CODECS: dict[object, tuple[Encoder, Decoder]] = {}


def _codec(hint: object) -> tuple[Encoder, Decoder]:
    if hint not in _CODECS:
        _CODECS[hint] = _make(hint)
    return _CODECS[hint]


def _make(hint: object) -> tuple[Encoder, Decoder]:
    if hint in (str, int, float, bool):
        return _scalar(hint)
    if hint is type(None):
        return (lambda value: value), _none
    if hint is Path:
        return str, _path
    if hint is tuple:
        return _plain_encode, _plain_tuple
    if dataclasses.is_dataclass(hint):
        return _dataclass(hint)  # type: ignore[arg-type]
    origin, arguments = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple:
        if len(arguments) == 2 and arguments[1] is Ellipsis:
            return _sequence(arguments[0])
        return _fixed(arguments)
    if origin in (typing.Union, types.UnionType):
        return _union(arguments)
    raise Unsupported(f"cannot store a value of type {hint!r}")


def _scalar(kind: type) -> tuple[Encoder, Decoder]:
    def encode_scalar(value: object) -> object:
        if type(value) is not kind:
            raise Unsupported(f"{value!r} is not a {kind.__name__}")
        return value

    def decode_scalar(value: object) -> object:
        if type(value) is not kind:
            raise Invalid(f"{value!r} is not a {kind.__name__}")
        return value

    return encode_scalar, decode_scalar


def _none(value: object) -> None:
    if value is not None:
        raise Invalid(f"{value!r} is not null")


def _path(value: object) -> Path:
    if type(value) is not str:
        raise Invalid(f"{value!r} is not a path")
    return Path(value)


def _plain_encode(value: object) -> object:
    if isinstance(value, tuple):
        return [_plain_encode(item) for item in value]
    if type(value) in (str, int, float, bool) or value is None:
        return value
    raise Unsupported(f"cannot store {type(value).__name__} as plain data")


def _plain_tuple(value: object) -> tuple:
    if type(value) is not list:
        raise Invalid(f"{value!r} is not a list")
    return tuple(_plain_tuple(item) if type(item) is list else _plain_scalar(item) for item in value)


def _plain_scalar(value: object) -> object:
    if type(value) not in (str, int, float, bool) and value is not None:
        raise Invalid(f"{value!r} is not plain data")
    return value


def _sequence(item: object) -> tuple[Encoder, Decoder]:
    encode_item, decode_item = _codec(item)

    def decode_sequence(value: object) -> tuple:
        if type(value) is not list:
            raise Invalid(f"{value!r} is not a list")
        return tuple([decode_item(element) for element in value])

    return (lambda value: [encode_item(element) for element in value]), decode_sequence


def _fixed(items: tuple) -> tuple[Encoder, Decoder]:
    if all(item in (str, int, float, bool) for item in items):
        return _fixed_scalars(items)
    codecs = [_codec(item) for item in items]

    def encode_fixed(value: tuple) -> list:
        if len(value) != len(codecs):
            raise Unsupported(f"{value!r} does not have {len(codecs)} items")
        return [encode(element) for (encode, _), element in zip(codecs, value)]

    def decode_fixed(value: object) -> tuple:
        if type(value) is not list or len(value) != len(codecs):
            raise Invalid(f"{value!r} is not a list of {len(codecs)}")
        return tuple(decode(element) for (_, decode), element in zip(codecs, value))

    return encode_fixed, decode_fixed


def _fixed_scalars(kinds: tuple) -> tuple[Encoder, Decoder]:
    """A tuple of plain values, such as a text's (language, text): the most common value of a course."""

    def encode_fixed(value: tuple) -> list:
        if len(value) != len(kinds) or any(type(element) is not kind for element, kind in zip(value, kinds)):
            raise Unsupported(f"{value!r} is not a tuple of {kinds!r}")
        return list(value)

    def decode_fixed(value: object) -> tuple:
        if type(value) is not list or len(value) != len(kinds):
            raise Invalid(f"{value!r} is not a list of {len(kinds)}")
        for element, kind in zip(value, kinds):
            if type(element) is not kind:
                raise Invalid(f"{element!r} is not a {kind.__name__}")
        return tuple(value)

    return encode_fixed, decode_fixed


def _fields(cls: type) -> list[tuple[str, object]]:
    return [
        (field.name, _hint(field.type) if isinstance(field.type, str) else field.type)
        for field in dataclasses.fields(cls)
    ]


@functools.cache
def _hint(annotation: str) -> object:
    """The type a postponed annotation names, evaluated in the model's namespace as
    `typing.get_type_hints` does, but once for each annotation rather than for each field: they
    repeat (`Localized` alone annotates a fifth of them), and each costs a compile (~3 ms of start-up)."""
    return eval(annotation, vars(model))


def _dataclass(cls: type) -> tuple[Encoder, Decoder]:
    fields = _fields(cls)
    names = [name for name, _ in fields]
    encoders: list[Encoder] = []
    decoders: list[Decoder] = []

    def encode_instance(value: object) -> list:
        if type(value) is not cls:
            raise Unsupported(f"{value!r} is not a {cls.__name__}")
        if not encoders:
            _fill()
        return [encode(getattr(value, name)) for name, encode in zip(names, encoders)]

    def decode_instance(value: object) -> object:
        if type(value) is not list or len(value) != len(names):
            raise Invalid(f"{value!r} is not a {cls.__name__}")
        if not decoders:
            _fill()
        return cls(*[decode(element) for decode, element in zip(decoders, value)])

    def _fill() -> None:  # late, for classes that contain themselves
        codecs = [_codec(hint) for _, hint in fields]
        encoders[:] = [codec[0] for codec in codecs]
        decoders[:] = [codec[1] for codec in codecs]

    return encode_instance, decode_instance


def _union(members: tuple) -> tuple[Encoder, Decoder]:
    optional = type(None) in members
    others = tuple(member for member in members if member is not type(None))
    if len(others) == 1:
        encode_one, decode_one = _codec(others[0])
    elif all(dataclasses.is_dataclass(member) for member in others):
        encode_one, decode_one = _tagged(others)
    elif all(member in (str, int, float, bool, tuple) for member in others):
        encode_one, decode_one = _plain_encode, _plain_union(others)
    else:
        raise Unsupported(f"cannot store a union of {members!r}")
    if not optional:
        return encode_one, decode_one
    return (lambda value: None if value is None else encode_one(value)), (
        lambda value: None if value is None else decode_one(value)
    )


def _tagged(classes: tuple) -> tuple[Encoder, Decoder]:
    by_name = {cls.__name__: cls for cls in classes}

    def encode_tagged(value: object) -> list:
        cls = type(value)
        if by_name.get(cls.__name__) is not cls:
            raise Unsupported(f"{value!r} is none of {', '.join(by_name)}")
        return [cls.__name__, *_codec(cls)[0](value)]

    def decode_tagged(value: object) -> object:
        if type(value) is not list or not value or type(value[0]) is not str or value[0] not in by_name:
            raise Invalid(f"{value!r} is none of {', '.join(by_name)}")
        return _codec(by_name[value[0]])[1](value[1:])

    return encode_tagged, decode_tagged


def _plain_union(kinds: tuple) -> Decoder:
    def decode_plain(value: object) -> object:
        if type(value) is list and tuple in kinds:
            return _plain_tuple(value)
        if type(value) in kinds:
            return value
        raise Invalid(f"{value!r} is none of {kinds!r}")

    return decode_plain
