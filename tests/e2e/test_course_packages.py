"""Courses installed as packages: found through the `cnn_tutor.courses` entry points, as pip installs them.

The packages here are real distributions on the path (a `*.dist-info` with its entry_points.txt),
so `importlib.metadata` finds them exactly as it finds a pip-installed course.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import FIXTURE_COURSE
from tests.e2e.test_cli import assert_clean, run


def install(site: Path, distribution: str, entry_points: str, package: str | None = None) -> None:
    """A distribution in `site`: its metadata and entry points, and `package` holding the fixture course."""
    info = site / f"{distribution}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {distribution}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[cnn_tutor.courses]\n{entry_points}\n", encoding="utf-8")
    if package is not None:
        shutil.copytree(FIXTURE_COURSE, site / package)
        (site / package / "__init__.py").write_text("", encoding="utf-8")


def test_an_installed_course_is_listed_and_named_by_lessons(tmp_path: Path) -> None:
    site = tmp_path / "site"
    install(site, "vision101", "vision-101 = vision101_course", package="vision101_course")
    install(site, "broken_course", "broken = no_such_module_here")
    env = {"PYTHONPATH": f"{site}:{Path(__file__).resolve().parents[2]}"}

    listed = run("courses", cwd=tmp_path, env=env)
    assert_clean(listed)
    assert listed.returncode == 0
    lines = listed.stdout.splitlines()
    assert lines[0].startswith("(bundled)")
    assert any(line.startswith("vision-101  Test course  (package vision101)") for line in lines), lines
    assert any(
        line.startswith("broken  cannot be opened: no_such_module_here: ModuleNotFoundError") for line in lines
    ), lines

    shown = run("lessons", "--lessons", "vision-101", cwd=tmp_path, env=env)
    assert_clean(shown)
    assert shown.returncode == 0 and "Module 1/2: The basics  [basics]" in shown.stdout

    checked = run("validate", "vision-101", cwd=tmp_path, env=env)
    assert checked.returncode == 0 and "valid (1 module, 3 lessons" in checked.stdout

    broken = run("lessons", "--lessons", "broken", cwd=tmp_path, env=env)
    assert_clean(broken)
    assert broken.returncode == 2 and "the installed course 'broken' cannot give its directory" in broken.stderr

    unknown = run("lessons", "--lessons", "nothing-by-that-name", cwd=tmp_path, env=env)
    assert_clean(unknown)
    assert unknown.returncode == 2 and "not a directory" in unknown.stderr


def test_a_directory_wins_over_a_course_of_the_same_name(tmp_path: Path) -> None:
    site = tmp_path / "site"
    install(site, "vision101", "course = vision101_course", package="vision101_course")
    shutil.copytree(FIXTURE_COURSE, tmp_path / "course")
    module = tmp_path / "course" / "basics" / "module.yaml"
    module.write_text(
        module.read_text(encoding="utf-8").replace("en: The basics", "en: Local basics"), encoding="utf-8"
    )
    env = {"PYTHONPATH": f"{site}:{Path(__file__).resolve().parents[2]}"}
    local = run("lessons", "--lessons", "course", cwd=tmp_path, env=env)
    assert local.returncode == 0 and "Local basics" in local.stdout
    installed = run("lessons", "--lessons", "course", cwd=site, env=env)  # no directory 'course' there
    assert installed.returncode == 0 and "The basics" in installed.stdout
