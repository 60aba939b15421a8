"""Keeping the daily summary (``models.DailyFigures``): ``statistics_refresh``.

The summary holds every day up to ``SummaryState.through`` (today less ``LIVE_DAYS``); a report
computes the days after it from the bookings, so today's figures are never stale. A refresh is
incremental: it recomputes the days after the last ``through`` and every earlier day something was
registered, booked, cancelled, answered or approved on since the last refresh began, each day whole
(its rows deleted and written again from ``selectors.daily_live``, the same definition the reports
use). The first refresh, or ``full=True``, writes every day. Run by ``manage.py statistics_refresh``
and daily by the scheduler (``statistics.refresh``, registered in ``apps.py``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Min, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from vikarieportalen.core.time import STOCKHOLM
from vikarieportalen.payroll.models import TimeTransaction
from vikarieportalen.staffing.models import Booking, Offer, Shift
from vikarieportalen.statistics.models import (
    SUMMED,
    DailyFigures,
    DurationBuckets,
    DurationValue,
    PeriodFigures,
    SubstituteMonthDays,
    SubstituteMonthMinutes,
    SummaryState,
)
from vikarieportalen.statistics.selectors import daily_live
from vikarieportalen.statistics.selectors.daily import periods_write
from vikarieportalen.statistics.selectors.durations import durations_write, months_between
from vikarieportalen.statistics.selectors.hours import hours_write
from vikarieportalen.statistics.selectors.las import las_days_write

LIVE_DAYS = 7  # today and the seven days before: always from the bookings (late changes are common)
BATCH = 2000  # days per recomputation (a list of dates in one query), rows per insert


@dataclass(frozen=True)
class RefreshResult:
    days: int  # days recomputed
    rows: int  # summary rows written
    through: dt.date

    def __str__(self) -> str:
        return f"{self.days} days recomputed, {self.rows} rows written, summary through {self.through}"


def _touched_days(*, since: dt.datetime) -> set[dt.date]:
    """The days (the shift's, or the pay line's) whose figures may have changed since ``since``."""
    days: set[dt.date] = set()
    days.update(
        Shift.objects.filter(Q(created_at__gte=since) | Q(cancelled_at__gte=since)).values_list(
            "day", flat=True
        )
    )
    for shift_day, local_day in Booking.objects.filter(
        Q(created_at__gte=since) | Q(updated_at__gte=since) | Q(cancelled_at__gte=since)
    ).values_list("shift__day", TruncDate("starts_at", tzinfo=STOCKHOLM)):
        days.update((shift_day, local_day))  # LAS days are the booking's own local date
    days.update(
        Offer.objects.filter(Q(created_at__gte=since) | Q(responded_at__gte=since)).values_list(
            "shift__day", flat=True
        )
    )
    days.update(TimeTransaction.objects.filter(report__approved_at__gte=since).values_list("day", flat=True))
    return days


def _first_day() -> dt.date | None:
    firsts = [
        Shift.objects.aggregate(first=Min("day"))["first"],
        TimeTransaction.objects.aggregate(first=Min("day"))["first"],
    ]
    return min((day for day in firsts if day is not None), default=None)


def _write(days: list[dt.date] | tuple[dt.date, dt.date]) -> int:
    """Recompute ``days`` whole: delete their rows, write them again (rows with only zeros left out)."""
    if isinstance(days, tuple):
        DailyFigures.objects.filter(day__range=days).delete()
    else:
        DailyFigures.objects.filter(day__in=days).delete()
    figures: dict[tuple[int, dt.date], dict[str, Any]] = defaultdict(lambda: dict.fromkeys(SUMMED, 0))
    for row in daily_live(None, days):
        values = figures[(row["workplace_id"], row["start"])]
        for name in SUMMED:
            values[name] += row.get(name) or 0
    rows = [
        DailyFigures(workplace_id=workplace_id, day=day, **values)
        for (workplace_id, day), values in figures.items()
        if any(values.values())
    ]
    DailyFigures.objects.bulk_create(rows, batch_size=BATCH)
    if isinstance(days, tuple):
        periods_write(days[0] + dt.timedelta(days=n) for n in range((days[1] - days[0]).days + 1))
    else:
        periods_write(days)
    durations_write(days)
    first, last = (days[0], days[-1]) if isinstance(days, tuple) else (min(days), max(days))
    months = (
        months_between(first, last) if isinstance(days, tuple) else sorted({d.replace(day=1) for d in days})
    )
    hours_write(months)
    las_days_write(months)
    return len(rows)


def statistics_refresh(*, now: dt.datetime | None = None, full: bool = False) -> RefreshResult:
    """Bring the summary up to today less LIVE_DAYS (see the module's docstring). Idempotent; two
    refreshes at once wait for each other (the state row is locked)."""
    now = now or timezone.now()
    through = timezone.localdate(now) - dt.timedelta(days=LIVE_DAYS + 1)
    with transaction.atomic():
        SummaryState.objects.get_or_create(singleton=True)
        state = SummaryState.objects.select_for_update().get(singleton=True)
        rows = recomputed = 0
        if full or state.refreshed_at is None or state.through is None:
            first = _first_day()
            DailyFigures.objects.all().delete()
            PeriodFigures.objects.all().delete()
            DurationValue.objects.all().delete()
            DurationBuckets.objects.all().delete()
            SubstituteMonthMinutes.objects.all().delete()
            SubstituteMonthDays.objects.all().delete()
            if first is not None and first <= through:
                start = first
                while start <= through:  # a year at a time: the grouped rows of one query stay small
                    end = min(through, start + dt.timedelta(days=365))
                    rows += _write((start, end))
                    start = end + dt.timedelta(days=1)
                recomputed = (through - first).days + 1
        else:
            days = {day for day in _touched_days(since=state.refreshed_at) if day <= through}
            day = state.through + dt.timedelta(days=1)
            while day <= through:
                days.add(day)
                day += dt.timedelta(days=1)
            ordered = sorted(days)
            for index in range(0, len(ordered), BATCH):
                rows += _write(ordered[index : index + BATCH])
            recomputed = len(ordered)
        state.through = through
        state.refreshed_at = now
        state.save(update_fields=["through", "refreshed_at"])
    return RefreshResult(days=recomputed, rows=rows, through=through)
