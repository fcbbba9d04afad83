"""The keys the benchmarks press, derived from the course so that they follow its lessons."""

from __future__ import annotations

from importlib.util import find_spec

from tutor.content import model as m
from tutor.content.simulations import WIDGETS

SCRIPT_LENGTH = 30
SIMULATION_KEYS: dict[str, tuple[str, ...]] = {
    "activation-histogram": ("b", "b", "+", ">", "right", "r"),
    "norm-axes": ("2", "3", "4", "+", "1"),
    "dropout-grid": ("s", "8", "v", "w", "r"),
    "weight-decay": ("+", "-", "2", "0", "r"),
    "gradient-flow": ("+", "a", "b", "-", "r"),
    "attention-grid": ("t", "e", "o", "v", "c", "r"),
    "conv-explorer": ("2", "v", "up", "right", "up", "5", "r"),
    "bn-statistics": ("-", "m", "s", "+", "r"),
}
"""Each simulation's actions, as typed (see `benchmarks.terminal.key_bytes`)."""
DROPOUT_ACTION = "s"
"""A new draw of the dropout mask."""
ATTENTION_PRESET = "e"
"""The `edges` preset."""
QUIZ_ANSWER = "1"


def lessons(course: m.Course) -> tuple[m.Lesson, ...]:
    """The lessons the `n` key walks through: the course's only module's.

    Raises:
        ValueError: for a course of several modules (lesson numbers restart in each).
    """
    if len(course.modules) != 1:
        raise ValueError("the benchmarks walk a course of one module")
    return course.modules[0].lessons


def _widgets(lesson: m.Lesson) -> list[str]:
    return [block.name for block in lesson.blocks if isinstance(block, m.WidgetBlock)]


def installed(name: str) -> bool:
    """Whether the widget registered as `name` has its module."""
    return find_spec(WIDGETS[name].target.partition(":")[0]) is not None


def simulation_plan(course: m.Course, quick: bool = False) -> list[tuple[int, str, tuple[str, ...]]]:
    """(lesson number, simulation, keys) for every simulation of the course, in order; one key each when `quick`.

    Only lessons without a quiz: there the tab key reaches the simulations first.
    """
    plan = []
    for number, lesson in enumerate(lessons(course), 1):
        if lesson.quizzes:
            continue
        for name in _widgets(lesson):
            if installed(name):
                keys = SIMULATION_KEYS[name]
                plan.append((number, name, keys[:1] if quick else keys))
    return plan


def bytes_script(course: m.Course) -> list[str]:
    """30 keys: open a lesson, walk to the dropout grid and draw, to the attention grid and
    choose a preset, to the quiz and answer, then back and forth with p and n."""
    numbers = {
        name: number for number, lesson in reversed(list(enumerate(lessons(course), 1))) for name in _widgets(lesson)
    }
    quiz = next(number for number, lesson in enumerate(lessons(course), 1) if lesson.quizzes)
    keys, position = ["enter"], 1
    for target, actions in (
        (numbers["dropout-grid"], ["tab", DROPOUT_ACTION]),
        (numbers["attention-grid"], ["tab", ATTENTION_PRESET]),
        (quiz, ["tab", QUIZ_ANSWER]),
    ):
        keys += ["n" if target > position else "p"] * abs(target - position) + actions
        position = target
    step = "p"
    while len(keys) < SCRIPT_LENGTH:
        if (position == 1 and step == "p") or (position == len(lessons(course)) and step == "n"):
            step = "n" if step == "p" else "p"
        position += 1 if step == "n" else -1
        keys.append(step)
    return keys[:SCRIPT_LENGTH]
