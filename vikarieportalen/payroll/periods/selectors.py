"""Reads of pay periods: which periods to offer, the default one, a period's state and status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Prefetch, Q

from vikarieportalen.accounts.models import User
from vikarieportalen.core.time import day_start
from vikarieportalen.payroll.models import ExportBatch, ExportStatus, PayPeriod, PeriodState, TimeTransaction
from vikarieportalen.payroll.periods.rules import (
    PeriodConfig,
    period_cutoff,
    period_is_over,
    period_last_day,
    period_next,
    period_of,
    period_pay_day,
    period_previous,
)
from vikarieportalen.staffing.models import Booking, BookingStatus, Workplace

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


@dataclass(frozen=True)
class WaitingWorkplace:
    """Shifts of the period at one workplace whose hours nobody has approved yet, and who approves them."""

    workplace: str
    shifts: int
    oldest: dt.date
    managers: list[str]


@dataclass(frozen=True)
class LateGroup:
    substitute: str
    username: str
    lines: int
    first_day: dt.date
    last_day: dt.date


def period_waiting_for_approval(month: dt.date, *, now: dt.datetime) -> list[WaitingWorkplace]:
    """Ended active bookings of the period without approved hours, per workplace with its managers.

    Two queries, however many workplaces.
    """
    rows = list(
        Booking.objects.filter(
            status=BookingStatus.ACTIVE,
            ends_at__lte=now,
            time_report__isnull=True,
            shift__day__gte=month,
            shift__day__lte=period_last_day(month),
        )
        .values("workplace_id", "workplace__name")
        .annotate(shifts=Count("pk"), oldest=Min("shift__day"))
        .order_by("oldest", "workplace__name")
    )
    workplaces = Workplace.objects.filter(pk__in=[row["workplace_id"] for row in rows]).prefetch_related(
        Prefetch("managers", queryset=User.objects.filter(is_active=True).order_by("family_name", "pk"))
    )
    managers = {place.pk: [person.get_full_name() for person in place.managers.all()] for place in workplaces}
    return [
        WaitingWorkplace(
            workplace=row["workplace__name"],
            shifts=row["shifts"],
            oldest=row["oldest"],
            managers=managers.get(row["workplace_id"], []),
        )
        for row in rows
    ]


def period_line_counts(month: dt.date) -> dict[str, int]:
    """The period's lines: exported, unexported, late (paid here, worked earlier), and shifts moved later."""
    counts = TimeTransaction.objects.filter(period=month).aggregate(
        exported=Count("pk", filter=Q(batch__isnull=False)),
        unexported=Count("pk", filter=Q(batch__isnull=True)),
        late=Count("pk", filter=Q(late=True)),
    )
    counts["moved_later"] = (
        TimeTransaction.objects.filter(
            report__starts_at__gte=day_start(month),
            report__starts_at__lt=day_start(period_next(month)),
            period__gt=month,
        )
        .values("report_id")
        .distinct()
        .count()
    )
    return counts


def period_late_lines(month: dt.date) -> list[LateGroup]:
    """Lines paid in the period that were worked in an earlier one, per substitute."""
    rows = (
        TimeTransaction.objects.filter(period=month, late=True)
        .values(
            "substitute_id",
            "substitute__preferred_given_name",
            "substitute__family_name",
            "substitute__username",
        )
        .annotate(lines=Count("pk"), first_day=Min("day"), last_day=Max("day"))
        .order_by("substitute__family_name", "substitute__preferred_given_name", "substitute_id")
    )
    return [
        LateGroup(
            substitute=f"{row['substitute__preferred_given_name']} {row['substitute__family_name']}".strip(),
            username=row["substitute__username"],
            lines=row["lines"],
            first_day=row["first_day"],
            last_day=row["last_day"],
        )
        for row in rows
    ]


def period_batches(month: dt.date) -> list[ExportBatch]:
    return list(
        ExportBatch.objects.defer("paxml", "csv")
        .filter(period=month, status=ExportStatus.DONE)
        .select_related("created_by")
        .order_by("created_at", "pk")
    )
