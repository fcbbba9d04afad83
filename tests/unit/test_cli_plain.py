"""A plain `cnn-tutor [options]` is parsed without the full parser, to the same arguments."""

from __future__ import annotations

import argparse
import contextlib
import io

import pytest
from hypothesis import given, settings, strategies as st

from tutor.cli.main import build_parser, main, plain_tutor_arguments

WORDS = [
    *("--lang", "--lang=fr", "--lang=de", "en", "fr", "xx"),
    *("--ascii", "--ascii=1", "--asc", "--no-mouse", "--no"),
    *("--lessons", "--lessons=course", "lessons", "--progress", "--progress=p.json", "p.json", "-1"),
    *("--student", "--student=Ada", "Ada Lovelace", "", " ", "--stud", "--st"),
    *("--version", "-h", "--help", "--", "-", "review", "--limit", "3", "show", "serve", "--port"),
]


def full_parse(words: list[str], lang: str) -> argparse.Namespace | None:
    """What the full parser makes of `words`; None when it refuses them or exits (help, version)."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            return build_parser(lang).parse_args(words)
        except SystemExit:
            return None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=6), st.sampled_from(["en", "fr"]))
def test_the_plain_parse_agrees_with_the_full_one_on_what_it_accepts(words: list[str], lang: str) -> None:
    plain = plain_tutor_arguments(words, lang)
    if plain is not None:
        assert plain == full_parse(words, lang)


@pytest.mark.parametrize(
    "words",
    [
        [],
        ["--lang", "fr"],
        ["--lang=en", "--ascii", "--no-mouse"],
        ["--lessons", "course", "--progress=p.json"],
        ["--student", "Ada Lovelace", "--lang", "en", "--lang", "fr"],
        ["--progress", "-1"],
    ],
)
def test_a_plain_command_line_is_parsed_by_the_plain_parser(words: list[str]) -> None:
    plain = plain_tutor_arguments(words, "en")
    assert plain is not None
    assert plain == full_parse(words, "en")


@pytest.mark.parametrize(
    "words",
    [
        ["lessons"],
        ["review", "--limit", "3"],
        ["--help"],
        ["-h"],
        ["--version"],
        ["--asc"],  # abbreviations are the full parser's: it knows every option they could stand for
        ["--lang", "xx"],
        ["--student", ""],
        ["--lessons"],
        ["--"],
        ["extra"],
    ],
)
def test_anything_else_is_left_to_the_full_parser(words: list[str]) -> None:
    assert plain_tutor_arguments(words, "en") is None


@pytest.mark.parametrize("words", [["--lang", "xx"], ["--student", ""], ["--asc=1"], ["--lessons"]])
def test_mistakes_are_told_by_the_full_parser(
    words: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    with pytest.raises(SystemExit) as plain_exit:
        main(words)
    told = capsys.readouterr()
    with pytest.raises(SystemExit) as full_exit:
        build_parser("en").parse_args(words)
    assert plain_exit.value.code == full_exit.value.code == 2
    assert told == capsys.readouterr()
    assert "error:" in told.err
