"""The additive figures per workplace and day: computed from the bookings (live) or read from the
daily summary (``statistics.models.DailyFigures``), and both merged for a report.

``daily_live`` is the one definition of the figures: the refresh stores its rows per day, and a report
asks it for the days the summary does not hold yet (today and the last ``LIVE_DAYS``, or every day
before the first refresh), so the summary and the live computation cannot mean different things.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.expressions import BaseExpression

from vikarieportalen.core.lookups import AnyOf
from vikarieportalen.payroll.models import TimeTransaction
from vikarieportalen.staffing.models import (
    Booking,
    BookingStatus,
    Offer,
    OfferStatus,
    Shift,
    ShiftStatus,
    Workplace,
)
from vikarieportalen.statistics.models import SUMMED, DailyFigures, PeriodFigures, SummaryState
from vikarieportalen.statistics.rules import Step, step_start, step_starts
from vikarieportalen.statistics.selectors.base import Days, booked_on, trunc


def _managed(user_field: str) -> Q:
    """The user in ``user_field`` manages the row's workplace (today)."""
    return Q(
        Exists(
            Workplace.managers.through.objects.filter(
                workplace_id=OuterRef("workplace_id"), user_id=OuterRef(user_field)
            )
        )
    )


def _days(queryset: QuerySet[Any], field: str, period: Days) -> QuerySet[Any]:
    if isinstance(period, tuple):
        return queryset.filter(**{f"{field}__range": period})
    return queryset.filter(**{f"{field}__in": period})


def _grouped(
    queryset: QuerySet[Any], *, workplace: str, day: str, step: Step | None, **sums: Any
) -> Iterable[dict[str, Any]]:
    """``sums`` per workplace and day (``step`` None) or per workplace and week or month, as rows
    with the keys ``workplace_id``, ``start`` and the sums."""
    start: BaseExpression | F = F(day) if step is None else trunc(step, day)
    rows = queryset.annotate(group_start=start).order_by().values(workplace, "group_start").annotate(**sums)
    for row in rows:
        yield {"workplace_id": row.pop(workplace), "start": row.pop("group_start"), **row}


def daily_live(
    workplace_ids: list[int] | None, period: Days, *, step: Step | None = None
) -> list[dict[str, Any]]:
    """The figures from the bookings, shifts, offers and pay lines (four queries); ``workplace_ids`` None:
    every workplace."""

    def scoped(queryset: QuerySet[Any], field: str) -> QuerySet[Any]:
        return queryset if workplace_ids is None else queryset.filter(**{f"{field}__in": workplace_ids})

    by_substitute = Q(cancelled_by_id=F("substitute_id"))
    shifts = _grouped(
        _days(scoped(Shift.objects.all(), "workplace_id"), "day", period),
        workplace="workplace_id",
        day="day",
        step=step,
        needed=Count("pk", filter=Q(status=ShiftStatus.ACTIVE)),
        booked=Count("pk", filter=Q(status=ShiftStatus.ACTIVE, is_booked=True)),
        need_manager=Count("pk", filter=Q(status=ShiftStatus.CANCELLED) & _managed("cancelled_by_id")),
        need_staff=Count("pk", filter=Q(status=ShiftStatus.CANCELLED) & ~_managed("cancelled_by_id")),
    )
    bookings = scoped(Booking.objects.filter(status=BookingStatus.CANCELLED), "workplace_id")
    cancelled = _grouped(
        bookings.filter(booked_on(period)),
        workplace="workplace_id",
        day="shift__day",
        step=step,
        booking_substitute=Count("pk", filter=by_substitute),
        booking_manager=Count("pk", filter=~by_substitute & _managed("cancelled_by_id")),
        booking_staff=Count("pk", filter=~by_substitute & ~_managed("cancelled_by_id")),
    )
    ordinary = Q(band__isnull=True)
    pay = _grouped(
        _days(scoped(TimeTransaction.objects.all(), "report__booking__workplace_id"), "day", period),
        workplace="report__booking__workplace_id",
        day="day",
        step=step,
        minutes=Sum("minutes", filter=ordinary),
        wages=Sum("amount", filter=ordinary),
        supplements=Sum("amount", filter=~ordinary),
    )
    answered = Q(status__in=[OfferStatus.ACCEPTED, OfferStatus.DECLINED], responded_at__isnull=False)
    offers = _grouped(
        _days(scoped(Offer.objects.all(), "shift__workplace_id"), "shift__day", period),
        workplace="shift__workplace_id",
        day="shift__day",
        step=step,
        offers_sent=Count("pk"),
        offers_answered=Count("pk", filter=answered),
        offers_accepted=Count("pk", filter=Q(status=OfferStatus.ACCEPTED)),
        offers_declined=Count("pk", filter=Q(status=OfferStatus.DECLINED)),
    )
    return [*shifts, *cancelled, *pay, *offers]


def summary_through() -> dt.date | None:
    """The last day the summary holds, or None before its first refresh."""
    return SummaryState.objects.values_list("through", flat=True).first()


def _whole_periods(first: dt.date, last: dt.date, step: Step) -> list[dt.date]:
    """The starts of the weeks or months that lie whole within ``first``–``last``."""
    return [
        start
        for start in step_starts(first, last, step)
        if start >= first and period_end(start, step) <= last
    ]


def period_end(start: dt.date, step: Step) -> dt.date:
    if step == Step.WEEK:
        return start + dt.timedelta(days=6)
    return (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def periods_write(days: Iterable[dt.date]) -> None:
    """Add the daily rows up again for every week and month that holds one of ``days`` (INSERT …
    SELECT, after the daily rows are written): each period whole, from the days the summary holds."""
    table = PeriodFigures._meta.db_table
    columns = ", ".join(SUMMED)
    days = set(days)
    for step in Step:
        starts = sorted({step_start(day, step) for day in days})
        if not starts:
            continue
        PeriodFigures.objects.filter(step=step.value, start__in=starts).delete()
        within = Q()
        for start in starts:
            within |= Q(day__range=(start, period_end(start, step)))
        rows: Any = (
            DailyFigures.objects.filter(within)
            .order_by()
            .annotate(row_step=Value(step.value), row_start=trunc(step, "day"))
            .values("row_step", "row_start", "workplace_id")
            .annotate(**{f"row_{name}": Sum(name) for name in SUMMED})
            .values_list("row_step", "row_start", "workplace_id", *(f"row_{name}" for name in SUMMED))
        )
        sql, params = rows.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (step, start, workplace_id, {columns}) {sql}",
                params,
            )


def _periods_read(
    workplace_ids: list[int], whole: list[dt.date], *, step: Step, sums: dict[str, Sum]
) -> list[dict[str, Any]]:
    """The whole weeks or months from ``PeriodFigures``, added up in the database twice: per
    workplace (rows without a ``start``) and per week or month (rows without a ``workplace_id``).
    A report shows no workplace per week, and three years of weeks of 300 workplaces are 47,000 rows
    per workplace and week against 456 this way."""
    stored = PeriodFigures.objects.filter(
        AnyOf(F("workplace_id"), workplace_ids), step=step.value, start__range=(whole[0], whole[-1])
    ).order_by()
    per_workplace = stored.values("workplace_id").annotate(**sums)
    per_step = stored.values("start").annotate(**sums)
    return [
        *({"start": None, **row} for row in per_workplace),
        *({"workplace_id": None, **row} for row in per_step),
    ]


def daily_figures(
    workplace_ids: list[int], first: dt.date, last: dt.date, *, step: Step, summary: bool = True
) -> list[dict[str, Any]]:
    """The figures per workplace and step of the period: the weeks or months the summary holds whole
    from ``PeriodFigures`` and its other days from ``DailyFigures`` (two queries), the days after it
    from the bookings (four). ``summary`` False: everything live."""
    through = summary_through() if summary else None
    if through is None or through < first:
        return daily_live(workplace_ids, (first, last), step=step)
    stored_last = min(last, through)
    sums = {name: Sum(name) for name in SUMMED}
    whole = _whole_periods(first, stored_last, step)
    rows: list[dict[str, Any]] = []
    days = Q(day__range=(first, stored_last))
    if whole:
        rows += _periods_read(workplace_ids, whole, step=step, sums=sums)
        days = Q(day__range=(first, whole[0] - dt.timedelta(days=1))) | Q(
            day__range=(period_end(whole[-1], step) + dt.timedelta(days=1), stored_last)
        )
    rows += _grouped(
        DailyFigures.objects.filter(days, workplace_id__in=workplace_ids),
        workplace="workplace_id",
        day="day",
        step=step,
        **sums,
    )
    if last > through:
        rows += daily_live(workplace_ids, (through + dt.timedelta(days=1), last), step=step)
    return rows
