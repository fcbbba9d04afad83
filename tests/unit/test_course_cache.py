"""The cache of the validated course and of the interface strings: faster starts, same course, nothing run.

The cache directory may be shared or on /tmp: an entry is data (JSON), read only from a private
directory and file of this user that are not links; whatever is wrong with an entry means a
normal load and the entry replaced, never a crash and never code run.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import shutil
import stat
import subprocess
import sys
import typing
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tutor.cli.main import main
from tutor.content import course_data, loader, model
from tutor.content.cached import load_course_cached
from tutor.content.errors import LoadError
from tutor.content.loader import load_course
from tutor.system import cache
from tutor.text import i18n

LESSON = Path("basics") / "first.yaml"


@pytest.fixture
def cache_file(clean_environment: Path) -> Path:
    return clean_environment / "cache" / "cnn-tutor" / "course.json"


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The courses loaded from their files (not from the cache) from now on."""
    loaded: list[Path] = []
    monkeypatch.setattr(loader, "load_course", lambda root: loaded.append(root) or load_course(root))
    return loaded


@pytest.fixture
def cached(course_dir: Path, cache_file: Path) -> Path:
    """The fixture course, loaded once: its entry is in the cache."""
    load_course_cached(course_dir)
    assert cache_file.is_file()
    return course_dir


def test_a_cached_course_is_the_loaded_course(cached: Path, loads: list[Path]) -> None:
    course = load_course_cached(cached)
    assert loads == [] and course == load_course(cached) and course.root == cached
    assert [lesson.source for module in course.modules for lesson in module.lessons][0] == cached / LESSON


def test_the_cache_is_private_json(cached: Path, cache_file: Path) -> None:
    assert stat.S_IMODE(cache_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache_file.parent.stat().st_mode) == 0o700
    assert [path.name for path in cache_file.parent.iterdir()] == ["course.json"]
    assert set(json.loads(cache_file.read_text(encoding="utf-8"))) == {"key", "value"}


def test_the_real_course_goes_through_the_data_and_back() -> None:
    from tests.conftest import REAL_COURSE

    course = load_course(REAL_COURSE)
    copy = course_data.decode(json.loads(json.dumps(course_data.encode(course))))
    assert copy == course and copy.root == course.root
    assert [lesson.source for module in copy.modules for lesson in module.lessons] == [
        lesson.source for module in course.modules for lesson in module.lessons
    ]


def test_the_fields_types_are_those_typing_finds() -> None:
    """`course_data` evaluates each annotation once, to what `typing.get_type_hints` makes of it."""
    for cls in vars(model).values():
        if dataclasses.is_dataclass(cls):
            hints = typing.get_type_hints(cls)
            assert course_data._fields(cls) == [(item.name, hints[item.name]) for item in dataclasses.fields(cls)]


def test_an_edit_of_the_same_size_and_time_is_seen(cached: Path, loads: list[Path]) -> None:
    # Stamps of size and time could not see it; the content's hash does.
    lesson = cached / LESSON
    before = lesson.stat()
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("First lesson", "Firsx lesson"), encoding="utf-8")
    os.utime(lesson, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert load_course_cached(cached).modules[0].lessons[0].title.get("en") == "Firsx lesson" and loads == [cached]


def test_a_file_added_to_a_module_directory_is_seen(cached: Path) -> None:
    (cached / "basics" / "stray.yaml").write_text("id: stray\n", encoding="utf-8")
    with pytest.raises(LoadError, match="stray.yaml is in the module directory but not listed"):
        load_course_cached(cached)


def test_a_change_while_the_course_is_read_is_not_cached(course_dir: Path, cache_file: Path, monkeypatch) -> None:
    def load_then_edit(root: Path):
        course = load_course(root)
        (root / LESSON).write_text((root / LESSON).read_text(encoding="utf-8") + "\n", encoding="utf-8")
        return course

    monkeypatch.setattr(loader, "load_course", load_then_edit)
    load_course_cached(course_dir)
    assert not cache_file.exists()


def test_another_course_directory_is_not_mistaken_for_the_cached_one(cached: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(cached, other)
    (other / LESSON).write_text((other / LESSON).read_text(encoding="utf-8").replace("First lesson", "Moved"))
    assert load_course_cached(other).modules[0].lessons[0].title.get("en").startswith("Moved")
    assert load_course_cached(cached).modules[0].lessons[0].title.get("en") == "First lesson"


def test_a_change_to_the_loader_code_is_seen(cached: Path, loads: list[Path], tmp_path: Path, monkeypatch) -> None:
    from tutor.content import cached as cached_module

    code = tmp_path / "content"
    shutil.copytree(cached_module.CONTENT_CODE, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cached_module, "CONTENT_CODE", code)
    load_course_cached(cached)
    load_course_cached(cached)
    (code / "loader.py").write_text((code / "loader.py").read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    load_course_cached(cached)
    assert loads == [cached, cached]


MARKER = "cnn-tutor-cache-ran-code"


class Planted:
    """Unpickling this runs code: it creates the marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


@pytest.mark.parametrize("name", ["course.pickle", "course.json"])
def test_a_planted_pickle_is_never_run(cached: Path, cache_file: Path, tmp_path: Path, name: str, loads) -> None:
    marker = tmp_path / MARKER
    (cache_file.parent / name).write_bytes(pickle.dumps(Planted(marker)))
    (cache_file.parent / name).chmod(0o600)
    course = load_course_cached(cached)
    assert course == load_course(cached) and not marker.exists()
    if name == "course.pickle":  # beside a good entry, which is used; removed when an entry is written
        cache_file.unlink()
        load_course_cached(cached)
        assert not (cache_file.parent / "course.pickle").exists() and not marker.exists()
    json.loads(cache_file.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "content",
    [b"", b"not json", b"{", b"42", b"[1, 2, 3]", b'{"key": "x"}', b"\xff\xfe", b"[" * 100_000],
    ids=["empty", "garbage", "truncated", "a number", "a list", "no value", "not utf-8", "nested too deep"],
)
def test_a_corrupt_entry_is_loaded_over_silently_and_replaced(
    cached: Path, cache_file: Path, content: bytes, loads: list[Path], capsys
) -> None:
    cache_file.write_bytes(content)
    assert load_course_cached(cached) == load_course(cached) and loads == [cached]
    assert capsys.readouterr() == ("", "")
    assert load_course_cached(cached) == load_course(cached) and loads == [cached]  # the entry was replaced


def wrong_values(entry: dict) -> Iterator[tuple[str, object]]:
    """Values a key could come with that this program never stores (Course = [title, languages, total, modules, root])."""
    course = entry["value"]
    first_lesson, second_lesson = [3, 0, 6, 0], [3, 0, 6, 1]  # modules[0].lessons[0], [1]
    yield "a number", 42
    yield "null", None
    yield "a title that is a number", _replace(course, [0], 42)
    yield "a field missing", course[:-1]
    yield "a field too many", [*course, "extra"]
    yield "an unknown block class", _replace(course, [*first_lesson, 2, 0, 0], "os.system")
    yield "a block without fields", _replace(course, [*first_lesson, 2, 0], ["TextBlock"])
    yield "a text that is a list", _replace(course, [*first_lesson, 1, 0, 0, 1], ["x"])
    yield "an answer that is text", _replace(course, [*second_lesson, 2, 2, 2, 0, 3], "1")
    yield "a boolean for a number", _replace(course, [2], True)


def _replace(data: list, where: list[int], value: object) -> list:
    copy = json.loads(json.dumps(data))
    target = copy
    for index in where[:-1]:
        target = target[index]
    target[where[-1]] = value
    return copy


def test_a_right_key_with_a_wrong_value_is_discarded(cached: Path, cache_file: Path, loads: list[Path]) -> None:
    entry = json.loads(cache_file.read_text(encoding="utf-8"))
    cases = list(wrong_values(entry))
    assert len(cases) == 10
    for label, value in cases:
        cache_file.write_text(json.dumps({"key": entry["key"], "value": value}), encoding="utf-8")
        loads.clear()
        assert load_course_cached(cached) == load_course(cached), label
        assert loads == [cached], label
        assert json.loads(cache_file.read_text(encoding="utf-8")) == entry, label  # replaced by a good one


def test_an_entry_owned_by_another_user_is_not_read(cached: Path, loads: list[Path], monkeypatch) -> None:
    monkeypatch.setattr(cache, "current_user", lambda: os.geteuid() + 1)
    load_course_cached(cached)
    assert loads == [cached]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file away needs root")
@pytest.mark.parametrize("what", ["file", "directory"])
def test_an_entry_really_owned_by_another_user_is_not_read(cached: Path, cache_file: Path, loads, what: str) -> None:
    os.chown(cache_file if what == "file" else cache_file.parent, 65534, 65534)
    load_course_cached(cached)
    assert loads == [cached]


@pytest.mark.parametrize("mode", [0o666, 0o620, 0o602])
def test_an_entry_others_may_write_is_not_read(cached: Path, cache_file: Path, loads: list[Path], mode: int) -> None:
    cache_file.chmod(mode)
    load_course_cached(cached)
    assert loads == [cached]
    assert stat.S_IMODE(cache_file.stat().st_mode) == 0o600  # replaced by a private one


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o1777])
def test_a_directory_others_may_write_is_neither_read_nor_written(
    cached: Path, cache_file: Path, loads: list[Path], mode: int
) -> None:
    cache_file.parent.chmod(mode)
    before = cache_file.read_bytes()
    (cached / LESSON).write_text((cached / LESSON).read_text(encoding="utf-8") + "\n", encoding="utf-8")
    load_course_cached(cached)
    load_course_cached(cached)
    assert loads == [cached, cached] and cache_file.read_bytes() == before


def test_a_directory_of_another_user_is_neither_read_nor_written(
    cached: Path, cache_file: Path, loads, monkeypatch
) -> None:
    real = os.geteuid()
    monkeypatch.setattr(cache, "private", lambda status: not stat.S_ISDIR(status.st_mode) and status.st_uid == real)
    cache_file.unlink()
    load_course_cached(cached)
    load_course_cached(cached)
    assert loads == [cached, cached] and not cache_file.exists()


def test_an_entry_that_is_a_symbolic_link_is_not_read(cached: Path, cache_file: Path, tmp_path: Path, loads) -> None:
    elsewhere = tmp_path / "elsewhere.json"
    cache_file.rename(elsewhere)
    cache_file.symlink_to(elsewhere)
    load_course_cached(cached)
    assert loads == [cached]
    assert not cache_file.is_symlink()  # the link itself was replaced; its target is untouched


def test_a_cache_directory_that_is_a_symbolic_link_is_not_used(
    cached: Path, cache_file: Path, tmp_path: Path, loads
) -> None:
    directory = cache_file.parent
    target = tmp_path / "target"
    directory.rename(target)
    directory.symlink_to(target)
    load_course_cached(cached)
    load_course_cached(cached)
    assert loads == [cached, cached]


def test_an_entry_that_is_not_a_regular_file_is_not_read(cached: Path, cache_file: Path, loads: list[Path]) -> None:
    cache_file.unlink()
    os.mkfifo(cache_file, 0o600)  # opening a FIFO for reading would wait for a writer
    load_course_cached(cached)
    assert loads == [cached]


def test_a_fifo_in_the_course_directory_does_not_block(course_dir: Path) -> None:
    os.mkfifo(course_dir / "basics" / "pipe")
    assert load_course_cached(course_dir) == load_course(course_dir)


def test_an_entry_of_another_version_is_ignored(cached: Path, loads: list[Path], monkeypatch) -> None:
    monkeypatch.setattr(cache, "WRITER", ("0.0.0", "cpython-00", 1))
    load_course_cached(cached)
    assert loads == [cached]


def test_without_a_writable_cache_directory_the_course_still_loads(
    course_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    not_a_directory = tmp_path / "file"
    not_a_directory.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(not_a_directory))
    assert load_course_cached(course_dir) == load_course(course_dir)
    assert load_course_cached(course_dir) == load_course(course_dir)


def test_validate_never_uses_the_cache(cached: Path, capsys, monkeypatch) -> None:
    read = cache.read
    monkeypatch.setattr(
        cache, "read", lambda name, key: pytest.fail("validate read the cache") if name == "course" else read(name, key)
    )
    assert main(["validate", str(cached)]) == 0


PROBE = """
import io, json, sys
from contextlib import redirect_stdout
from tutor.cli.main import main
with redirect_stdout(io.StringIO()):
    status = main(["lessons"])
print(json.dumps([status, sorted(name for name in sys.modules if name.split(".")[0] == "yaml"
                  or name in ("tutor.content.loader", "tutor.content.nodes", "tutor.content.simulations"))]))
"""


def test_a_cached_start_does_without_yaml_and_the_loader() -> None:
    def modules_loaded() -> list[str]:
        result = subprocess.run(
            [sys.executable, "-c", PROBE],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert result.returncode == 0 and result.stderr == "", result.stderr
        status, names = json.loads(result.stdout)
        assert status == 0
        return names

    assert "yaml" in modules_loaded()  # the first start reads the files and fills the cache
    assert modules_loaded() == []


@pytest.fixture
def locales(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the string files, for tests that edit them."""
    copy = tmp_path / "locales"
    shutil.copytree(i18n.LOCALES, copy)
    monkeypatch.setattr(i18n, "LOCALES", copy)
    return copy


def completed_label() -> str:
    """The English "completed" label as a new start reads it: from the cache, else from the files.

    Calls the reader itself, not its process-wide memo, which a thread left by an earlier test
    (a progress writer making a warning) could fill at any time.
    """
    return i18n._strings.__wrapped__()[("en", "ui")]["state_completed"]


def test_an_edited_string_file_is_seen(locales: Path, clean_environment: Path) -> None:
    assert completed_label() == "done"
    assert (clean_environment / "cache" / "cnn-tutor" / "strings.json").is_file()
    (locales / "en" / "ui.yaml").write_text('state_completed: "finished"\n', encoding="utf-8")
    assert completed_label() == "finished"


@pytest.mark.parametrize("value", [42, [["en", "ui"]], [["en", "ui", {"state_completed": 3}]], [["en", 1, {}]]])
def test_strings_of_a_wrong_shape_are_read_from_the_files(locales: Path, clean_environment: Path, value) -> None:
    completed_label()
    entry_file = clean_environment / "cache" / "cnn-tutor" / "strings.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    entry_file.write_text(json.dumps({"key": entry["key"], "value": value}), encoding="utf-8")
    assert completed_label() == "done"
