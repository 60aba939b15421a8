"""Reads for the approval of worked hours. Every list takes a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from vikarieportalen.accounts.models import User
from vikarieportalen.core.roles import Role
from vikarieportalen.payroll.models import HoursCorrection, TimeTransaction
from vikarieportalen.staffing.models import Booking, BookingStatus, TimeReport, Workplace
from vikarieportalen.staffing.selectors import workplace_list_managed

WAITING_LIMIT = 100  # cards on the page; the oldest come first


def hours_sees_every_workplace(*, user: User) -> bool:
    return user.has_role(Role.ADMINISTRATOR)


def hours_workplaces(*, user: User) -> QuerySet[Workplace]:
    """The workplaces whose hours ``user`` approves: their own, or all for an administrator."""
    if hours_sees_every_workplace(user=user):
        return Workplace.objects.filter(is_active=True).order_by("name")
    return workplace_list_managed(user=user)


def _scoped(bookings: QuerySet[Booking], *, user: User, workplace: Workplace | None) -> QuerySet[Booking]:
    if workplace is not None:
        bookings = bookings.filter(workplace=workplace)
    if not hours_sees_every_workplace(user=user):
        bookings = bookings.filter(workplace__managers=user, workplace__is_active=True)
    return bookings


def booking_list_awaiting_hours(
    *, user: User, now: dt.datetime, workplace: Workplace | None = None, limit: int = WAITING_LIMIT
) -> tuple[list[Booking], int]:
    """Ended active bookings without a report, oldest first, at most ``limit``; and how many in all."""
    bookings = _scoped(
        Booking.objects.filter(status=BookingStatus.ACTIVE, ends_at__lte=now, time_report__isnull=True),
        user=user,
        workplace=workplace,
    )
    rows = list(
        bookings.select_related("substitute", "workplace", "shift").order_by(
            "ends_at", "workplace__name", "pk"
        )[: limit + 1]
    )
    total = len(rows) if len(rows) <= limit else bookings.count()
    return rows[:limit], total


def time_report_list_for_days(
    *, user: User, first_day: dt.date, last_day: dt.date, workplace: Workplace | None = None
) -> list[TimeReport]:
    """The reports of shifts on ``first_day``..``last_day`` (local dates) the user sees, by start."""
    bookings = _scoped(
        Booking.objects.filter(shift__day__gte=first_day, shift__day__lte=last_day),
        user=user,
        workplace=workplace,
    )
    return list(
        TimeReport.objects.filter(booking__in=bookings.values("pk"))
        .select_related("booking__substitute", "booking__workplace", "booking__shift", "approved_by")
        .order_by("booking__starts_at", "pk")
    )


def booking_get_for_hours(*, user: User, booking_id: int) -> Booking:
    """One booking whose hours the user approves; ``Booking.DoesNotExist`` (a 404) otherwise."""
    bookings = _scoped(Booking.objects.filter(pk=booking_id), user=user, workplace=None)
    return bookings.select_related("substitute", "workplace", "shift").get()


def time_report_for(booking: Booking) -> TimeReport | None:
    return (
        TimeReport.objects.filter(booking=booking)
        .select_related("approved_by")
        .prefetch_related("transactions__band")
        .first()
    )


def time_report_exported(report: TimeReport) -> bool:
    """Any of its lines went out in an export, or it was corrected already: its hours are changed
    only by a correction (``payroll/corrections/``) from now on."""
    return (
        TimeTransaction.objects.filter(report=report, batch__isnull=False).exists()
        or HoursCorrection.objects.filter(report=report).exists()
    )
