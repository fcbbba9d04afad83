"""`cnn-tutor --version`: the program's version and the bundled course content's."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from tutor import __version__


def version_text() -> str:
    """`cnn-tutor 0.1.0, course "CNN course" 1.0` (the content's version from its course.yaml)."""
    from tutor.cli.common import language
    from tutor.content.cached import load_course_cached
    from tutor.content.errors import LoadError
    from tutor.system.paths import bundled_lessons

    try:
        course = load_course_cached(bundled_lessons())
    except (LoadError, OSError):
        return f"cnn-tutor {__version__}, course: cannot be loaded (see: cnn-tutor validate)"
    title = course.title.get(language(None, course.languages))
    content = f"version {course.version}" if course.version else "no version"
    return f'cnn-tutor {__version__}, course "{title}" ({content})'


class VersionAction(argparse.Action):
    """Print the versions and exit, as argparse's own --version does."""

    def __init__(
        self, option_strings: list[str], dest: str = argparse.SUPPRESS, help: str | None = None, **kwargs: object
    ) -> None:
        super().__init__(
            option_strings,
            dest,
            nargs=0,
            default=argparse.SUPPRESS,
            help=help or "print the version of the program and of its course content",
        )

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> NoReturn:
        from tutor.text.sanitise import visible

        print(visible(version_text()), file=sys.stdout)
        parser.exit()
