"""The student's workspace: a directory of their own with a copy of each exercise's starting file.

By default it is `exercises/` in the user data directory (platformdirs), else the directory of
`--workspace` or $CNN_TUTOR_WORKSPACE, never inside the installed program. A starting file is
copied once, with the exercise's title and statement (in the student's language) as the module
docstring; after that the file is the student's, and only `reset-exercise` replaces it.
References are not copied: they stay in `tutor/sim`.
"""

from __future__ import annotations

import os
import re
import tempfile
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path

from tutor.content.model import Exercise
from tutor.system.paths import APP_NAME

WORKSPACE_VARIABLE = "CNN_TUTOR_WORKSPACE"
PACKAGE = Path(__file__).resolve().parent.parent
WIDTH = 79


class WorkspaceError(Exception):
    """The workspace cannot be used; `key` and `fields` make the message."""

    def __init__(self, key: str, **fields: object) -> None:
        super().__init__(key)
        self.key = key
        self.fields = fields


def workspace_dir(option: Path | None = None, env: Mapping[str, str] = os.environ) -> Path:
    """--workspace, else $CNN_TUTOR_WORKSPACE, else exercises/ in the user data directory."""
    chosen = option or env.get(WORKSPACE_VARIABLE)
    if chosen:
        return Path(chosen).expanduser().absolute()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "exercises"


def starting_text(exercise: Exercise, lang: str) -> str:
    """The file the student starts from: the statement as its docstring, then the course's starting file."""
    from tutor.text.i18n import Messages

    say = Messages(lang)
    body = exercise.starter.read_text(encoding="utf-8")
    paragraphs = [exercise.title.get(lang), *exercise.statement.get(lang).strip().split("\n\n")]
    paragraphs.append(say("exercises.file_footer", id=exercise.id))
    # Only ASCII spaces join and break lines: the no-break spaces of French typography stay.
    wrapped = "\n\n".join(textwrap.fill(re.sub(r"[ \t\n]+", " ", part.strip()), WIDTH) for part in paragraphs)
    return f'"""{wrapped.replace(chr(92), chr(92) * 2)}\n"""\n\n{body}'


class Workspace:
    """The directory holding the student's files, one per exercise."""

    def __init__(self, root: Path, lang: str) -> None:
        root = Path(root).absolute()
        if self.refused(root):
            raise WorkspaceError("exercises.workspace_in_package", path=root)
        self.root = root
        self.lang = lang

    @staticmethod
    def refused(root: Path) -> bool:
        """Whether `root` is inside the installed program or its bundled course."""
        return _inside(root, PACKAGE) or any(_inside(root, Path(p).resolve()) for p in _course_dirs())

    def path(self, exercise: Exercise) -> Path:
        return self.root / exercise.file

    def prepare(self, exercises: Sequence[Exercise]) -> None:
        """Create the workspace and copy the starting files that are not there yet."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            for exercise in exercises:
                if not self.path(exercise).exists():
                    self._write(exercise)
        except OSError as error:
            raise WorkspaceError(
                "exercises.workspace_unusable", path=self.root, reason=error.strerror or error
            ) from None

    def reset(self, exercise: Exercise) -> Path:
        """Replace the student's file with the starting one."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            self._write(exercise)
        except OSError as error:
            raise WorkspaceError(
                "exercises.workspace_unusable", path=self.root, reason=error.strerror or error
            ) from None
        return self.path(exercise)

    def untouched(self, exercise: Exercise, languages: Sequence[str]) -> bool:
        """Whether the student's file is still a starting file (in any of the course's languages)."""
        try:
            text = self.path(exercise).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return False
        return any(text == starting_text(exercise, lang) for lang in languages)

    def _write(self, exercise: Exercise) -> None:
        """Write atomically: a watcher sees one complete file, never half of one."""
        text = starting_text(exercise, self.lang)
        handle, temporary = tempfile.mkstemp(dir=self.root, prefix=f".{exercise.module}-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.chmod(temporary, 0o644 & ~_umask())
            os.replace(temporary, self.path(exercise))
        except BaseException:
            try:
                os.unlink(temporary)
            except OSError:
                pass
            raise


def _inside(path: Path, directory: Path) -> bool:
    try:
        return path.resolve().is_relative_to(directory.resolve())
    except OSError:
        return False


def _course_dirs() -> list[Path]:
    from tutor.system.paths import bundled_lessons

    return [bundled_lessons()]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
