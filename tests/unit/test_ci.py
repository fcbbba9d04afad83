"""CI runs exactly the README's test command, with the lint, the formatting and the type check before the tests."""

from __future__ import annotations

import re
import tomllib

from tests.conftest import ROOT


def readme_test_command() -> str:
    """The command in the first code block after "Install and run the test suite"."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("Install and run the test suite", 1)[1]
    return re.search(r"```sh\n(.*?)\n```", section, re.S).group(1).strip()


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    lines = [line for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines() if line.strip()]
    assert lines[-1] == readme_test_command()


def test_the_lint_and_the_type_check_run_before_the_tests_and_are_installed_by_the_test_extra() -> None:
    steps = [step.strip() for step in readme_test_command().split("&&")]
    lint, formatting, types = (
        steps.index(f".venv/bin/{tool}") for tool in ("ruff check", "ruff format --check", "mypy tutor")
    )
    assert lint < formatting < types < len(steps) - 1
    assert steps[-1].startswith(".venv/bin/python -m pytest -n ")
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"][
        "test"
    ]
    assert {re.split(r"[<>=]", requirement)[0] for requirement in extra} >= {"ruff", "mypy", "pytest-xdist"}
