"""Reads for *Mina timmar*: a substitute's own pay lines per pay period, grouped by shift.

Only ``substitute``'s lines are ever read. A page of periods takes three queries, however many lines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, QuerySet

from vikarieportalen.accounts.models import User
from vikarieportalen.core.time import STOCKHOLM
from vikarieportalen.payroll.models import HoursCorrection, PayPeriod, PeriodState, TimeTransaction
from vikarieportalen.payroll.periods.rules import PeriodConfig, period_cutoff, period_pay_day
from vikarieportalen.staffing.models import TimeReport

PERIODS_PER_PAGE = 6


@dataclass
class Entry:
    """The lines of one shift paid in one period from one event: the approval, or one correction."""

    report: TimeReport
    correction: HoursCorrection | None
    late: bool = False
    lines: list[TimeTransaction] = field(default_factory=list)

    @property
    def shift_day(self) -> dt.date:
        return self.report.booking.starts_at.astimezone(STOCKHOLM).date()

    @property
    def minutes(self) -> int:
        """Ordinary hours only (the supplement lines are pieces of the same time)."""
        return sum(line.minutes for line in self.lines if line.band_id is None)

    @property
    def amount(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal(0))


@dataclass
class Period:
    month: dt.date
    pay_day: dt.date
    cutoff: dt.date
    sent: bool  # exported and locked
    entries: list[Entry] = field(default_factory=list)

    @property
    def minutes(self) -> int:
        return sum(entry.minutes for entry in self.entries)

    @property
    def amount(self) -> Decimal:
        return sum((entry.amount for entry in self.entries), Decimal(0))

    @property
    def corrections(self) -> int:
        return sum(1 for entry in self.entries if entry.correction is not None)


def my_periods(*, substitute: User) -> QuerySet[TimeTransaction, dt.date]:
    """The periods the substitute has lines paid in, newest first."""
    return (
        TimeTransaction.objects.filter(substitute=substitute)
        .order_by("-period")
        .values_list("period", flat=True)
        .distinct()
    )


def my_hours(*, substitute: User, months: list[dt.date], config: PeriodConfig) -> list[Period]:
    """The substitute's lines paid in ``months`` (newest first), per period, per shift and event."""
    sent = set(
        PayPeriod.objects.filter(month__in=months, state=PeriodState.LOCKED).values_list("month", flat=True)
    )
    periods = {
        month: Period(
            month=month,
            pay_day=period_pay_day(month, config),
            cutoff=period_cutoff(month, config),
            sent=month in sent,
        )
        for month in months
    }
    lines = (
        TimeTransaction.objects.filter(substitute=substitute, period__in=months)
        .select_related("band", "correction", "report__booking__workplace")
        .order_by("period", "report__starts_at", "report_id", F("correction_id").asc(nulls_first=True), "pk")
    )
    entries: dict[tuple[dt.date, int, int | None], Entry] = {}
    for line in lines:
        key = (line.period, line.report_id, line.correction_id)
        entry = entries.get(key)
        if entry is None:
            entry = entries[key] = Entry(report=line.report, correction=line.correction)
            periods[line.period].entries.append(entry)
        entry.lines.append(line)
        entry.late = entry.late or line.late
    return [periods[month] for month in sorted(months, reverse=True)]
