"""Markdown prose as one Rich renderable, so a text block is one widget, not one per paragraph.

The look follows Textual's Markdown widget: the same spacing between blocks, bullets, heading
styles and table lines (the parser, `tutor.content.markdown`, is its markdown-it too). Styles
come in by the name of the part they colour (`PARTS`), so the widget can take them from the
app's theme. Constructs without a look of their own (raw HTML, a token a parser plugin adds) show as
their plain text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich import box
from rich.console import Console, ConsoleOptions, Group, JustifyMethod, NewLine, RenderableType, RenderResult
from rich.rule import Rule
from rich.segment import Segment
from rich.style import Style
from rich.styled import Styled
from rich.table import Table
from rich.text import Text

from tutor.content.markdown import Node, parse
from tutor.text.nobreak import NoBreakText, unbroken

PARTS = (
    "h1", "h2", "h3", "h4", "h5", "h6", "code", "link", "bullet",
    "quote", "quote-bar", "fence", "rule", "table-header", "table-lines",
)  # fmt: skip
"""The names of the styles a renderer takes."""

BULLETS = ("• ", "▪ ", "‣ ", "⭑ ", "◦ ")
"""Bullets of unordered lists, by depth, as Textual's Markdown draws them."""

_SPACE = re.compile(r"[ \t\n\r\f\v]+")
"""Runs of breakable white space, made one space as Markdown does; no-break spaces are kept."""
_TAG = re.compile(r"<!--.*?(-->|$)|<[^>]*>", re.DOTALL)
_EMPHASIS = {"em": Style(italic=True), "strong": Style(bold=True), "s": Style(strike=True)}
_JUSTIFY: dict[str, JustifyMethod] = {
    "text-align:left": "left",
    "text-align:center": "center",
    "text-align:right": "right",
}


def prose(source: str | Node, styles: Mapping[str, Style] | None = None) -> RenderableType:
    """Markdown `source` as one renderable; never raises on what a writer may type.

    Args:
        source: Markdown text, or its tree (`tutor.content.markdown`).
        styles: Rich styles by part name (see `PARTS`); a part left out is unstyled.

    Returns:
        The blocks of `source` one under the other, spaced as Textual's Markdown spaces them.
    """
    return _Renderer(styles or {}).document(parse(source) if isinstance(source, str) else source)


@dataclass(frozen=True, slots=True)
class _Block:
    """A rendered block and the blank lines it wants above and below (they collapse, as CSS margins)."""

    renderable: RenderableType
    above: int = 0
    below: int = 0


class _Renderer:
    def __init__(self, styles: Mapping[str, Style]) -> None:
        self.styles = styles
        self.list_depth = 0
        self.bullet_depth = 0

    def style(self, part: str) -> Style:
        return self.styles.get(part) or Style.null()

    def document(self, root: Node) -> RenderableType:
        return self.stack(root.children, top_level=True)

    def stack(self, nodes: Sequence[Node], top_level: bool = False) -> Group:
        """`nodes` one under the other, with the larger of two neighbours' gaps between them."""
        parts: list[RenderableType] = []
        previous: _Block | None = None
        for node in nodes:
            block = self.block(node, top_level)
            if block is None:
                continue
            if previous is not None and max(previous.below, block.above):
                parts.append(NewLine(max(previous.below, block.above)))
            parts.append(block.renderable)
            previous = block
        return Group(*parts)

    def block(self, node: Node, top_level: bool) -> _Block | None:
        kind = node.type
        if kind == "paragraph":
            return _Block(self.inline(node), below=1 if top_level else 0)
        if kind == "heading":
            return self.heading(node)
        if kind in ("bullet_list", "ordered_list"):
            return self.item_list(node)
        if kind == "blockquote":
            return _Block(_Quote(self.stack(node.children), self.style("quote-bar"), self.style("quote")), 1, 1)
        if kind == "table":
            return _Block(self.table(node), below=1)
        if kind in ("fence", "code_block"):
            return _Block(self.code(node), 1, 1)
        if kind == "hr":
            return _Block(Group(NewLine(), Rule(characters="─", style=self.style("rule"))), below=1)
        if node.children:
            return _Block(self.stack(node.children), below=1 if top_level else 0)
        text = _TAG.sub("", node.content).strip()  # raw HTML, or a token a plugin added: its text
        return _Block(Text(text), below=1 if top_level else 0) if text else None

    def heading(self, node: Node) -> _Block:
        level = int(node.tag[1])
        text = self.inline(node, self.style(node.tag))
        if level == 1:
            text.justify = "center"
        return _Block(text, 2 if level <= 2 else 1, 1)

    def item_list(self, node: Node) -> _Block:
        ordered = node.type == "ordered_list"
        items = [child for child in node.children if child.type == "list_item"]
        marks = self.numbers(items) if ordered else [BULLETS[self.bullet_depth % len(BULLETS)]] * len(items)
        grid = Table.grid()
        grid.add_column(no_wrap=True, style=self.style("bullet"))
        grid.add_column()
        self.list_depth += 1
        self.bullet_depth += not ordered
        try:
            for mark, item in zip(marks, items):
                grid.add_row(mark, self.stack(item.children))
        finally:
            self.list_depth -= 1
            self.bullet_depth -= not ordered
        return _Block(grid, below=0 if self.list_depth else 1)

    @staticmethod
    def numbers(items: list[Node]) -> list[str]:
        start = int(items[0].info) if items and items[0].info.isdigit() else 1
        marks = [f"{number}. " for number in range(start, start + len(items))]
        width = max((len(mark) for mark in marks), default=0) + 1
        return [mark.rjust(width) for mark in marks]

    def table(self, node: Node) -> Table:
        table = Table(
            box=box.SQUARE,
            show_lines=True,
            expand=True,
            border_style=self.style("table-lines"),
            header_style=self.style("table-header"),
        )
        for section in node.children:
            for row in section.children:
                cells = [self.inline(cell) for cell in row.children]
                if section.type != "thead":
                    table.add_row(*cells)
                    continue
                for cell, title in zip(row.children, cells):
                    table.add_column(title, justify=_JUSTIFY.get(str(cell.attrs.get("style")), "left"))
        return table

    def code(self, node: Node) -> RenderableType:
        from rich.syntax import Syntax  # Pygments: loaded only by a lesson that shows code

        fence = self.style("fence")
        language = node.info.split()[0] if node.info.strip() else "text"
        background = fence.bgcolor.name if fence.bgcolor else None
        code = node.content.rstrip()
        # Wrapped, where Textual's Markdown scrolls a long line sideways: one widget cannot.
        syntax = Syntax(code, language, theme="ansi_dark", background_color=background, padding=(1, 2), word_wrap=True)
        return Styled(syntax, fence)

    def inline(self, node: Node, style: Style | None = None) -> Text:
        """The inline content under `node` (a paragraph, heading or cell) as one Text."""
        text = NoBreakText(style=style or "")
        self.children(node, text, Style.null())
        return text

    def spans(self, node: Node, text: Text, style: Style) -> None:
        kind = node.type
        if kind == "text":
            text.append(_SPACE.sub(" ", node.content), style)
        elif kind == "softbreak":
            text.append(" ", style)
        elif kind == "hardbreak":
            text.append("\n", style)
        elif kind == "code_inline":
            text.append(unbroken(node.content), style + self.style("code"))  # code, a formula: one piece
        elif kind == "link":
            self.children(node, text, style + self.link(node.attrs.get("href")))
        elif kind == "image":  # its text in brackets: a terminal shows no picture
            text.append("[", style)
            self.children(node, text, style + self.link(node.attrs.get("src")))
            text.append("]", style)
        elif kind == "html_inline":
            return  # a tag: the text around it is what reads
        elif kind in _EMPHASIS:
            self.children(node, text, style + _EMPHASIS[kind])
        elif node.children:
            self.children(node, text, style)
        else:
            text.append(node.content, style)

    def children(self, node: Node, text: Text, style: Style) -> None:
        for child in node.children:
            self.spans(child, text, style)

    def link(self, target: object) -> Style:
        """The link style, and a click on it that runs the widget's `link` action with `target`."""
        return self.style("link") + Style.from_meta({"@click": f"link({str(target or '')!r})"})


class _Quote:
    """A block quote: its content on its own background, behind a bar down its left side."""

    def __init__(self, content: RenderableType, bar: Style, background: Style) -> None:
        self.content = content
        self.bar = bar
        self.background = background

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width - 3, 1)
        lines = console.render_lines(self.content, options.update_width(width), style=self.background, pad=True)
        bar, space = Segment("▌", self.bar), Segment(" ", self.background)
        for line in lines:
            yield from (bar, space, *line, space, Segment.line())
