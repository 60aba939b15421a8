from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from vikarieportalen.statistics import rules
from vikarieportalen.statistics.rules import Step


def test_three_years_less_a_day_is_the_longest_period() -> None:
    first = dt.date(2024, 3, 1)
    assert rules.period_problem(first, dt.date(2027, 2, 28)) is None
    with translation.override("sv"):
        problem = rules.period_problem(first, dt.date(2027, 3, 1))
    assert problem is not None and "högst 3 år" in problem


def test_a_period_from_29_february_ends_on_27_february() -> None:
    assert rules.period_last_allowed(dt.date(2024, 2, 29)) == dt.date(2027, 2, 27)


def test_an_end_before_the_start_is_refused() -> None:
    with translation.override("sv"):
        assert rules.period_problem(dt.date(2026, 5, 2), dt.date(2026, 5, 1)) == (
            "Slutdatumet ligger före startdatumet."
        )


def test_steps_cover_the_period_from_monday_or_the_first() -> None:
    assert rules.step_starts(dt.date(2026, 1, 7), dt.date(2026, 1, 19), Step.WEEK) == [
        dt.date(2026, 1, 5),
        dt.date(2026, 1, 12),
        dt.date(2026, 1, 19),
    ]
    assert rules.step_starts(dt.date(2025, 12, 31), dt.date(2026, 2, 1), Step.MONTH) == [
        dt.date(2025, 12, 1),
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 1),
    ]


def test_rate_is_none_without_a_whole() -> None:
    assert rules.rate(3, 4) == 75.0
    assert rules.rate(0, 0) is None


@pytest.mark.parametrize(
    ("values", "fraction", "expected"),
    [([], 0.5, None), ([5.0], 0.9, 5.0), ([1, 2, 3, 4], 0.5, 2.5), ([10, 1, 5], 0.9, 9.0)],
)
def test_percentile_is_postgresqls_percentile_cont(
    values: list[float], fraction: float, expected: float
) -> None:
    assert rules.percentile_cont(values, fraction) == expected


def test_hours_distribution_has_round_buckets_and_counts_everyone() -> None:
    buckets = rules.hours_distribution([0, 4, 12, 39.5, 40, 95])
    assert [(b.low, b.high) for b in buckets][:2] == [(0, 10), (10, 20)]
    assert sum(b.count for b in buckets) == 6
    assert buckets[-1].low <= 95 < buckets[-1].high
    assert rules.hours_distribution([]) == []
