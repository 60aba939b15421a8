"""When kept data has had its time: pure functions of the clock and the period a setting gives."""

from __future__ import annotations

import datetime as dt

from vikarieportalen.core.time import STOCKHOLM, day_start


def cutoff(*, now: dt.datetime, days: int) -> dt.datetime:
    """The moment before which something kept ``days`` days has had its time."""
    if days < 0:
        raise ValueError(f"a retention period cannot be negative ({days} days)")
    # Elapsed time, not wall-clock time: in UTC, a daylight-saving change cannot shift it by an hour.
    return now.astimezone(dt.UTC) - dt.timedelta(days=days)


def accounting_cutoff(*, now: dt.datetime, days: int) -> dt.datetime:
    """The moment before which accounting records kept ``days`` days after their year ended have gone.

    Bokföringslagen (7 kap. 2 §) counts the seven years from the end of the calendar year the record
    belongs to: a pay line of 14 March 2019 is kept until the end of 2026. So a record dated before
    1 January of the (Swedish) year that ``days`` ago fell in has had its time.
    """
    year = cutoff(now=now, days=days).astimezone(STOCKHOLM).year
    return day_start(dt.date(year, 1, 1))
