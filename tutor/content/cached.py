"""The course as it was last loaded and validated, while none of its files has changed.

A start with nothing changed rebuilds the course from the cache's data instead of importing
PyYAML and the loader and reading every lesson: about a tenth of start-up. The entry is keyed
on a BLAKE2b digest of every file under the course directory and of the content package's code
(a checkout's edits count), so any change, even one within the same second or of the same size,
is seen. The data is checked as the model is rebuilt (`course_data`); anything wrong with it
means a normal load, and the entry is replaced. `cnn-tutor validate` never uses this.
"""

from __future__ import annotations

from pathlib import Path

from tutor.content import course_data
from tutor.content.markdown import with_parsed_prose
from tutor.content.model import Course
from tutor.system import cache

CONTENT_CODE = Path(__file__).resolve().parent
"""The loader and what it builds: a change to them (in a checkout) may change the course."""


def load_course_cached(root: Path) -> Course:
    """The course in `root`, equal to what `load_course(root)` returns, with its prose parsed
    (`with_parsed_prose`): a lesson's text is then drawn without loading the Markdown parser.

    Raises:
        LoadError: with every problem found, when the course is invalid (never cached).
    """
    root = Path(root)
    key = _key(root)
    if key is not None:
        course = _cached(key)
        if course is not None:
            return course
    from tutor.content.loader import load_course

    course = with_parsed_prose(load_course(root))
    if key is not None and _key(root) == key:  # no file changed while the loader read them
        _store(key, course)
    return course


def _key(root: Path) -> str | None:
    files = cache.fingerprint(root, *sorted(CONTENT_CODE.glob("*.py")))
    return None if files is None else "\0".join((str(root), str(root.absolute()), files))


def _cached(key: str) -> Course | None:
    data = cache.read("course", key)
    if data is None:
        return None
    try:
        return course_data.decode(data)
    except course_data.Invalid:
        return None


def _store(key: str, course: Course) -> None:
    try:
        data = course_data.encode(course)
    except course_data.Unsupported:
        return  # a field the cache cannot hold yet: every start loads the files
    copy = course_data.decode(data)
    # Equal, and equal as data: the model's equality leaves out where each part was read from.
    if copy == course and course_data.encode(copy) == data:
        cache.write("course", key, data)
