"""Reads about bookings for pages: whether the booking's SMS goes now or waits for the morning."""

from __future__ import annotations

from typing import Literal

from vikarieportalen.notifications.selectors import Dispatch, message_dispatch
from vikarieportalen.staffing.models import Booking

BookingSmsEvent = Literal["created", "cancelled"]


def booking_sms_key(*, booking_id: int, event: BookingSmsEvent) -> str:
    """The outbox idempotency key of a booking's SMS: one per booking and event."""
    return f"staffing:booking:{booking_id}:{event}"


def booking_sms_dispatch(*, booking: Booking, event: BookingSmsEvent) -> Dispatch:
    """Whether the booking's SMS for ``event`` goes now, waits for quiet hours to end, or was not made."""
    return message_dispatch(idempotency_keys=[booking_sms_key(booking_id=booking.pk, event=event)])
