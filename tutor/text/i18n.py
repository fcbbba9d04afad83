"""Interface strings in every language, and choosing the student's language.

Strings live in `tutor/text/locales/<lang>/<namespace>.yaml` (key → text, with `{name}` fields);
`messages("quiz.score", ...)` reads key `score` of `quiz.yaml`. All of them are read when the first
is needed, from the cache while no file has changed (start-up then does without PyYAML). Adding a
language is adding a directory there, and the same language in the course's texts.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tutor.system import cache
from tutor.system.records import Record
from tutor.text.asciify import to_ascii

LOCALES = Path(__file__).parent / "locales"
FALLBACK = "en"


def available_languages() -> tuple[str, ...]:
    return tuple(sorted(path.name for path in LOCALES.iterdir() if path.is_dir()))


def language_from_environment(env: Mapping[str, str], choices: tuple[str, ...]) -> str:
    """The language of the first set locale variable (LC_ALL, LC_MESSAGES, LANG), if offered."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            code = value.split("_")[0].split(".")[0].lower()
            return code if code in choices else _fallback(choices)
    return _fallback(choices)


def _fallback(choices: tuple[str, ...]) -> str:
    return FALLBACK if FALLBACK in choices or not choices else choices[0]


_MESSAGE_KEY = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


def is_message_key(text: str) -> bool:
    """Whether `text` names a message (`namespace.key`) rather than being one."""
    return bool(_MESSAGE_KEY.match(text))


@functools.cache
def _strings() -> dict[tuple[str, str], dict[str, str]]:
    """Every string file's texts by (language, namespace)."""
    key = cache.fingerprint(LOCALES)
    strings = _from_data(cache.read("strings", key)) if key else None
    if strings is None:
        strings = {(path.parent.name, path.stem): _read(path) for path in sorted(LOCALES.glob("*/*.yaml"))}
        if key is not None and cache.fingerprint(LOCALES) == key:  # nothing changed while they were read
            cache.write("strings", key, [[lang, namespace, texts] for (lang, namespace), texts in strings.items()])
    return strings


def _from_data(data: object) -> dict[tuple[str, str], dict[str, str]] | None:
    """The strings the cache holds, if it holds [[language, namespace, {key: text}], ...]; else None."""
    if not isinstance(data, list):
        return None
    strings = {}
    for entry in data:
        if not (
            isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str) and isinstance(entry[1], str)
        ):
            return None
        texts = entry[2]
        if not isinstance(texts, dict) or not all(isinstance(text, str) for text in texts.values()):
            return None
        strings[(entry[0], entry[1])] = texts
    return strings


def _read(path: Path) -> dict[str, str]:
    import yaml

    from tutor.system.yaml_loader import SafeLoader

    with path.open(encoding="utf-8") as stream:
        return yaml.load(stream, Loader=SafeLoader) or {}


def _namespace(lang: str, namespace: str) -> dict[str, str]:
    return _strings().get((lang, namespace), {})


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Messages(Record):
    """Interface strings in one language: `messages("namespace.key", name=value)`.

    A key missing in this language falls back to English, then to the key itself. With `ascii`
    (`--ascii`), every string it makes is plain ASCII: accents dropped, symbols spelled out, and
    the " · " that separates the items of a header or a status line written " | ". Immutable: the
    app makes the one for its language of the moment (`TutorApp.messages`).
    """

    lang: str
    ascii: bool = False

    def __call__(self, key: str, /, **fields: object) -> str:
        namespace, _, name = key.partition(".")
        text = _namespace(self.lang, namespace).get(name) or _namespace(FALLBACK, namespace).get(name, key)
        if self.ascii:
            text = ascii_template(text)
            return to_ascii(text.format(**fields)) if fields else text
        return text.format(**fields) if fields else text

    def plural(self, key: str, count: float, /, **fields: object) -> str:
        """The form of `key` for `count` by the language's plural rules: `key_one`, `key_other`…

        French counts 0 and 1 as singular, English only 1 (CLDR rules, through Babel). `count`
        is among the fields.
        """
        from tutor.text.formats import plural_form

        form = plural_form(self.lang, count)
        keys = [f"{key}_{form}", f"{key}_other"] if form != "other" else [f"{key}_other"]
        for candidate in keys:
            text = self(candidate, count=count, **fields)
            if text != candidate:
                return text
        return self(key, count=count, **fields)

    def describe(self, text: str) -> str:
        """A binding description: translated when it is a message key, else as it is."""
        return self(text) if is_message_key(text) else self.spell(text)

    def spell(self, text: str) -> str:
        """`text`, made elsewhere (a number, a key's name), in this character set."""
        return to_ascii(text) if self.ascii else text


SEPARATOR = " · "
"""Between the items of a header or a status line, in the interface strings (never a product there)."""


@functools.lru_cache(maxsize=4096)
def ascii_template(text: str) -> str:
    """An interface string in ASCII: its separators " | ", the rest spelled out by `to_ascii`."""
    return to_ascii(text.replace(SEPARATOR, " | "))
