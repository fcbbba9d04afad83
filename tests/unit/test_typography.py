"""French typography and unbroken formulas: the rules, the fixer, and every French text of the tutor.

The rules are in `tutor.text.typography`; the renderer that keeps them is tested in
tests/unit/test_french_rendering.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import REAL_COURSE, ROOT
from tutor.text.typography import NBSP, NNBSP, file_problems, fixed, formula_problems, french_problems

LOCALES = ROOT / "tutor" / "text" / "locales"
COURSE_FILES = sorted(REAL_COURSE.rglob("*.yaml"))
FRENCH_LOCALES = sorted((LOCALES / "fr").glob("*.yaml"))


def messages(problems) -> list[str]:
    return [problem.message for problem in problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"Pourquoi{NBSP}? Parce que{NBSP}: voilà{NBSP}; enfin{NBSP}!", []),
        ("Pourquoi ? oui", ["ordinary space before '?': use a no-break space"]),
        ("Note: oui", ["no space before ':': add a no-break space"]),
        ("la suite\n: oui", ["line break before ':': a no-break space goes there"]),
        (f"«{NBSP}lot{NBSP}»", []),
        (
            "« lot »",
            ["ordinary space after '«': use a no-break space", "ordinary space before '»': use a no-break space"],
        ),
        ("«lot»", ["no space after '«': add a no-break space", "no space before '»': add a no-break space"]),
        (f"1{NNBSP}849{NNBSP}688{NNBSP}064 MAC", []),
        ("1 849 MAC", ["digits grouped by a space: use U+202F"]),
        (f"environ 79{NBSP}%", []),
        ("environ 79 %", ["ordinary space before '%': use a no-break space"]),
        ("p vaut 0.5", ["decimal point in '0.5': French writes a comma"]),
        ("p vaut 0,5 et `momentum=0.1` : https://d2l.ai/x.html", ["ordinary space before ':': use a no-break space"]),
        ("le format {label} : {text}", ["ordinary space before ':': use a no-break space"]),
        ("[AvgPool(F); MaxPool(F)]", []),
    ],
)
def test_french_rules(text: str, expected: list[str]) -> None:
    assert messages(french_problems(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"multipliés par 1/(1{NBSP}−{NBSP}p)", []),
        ("multiplied by 1/(1 − p)", ["ordinary space next to an operator: use a no-break space"] * 2),
        (f"k_eff{NBSP}={NBSP}k{NBSP}+{NBSP}(k{NBSP}−{NBSP}1)(d{NBSP}−{NBSP}1)", []),
        (
            "y = F(x)\n+ x",
            ["ordinary space next to an operator: use a no-break space"] * 2
            + [
                "line break next to an operator: keep the formula on one line",
                "ordinary space next to an operator: use a no-break space",
            ],
        ),
        (
            "y = F(x) - x",
            ["ordinary space next to an operator: use a no-break space"] * 2
            + ["hyphen between spaces: write '−' (U+2212) for a minus, '—' for a dash"],
        ),
        ("conv → BN → ReLU, a well-known pair — of words", []),
        ("a pair - of words", ["hyphen between spaces: write '−' (U+2212) for a minus, '—' for a dash"]),
        ("the key `-` and the key `+`", []),
    ],
)
def test_formula_rules(text: str, expected: list[str]) -> None:
    assert messages(formula_problems(text)) == expected


def test_fixing_replaces_spaces_only_and_leaves_nothing_fixable() -> None:
    text = "« Pourquoi ? » : 1 849 688 064 MAC, soit 1/(1 − p) ; 79 %"
    result = fixed(text, french_problems(text))
    assert len(result) == len(text) and result.replace(NBSP, " ").replace(NNBSP, " ") == text
    assert [problem for problem in french_problems(result) if problem.fix] == []
    assert (
        result
        == f"«{NBSP}Pourquoi{NBSP}?{NBSP}»{NBSP}: 1{NNBSP}849{NNBSP}688{NNBSP}064 MAC, soit 1/(1{NBSP}−{NBSP}p){NBSP}; 79{NBSP}%"
    )


def test_the_file_fixer_edits_french_texts_in_place_and_keeps_the_yaml(tmp_path: Path) -> None:
    source = (
        "title:\n  fr: Pourquoi ça marche ? Bonne question\n  en: Why does it work? Good question\n"
        "body:\n  fr: |\n    Une « note » de 1 024 valeurs,\n    soit 1/(1 − p) : voilà.\n"
        "  en: |\n    A note of 1,024 values, that is 1/(1 − p).\n"
        "id: q-why\n"
        "caption:\n  fr: >-\n    Texte plié sur deux\n    lignes : il reste un espace.\n"
        'quoted: {fr: "il dit \\"oui\\" : bien", en: "he says yes"}\n'
    )
    path = tmp_path / "lesson.yaml"
    path.write_text(source, encoding="utf-8")
    before = yaml.safe_load(source)
    assert file_problems(path, fix=True) == []
    after = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert after["id"] == before["id"] and after["title"]["en"] == before["title"]["en"]
    assert after["title"]["fr"] == f"Pourquoi ça marche{NBSP}? Bonne question"
    assert (
        after["body"]["fr"]
        == f"Une «{NBSP}note{NBSP}» de 1{NNBSP}024 valeurs,\nsoit 1/(1{NBSP}−{NBSP}p){NBSP}: voilà.\n"
    )
    assert after["body"]["en"] == f"A note of 1,024 values, that is 1/(1{NBSP}−{NBSP}p).\n"
    assert after["caption"]["fr"] == f"Texte plié sur deux lignes{NBSP}: il reste un espace."
    assert after["quoted"]["fr"] == f'il dit "oui"{NBSP}: bien'


def test_a_line_break_that_should_be_a_no_break_space_is_reported_with_its_place(tmp_path: Path) -> None:
    path = tmp_path / "lesson.yaml"
    path.write_text("caption:\n  fr: >-\n    Une phrase pliée juste avant le\n    ? point.\n", encoding="utf-8")
    found = file_problems(path, fix=True)
    assert [(problem.line, problem.message) for problem in found] == [(3, "line break before '?': move it")]


@pytest.mark.parametrize("path", COURSE_FILES, ids=lambda path: path.name)
def test_every_course_text_is_typeset(path: Path) -> None:
    """French texts follow French typography; formulas, in every language, are never broken."""
    problems = file_problems(path)
    assert not problems, "\n".join(map(str, problems[:20])) + "\n(python -m tutor.text.typography --fix fixes most)"


@pytest.mark.parametrize("path", FRENCH_LOCALES, ids=lambda path: path.name)
def test_every_french_interface_string_is_typeset(path: Path) -> None:
    problems = file_problems(path)
    assert not problems, "\n".join(map(str, problems[:20])) + "\n(python -m tutor.text.typography --fix fixes most)"


def test_the_french_texts_use_the_typographic_spaces() -> None:
    """Not a vacuous pass: the course and the interface hold plenty of both no-break spaces."""
    text = "".join(path.read_text(encoding="utf-8") for path in [*COURSE_FILES, *FRENCH_LOCALES])
    assert text.count(NBSP) > 1000 and text.count(NNBSP) > 50
