"""The substitute's bookings as an iCalendar feed (RFC 5545) at a personal secret address.

The secret is ``SubstituteProfile.calendar_token``: 32 random bytes (URL-safe base64), made on the
first visit to the feed page and renewable; a renewed token simply no longer exists, so the old
address answers 404 and says nothing about whose it was.

Decisions (see docs/staffing.md, "Calendar feed"):
- times in UTC (``DTSTART:…Z``): valid everywhere, no VTIMEZONE to keep right;
- one event per active booking, UID ``booking-<id>@<host>`` for its whole life; a moved booking
  keeps its UID and gets a newer LAST-MODIFIED/DTSTAMP (``Booking.updated_at``) and a higher
  SEQUENCE (``Booking.sequence``), so phones move the event;
- a cancelled booking is left out: a subscribed calendar is replaced whole on every refresh, so the
  event disappears, whereas STATUS:CANCELLED in a subscription is shown as a normal event by
  Google Calendar and some phones — a shift the person no longer has must not look booked.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vikarieportalen.accounts.models import User
from vikarieportalen.staffing.models import Booking, BookingStatus, SubstituteProfile

PAST_DAYS = 60  # past bookings stay in the phone's calendar this long
MAX_EVENTS = 1000
REFRESH_INTERVAL = dt.timedelta(hours=1)


def calendar_token_new() -> str:
    return secrets.token_urlsafe(32)


# ---------------------------------------------------------------------------------------------
# Services


@transaction.atomic
def calendar_token_ensure(*, substitute: User) -> SubstituteProfile:
    """The substitute's profile with a calendar token, made now if there is none."""
    profile, _created = SubstituteProfile.objects.select_for_update().get_or_create(user=substitute)
    if not profile.calendar_token:
        profile.calendar_token = calendar_token_new()
        profile.calendar_token_created_at = timezone.now()
        profile.save(update_fields=["calendar_token", "calendar_token_created_at"])
    return profile


@transaction.atomic
def calendar_token_renew(*, substitute: User) -> SubstituteProfile:
    """A new token: the old address stops working at once."""
    profile, _created = SubstituteProfile.objects.select_for_update().get_or_create(user=substitute)
    profile.calendar_token = calendar_token_new()
    profile.calendar_token_created_at = timezone.now()
    profile.save(update_fields=["calendar_token", "calendar_token_created_at"])
    return profile


def calendar_token_revoke(*, substitute: User) -> bool:
    """No feed address at all (the engagement ended): the old one answers 404. True if there was one."""
    return bool(
        SubstituteProfile.objects.filter(user=substitute, calendar_token__isnull=False).update(
            calendar_token=None, calendar_token_created_at=None
        )
    )


# ---------------------------------------------------------------------------------------------
# Selectors


def substitute_for_calendar_token(*, token: str) -> User | None:
    """The active user whose feed this is, or None. One query (the token column is unique)."""
    profile = (
        SubstituteProfile.objects.filter(calendar_token=token, user__is_active=True)
        .select_related("user")
        .first()
    )
    return profile.user if profile is not None else None


def calendar_feed_bookings(*, substitute: User, now: dt.datetime) -> list[Booking]:
    """The bookings the feed shows: active ones from ``PAST_DAYS`` ago on. One query."""
    return list(
        Booking.objects.filter(
            substitute=substitute,
            status=BookingStatus.ACTIVE,
            starts_at__gte=now - dt.timedelta(days=PAST_DAYS),
        )
        .select_related("workplace", "shift")
        .order_by("starts_at", "pk")[:MAX_EVENTS]
    )


# ---------------------------------------------------------------------------------------------
# Rendering (pure)


def feed_host() -> str:
    return urlsplit(settings.PUBLIC_URL).hostname or "vikarieportalen"


def booking_uid(booking: Booking, *, host: str) -> str:
    return f"booking-{booking.pk}@{host}"


def _description(booking: Booking, *, detail_url: str) -> str:
    lines = [
        _("Break: %(minutes)d min") % {"minutes": booking.shift.break_minutes},
        _("Workplace phone: %(phone)s") % {"phone": booking.workplace.phone}
        if booking.workplace.phone
        else "",
        booking.shift.note,
        detail_url,
    ]
    return "\n".join(line for line in lines if line)


def calendar_render(
    *,
    bookings: Iterable[Booking],
    calendar_name: str,
    now: dt.datetime,
    host: str,
    detail_url_for: dict[int, str] | None = None,
) -> bytes:
    """The feed as iCalendar bytes (CRLF line endings and line folding by the library)."""
    feed = icalendar.Calendar()
    feed.add("prodid", "-//Vikarieportalen//Bokningar//SV")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    # RFC 7986 names and refresh hint, with the older X- forms that Apple and Google read.
    feed.add("name", calendar_name)
    feed.add("x-wr-calname", calendar_name)
    feed.add("x-wr-timezone", settings.TIME_ZONE)
    feed.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    # An X- property is text to the library, which would write a timedelta as "1:00:00".
    feed.add("x-published-ttl", icalendar.vDuration(REFRESH_INTERVAL).to_ical().decode())  # type: ignore[no-untyped-call]
    for booking in bookings:
        event = icalendar.Event()
        modified = booking.updated_at
        event.add("uid", booking_uid(booking, host=host))
        event.add("dtstamp", modified.astimezone(dt.UTC))
        event.add("last-modified", modified.astimezone(dt.UTC))
        event.add("sequence", booking.sequence)
        event.add("dtstart", booking.starts_at.astimezone(dt.UTC))
        event.add("dtend", booking.ends_at.astimezone(dt.UTC))
        event.add("summary", _("Shift: %(workplace)s") % {"workplace": booking.workplace.name})
        if booking.workplace.address:
            event.add("location", booking.workplace.address)
        event.add("status", "CONFIRMED")
        event.add("transp", "OPAQUE")
        detail_url = (detail_url_for or {}).get(booking.pk, "")
        event.add("description", _description(booking, detail_url=detail_url))
        if detail_url:
            event.add("url", detail_url)
        feed.add_component(event)
    ical: bytes = feed.to_ical()  # icalendar leaves to_ical() unannotated
    return ical
