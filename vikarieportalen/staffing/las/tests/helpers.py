"""Test helper: book a substitute on many days at once (past shifts, no rules checked)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from vikarieportalen.accounts.models import User
from vikarieportalen.staffing.models import Booking, BookingStatus, Shift, ShiftReason, Workplace

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def book_days(
    substitute: User,
    workplace: Workplace,
    days: Iterable[dt.date],
    *,
    form: str = "sav",
    start: dt.time = dt.time(7),
    hours: int = 8,
    status: str = BookingStatus.ACTIVE,
) -> list[Booking]:
    """One shift and one booking of ``form`` on each of ``days`` (two bulk inserts)."""
    reason = ShiftReason.EXTRA_NEED if form == "sav" else ShiftReason.SICK_LEAVE
    shifts = []
    for day in days:
        starts_at = dt.datetime.combine(day, start, tzinfo=STOCKHOLM)
        shifts.append(
            Shift(
                workplace=workplace,
                starts_at=starts_at,
                ends_at=starts_at + dt.timedelta(hours=hours),
                day=day,
                break_minutes=0,
                reason=reason,
            )
        )
    Shift.objects.bulk_create(shifts)
    return Booking.objects.bulk_create(
        Booking(
            shift=shift,
            substitute=substitute,
            workplace=workplace,
            starts_at=shift.starts_at,
            ends_at=shift.ends_at,
            work_minutes=hours * 60,
            status=status,
            cancelled_at=shift.starts_at if status == BookingStatus.CANCELLED else None,
            employment_form=form,
        )
        for shift in shifts
    )


def day_range(first: dt.date, count: int, step: int = 1) -> list[dt.date]:
    return [first + dt.timedelta(days=n * step) for n in range(count)]
