"""The cache of the validated course and of the interface strings: faster starts, same course."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tutor.system import cache
from tutor.text import i18n
from tutor.cli.main import main
from tutor.content import loader
from tutor.content.cached import load_course_cached
from tutor.content.errors import LoadError
from tutor.content.loader import load_course
from tutor.text.i18n import Messages

LESSON = Path("basics") / "first.yaml"


def age(directory: Path) -> None:
    """Date every file and directory of `directory` a minute back: settled, so cacheable."""
    past = time.time() - 60
    for path in [directory, *directory.rglob("*")]:
        os.utime(path, (past, past))


@pytest.fixture
def aged_course(course_dir: Path) -> Path:
    age(course_dir)
    return course_dir


@pytest.fixture
def cache_file(clean_environment: Path) -> Path:
    return clean_environment / "cache" / "cnn-tutor" / "course.pickle"


def loader_forbidden(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(root: Path) -> None:
        raise AssertionError("the course was loaded again instead of read from the cache")

    monkeypatch.setattr(loader, "load_course", fail)


def test_a_cached_course_is_the_loaded_course(aged_course: Path, cache_file: Path, monkeypatch) -> None:
    loaded = load_course_cached(aged_course)
    assert loaded == load_course(aged_course) and cache_file.is_file()
    loader_forbidden(monkeypatch)
    cached = load_course_cached(aged_course)
    assert cached == loaded and cached.root == aged_course
    assert [lesson.source for module in cached.modules for lesson in module.lessons][0] == aged_course / LESSON


def test_the_cache_is_private(aged_course: Path, cache_file: Path) -> None:
    load_course_cached(aged_course)
    assert stat.S_IMODE(cache_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache_file.parent.stat().st_mode) == 0o700
    assert [path.name for path in cache_file.parent.iterdir()] == ["course.pickle"]


def test_an_edited_lesson_is_seen_at_once(aged_course: Path) -> None:
    load_course_cached(aged_course)
    lesson = aged_course / LESSON
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("First lesson", "Edited lesson"), encoding="utf-8")
    course = load_course_cached(aged_course)
    assert course == load_course(aged_course)
    assert "Edited lesson" in course.modules[0].lessons[0].title.get("en")


def test_a_file_just_written_is_not_cached_yet(aged_course: Path, cache_file: Path) -> None:
    # It may have been read before a change made in the same instant as its timestamp.
    (aged_course / LESSON).touch()
    load_course_cached(aged_course)
    assert not cache_file.exists()


def test_a_file_added_to_a_module_directory_is_seen(aged_course: Path) -> None:
    load_course_cached(aged_course)
    (aged_course / "basics" / "stray.yaml").write_text("id: stray\n", encoding="utf-8")
    with pytest.raises(LoadError, match="stray.yaml is in the module directory but not listed"):
        load_course_cached(aged_course)


def test_another_course_directory_is_not_mistaken_for_the_cached_one(aged_course: Path, tmp_path: Path) -> None:
    load_course_cached(aged_course)
    other = tmp_path / "other"
    aged_course.rename(other)
    (other / LESSON).write_text((other / LESSON).read_text(encoding="utf-8").replace("First lesson", "Moved"))
    age(other)
    assert load_course_cached(other).modules[0].lessons[0].title.get("en").startswith("Moved")


def test_a_corrupt_cache_is_loaded_over_silently(aged_course: Path, cache_file: Path, capsys) -> None:
    load_course_cached(aged_course)
    cache_file.write_bytes(b"not a pickle")
    assert load_course_cached(aged_course) == load_course(aged_course)
    assert capsys.readouterr() == ("", "")
    assert pickle.loads(cache_file.read_bytes())  # and it is rewritten


def test_a_cache_from_another_version_is_ignored(aged_course: Path, cache_file: Path, monkeypatch) -> None:
    writer = cache.WRITER
    monkeypatch.setattr(cache, "WRITER", ("0.0.0", "cpython-00", 5))
    load_course_cached(aged_course)
    monkeypatch.setattr(cache, "WRITER", writer)
    loads = []
    monkeypatch.setattr(loader, "load_course", lambda root: loads.append(root) or load_course(root))
    assert load_course_cached(aged_course) == load_course(aged_course) and loads == [aged_course]


def test_without_a_writable_cache_directory_the_course_still_loads(aged_course: Path, tmp_path: Path, monkeypatch) -> None:
    not_a_directory = tmp_path / "file"
    not_a_directory.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(not_a_directory))
    assert load_course_cached(aged_course) == load_course(aged_course)
    assert load_course_cached(aged_course) == load_course(aged_course)


def test_validate_never_trusts_the_cache(aged_course: Path, capsys) -> None:
    # A change the cache cannot see (same size, same time) is still found by validate.
    load_course_cached(aged_course)
    lesson = aged_course / LESSON
    before = lesson.stat()
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text.replace("id: first", "id: fir_t", 1), encoding="utf-8")
    os.utime(lesson, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert lesson.stat().st_size == before.st_size
    assert main(["validate", str(aged_course)]) == 2
    assert "lesson 'first', which does not exist" in capsys.readouterr().err


PROBE = """
import io, json, sys
from contextlib import redirect_stdout
from tutor.system import cache
from tutor.cli.main import main
cache.SETTLE_NS = 0  # a fresh checkout's files are cached at once
with redirect_stdout(io.StringIO()):
    status = main(["lessons"])
print(json.dumps([status, sorted(name for name in sys.modules if name.split(".")[0] == "yaml"
                  or name in ("tutor.content.loader", "tutor.content.nodes", "tutor.content.simulations"))]))
"""


def test_a_cached_start_does_without_yaml_and_the_loader() -> None:
    def modules_loaded() -> list[str]:
        result = subprocess.run(
            [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert result.returncode == 0 and result.stderr == "", result.stderr
        status, names = json.loads(result.stdout)
        assert status == 0
        return names

    assert "yaml" in modules_loaded()  # the first start reads the files and fills the cache
    assert modules_loaded() == []


@pytest.fixture
def locales(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A settled copy of the string files, read afresh as by a new start."""
    copy = tmp_path / "locales"
    shutil.copytree(i18n.LOCALES, copy)
    age(copy)
    monkeypatch.setattr(i18n, "LOCALES", copy)
    i18n._strings.cache_clear()
    yield copy
    i18n._strings.cache_clear()


def test_an_edited_string_file_is_seen(locales: Path, clean_environment: Path) -> None:
    assert Messages("en")("ui.state_completed") == "done"
    assert (clean_environment / "cache" / "cnn-tutor" / "strings.pickle").is_file()
    (locales / "en" / "ui.yaml").write_text('state_completed: "finished"\n', encoding="utf-8")
    i18n._strings.cache_clear()
    assert Messages("en")("ui.state_completed") == "finished"
