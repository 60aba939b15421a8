"""Data for the leavers' tests: a substitute with bookings before, during and after now, and offers."""

from __future__ import annotations

import datetime as dt
import secrets

from django.utils import timezone

from vikarieportalen.accounts.models import User
from vikarieportalen.staffing.models import Booking, Offer, OfferSend, Shift
from vikarieportalen.staffing.tests.factories import BookingFactory, ShiftFactory


def hours_from_now(hours: float) -> dt.datetime:
    return timezone.now().replace(microsecond=0) + dt.timedelta(hours=hours)


def shift_at(start_hours: float, length_hours: float = 8) -> Shift:
    starts = hours_from_now(start_hours)
    return ShiftFactory(starts_at=starts, ends_at=starts + dt.timedelta(hours=length_hours), break_minutes=30)


def booking_at(substitute: User, start_hours: float, length_hours: float = 8) -> Booking:
    return BookingFactory(shift=shift_at(start_hours, length_hours), substitute=substitute)


def open_offer(substitute: User, start_hours: float = 72) -> Offer:
    shift = shift_at(start_hours)
    return Offer.objects.create(
        send=OfferSend.objects.create(),
        shift=shift,
        substitute=substitute,
        code=f"{secrets.randbelow(9000) + 1000}",
        token=secrets.token_hex(6),
        expires_at=shift.starts_at,
    )
