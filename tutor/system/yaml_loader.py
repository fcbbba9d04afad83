"""The safe YAML loader: libyaml's C loader when it is installed, else PyYAML's pure-Python one (~10x slower).

Even libyaml's composer asks Python for the tag of every node (`resolve`) and tells it each step
down and up the tree (`descend_resolver`, `ascend_resolver`): about a fifth of the time to compose
a course file. `SafeLoader` answers them with the same regular expressions, in the same order, as
PyYAML's safe resolver (so the same tags), without its general machinery: the implicit resolvers
are looked up once per first character, not joined into a new list for every scalar, and the path
resolvers, which the safe loader does not have, are not consulted at all.
"""

from __future__ import annotations

import re

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:
    from yaml import CSafeLoader as _Loader

    LIBYAML = True
    """Whether `SafeLoader` is libyaml's, which reads UTF-8 bytes as they are (text, it encodes first)."""
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

    LIBYAML = False

_DEFAULT_TAGS: dict[type[Node], str] = {
    ScalarNode: _Loader.DEFAULT_SCALAR_TAG,
    SequenceNode: _Loader.DEFAULT_SEQUENCE_TAG,
    MappingNode: _Loader.DEFAULT_MAPPING_TAG,
}


_Resolvers = tuple[tuple[str, re.Pattern[str]], ...]
"""(tag, regular expression) pairs, tried in order on a plain scalar."""


def _implicit_resolvers() -> tuple[dict[str, _Resolvers], _Resolvers]:
    """PyYAML's implicit resolvers by a scalar's first character ('' for an empty scalar), then those for any."""
    table = _Loader.yaml_implicit_resolvers
    anywhere = tuple(table.get(None, []))
    return {first: (*resolvers, *anywhere) for first, resolvers in table.items() if first is not None}, anywhere


_BY_FIRST, _ANYWHERE = _implicit_resolvers()


class SafeLoader(_Loader):
    """PyYAML's safe loader (C when it can be), resolving the same tags faster."""

    # PyYAML's safe loader has no path resolvers: nothing to follow down and up the tree.
    def descend_resolver(self, current_node: object, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type[Node], value: str | None, implicit: object) -> str | None:
        if kind is ScalarNode and implicit[0]:  # type: ignore[index]  # a plain scalar: `(plain, quoted)`
            for tag, regexp in _BY_FIRST.get(value[:1], _ANYWHERE):  # type: ignore[index]
                if regexp.match(value):  # type: ignore[arg-type]
                    return tag
        return _DEFAULT_TAGS.get(kind)


__all__ = ["LIBYAML", "SafeLoader"]
