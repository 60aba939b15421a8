"""The statistics' pure rules: the period a report may cover, its steps, rates and percentiles.

No database here; ``selectors.py`` asks the database for the sums and counts, these functions turn
them into what the page shows.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _

MAX_PERIOD_YEARS = 3


class Step(StrEnum):
    WEEK = "week"
    MONTH = "month"


def years_after(day: dt.date, years: int) -> dt.date:
    """The same date ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def period_last_allowed(first: dt.date) -> dt.date:
    """The last day a report starting on ``first`` may cover: three years, ``first`` included."""
    return years_after(first, MAX_PERIOD_YEARS) - dt.timedelta(days=1)


def period_problem(first: dt.date, last: dt.date) -> str | None:
    """Why a period cannot be reported on, or None when it can."""
    if last < first:
        return _("The end date is before the start date.")
    if last > period_last_allowed(first):
        return _("A report covers at most %(years)d years; choose an end date on or before %(last)s.") % {
            "years": MAX_PERIOD_YEARS,
            "last": period_last_allowed(first).isoformat(),
        }
    return None


def step_start(day: dt.date, step: Step) -> dt.date:
    """The first day of the week (Monday) or month that ``day`` lies in."""
    if step == Step.WEEK:
        return day - dt.timedelta(days=day.weekday())
    return day.replace(day=1)


def step_starts(first: dt.date, last: dt.date, step: Step) -> list[dt.date]:
    """The first days of every week or month the period touches, in order."""
    starts = []
    current = step_start(first, step)
    while current <= last:
        starts.append(current)
        if step == Step.WEEK:
            current += dt.timedelta(days=7)
        else:
            current = (current + dt.timedelta(days=32)).replace(day=1)
    return starts


def rate(part: int | float, whole: int | float) -> float | None:
    """``part`` of ``whole`` in per cent with one decimal; None when there is nothing to divide."""
    if not whole:
        return None
    return round(100 * part / whole, 1)


def percentile_cont(values: Sequence[float], fraction: float) -> float | None:
    """The continuous percentile of ``values`` as PostgreSQL's PERCENTILE_CONT computes it."""
    ordered = sorted(values)
    if not ordered:
        return None
    position = fraction * (len(ordered) - 1)
    below, above = math.floor(position), math.ceil(position)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def hours(seconds_or_none: float | None, *, per: int = 3600) -> float | None:
    """Seconds as hours (``per=60``: minutes) with one decimal; None stays None."""
    return None if seconds_or_none is None else round(seconds_or_none / per, 1)


NICE_WIDTHS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)


@dataclass(frozen=True)
class Bucket:
    low: int  # hours, included
    high: int  # hours, excluded
    count: int


def hours_distribution(hours_per_person: Sequence[float], *, buckets: int = 10) -> list[Bucket]:
    """How many people worked 0–w, w–2w, … hours: about ``buckets`` buckets of a round width."""
    if not hours_per_person:
        return []
    top = max(hours_per_person)
    width = next((w for w in NICE_WIDTHS if w * buckets > top), NICE_WIDTHS[-1])
    count = max(1, math.floor(top / width) + 1)
    tally = [0] * count
    for value in hours_per_person:
        tally[min(count - 1, math.floor(value / width))] += 1
    return [Bucket(low=n * width, high=(n + 1) * width, count=c) for n, c in enumerate(tally)]
