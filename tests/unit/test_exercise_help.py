"""The exercise commands' help is in the student's language (the command line passes its `Messages`)."""

from __future__ import annotations

import argparse

import pytest

from tutor.cli.exercise_commands import add_parsers
from tutor.text.i18n import Messages


def help_of(lang: str | None, command: str) -> str:
    parser = argparse.ArgumentParser(prog="cnn-tutor")
    commands = parser.add_subparsers(dest="command")
    add_parsers(commands, argparse.ArgumentParser(add_help=False), Messages(lang) if lang else None)
    return commands.choices[command].format_help()


@pytest.mark.parametrize(
    ("lang", "command", "words"),
    [
        (None, "exercises", ["List the hands-on exercises and their status.", "--check", "check the files changed"]),
        ("en", "hint", ["Show the next hint of an exercise.", "show hint N (default: the next one)"]),
        (
            "fr",
            "hint",
            ["Afficher l'indice suivant d'un exercice.", "afficher l'indice N (par défaut\u00a0: le suivant)"],
        ),
        ("fr", "watch", ["scruter les changements", "vos fichiers d'exercices"]),
        ("fr", "reset-exercise", ["Remettre le fichier de départ d'un exercice.", "ne pas demander de confirmation"]),
    ],
)
def test_each_command_says_what_it_does_in_the_language_asked(lang: str | None, command: str, words: list[str]) -> None:
    text = " ".join(help_of(lang, command).split())  # argparse wraps at its own width
    for word in words:
        assert " ".join(word.split()) in text
