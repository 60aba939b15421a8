"""The one SMS that tells a substitute they are booked on a series, in their language.

Recorded in the notifications outbox in the caller's transaction and delivered after commit, with
an idempotency key; urgent (sent even in quiet hours) only when the first booked shift starts soon
(``message_urgent_for``), otherwise it may wait for the morning.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vikarieportalen.accounts.models import User
from vikarieportalen.core.time import clock_text, date_text
from vikarieportalen.notifications.rules import sms_text_check
from vikarieportalen.notifications.selectors import Dispatch, message_dispatch
from vikarieportalen.notifications.services import (
    in_recipient_language,
    message_send_sms,
    message_urgent_for,
)
from vikarieportalen.staffing.models import Booking

logger = logging.getLogger(__name__)

SMS_KIND_SERIES_BOOKED = "staffing_series_booked"


def series_sms_key(bookings: Sequence[Booking]) -> str:
    """One key per series booking: its first booking belongs to no other."""
    return f"staffing:series-booking:{min(b.pk for b in bookings)}:created"


def series_sms_dispatch(*, key: str) -> Dispatch:
    return message_dispatch(idempotency_keys=[key])


def series_sms_text(*, bookings: Sequence[Booking], list_days: bool = True) -> str:
    """In the active language: how many shifts, where, when, and each day (or the first and last
    day when ``list_days`` is False, for a series too long for one SMS)."""
    first, last = bookings[0], bookings[-1]
    workplace = first.workplace
    values = {
        "count": len(bookings),
        "workplace": workplace.name,
        "start": clock_text(first.starts_at),
        "end": clock_text(first.ends_at),
    }
    if list_days:
        days = ", ".join(date_text(b.starts_at, "WEEKDAY_DAY_FORMAT") for b in bookings)
        text = ngettext(
            "Booked: %(count)d shift at %(workplace)s, %(start)s-%(end)s: %(days)s.",
            "Booked: %(count)d shifts at %(workplace)s, %(start)s-%(end)s: %(days)s.",
            len(bookings),
        ) % {**values, "days": days}
    else:
        text = ngettext(
            "Booked: %(count)d shift at %(workplace)s, %(start)s-%(end)s, %(first)s to %(last)s. "
            "See every day under My shifts.",
            "Booked: %(count)d shifts at %(workplace)s, %(start)s-%(end)s, %(first)s to %(last)s. "
            "See every day under My shifts.",
            len(bookings),
        ) % {
            **values,
            "first": date_text(first.starts_at, "WEEKDAY_DAY_FORMAT"),
            "last": date_text(last.starts_at, "WEEKDAY_DAY_FORMAT"),
        }
    parts = [text]
    if workplace.address:
        parts.append(_("Address: %(address)s.") % {"address": workplace.address})
    if workplace.phone:
        parts.append(_("Phone: %(phone)s.") % {"phone": workplace.phone})
    parts.append(_("/Vikarieportalen"))
    return " ".join(parts)


def series_sms_send(*, substitute: User, bookings: Sequence[Booking]) -> str | None:
    """Record the summary SMS of ``bookings`` (in time order); its idempotency key, or None when
    the substitute has no mobile number or the outbox refused it."""
    if not substitute.mobile:
        logger.warning("series booking for %s: no mobile number, no SMS", substitute.pk)
        return None
    with in_recipient_language(substitute):
        text = series_sms_text(bookings=bookings)
        try:
            sms_text_check(text, max_segments=settings.SMS_MAX_SEGMENTS)
        except ValidationError:
            text = series_sms_text(bookings=bookings, list_days=False)
    key = series_sms_key(bookings)
    try:
        message_send_sms(
            text=text,
            kind=SMS_KIND_SERIES_BOOKED,
            idempotency_key=key,
            recipient=substitute,
            urgent=message_urgent_for(about=bookings[0].starts_at),
        )
    except ValidationError:
        logger.warning("series booking for %s: the SMS could not be recorded", substitute.pk, exc_info=True)
        return None
    return key
