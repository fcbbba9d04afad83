"""Figures with their targets: a table for the terminal and a document for results.json."""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, field

from benchmarks.stats import summary

CHECKS: dict[str, Callable[[float, float], bool]] = {"<": operator.lt, "<=": operator.le}


@dataclass
class Figure:
    """One measured quantity: its samples' summary and, when it has one, its target."""

    label: str
    unit: str
    stats: dict[str, float | int]
    target: tuple[str, str, float] | None = None
    """(statistic, comparison, bound), e.g. ("p95", "<", 50.0)."""
    note: str = ""

    @property
    def met(self) -> bool | None:
        if self.target is None:
            return None
        statistic, comparison, bound = self.target
        return CHECKS[comparison](self.stats[statistic], bound)

    def target_text(self) -> str:
        if self.target is None:
            return ""
        statistic, comparison, bound = self.target
        return f"{statistic} {comparison} {bound:g}"

    def as_json(self) -> dict:
        document = {"label": self.label, "unit": self.unit, **self.stats}
        if self.target is not None:
            document.update(target=self.target_text(), met=self.met)
        if self.note:
            document["note"] = self.note
        return document


@dataclass
class Report:
    """The figures of one run, in the order they were measured."""

    figures: dict[str, Figure] = field(default_factory=dict)

    def add(self, key: str, label: str, unit: str, stats: dict, target=None, note: str = "") -> Figure:
        figure = Figure(label, unit, stats, target, note)
        self.figures[key] = figure
        return figure

    def add_samples(self, key: str, label: str, unit: str, samples, target=None, note: str = "") -> Figure:
        return self.add(key, label, unit, summary(samples), target, note)

    def as_json(self) -> dict:
        return {key: figure.as_json() for key, figure in self.figures.items()}

    def table(self) -> str:
        """The figures as an aligned plain-text table."""
        header = ("figure", "unit", "median", "min", "max", "p95", "n", "target", "")
        rows = [header]
        for figure in self.figures.values():
            stats = figure.stats
            verdict = {None: "", True: "met", False: "MISSED"}[figure.met]
            rows.append(
                (
                    figure.label,
                    figure.unit,
                    *(_number(stats[name]) for name in ("median", "min", "max", "p95")),
                    str(stats["samples"]),
                    figure.target_text(),
                    verdict,
                )
            )
        widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
        lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
        lines.insert(1, "-" * len(lines[0]))
        return "\n".join(lines)

    def missed(self) -> list[str]:
        return [figure.label for figure in self.figures.values() if figure.met is False]


def _number(value: float | int) -> str:
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:g}"
