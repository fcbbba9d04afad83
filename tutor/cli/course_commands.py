"""`cnn-tutor lessons`, `show` and `validate`: the course from the command line."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from tutor.cli.common import USAGE_ERROR, UserError, course_root, language, load, write
from tutor.system.paths import bundled_lessons
from tutor.text.i18n import Messages

if TYPE_CHECKING:
    from tutor.content.model import Course, Lesson, Module


def cmd_lessons(args: argparse.Namespace) -> int:
    course, lang = load(args)
    messages = Messages(lang)
    lines = []
    for module in course.modules:
        title = module.title.get(lang)
        lines.append(
            messages("cli.lessons_module", number=module.number, total=course.total_modules, title=title, id=module.id)
        )
        width = max(len(lesson.id) for lesson in module.lessons)
        for index, lesson in enumerate(module.lessons, 1):
            lines.append(f"  {index:2}. {lesson.id:<{width}}  {lesson.title.get(lang)}")
    write("\n".join(lines) + "\n", args.ascii)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from tutor.content.plain import render_lesson

    course, lang = load(args)
    found = course.find_lesson(args.lesson) or _numbered_lesson(course, args.lesson)
    if found is None:
        raise UserError(Messages(lang)("cli.unknown_lesson", lesson=args.lesson))
    write(render_lesson(*found, lang, Messages(lang)), args.ascii)
    return 0


def _numbered_lesson(course: Course, number: str) -> tuple[Module, Lesson] | None:
    """The lesson listed as `number` by `cnn-tutor lessons`, if one module only has it."""
    if not number.isdigit():
        return None
    position = int(number)
    found = [
        (module, module.lessons[position - 1]) for module in course.modules if 1 <= position <= len(module.lessons)
    ]
    return found[0] if len(found) == 1 else None


def cmd_validate(args: argparse.Namespace) -> int:
    from tutor.content.errors import LoadError
    from tutor.content.loader import load_course

    messages = Messages(language(args))
    status = 0
    for given in args.dirs or [args.lessons]:
        root = course_root(given, args)
        try:
            course = load_course(root, exercise_checks=True)
        except LoadError as error:
            status = USAGE_ERROR
            for problem in error.problems:
                print(problem, file=sys.stderr)
            print(
                messages("cli.invalid", path=root, problems=messages.plural("cli.problems", len(error.problems))),
                file=sys.stderr,
            )
            continue
        lessons = [lesson for module in course.modules for lesson in module.lessons]
        counts = dict(modules=len(course.modules), lessons=len(lessons), questions=len(course.questions()))
        print(
            messages(
                "cli.valid",
                path=root,
                **{name: messages.plural(f"cli.{name}", count) for name, count in counts.items()},
            )
        )
    return status


def cmd_courses(args: argparse.Namespace) -> int:
    """The bundled course and every course installed as a package, with the name --lessons takes."""
    from tutor.content.packages import CoursePackageError, installed_courses

    lang = language(args)
    messages = Messages(lang)
    lines = [messages("cli.courses_bundled", title=_title(bundled_lessons(), lang, messages), path=bundled_lessons())]
    for course in installed_courses():
        try:
            root = course.directory()
        except CoursePackageError as error:
            lines.append(
                messages("cli.courses_broken", name=course.name, distribution=course.distribution, why=str(error))
            )
            continue
        lines.append(
            messages(
                "cli.courses_line",
                name=course.name,
                title=_title(root, lang, messages),
                distribution=course.distribution,
                path=root,
            )
        )
    if len(lines) == 1:
        lines.append(messages("cli.courses_none"))
    from tutor.text.sanitise import visible

    write("\n".join(visible(line) for line in lines) + "\n", args.ascii)
    return 0


def _title(root, lang: str, messages: Messages) -> str:
    """The course's title in `lang` (else its first language), or why it cannot be loaded."""
    from tutor.content.cached import load_course_cached
    from tutor.content.errors import LoadError

    try:
        course = load_course_cached(root)
    except LoadError as error:
        return messages("cli.courses_invalid", problems=messages.plural("cli.problems", len(error.problems)))
    return course.title.get(lang if lang in course.languages else course.languages[0])
