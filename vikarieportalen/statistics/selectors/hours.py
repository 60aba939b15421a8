"""Booked minutes per substitute over a period: from the per-month rows the refresh keeps
(``SubstituteMonthMinutes``) for the whole months the summary holds, from the bookings for the days
at the period's edges and after the summary; the same sums as from the bookings alone."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import connection
from django.db.models import F, IntegerField, Q, Sum, Value
from django.db.models.functions import TruncMonth

from vikarieportalen.staffing.models import Booking, BookingStatus, Workplace
from vikarieportalen.statistics.models import SubstituteMonthMinutes
from vikarieportalen.statistics.selectors.base import booked_on
from vikarieportalen.statistics.selectors.durations import months_between, next_month


def live_minutes(workplace_ids: list[int], period: Q) -> dict[int, int]:
    """Booked minutes per substitute of the bookings in ``period`` (``base.booked_on``)."""
    rows = (
        Booking.objects.filter(period, workplace_id__in=workplace_ids, status=BookingStatus.ACTIVE)
        .order_by()
        .values("substitute_id")
        .annotate(minutes=Sum("work_minutes"))
    )
    return {row["substitute_id"]: row["minutes"] or 0 for row in rows}


def minutes_per_substitute(
    workplace_ids: list[int], first: dt.date, last: dt.date, *, through: dt.date | None
) -> dict[int, int]:
    """Every substitute's booked minutes in the period in the workplaces, for those with an active
    booking there (the LAS section counts the same people)."""
    stored_last = min(last, through) if through is not None else None
    whole = [] if stored_last is None else months_between(first, stored_last, whole_only=True)
    if not whole:
        return live_minutes(workplace_ids, booked_on((first, last)))
    totals: dict[int, int] = defaultdict(int)
    every = len(workplace_ids) == Workplace.objects.count()
    where = Q(workplace__isnull=True) if every else Q(workplace_id__in=workplace_ids)
    for substitute_id, minutes in (
        SubstituteMonthMinutes.objects.filter(where, month__range=(whole[0], whole[-1]))
        .order_by()
        .values("substitute_id")
        .annotate(total=Sum("minutes"))
        .values_list("substitute_id", "total")
    ):
        totals[substitute_id] += minutes
    edges = booked_on((first, whole[0] - dt.timedelta(days=1))) | booked_on((next_month(whole[-1]), last))
    for substitute_id, minutes in live_minutes(workplace_ids, edges).items():
        totals[substitute_id] += minutes
    return dict(totals)


def hours_write(months: list[dt.date]) -> None:
    """Write the months' rows again from the bookings (INSERT … SELECT), per workplace and in all."""
    if not months:
        return
    SubstituteMonthMinutes.objects.filter(month__in=months).delete()
    period = Q()
    for month in months:
        period |= booked_on((month, next_month(month) - dt.timedelta(days=1)))
    table = SubstituteMonthMinutes._meta.db_table
    bookings = Booking.objects.filter(period, status=BookingStatus.ACTIVE).order_by()
    for workplace in (F("workplace_id"), Value(None, output_field=IntegerField())):
        rows: Any = (
            bookings.annotate(
                row_substitute=F("substitute_id"), row_workplace=workplace, row_month=TruncMonth("shift__day")
            )
            .values("row_substitute", "row_workplace", "row_month")
            .annotate(row_minutes=Sum("work_minutes"))
            .values_list("row_substitute", "row_workplace", "row_month", "row_minutes")
        )
        sql, params = rows.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table} (substitute_id, workplace_id, month, minutes) {sql}", params)
