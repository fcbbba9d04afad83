"""What the loader reports when a course cannot be loaded."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from tutor.text.sanitise import visible


class Problem(NamedTuple):
    """One thing wrong with a course file, at a line and column (both from 1)."""

    path: Path
    line: int | None
    column: int | None
    message: str

    def __str__(self) -> str:
        # A file name or a quoted value may hold escape sequences or bidi controls: shown, not obeyed.
        where = visible(str(self.path)) if self.line is None else f"{visible(str(self.path))}:{self.line}:{self.column}"
        return f"{where}: {visible(self.message)}"


class LoadError(Exception):
    """A course failed to load; `problems` holds every problem found, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))
