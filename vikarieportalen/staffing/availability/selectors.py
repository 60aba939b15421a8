"""Availability: reads, for the substitute's week view and the booking rules' callers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from vikarieportalen.accounts.models import User
from vikarieportalen.core.time import STOCKHOLM, clock_text, midnight_end_text
from vikarieportalen.staffing.availability.intervals import (
    Availability,
    Interval,
    availability_resolve,
    day_start,
    to_local,
)
from vikarieportalen.staffing.models import AvailabilityPeriod, Booking, BookingStatus, WeeklyAvailability


def periods_in_window(starts_at: dt.datetime, ends_at: dt.datetime) -> Q:
    return Q(starts_at__lt=ends_at, ends_at__gt=starts_at)


def weekly_in_window(starts_at: dt.datetime, ends_at: dt.datetime) -> Q:
    first_day = starts_at.astimezone(STOCKHOLM).date() - dt.timedelta(days=1)
    last_day = ends_at.astimezone(STOCKHOLM).date()
    return Q(valid_from__lte=last_day) & (Q(valid_until__isnull=True) | Q(valid_until__gte=first_day))


def availability_for_substitutes(
    *, substitute_ids: Iterable[int], starts_at: dt.datetime, ends_at: dt.datetime
) -> dict[int, Availability]:
    """Each substitute's resolved availability within the window, in two queries however many."""
    ids = list(substitute_ids)
    periods: dict[int, list[tuple[str, dt.datetime, dt.datetime]]] = {i: [] for i in ids}
    weekly: dict[int, list[tuple[str, int, dt.time, dt.time, dt.date, dt.date | None]]] = {i: [] for i in ids}
    for substitute_id, kind, s, e in AvailabilityPeriod.objects.filter(
        periods_in_window(starts_at, ends_at), substitute_id__in=ids
    ).values_list("substitute_id", "kind", "starts_at", "ends_at"):
        periods[substitute_id].append((kind, s, e))
    for substitute_id, *row in WeeklyAvailability.objects.filter(
        weekly_in_window(starts_at, ends_at), substitute_id__in=ids
    ).values_list("substitute_id", "kind", "weekday", "starts", "ends", "valid_from", "valid_until"):
        weekly[substitute_id].append(tuple(row))  # type: ignore[arg-type]
    window = (starts_at, ends_at)
    return {i: availability_resolve(window=window, periods=periods[i], weekly=weekly[i]) for i in ids}


def availability_for(*, substitute: User, starts_at: dt.datetime, ends_at: dt.datetime) -> Availability:
    return availability_for_substitutes(substitute_ids=[substitute.pk], starts_at=starts_at, ends_at=ends_at)[
        substitute.pk
    ]


@dataclass(frozen=True)
class DayView:
    day: dt.date
    pieces: list[tuple[str, Interval]]
    bookings: list[Booking]

    @property
    def is_empty(self) -> bool:
        return not self.pieces and not self.bookings

    @property
    def lines(self) -> list[tuple[str, str]]:
        """(kind, "08:00–16:00" or "whole day") for each piece."""
        next_day = day_start(self.day + dt.timedelta(days=1))
        result = []
        for kind, (start, end) in self.pieces:
            local_start = to_local(start)
            if local_start.time() == dt.time(0, 0) and end == next_day:
                result.append((kind, _("whole day")))
            else:
                until = midnight_end_text() if end == next_day else clock_text(end)
                result.append((kind, f"{clock_text(local_start)}–{until}"))
        return result


@dataclass(frozen=True)
class WeekView:
    number: int  # ISO week number
    days: list[DayView]


def availability_weeks(*, substitute: User, first_day: dt.date, weeks: int) -> list[WeekView]:
    """``weeks`` weeks from the Monday on or before ``first_day``: what is marked each day and the
    bookings that start that day. Three queries."""
    monday = first_day - dt.timedelta(days=first_day.weekday())
    end_day = monday + dt.timedelta(days=7 * weeks)
    window = (day_start(monday), day_start(end_day))
    availability = availability_for(substitute=substitute, starts_at=window[0], ends_at=window[1])
    by_day: dict[dt.date, list[Booking]] = {}
    for booking in (
        Booking.objects.filter(
            substitute=substitute,
            status=BookingStatus.ACTIVE,
            starts_at__lt=window[1],
            ends_at__gt=window[0],
        )
        .select_related("workplace")
        .order_by("starts_at")
    ):
        by_day.setdefault(booking.starts_at.astimezone(STOCKHOLM).date(), []).append(booking)
    result: list[WeekView] = []
    for week in range(weeks):
        days = []
        for offset in range(7):
            day = monday + dt.timedelta(days=7 * week + offset)
            days.append(DayView(day=day, pieces=availability.day_summary(day), bookings=by_day.get(day, [])))
        result.append(WeekView(number=days[0].day.isocalendar().week, days=days))
    return result


def availability_period_list(*, substitute: User, now: dt.datetime) -> list[AvailabilityPeriod]:
    """Periods that have not ended, soonest first."""
    return list(
        AvailabilityPeriod.objects.filter(substitute=substitute, ends_at__gt=now).order_by("starts_at")
    )


def availability_weekly_list(*, substitute: User, today: dt.date) -> list[WeeklyAvailability]:
    """Weekly rows still in force or to come, by weekday and time."""
    return list(
        WeeklyAvailability.objects.filter(substitute=substitute)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .order_by("weekday", "starts", "valid_from")
    )
