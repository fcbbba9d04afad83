"""The course as it was last loaded and validated, while none of its files has changed.

A start with nothing changed unpickles the course instead of importing PyYAML and the loader
and reading every lesson: about a tenth of start-up. `cnn-tutor validate` never uses this.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from tutor.system import cache
from tutor.content.model import Course

PACKAGE = Path(__file__).resolve().parent.parent
LOADER_CODE = tuple(PACKAGE / name for name in ("content/model.py", "content/loader.py", "content/nodes.py", "content/simulations.py", "content/exercises.py", "content/exercise_model.py"))
"""The loader and what it builds: a change to them (in a checkout) may change the course."""


def load_course_cached(root: Path) -> Course:
    """The course in `root`, equal to what `load_course(root)` returns.

    Raises:
        LoadError: with every problem found, when the course is invalid (never cached).
    """
    key = (str(root), str(Path(root).absolute()))
    entry = cache.read("course", key)
    if entry is not None:
        sources, course = entry
        if _unchanged(sources):
            return course
    from tutor.content.loader import load_course

    course = load_course(root)
    try:
        code, files = cache.stamps(LOADER_CODE), cache.stamps(_files(Path(root), course))
    except OSError:
        return course
    cache.write("course", key, (code + files, course), files)
    return course


def _unchanged(sources: cache.Stamps) -> bool:
    try:
        return cache.stamps(path for path, _size, _mtime in sources) == sources
    except OSError:
        return False


def _files(root: Path, course: Course) -> Iterable[Path]:
    """Every file the course was read from, and the module directories the loader listed."""
    lessons = [lesson.source for module in course.modules for lesson in module.lessons if lesson.source]
    directories = list(dict.fromkeys(path.parent for path in lessons))
    exercises = list(dict.fromkeys(path for exercise in course.exercises for path in (exercise.source, exercise.starter)))  # checks.yaml: read when checking
    return [root / "course.yaml", *directories, *(path / "module.yaml" for path in directories), *lessons, *exercises]
