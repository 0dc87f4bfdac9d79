"""Charts from server-side data (统计图): what a results page hands to ``{% bar_chart %}``.

The numbers are computed here, once, so the HTML bars, the screen-reader table and the
ECharts drawing (static/js/charts.js) all show the same percentages.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

__all__ = ["Bar", "BarChart"]

# What json_script escapes: the JSON may sit in HTML, and labels are written by residents.
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@dataclass(frozen=True)
class Bar:
    """One row of a chart: its label, its count and its share."""

    label: str
    count: int
    percent: int  # whole percent, as shown
    width: str  # the bar's length in % of the track, for CSS ("37.50")


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart: ``rows`` of (label, count), in the order given.

    Percentages are of ``base`` when it is given (for instance the number of people who
    answered a question where several choices may be ticked, so the shares add up to more
    than 100) and otherwise of the total, rounded so that they add up to exactly 100.
    ``unit`` follows each count ("票"); ``empty_text`` replaces the chart when nobody answered;
    ``label_heading`` heads the labels' column of the table ("Candidate"; default "Choice").
    """

    title: str
    rows: Sequence[tuple[str, int]]
    unit: str = ""
    base: int | None = None
    empty_text: str = ""
    label_heading: str = ""

    def __post_init__(self) -> None:
        # A programming error, not bad user input: fail where the chart is built.
        for label, count in self.rows:
            if not isinstance(count, int) or isinstance(count, bool) or count < 0:
                raise ValueError(f"BarChart count for {label!r} must be an int ≥ 0: {count!r}")
        if self.base is not None and self.base < 0:
            raise ValueError(f"BarChart base must be ≥ 0: {self.base!r}")

    @property
    def total(self) -> int:
        """The sum of the counts."""
        return sum(count for _label, count in self.rows)

    @property
    def is_empty(self) -> bool:
        """Nothing to draw: no rows, or every count is zero."""
        return self.total == 0

    @cached_property
    def bars(self) -> list[Bar]:
        """The rows with their whole percentages and bar widths."""
        denominator = self.base if self.base is not None else self.total
        if denominator <= 0:
            return [Bar(str(label), count, 0, "0.00") for label, count in self.rows]
        exact = [100 * count / denominator for _label, count in self.rows]
        percents = _rounded(exact) if self.base is None else [round(p) for p in exact]
        return [
            Bar(str(label), count, percent, f"{min(share, 100.0):.2f}")
            for (label, count), percent, share in zip(self.rows, percents, exact, strict=True)
        ]

    def percent(self, index: int) -> int:
        """The whole percentage of row ``index``."""
        return self.bars[index].percent

    def as_json(self) -> str:
        """The data static/js/charts.js draws, safe to put in an HTML attribute or script."""
        data = {
            "title": self.title,
            "unit": self.unit,
            "labels": [bar.label for bar in self.bars],
            "counts": [bar.count for bar in self.bars],
            "percents": [bar.percent for bar in self.bars],
        }
        return json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)


def _rounded(exact: list[float]) -> list[int]:
    """Whole percentages adding up to exactly 100 (largest remainder): 33.3 × 3 → 34, 33, 33."""
    floors = [math.floor(p) for p in exact]
    missing = round(sum(exact)) - sum(floors)
    by_remainder = sorted(range(len(exact)), key=lambda i: (floors[i] - exact[i], i))
    for i in by_remainder[:missing]:
        floors[i] += 1
    return floors
