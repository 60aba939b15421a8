"""Reads of pay periods: which periods to offer, the default one, a period's state."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vikarieportalen.payroll.models import PayPeriod, PeriodState, TimeTransaction
from vikarieportalen.payroll.periods.rules import (
    PeriodConfig,
    period_cutoff,
    period_is_over,
    period_of,
    period_pay_day,
    period_previous,
)

RECENT_MONTHS = 12


@dataclass(frozen=True)
class PeriodInfo:
    month: dt.date
    row: PayPeriod | None  # None: nothing has happened in the period yet
    is_over: bool
    cutoff: dt.date
    pay_day: dt.date

    @property
    def locked(self) -> bool:
        return self.row is not None and self.row.state == PeriodState.LOCKED


def period_info(month: dt.date, *, today: dt.date, config: PeriodConfig) -> PeriodInfo:
    row = PayPeriod.objects.select_related("locked_by").filter(month=month).first()
    return PeriodInfo(
        month=month,
        row=row,
        is_over=period_is_over(month, today),
        cutoff=period_cutoff(month, config),
        pay_day=period_pay_day(month, config),
    )


def periods_recent(today: dt.date) -> list[dt.date]:
    """The current month, the eleven before it and any earlier period with unexported lines; newest first."""
    months = {period_of(today)}
    while len(months) < RECENT_MONTHS:
        months.add(period_previous(min(months)))
    months.update(
        TimeTransaction.objects.filter(batch__isnull=True).values_list("period", flat=True).distinct()
    )
    return sorted(months, reverse=True)


def period_default(today: dt.date) -> dt.date:
    """The oldest period that is over, not locked and has unexported lines; else the previous month."""
    locked = PayPeriod.objects.filter(state=PeriodState.LOCKED).values_list("month", flat=True)
    waiting = (
        TimeTransaction.objects.filter(batch__isnull=True, period__lt=period_of(today))
        .exclude(period__in=locked)
        .order_by("period")
        .values_list("period", flat=True)
        .first()
    )
    return waiting or period_previous(period_of(today))
