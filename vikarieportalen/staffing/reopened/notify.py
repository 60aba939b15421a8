"""Telling the staffing centre that a substitute cancelled and a shift is open again.

To STAFFING_CENTRE_EMAIL (a shared mailbox) when set, otherwise to every active staffing-centre
user with an address, as the LAS warnings go. Recorded in the cancellation's transaction and sent
after commit. The e-mail names the workplace and time but not the substitute: the board, behind
login, does.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vikarieportalen.core.time import STOCKHOLM, clock_text
from vikarieportalen.notifications.services import message_urgent_for
from vikarieportalen.staffing.centre_email import staffing_centre_email_send
from vikarieportalen.staffing.models import Booking

logger = logging.getLogger(__name__)

EMAIL_KIND_REOPENED = "staffing_shift_reopened"


def reopened_email_text(*, booking: Booking, url: str) -> tuple[str, str]:
    """Subject and text in the active language: workplace, day and times, and the link to book."""
    english = (get_language() or "sv").startswith("en")
    values = {
        "workplace": booking.workplace.name,
        "day": date_format(booking.starts_at.astimezone(STOCKHOLM).date(), "D j M" if english else "D j b"),
        "start": clock_text(booking.starts_at),
        "end": clock_text(booking.ends_at),
    }
    subject = _("Shift reopened: %(workplace)s %(day)s") % values
    text = "\n\n".join(
        [
            _(
                "A substitute has cancelled the booking %(day)s %(start)s–%(end)s at %(workplace)s. "
                "The shift is open again and is marked reopened on the booking board."
            )
            % values,
            _("Book someone else: %(url)s") % {"url": url},
            _("Log in to see who cancelled."),
            "/Vikarieportalen",
        ]
    )
    return subject, text


def staffing_centre_tell_reopened(*, booking: Booking) -> int:
    """Record the e-mail to each staffing-centre recipient; returns how many were recorded."""
    url = settings.PUBLIC_URL + reverse("staffing:shift_candidates", args=[booking.shift_id])
    recorded = staffing_centre_email_send(
        shared_mailbox=settings.STAFFING_CENTRE_EMAIL,
        texts=lambda: reopened_email_text(booking=booking, url=url),
        kind=EMAIL_KIND_REOPENED,
        idempotency_key=f"staffing:booking:{booking.pk}:reopened",
        about=f"booking {booking.pk}",
        urgent=message_urgent_for(about=booking.starts_at),
    )
    if not recorded:
        logger.warning("booking %s: no staffing-centre address to tell of the reopened shift", booking.pk)
    return recorded
