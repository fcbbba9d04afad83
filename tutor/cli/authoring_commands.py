"""`cnn-tutor new course|module|lesson`: files an instructor starts from, that `validate` accepts.

Each file begins with the `# yaml-language-server: $schema=` line naming the JSON Schema shipped
in the package (`content/json_schema.py`), so that an editor completes and checks it as it is
typed, and explains each key in a comment (in the language of `--lang`). Its first texts are given
in every language of the course. A new module or lesson is also listed where it belongs (the
course's `modules`, the module's `lessons`), by inserting one line into the file as it is, so the
author's comments and layout stay. Nothing is ever overwritten.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from tutor.cli.common import UserError, language
from tutor.content import schema as s
from tutor.text.i18n import Messages, available_languages

IDENTIFIER = re.compile(s.IDENTIFIER)
LANGUAGE = re.compile(s.LANGUAGE)
DEFAULT_LANGUAGES = ("en", "fr")
FIRST_LESSON = "01-introduction.yaml"


def cmd_new(args: argparse.Namespace) -> int:
    messages = Messages(language(args))
    path = Path(args.path)
    made = {"course": _new_course, "module": _new_module, "lesson": _new_lesson}[args.what](path, args, messages)
    for line in made.said:
        print(line)
    print(messages("authoring.next_step", course=made.course, lesson=made.lesson))
    return 0


class _Made:
    """What `new` did: lines to print, and the course and lesson to check next."""

    def __init__(self, messages: Messages) -> None:
        self.messages = messages
        self.said: list[str] = []
        self.course = Path()
        self.lesson = Path()

    def write(self, path: Path, text: str) -> None:
        if path.exists():
            raise UserError(self.messages("authoring.exists", path=path))
        path.write_text(text, encoding="utf-8")
        self.said.append(self.messages("authoring.wrote", path=path))


def _new_course(path: Path, args: argparse.Namespace, messages: Messages) -> _Made:
    languages = _languages(args.languages, messages)
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise UserError(messages("authoring.not_empty", path=path))
    made = _Made(messages)
    (path / "module1").mkdir(parents=True, exist_ok=True)
    made.write(path / "course.yaml", course_text(languages, messages))
    made.write(path / "module1" / "module.yaml", module_text("module1", 1, languages, messages))
    made.write(path / "module1" / FIRST_LESSON, lesson_text("module1-introduction", languages, messages))
    made.course, made.lesson = path, path / "module1" / FIRST_LESSON
    return made


def _new_module(path: Path, args: argparse.Namespace, messages: Messages) -> _Made:
    course = path.parent
    course_file = course / "course.yaml"
    if not course_file.is_file():
        raise UserError(messages("authoring.no_course", path=course))
    module_id = _identifier(path.name, messages)
    if path.exists():
        raise UserError(messages("authoring.exists", path=path))
    text = course_file.read_text(encoding="utf-8")
    top = _top(text)
    languages = tuple(top.get("languages") or DEFAULT_LANGUAGES)
    number = len(top.get("modules") or ()) + 1
    made = _Made(messages)
    text = _append(text, "modules", path.name, course_file, messages)
    if isinstance(top.get("total_modules"), int) and number > top["total_modules"]:
        text = _replace_scalar(text, "total_modules", str(number))
        made.said.append(messages("authoring.raised_total", total=number, path=course_file))
    path.mkdir()
    made.write(path / "module.yaml", module_text(module_id, number, languages, messages))
    made.write(path / FIRST_LESSON, lesson_text(f"{module_id}-introduction", languages, messages))
    course_file.write_text(text, encoding="utf-8")
    made.said.append(messages("authoring.added", name=path.name, path=course_file))
    made.course, made.lesson = course, path / FIRST_LESSON
    return made


def _new_lesson(path: Path, args: argparse.Namespace, messages: Messages) -> _Made:
    module_file = path.parent / "module.yaml"
    if not module_file.is_file():
        raise UserError(messages("authoring.no_module", path=path.parent))
    if path.suffix not in (".yaml", ".yml"):
        path = path.with_name(path.name + ".yaml")
    if not re.fullmatch(s.FILE_NAME, path.name):
        raise UserError(messages("authoring.bad_id", name=path.name))
    lesson_id = _identifier(re.sub(r"^[0-9]+[-_.]", "", path.stem), messages)
    course = path.parent.parent
    languages = DEFAULT_LANGUAGES
    if (course / "course.yaml").is_file():
        languages = tuple(_top((course / "course.yaml").read_text(encoding="utf-8")).get("languages") or languages)
    made = _Made(messages)
    text = _append(module_file.read_text(encoding="utf-8"), "lessons", path.name, module_file, messages)
    made.write(path, lesson_text(lesson_id, languages, messages))
    module_file.write_text(text, encoding="utf-8")
    made.said.append(messages("authoring.added", name=path.name, path=module_file))
    made.course, made.lesson = course, path
    return made


# ---- the files ---------------------------------------------------------------------------------


def course_text(languages: tuple[str, ...], messages: Messages) -> str:
    c = _Comments(messages)
    return "".join(
        [
            _schema_line("course", messages),
            f"# {c('course')}\n",
            f"format_version: {s.FORMAT_VERSION}{c.at('format_version')}\n",
            f'version: "1.0"{c.at("version")}\n',
            f"title: {_texts('course_title', languages)}{c.at('title')}\n",
            f"languages: [{', '.join(languages)}]{c.at('languages')}\n",
            f"total_modules: 1{c.at('total_modules')}\n",
            f"modules:{c.at('modules')}\n",
            "  - module1\n",
            f"# glossary: glossary.yaml{c.at('glossary')}\n",
        ]
    )


def module_text(module_id: str, number: int, languages: tuple[str, ...], messages: Messages) -> str:
    c = _Comments(messages)
    return "".join(
        [
            _schema_line("module", messages),
            f"# {c('module')}\n",
            f"id: {module_id}{c.at('id_module')}\n",
            f"number: {number}{c.at('number')}\n",
            f"title: {_texts('module_title', languages)}\n",
            f"level: {_texts('module_level', languages)}{c.at('level')}\n",
            f"duration: {_texts('module_duration', languages)}{c.at('duration')}\n",
            f"objective: {_texts('module_objective', languages)}{c.at('objective')}\n",
            f"# previous: {{{', '.join(f'{lang}: …' for lang in languages)}}}{c.at('previous')}\n",
            f"# next: {{{', '.join(f'{lang}: …' for lang in languages)}}}{c.at('next')}\n",
            f"lessons:{c.at('lessons')}\n",
            f"  - {FIRST_LESSON}\n",
        ]
    )


def lesson_text(lesson_id: str, languages: tuple[str, ...], messages: Messages) -> str:
    c = _Comments(messages)
    body = "".join(
        f"      {lang}: |\n"
        + "".join(f"        {line}\n" if line else "\n" for line in _text(lang, "lesson_text").splitlines())
        for lang in languages
    )
    return "".join(
        [
            _schema_line("lesson", messages),
            f"# {c('lesson')}\n",
            f"id: {lesson_id}{c.at('id_lesson')}\n",
            f"title: {_texts('lesson_title', languages)}\n",
            f"# references:{c.at('references')}\n",
            '#   - "Author, A. (2024). Title. Venue."\n',
            f"blocks:{c.at('blocks')}\n",
            f"  - text:{c.at('text')}\n",
            body,
            f"  - callout:{c.at('callout')}\n",
            "      style: tip\n",
            f"      title: {_texts('callout_title', languages)}\n",
            f"      body: {_texts('callout_body', languages)}\n",
            f"  - quiz:{c.at('quiz')}\n",
            f"      id: {lesson_id}-quiz\n",
            f"      title: {_texts('quiz_title', languages)}\n",
            "      questions:\n",
            f"        - id: {lesson_id}-q1\n",
            f"          lesson: {lesson_id}\n",
            f"          prompt: {_texts('question_prompt', languages)}\n",
            f"          options:{c.at('options')}\n",
            f"            - text: {_texts('option_wrong', languages)}\n",
            f"              why: {_texts('option_wrong_why', languages)}\n",
            f"            - text: {_texts('option_right', languages)}\n",
            f"          answer: 1{c.at('answer')}\n",
            f"          explanation: {_texts('question_explanation', languages)}\n",
        ]
    )


class _Comments:
    def __init__(self, messages: Messages) -> None:
        self.messages = messages

    def __call__(self, key: str) -> str:
        return self.messages(f"authoring.c_{key}")

    def at(self, key: str) -> str:
        """A comment at the end of a line."""
        return f"   # {self(key)}"


def _schema_line(name: str, messages: Messages) -> str:
    from tutor.content.json_schema import schema_path

    return f"# yaml-language-server: $schema={schema_path(name).as_uri()}\n# {messages('authoring.c_schema')}\n"


def _text(lang: str, key: str) -> str:
    """A first text in `lang`: ours when the interface speaks it, else the English one to translate."""
    return Messages(lang if lang in available_languages() else "en")(f"authoring.{key}")


def _texts(key: str, languages: tuple[str, ...]) -> str:
    # A JSON string is a YAML double-quoted string: no quoting rule of YAML's to get wrong.
    return "{" + ", ".join(f"{lang}: {json.dumps(_text(lang, key), ensure_ascii=False)}" for lang in languages) + "}"


def _languages(text: str | None, messages: Messages) -> tuple[str, ...]:
    if text is None:
        return DEFAULT_LANGUAGES
    codes = tuple(code.strip() for code in text.split(","))
    if (
        not codes
        or len(set(codes)) < len(codes)
        or len(codes) > s.MAX_LANGUAGES
        or not all(LANGUAGE.fullmatch(code) for code in codes)
    ):
        raise UserError(messages("authoring.bad_languages", text=text))
    return codes


def _identifier(name: str, messages: Messages) -> str:
    if not IDENTIFIER.fullmatch(name):
        raise UserError(messages("authoring.bad_id", name=name))
    return name


# ---- editing a YAML file in place: one line in, comments and layout kept --------------------------


def _top(text: str) -> dict:
    import yaml

    from tutor.system.yaml_loader import SafeLoader

    try:
        data = yaml.load(text, Loader=SafeLoader)
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def _value_node(text: str, key: str):  # -> yaml.Node | None (yaml is imported only when needed)
    import yaml

    from tutor.system.yaml_loader import SafeLoader

    try:
        top = yaml.compose(text, Loader=SafeLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(top, yaml.MappingNode):
        return None
    return next((value for name, value in top.value if isinstance(name, yaml.ScalarNode) and name.value == key), None)


def _append(text: str, key: str, name: str, path: Path, messages: Messages) -> str:
    """`text` with `name` added at the end of the list under `key`."""
    import yaml

    node = _value_node(text, key)
    if not isinstance(node, yaml.SequenceNode):
        raise UserError(messages("authoring.no_list", path=path, key=key, name=name))
    if node.flow_style:  # [a, b] -> [a, b, name]
        close = text.rindex("]", 0, node.end_mark.index)
        return text[:close] + (", " if node.value else "") + name + text[close:]
    last = node.value[-1]
    line_end = text.find("\n", last.end_mark.index)
    line_end = len(text) if line_end < 0 else line_end
    dash = " " * max(last.start_mark.column - 2, 0)
    return text[:line_end] + f"\n{dash}- {name}" + text[line_end:]


def _replace_scalar(text: str, key: str, value: str) -> str:
    node = _value_node(text, key)
    return text[: node.start_mark.index] + value + text[node.end_mark.index :]


# ---- cnn-tutor preview FILE ------------------------------------------------------------------------


def cmd_preview(args: argparse.Namespace) -> int:
    import os
    import sys

    messages = Messages(language(args))
    path = Path(args.file)
    if not path.is_file():
        raise UserError(messages("preview.not_a_file", path=path))
    root = next((each for each in path.resolve().parents[:2] if (each / "course.yaml").is_file()), None)
    if root is None:
        raise UserError(messages("preview.no_course", path=path))
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UserError(messages("cli.no_terminal"))
    from tutor.cli.terminal import terminal_mode

    mode = terminal_mode(os.environ, args.ascii)
    if not mode.usable:
        raise UserError(messages("cli.dumb_terminal", term=os.environ.get("TERM") or "?"))
    languages = tuple(_top((root / "course.yaml").read_text(encoding="utf-8")).get("languages") or ())
    lang = language(args, languages) if languages else language(args)
    if languages and lang not in languages:
        lang = languages[0]
    from tutor.app.preview import PreviewApp

    PreviewApp(root, path, lang, ascii_only=mode.ascii).run()
    return 0
