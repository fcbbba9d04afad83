"""The wheel carries the lessons: an installed cnn-tutor finds its course from any directory."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def test_wheel_ships_the_lessons_and_runs_from_elsewhere(tmp_path: Path) -> None:
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path / "dist"), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = (tmp_path / "dist").glob("cnn_tutor-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert "tutor/lessons/course.yaml" in names
        assert any(name.startswith("tutor/lessons/module3/") for name in names)
        assert "tutor/text/locales/en/cli.yaml" in names
        assert {"tutor/lessons/exercises/exercises.yaml", "tutor/lessons/exercises/checks.yaml"} <= set(names)
        assert not any(name.startswith("tests/") for name in names)
        archive.extractall(tmp_path / "site")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, tutor.cli.main; print(tutor.cli.main.__file__); sys.exit(tutor.cli.main.main(['lessons']))",
        ],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(tmp_path / "site")},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(str(tmp_path / "site"))
    assert "introduction" in result.stdout
    # An exercise is checked from the installed copy: the checking Python finds the package and its references.
    check = subprocess.run(
        [sys.executable, "-c", "import sys, tutor.cli.main; sys.exit(tutor.cli.main.main(['exercise', 'se-block']))"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(tmp_path / "site"), "CNN_TUTOR_WORKSPACE": str(tmp_path / "work")},
    )
    assert check.returncode == 1 and "Not started: se_block still raises NotImplementedError" in check.stdout, (
        check.stderr
    )


def test_the_wheel_carries_the_browser_mode_and_complete_metadata(tmp_path: Path) -> None:
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = tmp_path.glob("cnn_tutor-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert {"tutor/web/templates/app_index.html", "tutor/web/icon.svg", "tutor/text/locales/fr/serve.yaml"} <= set(
            names
        )
        info = next(name for name in names if name.endswith(".dist-info/METADATA")).rsplit("/", 1)[0]
        metadata = archive.read(f"{info}/METADATA").decode()
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
        assert f"{info}/licenses/LICENSE" in names
    for field in (
        "License-Expression: MIT",
        "Author: cnn-tutor contributors",
        "Keywords: ",
        "Classifier: Framework :: Jupyter",
        "Provides-Extra: web",
        "Requires-Python: >=3.11",
    ):
        assert field in metadata, field
    assert "[jupyter_serverproxy_servers]\ncnn-tutor = tutor.web.jupyter:setup_cnn_tutor" in entry_points
    assert "cnn-tutor = tutor.cli.main:main" in entry_points
