"""Courses installed as Python packages: a department ships its own course with pip, no fork.

A course package declares an entry point in the group `cnn_tutor.courses`, named as students
will type it (`cnn-tutor --lessons NAME`), that points at the package holding `course.yaml`, or
at a function returning the course directory:

    [project.entry-points."cnn_tutor.courses"]
    vision-101 = "vision101_course"              # the package's directory holds course.yaml

Nothing is imported until a course is asked for by name; a package that fails to import is
reported as a problem of that course, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from types import ModuleType

GROUP = "cnn_tutor.courses"


@dataclass(frozen=True)
class InstalledCourse:
    name: str
    """The entry point's name: what `--lessons` takes."""
    target: str
    """What it points at, `package` or `module:function`."""
    distribution: str
    """The pip package that installed it."""

    def directory(self) -> Path:
        """The course directory. Raises CoursePackageError when the package cannot give one."""
        return _directory_of(self._entry_point())

    def _entry_point(self) -> EntryPoint:
        return next(each for each in entry_points(group=GROUP) if each.name == self.name)


class CoursePackageError(Exception):
    """An installed course package that cannot be imported or names no directory."""


def installed_courses() -> list[InstalledCourse]:
    """Every course package installed, by name (nothing imported)."""
    found = {}
    for each in entry_points(group=GROUP):
        if each.name not in found:
            found[each.name] = InstalledCourse(each.name, each.value, each.dist.name if each.dist else "?")
    return sorted(found.values(), key=lambda course: course.name)


def find_installed(name: str) -> InstalledCourse | None:
    return next((course for course in installed_courses() if course.name == name), None)


def _directory_of(entry: EntryPoint) -> Path:
    try:
        value = entry.load()
        if callable(value) and not isinstance(value, ModuleType):
            value = value()
    except Exception as error:  # noqa: BLE001 — a third party's package: any failure is its problem
        raise CoursePackageError(f"{entry.value}: {type(error).__name__}: {error}") from None
    if isinstance(value, ModuleType):
        if value.__file__ is None:
            raise CoursePackageError(f"{entry.value}: a package without files")
        return Path(value.__file__).parent
    if isinstance(value, (str, Path)):
        return Path(value)
    raise CoursePackageError(f"{entry.value}: gives {type(value).__name__}, not a package or a directory")
