"""Pure rules for intranet content."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

Interval = tuple[dt.time, dt.time]


def _time_label(value: dt.time) -> str:
    # Swedish style: 6.30, 16 (not 16.00)
    return f"{value.hour}" if value.minute == 0 else f"{value.hour}.{value.minute:02d}"


def interval_label(opens: dt.time, closes: dt.time) -> str:
    return f"{_time_label(opens)}–{_time_label(closes)}"


def opening_hours_groups(
    rows: Iterable[tuple[int, dt.time, dt.time]],
) -> list[tuple[int, int, list[Interval]]]:
    """Group consecutive weekdays with identical intervals.

    ``rows`` are (weekday 0–6, opens, closes). Returns (first weekday, last weekday, intervals),
    so Monday–Friday 6.30–11.30 and 12.30–16 becomes one group ``(0, 4, [...])``.
    """
    by_day: dict[int, list[Interval]] = {}
    for weekday, opens, closes in rows:
        by_day.setdefault(weekday, []).append((opens, closes))
    groups: list[tuple[int, int, list[Interval]]] = []
    for weekday in sorted(by_day):
        intervals = sorted(by_day[weekday])
        if groups and groups[-1][1] == weekday - 1 and groups[-1][2] == intervals:
            first, _last, same = groups[-1]
            groups[-1] = (first, weekday, same)
        else:
            groups.append((weekday, weekday, intervals))
    return groups


def lunch_breaks(intervals: list[Interval]) -> list[Interval]:
    """The gaps between a day's intervals (a lunch closure is a gap)."""
    return [(intervals[i][1], intervals[i + 1][0]) for i in range(len(intervals) - 1)]
