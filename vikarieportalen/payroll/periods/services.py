"""Pay periods in the database: the period a new line goes to, and locking a period (services).

Rows of ``PayPeriod`` are locked (``SELECT … FOR UPDATE``) in ascending month order by both the
approval of hours (which places its lines) and the export (which locks the period it exports), so
a line approved while its period is being exported either goes out with that export or, once the
period is locked, to the next open period as late; never into a locked period.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from vikarieportalen.core.time import STOCKHOLM
from vikarieportalen.payroll.models import PayPeriod, PeriodState
from vikarieportalen.payroll.periods.rules import (
    PeriodConfig,
    Placement,
    period_config,
    period_of,
    placement,
    placement_moved_on,
)


def config() -> PeriodConfig:
    return period_config(
        length=settings.PAYROLL_PERIOD_LENGTH,
        cutoff_day=settings.PAYROLL_PERIOD_CUTOFF_DAY,
        pay_day=settings.PAYROLL_PERIOD_PAY_DAY,
    )


def local_today(now: dt.datetime | None = None) -> dt.date:
    return (now or timezone.now()).astimezone(STOCKHOLM).date()


def locked_periods(*, since: dt.date) -> frozenset[dt.date]:
    return frozenset(
        PayPeriod.objects.filter(state=PeriodState.LOCKED, month__gte=since).values_list("month", flat=True)
    )


def period_row_locked(month: dt.date) -> PayPeriod:
    """The period's row, made if missing, locked for this transaction."""
    PayPeriod.objects.get_or_create(month=month)
    return PayPeriod.objects.select_for_update().get(month=month)


def period_for_new_lines(*, work_day: dt.date, now: dt.datetime | None = None) -> Placement:
    """Where lines of work on ``work_day`` approved now go; locks that row (call in a transaction)."""
    today = local_today(now)
    settings_config = config()
    while True:
        placed = placement(
            work_day=work_day,
            approved_on=today,
            locked=locked_periods(since=period_of(work_day)),
            config=settings_config,
        )
        if period_row_locked(placed.period).state == PeriodState.OPEN:
            return placed
        # Locked between the read and the row lock (an export finished): place again.


def period_moved_on(*, period: dt.date, today: dt.date) -> Placement:
    """The open period that takes lines left unexported in ``period`` when it is locked (row locked)."""
    settings_config = config()
    while True:
        placed = placement_moved_on(
            period=period, today=today, locked=locked_periods(since=period), config=settings_config
        )
        if period_row_locked(placed.period).state == PeriodState.OPEN:
            return placed


@transaction.atomic
def period_lock(*, period: PayPeriod, by: Any) -> None:
    """Lock an (already row-locked) open period: it takes no new lines from now on."""
    period.state = PeriodState.LOCKED
    period.locked_at = timezone.now()
    period.locked_by = by
    period.save(update_fields=["state", "locked_at", "locked_by"])
