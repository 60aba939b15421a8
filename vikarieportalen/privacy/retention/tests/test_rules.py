"""The pure cut-off rules (privacy/retention/rules.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from vikarieportalen.core.time import STOCKHOLM
from vikarieportalen.privacy.retention.rules import accounting_cutoff, cutoff


def test_cutoff_is_the_period_before_now() -> None:
    now = dt.datetime(2026, 6, 15, 10, tzinfo=dt.UTC)
    assert cutoff(now=now, days=90) == dt.datetime(2026, 3, 17, 10, tzinfo=dt.UTC)
    assert cutoff(now=now, days=0) == now


def test_cutoff_counts_elapsed_time_across_a_daylight_saving_change() -> None:
    now = dt.datetime(2026, 4, 1, 12, tzinfo=STOCKHOLM)  # summer time; 30 days ago was winter time
    assert now - cutoff(now=now, days=30) == dt.timedelta(days=30)
    assert cutoff(now=now, days=30).astimezone(STOCKHOLM).hour == 11


def test_a_negative_period_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        cutoff(now=dt.datetime(2026, 6, 15, tzinfo=STOCKHOLM), days=-1)


@pytest.mark.parametrize(
    ("now", "first_kept_year"),
    [
        # A record of 2019 is kept seven years after the end of 2019: until the end of 2026.
        (dt.datetime(2026, 12, 31, 23, 59, tzinfo=STOCKHOLM), 2019),
        (dt.datetime(2027, 1, 2, 0, 1, tzinfo=STOCKHOLM), 2020),
        (dt.datetime(2026, 6, 15, 12, tzinfo=STOCKHOLM), 2019),
    ],
)
def test_accounting_records_are_kept_seven_years_after_their_calendar_year(
    now: dt.datetime, first_kept_year: int
) -> None:
    assert accounting_cutoff(now=now, days=7 * 365 + 2) == dt.datetime(
        first_kept_year, 1, 1, tzinfo=STOCKHOLM
    )


def test_the_accounting_year_is_the_swedish_one() -> None:
    # 23:30 UTC on 31 December is already New Year's Day in Stockholm.
    now = dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)
    assert accounting_cutoff(now=now, days=0) == dt.datetime(2027, 1, 1, tzinfo=STOCKHOLM)
