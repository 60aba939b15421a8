"""Where the bars, lines and labels of a statistics chart go: plain geometry, drawn as SVG by the
templates ``statistics/_chart.html`` (no JavaScript). The table beside each chart holds its figures."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 12, 48
MOST_LABELS = 8


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True)
class Label:
    x: float
    text: str


@dataclass(frozen=True)
class Gridline:
    y: float
    value: float


@dataclass(frozen=True)
class ChartLayout:
    kind: str  # "bar" or "line"
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int  # the y of the x axis
    bars: list[Bar]
    points: list[Point]
    labels: list[Label]
    gridlines: list[Gridline]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def nice_maximum(largest: float) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten at or above ``largest`` (1 when nothing)."""
    if largest <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(largest))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= largest:
            return float(step * power)
    return float(10 * power)  # pragma: no cover - the loop always returns


def chart_layout(
    values: Sequence[float | None], labels: Sequence[str], *, kind: str, maximum: float | None = None
) -> ChartLayout:
    """Bars or a line for ``values`` (None: no bar, a gap in the line) over ``labels``; the y axis
    runs from 0 to ``maximum`` (default: a round number at or above the largest value)."""
    if kind not in ("bar", "line"):
        raise ValueError(f"unknown chart kind {kind!r}")
    top_value = maximum or nice_maximum(max((v for v in values if v is not None), default=0))
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    axis_y = TOP + plot_height
    slot = plot_width / max(1, len(values))

    def y_of(value: float) -> float:
        return axis_y - plot_height * min(value, top_value) / top_value

    bars: list[Bar] = []
    points: list[Point] = []
    for index, value in enumerate(values):
        if value is None:
            continue
        centre = LEFT + slot * (index + 0.5)
        if kind == "bar":
            width = slot * 0.7
            bars.append(Bar(x=centre - width / 2, y=y_of(value), width=width, height=axis_y - y_of(value)))
        else:
            points.append(Point(x=centre, y=y_of(value)))
    every = max(1, math.ceil(len(labels) / MOST_LABELS))
    shown = [
        Label(x=LEFT + slot * (index + 0.5), text=text)
        for index, text in enumerate(labels)
        if index % every == 0
    ]
    gridlines = [Gridline(y=y_of(top_value * share), value=top_value * share) for share in (0, 0.5, 1)]
    return ChartLayout(
        kind=kind,
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=WIDTH - RIGHT,
        top=TOP,
        bottom=axis_y,
        bars=bars,
        points=points,
        labels=shown,
        gridlines=gridlines,
    )
