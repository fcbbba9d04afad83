"""Layer stacks drawn with box characters, side by side, with their skip connections."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from tutor.content.model import DiagramBlock, DiagramColumn
from tutor.text.glyphs import Glyphs
from tutor.widgets.blocks.inline import inline_text
from tutor.widgets.chrome.containment import Contained
from tutor.widgets.chrome.language import Localised

GAP = 4
LANE_SPACING = 3


class _Canvas:
    """A grid of characters where a lane crossing a line becomes a crossing glyph."""

    def __init__(self, width: int, glyphs: Glyphs) -> None:
        self.width = width
        self.rows: list[list[str]] = []
        self.box = glyphs.box

    def put(self, y: int, x: int, text: str) -> None:
        while len(self.rows) <= y:
            self.rows.append([" "] * self.width)
        for offset, char in enumerate(text):
            old = self.rows[y][x + offset]
            horizontal, vertical, cross = self.box[4], self.box[5], self.box[10]
            if {old, char} == {horizontal, vertical}:
                char = cross
            elif (old, char) == (self.box[1], horizontal):
                char = self.box[6]  # a second skip leaving the same node: ┐ becomes ┬
            self.rows[y][x + offset] = char

    def lines(self) -> list[str]:
        return ["".join(row) for row in self.rows]


def draw_column(column: DiagramColumn, lang: str, glyphs: Glyphs) -> list[str]:
    """One stack of boxes, top to bottom, with a lane on the right for each skip."""
    tl, tr, bl, br, h, v, _, _, tee_left, _, _ = tuple(glyphs.box)
    labels = [node.get(lang) for node in column.nodes]
    inner = max(len(label) for label in labels) + 2
    box_width = inner + 2
    centre = box_width // 2
    lanes = {skip: box_width + 1 + LANE_SPACING * index for index, skip in enumerate(column.skips)}
    width = max([box_width, *[x + 1 for x in lanes.values()]])
    canvas = _Canvas(width, glyphs)
    starts: dict[int, int] = {}
    y = 0
    for index, label in enumerate(labels):
        canvas.put(y, 0, tl + h * inner + tr)
        canvas.put(y + 1, 0, v + label.center(inner) + v)
        canvas.put(y + 2, 0, bl + h * inner + br)
        starts[index] = y + 1
        for skip, x in lanes.items():
            if skip.start == index:
                canvas.put(y + 1, box_width - 1, tee_left + h * (x - box_width) + tr)
        y += 3
        for skip, x in lanes.items():
            if skip.end == index:
                junction = glyphs.add if skip.label == "+" else skip.label
                canvas.put(y, centre, glyphs.arrow_down)
                canvas.put(y + 1, centre, junction + glyphs.arrow_left)
                canvas.put(y + 1, centre + 2, h * (x - centre - 2) + br)
                for lane_y in range(starts[skip.start] + 1, y + 1):
                    canvas.put(lane_y, x, v)
                y += 2
        if index < len(labels) - 1:
            canvas.put(y, centre, glyphs.arrow_down)
            y += 1
    return canvas.lines()


def draw_diagram(block: DiagramBlock, lang: str, glyphs: Glyphs) -> list[str]:
    """Every column of the diagram under its title, side by side, as lines of text."""
    drawn = [draw_column(column, lang, glyphs) for column in block.columns]
    widths = [max(len(line) for line in lines) for lines in drawn]
    titles = [column.title.get(lang) for column in block.columns]
    widths = [max(width, len(title)) for width, title in zip(widths, titles)]
    height = max(len(lines) for lines in drawn)
    rows = [(" " * GAP).join(title.ljust(width) for title, width in zip(titles, widths))]
    for y in range(height):
        cells = [(lines[y] if y < len(lines) else "").ljust(width) for lines, width in zip(drawn, widths)]
        rows.append((" " * GAP).join(cells))
    return [row.rstrip() for row in rows]


class DiagramView(Localised, Contained):
    """A `diagram` block: layer stacks with their skip arrows."""

    DEFAULT_CSS = """
    DiagramView { height: auto; width: 1fr; padding: 0 1; margin: 1 0; }
    """

    def __init__(self, block: DiagramBlock, glyphs: Glyphs, **kwargs) -> None:
        super().__init__(**kwargs)
        self.block = block
        self.glyphs = glyphs

    def render(self) -> RenderableType:
        lang = self.lang
        lines = draw_diagram(self.block, lang, self.glyphs)
        text = Text("\n".join(lines), no_wrap=True, overflow="crop")
        text.stylize("bold", 0, len(lines[0]))
        text.highlight_words([self.glyphs.add + self.glyphs.arrow_left], "bold")
        caption = self.block.caption.get(lang) if self.block.caption else None
        if caption:
            text.append("\n" + caption, "italic")
        if self.block.title is None:
            return text
        # Titled as a list is; wrapped, where the drawing is cropped.
        return Group(inline_text(self.block.title.get(lang), self.glyphs.ascii, "bold underline"), text)
