"""Pure rules of pay periods: which period a line is paid in, cut-off and pay day, period names.

No database and no clock here: callers pass the day, the approval day and the locked periods.

A period is a calendar month, named by its first day (``2026-11-01`` is November 2026). Hours worked
in a month are paid in that month's period when they are approved up to and including its cut-off
day (a day of the next month, e.g. 5 December for November). Approved later, or when the period is
locked (exported), they go to the next open period whose cut-off has not passed, marked late.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTHLY = "monthly"
PERIOD_LENGTHS = (MONTHLY,)
_PERIOD_TEXT = re.compile(r"(\d{4})-(\d{2})")


@dataclass(frozen=True)
class PeriodConfig:
    """The cut-off day and pay day, both days of the month after the period (31: its last day)."""

    cutoff_day: int = 5
    pay_day: int = 25

    def __post_init__(self) -> None:
        for name, value in (("cut-off day", self.cutoff_day), ("pay day", self.pay_day)):
            if not 1 <= value <= 31:
                raise ValueError(f"The {name} of pay periods must be 1-31, not {value}.")


def period_config(*, length: str, cutoff_day: int, pay_day: int) -> PeriodConfig:
    """The configuration from the settings; ``ValueError`` for a length other than monthly."""
    if length != MONTHLY:
        raise ValueError(f"Pay periods can only be {MONTHLY!r}, not {length!r}.")
    return PeriodConfig(cutoff_day=cutoff_day, pay_day=pay_day)


def period_of(day: dt.date) -> dt.date:
    """The period a day falls in: the first day of its month."""
    return day.replace(day=1)


def period_next(period: dt.date) -> dt.date:
    return dt.date(period.year + period.month // 12, period.month % 12 + 1, 1)


def period_previous(period: dt.date) -> dt.date:
    return dt.date(period.year - (period.month == 1), (period.month - 2) % 12 + 1, 1)


def period_last_day(period: dt.date) -> dt.date:
    return period.replace(day=calendar.monthrange(period.year, period.month)[1])


def _day_of_month(month: dt.date, day: int) -> dt.date:
    return month.replace(day=min(day, calendar.monthrange(month.year, month.month)[1]))


def period_cutoff(period: dt.date, config: PeriodConfig) -> dt.date:
    """The last day on which an approval still goes to ``period`` (a day of the next month)."""
    return _day_of_month(period_next(period), config.cutoff_day)


def period_pay_day(period: dt.date, config: PeriodConfig) -> dt.date:
    """The day the period's hours are paid (a day of the next month)."""
    return _day_of_month(period_next(period), config.pay_day)


def period_is_over(period: dt.date, today: dt.date) -> bool:
    """The period's last day has passed: it can be exported."""
    return today > period_last_day(period)


def period_parse(text: str) -> dt.date | None:
    """``"2026-11"`` → 1 November 2026; anything else (``"2026-13"``, ``"nov"``) → None."""
    match = _PERIOD_TEXT.fullmatch(text.strip())
    if match is None:
        return None
    year, month = int(match[1]), int(match[2])
    if not (1 <= month <= 12 and 2000 <= year <= 9999):
        return None
    return dt.date(year, month, 1)


def period_text(period: dt.date) -> str:
    """The period as in URLs and on the command line: ``2026-11``."""
    return f"{period.year:04d}-{period.month:02d}"


@dataclass(frozen=True)
class Placement:
    """The period a line is paid in, and whether that is later than its work date's own period."""

    period: dt.date
    late: bool


def placement(
    *, work_day: dt.date, approved_on: dt.date, locked: frozenset[dt.date], config: PeriodConfig
) -> Placement:
    """The period for a line worked on ``work_day`` and approved on ``approved_on`` (local dates).

    Its work date's own period, unless that period is locked or its cut-off passed before the
    approval: then the first later period that is neither (marked late).
    """
    own = period_of(work_day)
    candidate = own
    while candidate in locked or approved_on > period_cutoff(candidate, config):
        candidate = period_next(candidate)
    return Placement(period=candidate, late=candidate != own)


def placement_moved_on(
    *, period: dt.date, today: dt.date, locked: frozenset[dt.date], config: PeriodConfig
) -> Placement:
    """Where lines left unexported in ``period`` go when it is locked: the next open period, late."""
    moved = placement(work_day=period, approved_on=today, locked=locked | {period}, config=config)
    return Placement(period=moved.period, late=True)
