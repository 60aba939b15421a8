from __future__ import annotations

import pytest

from vikarieportalen.statistics import charts


def test_bars_stand_on_the_axis_in_proportion() -> None:
    layout = charts.chart_layout([10, 5, None], ["a", "b", "c"], kind="bar")
    assert len(layout.bars) == 2  # no bar for "no figure"
    full, half = layout.bars
    assert full.y + full.height == pytest.approx(layout.bottom)
    assert half.height == pytest.approx(full.height / 2)
    assert [g.value for g in layout.gridlines] == [0, 5, 10]


def test_a_line_leaves_out_missing_points_and_keeps_the_given_maximum() -> None:
    layout = charts.chart_layout([100, None, 50], ["v1", "v2", "v3"], kind="line", maximum=100)
    assert len(layout.points) == 2
    assert layout.points[0].y == pytest.approx(layout.top)
    assert layout.polyline.count(",") == 2


def test_at_most_eight_labels_are_written() -> None:
    layout = charts.chart_layout(list(range(36)), [str(n) for n in range(36)], kind="bar")
    assert len(layout.labels) <= charts.MOST_LABELS


@pytest.mark.parametrize(("largest", "nice"), [(0, 1), (7, 10), (12, 20), (230, 250), (0.4, 0.5)])
def test_nice_maximum(largest: float, nice: float) -> None:
    assert charts.nice_maximum(largest) == nice
