"""The progress document cut into rows, so that a change rewrites a few small rows, never the whole history.

The document (see `tutor.progress.document`) is stored as:

- items: the objects keyed by id (the top level, each module, lesson, quiz, question and card),
  each without its children. A child map is kept in its parent as `{}` and a list as `[]`, at
  the place the key had, so putting the document back together keeps every key and its order;
- appends: the elements of the lists that only grow (a quiz's attempts, a question's answers,
  a card's review log, an exercise's checks and hints read), one row each, in the order they were added.

How many items there are depends on the course (its lessons and questions), not on how long it
has been used; appends grow with use, and are only read to print or export the whole document.

A change is applied to a *skeleton*: the document made of only the items it may touch (its
`scope`), read from disk under the lock. The items it changed and the elements it appended are
what is written. `tests/unit/test_progress_items.py` checks, for random documents and changes,
that this gives the same document as applying the change to the whole of it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from tutor.progress import document as doc
from tutor.progress.document import Document
from tutor.system.records import Record

Path = tuple[str, ...]
"""Where an item or a list is in the document: keys from the top, e.g. ("modules", "m3", "lessons", "bn")."""

MAP, LIST = "map", "list"
CONTAINERS: dict[Path, dict[str, str]] = {
    (): {"modules": MAP, "questions": MAP, "cards": MAP, "exercises": MAP},
    ("modules",): {"lessons": MAP, "quizzes": MAP},
    ("modules", "lessons"): {},
    ("modules", "quizzes"): {"attempts": LIST},
    ("questions",): {"history": LIST},
    ("cards",): {"log": LIST},
    ("exercises",): {"history": LIST, "hints_read": LIST},
}
"""For each kind of item (the keys of its path that are not ids), its children: maps of items, or lists."""


def kind(path: Path) -> Path:
    """The kind of the item at `path`: ("modules", "m", "lessons", "a") → ("modules", "lessons")."""
    return path[0::2]


def decompose(document: Document) -> tuple[list[tuple[Path, dict]], list[tuple[Path, Any]]]:
    """The items of `document` (parents before children) and its list elements, in document order."""
    items: list[tuple[Path, dict]] = []
    appends: list[tuple[Path, Any]] = []
    _decompose(document, (), items, appends)
    return items, appends


def _decompose(node: dict, path: Path, items: list, appends: list) -> None:
    containers = CONTAINERS[kind(path)]
    value: dict = {}
    children = []
    for key, inner in node.items():
        shape = containers.get(key)
        if shape == MAP and isinstance(inner, dict) and all(isinstance(child, dict) for child in inner.values()):
            value[key] = {}
            children += [(path + (key, child_id), child) for child_id, child in inner.items()]
        elif shape == LIST and isinstance(inner, list):
            value[key] = []
            appends += [(path + (key,), element) for element in inner]
        else:
            value[key] = inner
    items.append((path, value))
    for child_path, child in children:
        _decompose(child, child_path, items, appends)


def assemble(items: Iterable[tuple[Path, dict]], appends: Iterable[tuple[Path, Any]] = ()) -> Document:
    """The document made of `items` (in the order stored) and list elements (in the order added).

    Parents are placed before their children whatever the order given; an item or element whose
    parent is missing gets an empty one. The values are used as they are (not copied).

    Raises:
        InvalidDocument: a parent holds something else than a map (or a list) where its children go.
    """
    document: Document = {}
    for path, value in sorted(items, key=lambda item: len(item[0])):  # stable: keeps the stored order
        if path:
            _container(document, path[:-1], dict)[path[-1]] = value
        else:
            document = dict(value)
    for path, element in appends:
        _container(document, path, list).append(element)
    return document


def _container(document: Document, path: Path, leaf: type) -> Any:
    node: Any = document
    for depth, key in enumerate(path):
        expected = leaf if depth == len(path) - 1 else dict
        if key not in node:
            node[key] = expected()
        elif not isinstance(node[key], expected):
            raise doc.InvalidDocument(f"damaged database ({'.'.join(path[: depth + 1])!r:.60} is not a container)")
        node = node[key]
    return node


def forget_lists(document: Document, scope: Iterable[Path]) -> None:
    """Empty the lists of the items at `scope` (kept on disk): what is shown stays the size of the course."""
    for path in scope:
        node: Any = document
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, dict):
            for key, shape in CONTAINERS[kind(path)].items():
                if shape == LIST and isinstance(node.get(key), list):
                    node[key].clear()


@dataclass(frozen=True, eq=False, repr=False)
class Change(Record):
    """One change to the document: a function of `tutor.progress.document` and its arguments."""

    kind: str
    arguments: tuple
    seq: int = field(default=0, compare=False)
    """Its place in the session's changes, from 1; 0 before it is queued."""

    def apply(self, document: Document) -> None:
        CHANGES[self.kind][0](document, *self.arguments)

    def scope(self) -> list[Path]:
        """Every item the change may read or write, parents first."""
        return CHANGES[self.kind][1](*self.arguments)


def _lesson_scope(module_id: str, lesson_id: str, *_: object) -> list[Path]:
    return [(), ("modules", module_id), ("modules", module_id, "lessons", lesson_id)]


def _module_scope(module_id: str, *_: object) -> list[Path]:
    return [(), ("modules", module_id)]


def _quiz_scope(module_id: str, quiz_id: str, *_: object) -> list[Path]:
    return [(), ("modules", module_id), ("modules", module_id, "quizzes", quiz_id)]


def _attempt_scope(module_id: str, quiz_id: str, attempt: dict, *_: object) -> list[Path]:
    return _quiz_scope(module_id, quiz_id) + [("questions", question_id) for question_id in attempt["answers"]]


CHANGES: dict[str, tuple[Callable[..., None], Callable[..., list[Path]]]] = {
    "visit": (doc.visit, _lesson_scope),
    "complete": (doc.complete, _lesson_scope),
    "place": (doc.place, _module_scope),
    "bookmark": (doc.add_bookmark, _lesson_scope),
    "bookmark_note": (doc.note_bookmark, _lesson_scope),
    "bookmark_removed": (doc.remove_bookmark, _lesson_scope),
    "attempt": (doc.add_attempt, _attempt_scope),
    "draft": (doc.keep_draft, _quiz_scope),
    "answer": (doc.add_answer, lambda question_id, entry: [(), ("questions", question_id)]),
    "card": (doc.set_card, lambda question_id, *_: [(), ("cards", question_id)]),
    "check": (doc.add_check, lambda exercise_id, *_: [(), ("exercises", exercise_id)]),
    "hint": (doc.read_hint, lambda exercise_id, *_: [(), ("exercises", exercise_id)]),
    "setting": (lambda document, key, value: None, lambda key, value: []),
}
"""Each kind of change: the function applied to the document, and the items it touches. A "setting"
(a preference, such as the language) is not part of the document: it is stored beside it."""


def apply_to_items(change: Change, stored: dict[Path, dict]) -> tuple[list[tuple[Path, dict]], list[tuple[Path, Any]]]:
    """Apply `change` to the stored items of its scope; returns the items to write and the elements to add.

    Args:
        change: The change.
        stored: The items of `change.scope()` that exist on disk (an absent one is created if needed).
    """
    skeleton = assemble((path, copy.deepcopy(value)) for path, value in stored.items())
    change.apply(skeleton)
    items, appends = decompose(skeleton)
    return [(path, value) for path, value in items if stored.get(path) != value], appends
