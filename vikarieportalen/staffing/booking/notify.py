"""The substitute's SMS about a booking made or cancelled: the texts and recording them.

The SMS is written to the notifications outbox in the caller's transaction and delivered only
after commit. It is urgent (sent even in quiet hours) when the shift starts soon
(``notifications.services.message_urgent_for``); otherwise it may wait for the morning.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vikarieportalen.core.time import clock_text
from vikarieportalen.notifications.services import (
    in_recipient_language,
    message_send_sms,
    message_urgent_for,
)
from vikarieportalen.staffing.booking.facts import local
from vikarieportalen.staffing.booking.selectors import BookingSmsEvent, booking_sms_key
from vikarieportalen.staffing.models import Booking

logger = logging.getLogger(__name__)

SMS_KIND_BOOKED = "staffing_booking_created"
SMS_KIND_CANCELLED = "staffing_booking_cancelled"


def _sms_time(moment: dt.datetime) -> str:
    return clock_text(moment)


def booking_sms_text(*, booking: Booking) -> str:
    """The booking SMS, in the active language: date, time, workplace, address, workplace phone."""
    workplace = booking.workplace
    starts = local(booking.starts_at)
    parts = [
        _("Booked: %(date)s %(start)s-%(end)s at %(workplace)s.")
        % {
            "date": date_format(starts.date(), "D j F"),
            "start": _sms_time(booking.starts_at),
            "end": _sms_time(booking.ends_at),
            "workplace": workplace.name,
        }
    ]
    if workplace.address:
        parts.append(_("Address: %(address)s.") % {"address": workplace.address})
    if workplace.phone:
        parts.append(_("Phone: %(phone)s.") % {"phone": workplace.phone})
    parts.append(_("/Vikarieportalen"))
    return " ".join(parts)


def cancellation_sms_text(*, booking: Booking, shift_cancelled: bool = False) -> str:
    """The cancellation SMS, in the active language."""
    values = {
        "date": date_format(local(booking.starts_at).date(), "D j F"),
        "start": _sms_time(booking.starts_at),
        "end": _sms_time(booking.ends_at),
        "workplace": booking.workplace.name,
    }
    if shift_cancelled:
        text = (
            _("Cancelled: the workplace no longer needs you %(date)s %(start)s-%(end)s at %(workplace)s.")
            % values
        )
    else:
        text = _("Cancelled: your booking %(date)s %(start)s-%(end)s at %(workplace)s.") % values
    return f"{text} {_('/Vikarieportalen')}"


def booking_sms_record(
    *, booking: Booking, kind: str, event: BookingSmsEvent, text: Callable[[], str]
) -> None:
    """Record the SMS in this transaction, in the substitute's language; sent after commit, at once
    when the shift is soon (or under way), else possibly after quiet hours."""
    substitute = booking.substitute
    if not substitute.mobile:
        logger.warning("booking %s: no mobile number, no SMS (%s)", booking.pk, kind)
        return
    with in_recipient_language(substitute):
        rendered = text()
    try:
        message_send_sms(
            text=rendered,
            kind=kind,
            idempotency_key=booking_sms_key(booking_id=booking.pk, event=event),
            recipient=substitute,
            urgent=message_urgent_for(about=booking.starts_at),
        )
    except ValidationError:
        logger.warning("booking %s: the SMS could not be recorded (%s)", booking.pk, kind, exc_info=True)
