"""The substitute's own bookings (selectors): upcoming, one month, history, one booking.

Every query is filtered by the substitute, so nobody reaches another person's booking by its id.
Each selector is a fixed number of queries and uses the (substitute, starts_at) index with a bounded
range, so a long history does not slow the pages down.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from vikarieportalen.accounts.models import User
from vikarieportalen.core.time import STOCKHOLM, day_start
from vikarieportalen.staffing.models import Booking, BookingStatus

UPCOMING_LIMIT = 50
HISTORY_PAGE_SIZE = 25
# No booking is longer than this: "has not ended" can then be searched as a starts_at range.
LONGEST_BOOKING = dt.timedelta(days=2)


def booking_list_upcoming(
    *, substitute: User, now: dt.datetime, limit: int = UPCOMING_LIMIT
) -> list[Booking]:
    """Active bookings that have not ended, soonest first, at most ``limit``."""
    return list(
        Booking.objects.filter(
            substitute=substitute,
            status=BookingStatus.ACTIVE,
            starts_at__gt=now - LONGEST_BOOKING,
            ends_at__gt=now,
        )
        .select_related("workplace")
        .order_by("starts_at", "pk")[:limit]
    )


def booking_history(*, substitute: User, now: dt.datetime) -> QuerySet[Booking]:
    """Bookings that are over or cancelled, newest first (paginate it)."""
    return (
        Booking.objects.filter(substitute=substitute)
        .filter(Q(ends_at__lte=now) | Q(status=BookingStatus.CANCELLED))
        .select_related("workplace")
        .order_by("-starts_at", "-pk")
    )


def booking_get_for_substitute(*, substitute: User, booking_id: int) -> Booking:
    """One of the substitute's bookings with everything the details page shows;
    ``Booking.DoesNotExist`` for anyone else's."""
    return Booking.objects.select_related("workplace", "shift", "created_by", "cancelled_by").get(
        pk=booking_id, substitute=substitute
    )


def booking_list_month(*, substitute: User, year: int, month: int) -> list[Booking]:
    """Active bookings that start in the month (local time), in order."""
    first = dt.date(year, month, 1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return list(
        Booking.objects.filter(
            substitute=substitute,
            status=BookingStatus.ACTIVE,
            starts_at__gte=day_start(first),
            starts_at__lt=day_start(following),
        )
        .select_related("workplace")
        .order_by("starts_at", "pk")
    )


@dataclass(frozen=True)
class CalendarDay:
    day: dt.date
    in_month: bool
    bookings: list[Booking]


def month_weeks(*, year: int, month: int, bookings: list[Booking]) -> list[list[CalendarDay]]:
    """The month as weeks of seven days (Monday first), with each day's bookings by local start date."""
    by_day: dict[dt.date, list[Booking]] = {}
    for booking in bookings:
        by_day.setdefault(booking.starts_at.astimezone(STOCKHOLM).date(), []).append(booking)
    return [
        [CalendarDay(day=day, in_month=day.month == month, bookings=by_day.get(day, [])) for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]


def month_step(year: int, month: int, step: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + step
    return index // 12, index % 12 + 1
