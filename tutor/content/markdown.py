"""The course's Markdown prose parsed once, before the tutor shows it, and kept in the model.

The parser is markdown-it's CommonMark with GitHub's tables and strike-through (not its
autolinks, which made a file name such as conv2d.py a link). The course the tutor starts with
(`tutor.content.cached`) has the body of every text block and callout parsed
(`with_parsed_prose`, ~50 ms: not in `load_course`, which `validate` uses), each tree kept in the
model in a compact text form (`encode`) and cached with the rest of the course. A lesson's prose
is drawn from it (`tree`) without loading markdown-it, whose modules and rules, its tables of
Unicode categories and the trees it builds were 1.3 MiB of the tutor's memory.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING

from tutor.content import model as m

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_NO_ATTRS: Mapping[str, str | int | float] = MappingProxyType({})


@dataclass(frozen=True, slots=True, eq=False)
class Node:
    """A node of the parsed tree, with only what the prose renderer reads.

    The tree is `markdown_it.tree.SyntaxTreeNode`'s, and its fields read as that class's do;
    markdown-it's own tree keeps every token whole (positions, markup, maps), five times this.
    """

    type: str
    tag: str
    info: str
    content: str
    attrs: Mapping[str, str | int | float]
    children: tuple[Node, ...]


def parse(source: str) -> Node:
    """`source` parsed: CommonMark, GitHub's tables and ~~strike~~; an address is a link only as
    Markdown writes one (`[text](url)`, `<url>`)."""
    return Node("root", "", "", "", _NO_ATTRS, _nodes(_parser().parse(source)))


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # only where a text was not parsed at load

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _nodes(tokens: Sequence[Token]) -> tuple[Node, ...]:
    """The tree of `tokens` as `SyntaxTreeNode` makes it: a pair of opening and closing tokens is
    one node (typed without "_open", with the opening token's fields), an inline token's children
    are its node's. A node with children has no content: it is drawn from them (an inline token's
    content is its whole source again)."""
    levels: list[list[Node]] = [[]]
    opened: list[Token] = []
    for token in tokens:
        if token.nesting == 1:
            opened.append(token)
            levels.append([])
        elif token.nesting == -1:
            first, children = opened.pop(), tuple(levels.pop())
            levels[-1].append(_node_of(first, first.type.removesuffix("_open"), children))
        else:
            levels[-1].append(_node_of(token, token.type, _nodes(token.children) if token.children else ()))
    return tuple(levels[0])


def _node_of(token: Token, kind: str, children: tuple[Node, ...]) -> Node:
    attrs = MappingProxyType(dict(token.attrs)) if token.attrs else _NO_ATTRS
    return Node(kind, token.tag, token.info, "" if children else token.content, attrs, children)


def encode(node: Node) -> str:
    """`node` and its children as compact JSON text, in ASCII (`--ascii` leaves it as it is).

    A node is a list `[type, content, children, tag, info, attrs]` without its empty last items:
    a word of text is `["text","word"]`.
    """
    return json.dumps(_plain(node), ensure_ascii=True, separators=(",", ":"))


def _plain(node: Node) -> list:
    data = [node.type, node.content, [_plain(child) for child in node.children], node.tag, node.info, dict(node.attrs)]
    while len(data) > 1 and not data[-1]:
        data.pop()
    return data


def decode(text: str) -> Node:
    """The tree `encode` wrote as `text`."""
    return _node(json.loads(text))


_ABSENT: tuple[object, ...] = ("", "", (), "", "", None)
"""The value of each item of a node's list that `encode` leaves out when it is empty."""


def _node(data: list) -> Node:
    kind, content, children, tag, info, attrs = data + list(_ABSENT[len(data) :])
    return Node(kind, tag, info, content, MappingProxyType(attrs) if attrs else _NO_ATTRS, tuple(map(_node, children)))


def tree(text: m.Localized, parsed: tuple[tuple[str, str], ...], lang: str) -> Node:
    """The tree of `text.get(lang)`: the one parsed at load (`parsed`), or parsed now if there is none."""
    encoded = dict(parsed).get(text.language_of(lang))
    return parse(text.get(lang)) if encoded is None else decode(encoded)


def with_parsed_prose(course: m.Course) -> m.Course:
    """`course` with the body of each text block and callout parsed, in every language."""
    return dataclasses.replace(
        course,
        modules=tuple(
            dataclasses.replace(
                module,
                lessons=tuple(
                    dataclasses.replace(lesson, blocks=tuple(_parsed(block) for block in lesson.blocks))
                    for lesson in module.lessons
                ),
            )
            for module in course.modules
        ),
    )


def _parsed(block: m.Block) -> m.Block:
    if isinstance(block, (m.TextBlock, m.CalloutBlock)):
        return dataclasses.replace(block, parsed=tuple((code, encode(parse(text))) for code, text in block.body.texts))
    return block
