"""`cnn-tutor search`, `cnn-tutor glossary`, and bookmarks in `progress --json`, run as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import FIXTURE_COURSE
from tests.e2e.test_cli import assert_clean, run


def spaced(text: str) -> str:
    """French output with its no-break spaces read as spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def env(tmp_path: Path) -> dict[str, str]:
    return {
        "CNN_TUTOR_PROGRESS": str(tmp_path / "progress.json"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "COLUMNS": "80",
    }


def test_search_finds_french_words_typed_without_accents(tmp_path: Path) -> None:
    result = run("search", "regularisation", "--lang", "fr", cwd=tmp_path, env=env(tmp_path))
    assert result.returncode == 0, result.stderr
    lines = spaced(result.stdout).splitlines()
    assert lines[0].startswith("« regularisation » : ") and "occurrences dans" in lines[0] and "(français)" in lines[0]
    assert "5. Dropout et ses variantes  [dropout]" in lines
    matches = [line for line in lines if line.startswith("   ")]
    assert matches and all("égularisation" in line for line in matches)
    assert all(len(line) <= 80 for line in lines)
    assert lines[-1] == "Pour lire une leçon : cnn-tutor show IDENTIFIANT"
    assert_clean(result)


def test_search_takes_several_words_as_a_phrase_in_the_language_asked(tmp_path: Path) -> None:
    result = run("search", "BATCH", "norm", "--lang", "en", cwd=tmp_path, env=env(tmp_path))
    assert result.returncode == 0 and result.stdout.startswith("“BATCH norm”: ")
    assert "2. Batch normalisation  [batch-norm]" in result.stdout
    assert all("batch norm" in line.lower() for line in result.stdout.splitlines() if line.startswith("   "))


def test_search_without_a_match_says_so_and_exits_1(tmp_path: Path) -> None:
    result = run("search", "zzyzx\x1b[31m", "--lang", "en", cwd=tmp_path, env=env(tmp_path))
    assert result.returncode == 1 and result.stdout == ""
    assert (
        result.stderr == "cnn-tutor: no match for “zzyzx\\x1b[31m” in the course (English)\n"
    )  # the query is shown, never obeyed


def test_search_ascii_prints_only_ascii(tmp_path: Path) -> None:
    result = run("search", "regularisation", "--lang", "fr", "--ascii", cwd=tmp_path, env=env(tmp_path))
    assert result.returncode == 0 and result.stdout.isascii() and "regularisation" in result.stdout


def test_search_needs_words(tmp_path: Path) -> None:
    result = run("search", cwd=tmp_path, env=env(tmp_path))
    assert result.returncode == 2 and "WORDS" in result.stderr


def test_glossary_finds_a_term_by_its_start_without_accents(tmp_path: Path) -> None:
    result = run("glossary", "régul", "--lang", "fr", cwd=tmp_path, env=env(tmp_path))
    assert result.returncode == 0, result.stderr
    lines = spaced(result.stdout).splitlines()
    assert lines[0] == "régularisation (anglais : regularisation)"
    assert lines[1].startswith("    ") and "    Enseigné dans :" in lines
    assert "      5. Dropout et ses variantes  [dropout]" in lines
    same = run("glossary", "REGUL", "--lang", "fr", cwd=tmp_path, env=env(tmp_path))
    assert same.stdout == result.stdout


def test_glossary_lists_every_term_with_its_translation(tmp_path: Path) -> None:
    from tutor.content.loader import load_course
    from tutor.system.paths import bundled_lessons

    terms = load_course(bundled_lessons()).glossary.terms
    result = run("glossary", "--lang", "en", cwd=tmp_path, env=env(tmp_path))
    assert result.returncode == 0
    entries = result.stdout.strip().split("\n\n")
    assert len(entries) == len(terms)
    assert entries[0].splitlines()[0] == "batch (French: lot)"
    assert all("Taught in:" in entry for entry in entries)


def test_glossary_without_a_match_or_without_a_glossary(tmp_path: Path) -> None:
    result = run("glossary", "zzyzx", cwd=tmp_path, env=env(tmp_path))
    assert result.returncode == 1 and result.stdout == "" and "zzyzx" in result.stderr
    result = run("--lessons", str(FIXTURE_COURSE), "glossary", cwd=tmp_path, env=env(tmp_path))
    assert result.returncode == 2 and result.stderr == "cnn-tutor: this course has no glossary\n"


def test_progress_json_exports_the_bookmarks(tmp_path: Path) -> None:
    from tutor.progress import ProgressStore

    store = ProgressStore(tmp_path / "progress.json")
    mark = store.add_bookmark("module3", "dropout", 2, 0.5, 0.25, "à relire")
    store.close()
    result = run("progress", "--json", cwd=tmp_path, env=env(tmp_path))
    assert result.returncode == 0, result.stderr
    saved = json.loads(result.stdout)["modules"]["module3"]["lessons"]["dropout"]["bookmarks"][mark]
    assert (saved["block"], saved["fraction"], saved["scroll"], saved["note"]) == (2, 0.5, 0.25, "à relire")
