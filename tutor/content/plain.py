"""A lesson as plain text: for a pipe, a screen reader or a dumb terminal (`cnn-tutor show`).

Clean text a screen reader reads as prose: no Markdown markers (`**`, `*`, backquotes, `##`
headings, `===` underlines, `|` quote bars); a heading is a line of its own, a callout's text is
indented under its label.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from tutor.content import model as m
from tutor.text.i18n import Messages


def render_lesson(module: m.Module, lesson: m.Lesson, lang: str, messages: Messages) -> str:
    """The whole lesson as text; quiz questions are listed without their answers."""
    position = module.lesson_index(lesson.id) + 1
    title = lesson.title.get(lang)
    heading = messages(
        "show.heading",
        number=module.number,
        module=module.title.get(lang),
        position=position,
        count=len(module.lessons),
    )
    lines = [heading, "", title, ""]
    for block in lesson.blocks:
        lines.extend(block_lines(block, lang, messages))
        lines.append("")
    if lesson.references:
        lines.append(messages("show.references"))
        lines.extend(f"  - {reference}" for reference in lesson.references)
    return "\n".join(lines).rstrip() + "\n"


def block_lines(block: m.Block, lang: str, messages: Messages) -> list[str]:
    """One block's lines, as `render_lesson` gives them."""
    return list(_BlockText(lang, messages).render(block))


_MARKS = re.compile(r"\*\*(.+?)\*\*|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])|`([^`]+)`", re.S)
"""Inline Markdown as the lesson views read it (widgets/blocks/inline.py), across line ends."""
_HEADINGS = re.compile(r"(?m)^#{1,6}[ \t]+")
"""A heading's hashes, at the start of a line of prose."""


_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_RULE = re.compile(r"^\s*\|[\s:|-]*-[\s:|-]*\|\s*$")
"""A Markdown table's row, and the rule under its header."""


def _table_row(line: str) -> str:
    """A table row with its cells side by side, aligned as written, without the bars."""
    row = _ROW.match(line)
    return row.group(1).replace("|", " ").rstrip() if row else line


def unmarked(text: str) -> str:
    """`text` without its inline Markdown markers: **bold**, *italic* and `code` become their words."""
    text = _HEADINGS.sub("", text)
    if "|" in text:
        text = "\n".join(_table_row(line) for line in text.split("\n") if not _RULE.match(line))
    return _MARKS.sub(lambda match: next(group for group in match.groups() if group is not None), text)


class _BlockText:
    def __init__(self, lang: str, messages: Messages) -> None:
        self.lang = lang
        self.messages = messages

    def render(self, block: m.Block) -> Iterator[str]:
        render: Callable[[m.Block], Iterator[str]] = getattr(self, block.kind)
        return render(block)

    def _t(self, text: m.Localized | None) -> str:
        return unmarked(text.get(self.lang)) if text else ""

    def _title(self, title: m.Localized | None) -> Iterator[str]:
        if title:
            yield self._t(title)

    def text(self, block: m.TextBlock) -> Iterator[str]:
        yield self._t(block.body).rstrip()

    def formula(self, block: m.FormulaBlock) -> Iterator[str]:
        yield from self._title(block.title)
        yield f"    {self._t(block.expression)}"
        yield self.messages("show.where")
        for entry in block.legend:
            yield f"    {entry.symbol} : {self._t(entry.meaning)}"

    def list(self, block: m.ListBlock) -> Iterator[str]:
        yield from self._title(block.title)
        for number, item in enumerate(block.items, 1):
            bullet = f"{number}." if block.style == "steps" else "-"
            yield f"  {bullet} {self._t(item)}"

    def callout(self, block: m.CalloutBlock) -> Iterator[str]:
        label = self.messages(f"ui.callout_{block.style}")
        title = self.messages("ui.labelled", label=label, text=self._t(block.title)) if block.title else label
        yield title
        for line in self._t(block.body).rstrip().splitlines():
            yield f"    {line}"

    def compare(self, block: m.CompareBlock) -> Iterator[str]:
        yield from self._title(block.title)
        for column in (block.left, block.right):
            yield self.messages("ui.introducing", text=self._t(column.title))
            yield from (f"  - {self._t(item)}" for item in column.items)

    def diagram(self, block: m.DiagramBlock) -> Iterator[str]:
        yield from self._title(block.title)
        for column in block.columns:
            names = [self._t(node) for node in column.nodes]
            yield self.messages("ui.labelled", label=self._t(column.title), text=" -> ".join(names))
            for skip in column.skips:
                yield "  " + self.messages("show.skip", start=names[skip.start], end=names[skip.end])
        if block.caption:
            yield self._t(block.caption)

    def widget(self, block: m.WidgetBlock) -> Iterator[str]:
        yield self.messages("show.widget", name=block.name)
        if block.caption:
            yield f"  {self._t(block.caption)}"

    def quiz(self, block: m.QuizBlock) -> Iterator[str]:
        yield from self._title(block.title)
        for number, question in enumerate(block.questions, 1):
            yield f"{self.messages('show.question', number=number)} {self._t(question.prompt)}"
            for letter, option in zip("abcdefghi", question.options):
                yield f"   {letter}) {self._t(option.text)}"
            yield ""
        yield self.messages("show.quiz_hint")
