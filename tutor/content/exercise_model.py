"""The hands-on exercises in the content model (read by `tutor.content.exercises`), immutable.

Kept apart from the reader so that a course unpickled from the start-up cache needs neither
PyYAML nor the loader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tutor.content.model import Localized

DECLARATIONS = "exercises.yaml"
CHECKS = "checks.yaml"
DEFAULT_PARAMS = {"mean": 0.0, "std": 1.0, "low": 0.0, "high": 1.0}
DEFAULT_TIME_LIMIT = 2.0
DEFAULT_MEMORY_LIMIT = 256


@dataclass(frozen=True, slots=True)
class Arg:
    """How one argument of a case is made.

    `kind` is "value" (a plain number, boolean, string or None: `value`), "array" (the literal
    nested tuple `value`), "rng" (`numpy.random.default_rng(value)`), or a generator drawing from
    the case's generator in the order of the arguments: "normal" (mean, std), "uniform" and
    "integers" (low, high; high excluded for integers), "zeros", "ones".
    """

    name: str
    kind: str
    value: object = None
    shape: tuple[int, ...] = ()
    params: tuple[tuple[str, float], ...] = ()

    def param(self, name: str) -> float:
        """A generator's parameter, or its default (integers are drawn from 0 to 9 by default)."""
        default = 10.0 if (self.kind, name) == ("integers", "high") else DEFAULT_PARAMS[name]
        return dict(self.params).get(name, default)


@dataclass(frozen=True, slots=True)
class Case:
    """One call of the student's function and of the reference, with the same arguments."""

    args: tuple[Arg, ...]
    seed: int = 0
    label: Localized | None = None


@dataclass(frozen=True, slots=True)
class Check:
    """The student's `function` must return what `reference` returns, on every case."""

    function: str
    reference: str
    """"tutor.sim.MODULE:FUNCTION", or "FILE.py:FUNCTION" in the exercises directory."""
    cases: tuple[Case, ...]
    outputs: tuple[str, ...] = ()
    """Names of the parts of a returned tuple; empty when the function returns one value."""
    rtol: float = 1e-6
    atol: float = 1e-8


@dataclass(frozen=True, slots=True)
class Exercise:
    """A hands-on exercise: a starting file to complete, tied to a lesson, and how to check it."""

    id: str
    lesson: str
    level: int
    title: Localized
    statement: Localized
    hints: tuple[Localized, ...]
    file: str
    """The starting file's name in `directory`; the student's copy has the same name."""
    checks: tuple[Check, ...]
    directory: Path = field(compare=False)
    requires: tuple[str, ...] = ()
    """Exercises whose file this one imports (e.g. `from conv2d import conv2d`)."""
    time_limit: float = DEFAULT_TIME_LIMIT
    """Seconds for the student's code on all the cases together."""
    memory_limit: int = DEFAULT_MEMORY_LIMIT
    """MiB the student's code may allocate."""

    @property
    def starter(self) -> Path:
        return self.directory / self.file

    @property
    def module(self) -> str:
        return self.file.removesuffix(".py")

    @property
    def source(self) -> Path:
        return self.directory / DECLARATIONS

    @property
    def checks_source(self) -> Path:
        return self.directory / CHECKS
