"""Native Windows (issue 18): nothing POSIX-only at import, and the store's by-path operations.

`tests/unit/test_progress_store.py` runs every guarantee of the store twice, with and without
POSIX's calls; here: importing the tutor where they are missing, reading progress there, and what
only the by-path way of working has to guard against (a link swapped in while a file is opened).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.portable import WITHOUT_POSIX, take_posix_away
from tutor.progress import ProgressStore, storage
from tutor.progress.storage import StorePaths, SymlinkRefused


def run_without_posix(code: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """Run `code` in a new interpreter whose `os`, `signal` and modules are as on Windows (see WITHOUT_POSIX)."""
    environment = {
        **os.environ,
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    environment.pop("CNN_TUTOR_PROGRESS", None)
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_POSIX + code], capture_output=True, text=True, env=environment, timeout=120
    )


def test_the_tutor_imports_and_reads_progress_without_posix_calls(tmp_path: Path) -> None:
    """What the tutor imports at start, the store included, defines nothing POSIX-only (issue 18)."""
    path = tmp_path / "progress.json"
    store = ProgressStore(path)
    store.mark_completed("module3", "batch-norm")
    store.keep_draft("module3", "module3-quiz", {"q-bn-purpose": 1})
    assert store.close() == 0
    code = f"""
import json, os
assert not hasattr(os, "O_NOFOLLOW") and not os.supports_dir_fd and not hasattr(os, "geteuid")
import tutor.progress, tutor.cli.main
from tutor.progress import storage
from tutor.progress.store import read_document, remembered_language
from tutor.system.errorlog import log_exception
assert not storage.PLATFORM.descriptors and not storage.PLATFORM.owners
document = read_document(__import__("pathlib").Path({str(path)!r}))
print(json.dumps(document["modules"]["module3"]["quizzes"]["module3-quiz"]["draft"]["answers"]))
print(log_exception(ValueError("logged without O_NOFOLLOW")))
status = tutor.cli.main.main(["progress", "--json", "--progress", {str(path)!r}])
print()
raise SystemExit(status or tutor.cli.main.main(["lessons"]))  # the course, loaded as at start (no cache there)
"""
    result = run_without_posix(code, tmp_path)
    assert result.returncode == 0, result.stderr
    draft, log, rest = result.stdout.split("\n", 2)
    printed, lessons = rest.split("\n\n", 1)
    assert json.loads(draft) == {"q-bn-purpose": 1}
    assert "logged without O_NOFOLLOW" in Path(log).read_text(encoding="utf-8")
    assert json.loads(printed)["modules"]["module3"]["lessons"]["batch-norm"]["completed"]
    assert "batch-norm             Batch normalisation" in lessons
    assert "Traceback" not in result.stderr


POSIX_BY_DESIGN = {
    "tutor.terminal.driver": "replaces Textual's Linux/macOS driver only, and is imported only then",
    "tutor.__main__": "runs the command line (here: no terminal, exit status 2)",
}


def test_no_module_of_the_tutor_needs_posix_to_be_imported(tmp_path: Path) -> None:
    code = """
import importlib, pkgutil, tutor
for info in pkgutil.walk_packages(tutor.__path__, "tutor."):
    try:
        importlib.import_module(info.name)
    except BaseException as error:
        print(info.name, type(error).__name__, error)
"""
    result = run_without_posix(code, tmp_path)
    assert result.returncode == 0, result.stderr
    failed = {line.split(" ", 1)[0]: line for line in result.stdout.splitlines()}
    assert set(failed) <= set(POSIX_BY_DESIGN), "\n".join(failed.values())


def test_the_platform_is_found_by_capability(monkeypatch: pytest.MonkeyPatch) -> None:
    assert storage.PLATFORM.descriptors and storage.PLATFORM.owners  # this machine: Linux
    take_posix_away(monkeypatch)
    platform = storage.PLATFORM
    assert not (platform.read | platform.create | platform.directory) & getattr(os, "O_NOFOLLOW", 0)
    assert platform.flush & os.O_RDWR  # flushing a file needs it open for writing on Windows


@pytest.mark.parametrize("posix", [True, False], ids=["posix", "without-posix"])
def test_a_link_swapped_in_while_the_file_is_opened_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, posix: bool
) -> None:
    """By path, the file is looked at, then opened: a link put there in between is not followed."""
    if not posix:
        take_posix_away(monkeypatch)
    path = tmp_path / "home" / "progress.json"
    path.parent.mkdir()
    path.write_text('{"format_version": 1}')
    secret = tmp_path / "secret.json"
    secret.write_text('{"format_version": 1, "modules": {"someone else": {}}}')
    kind = storage.DescriptorDirectory if posix else storage.Directory
    real_open = kind.open
    swaps = []

    def swap_then_open(self, name: str, flags: int) -> int:
        if not swaps:  # once, between the look and the open
            swaps.append(name)
            os.unlink(self.path / name)
            os.symlink(secret, self.path / name)
        return real_open(self, name, flags)

    monkeypatch.setattr(kind, "open", swap_then_open)
    with pytest.raises(SymlinkRefused):
        storage.read_bounded(path)
    assert swaps == ["progress.json"] and secret.read_text().startswith('{"format_version": 1, "modules"')


@pytest.mark.parametrize("posix", [True, False], ids=["posix", "without-posix"])
def test_a_file_replaced_by_a_rename_while_it_is_opened_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, posix: bool
) -> None:
    """Another session's atomic replace between the look and the open is not taken for a link."""
    if not posix:
        take_posix_away(monkeypatch)
    path = tmp_path / "progress.json"
    path.write_text('{"format_version": 1}')
    kind = storage.DescriptorDirectory if posix else storage.Directory
    real_open = kind.open
    swaps = []

    def replace_then_open(self, name: str, flags: int) -> int:
        if not swaps:
            swaps.append(name)
            newer = self.path / "newer.json"
            newer.write_text('{"format_version": 1, "modules": {}}')
            os.replace(newer, self.path / name)
        return real_open(self, name, flags)

    monkeypatch.setattr(kind, "open", replace_then_open)
    assert storage.read_bounded(path) == b'{"format_version": 1, "modules": {}}'


def test_without_posix_two_sessions_share_one_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The lock (filelock) and SQLite's own locking are what keep two sessions apart there too."""
    take_posix_away(monkeypatch)
    path = tmp_path / "progress.json"
    first, second = ProgressStore(path), ProgressStore(path)
    first.draft("m", "quiz"), second.draft("m", "quiz")
    first.keep_draft("m", "quiz", {"q1": 1})
    second.keep_draft("m", "quiz", {"q2": 2})
    second.mark_visited("m", "a")
    assert ProgressStore(path).draft("m", "quiz") == {"q1": 1, "q2": 2}
    assert first.close() == 0 and second.close() == 0
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["progress.sqlite3", "progress.sqlite3.lock"]
    assert StorePaths(path).database.stat().st_size > 0


@pytest.mark.parametrize(
    ("tag", "link"),
    [(0xA000000C, True), (0xA0000003, True), (0x9000001A, False), (0x80000017, False), (0, False)],
    ids=["symbolic-link", "junction", "onedrive-file", "deduplicated-file", "none"],
)
def test_a_windows_reparse_point_naming_another_place_is_a_link(tag: int, link: bool) -> None:
    """On Windows, `os.lstat` tells links by their reparse tag: a junction is refused as a symbolic link
    is, a file kept by OneDrive or deduplication (other reparse points) is a file."""
    import stat
    from types import SimpleNamespace

    found = SimpleNamespace(st_mode=stat.S_IFREG | 0o666, st_reparse_tag=tag, st_size=1, st_dev=1, st_ino=2)
    assert storage._found(found).kind == ("link" if link else "file")


def test_without_o_nofollow_the_error_log_is_not_written_through_a_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tutor.system import errorlog

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    log = errorlog.log_file()
    log.parent.mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("mine\n")
    log.symlink_to(elsewhere)
    monkeypatch.setattr(errorlog, "_FLAGS", errorlog._FLAGS & ~os.O_NOFOLLOW)  # as imported on Windows
    monkeypatch.delattr(os, "O_NOFOLLOW")
    where = errorlog.log_exception(ValueError("not through the link"))
    assert where.startswith("(no log:") and elsewhere.read_text() == "mine\n"
