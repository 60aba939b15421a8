"""Booking (or offering) every open shift of a repeating need for one substitute in one step.

Each shift is booked by ``booking.services.booking_create`` in its own savepoint, in time order, so
it gets every check a single booking gets, and the series' shifts booked before it count in its
rest and month rules (as ``rules.series_check`` predicts for the page). A shift that breaks a rule
is left open and listed with the reasons; the others are booked. Nothing is overridden: the
staffing centre books an overridable shift on its own, with a reason. The substitute gets one SMS
for the whole series instead of one per shift.

Offering (``series_offer``) checks the same way (``selectors.series_check_for``: every rule, the
series' passing shifts counted as booked) and sends the passing shifts as one series offer through
the offer machinery (``offers.services.offer_series_send``): one offer per shift, one SMS, one link.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vikarieportalen.accounts.models import User
from vikarieportalen.core.errors import Refused
from vikarieportalen.core.roles import Role
from vikarieportalen.staffing.booking.facts import Violation
from vikarieportalen.staffing.booking.services import BookingRefused, booking_create
from vikarieportalen.staffing.models import Booking, Offer, OfferSend, Shift, ShiftSeries
from vikarieportalen.staffing.offers.services import OfferRefused, offer_series_send
from vikarieportalen.staffing.series.notify import series_sms_send
from vikarieportalen.staffing.series.selectors import series_check_for
from vikarieportalen.staffing.shifts.selectors import series_shifts_to_fill


@dataclass
class SeriesBooked:
    bookings: list[Booking] = field(default_factory=list)
    failed: list[tuple[Shift, list[Violation]]] = field(default_factory=list)
    sms_key: str | None = None  # None: no SMS (no usable mobile number)


class SeriesRefused(Refused):
    """Not one shift of the series could be booked: nothing was, and no SMS went."""

    def __init__(self, message: str, failed: list[tuple[Shift, list[Violation]]]) -> None:
        super().__init__(message)
        self.failed = failed


def user_may_book_series(user: User) -> bool:
    return user.is_active and (user.has_role(Role.STAFFING_CENTRE) or user.has_role(Role.ADMINISTRATOR))


@transaction.atomic
def series_book(
    *, series: ShiftSeries, substitute: User, by: User, now: dt.datetime | None = None
) -> SeriesBooked:
    """Book ``substitute`` on every shift of ``series`` that has not ended and passes every rule.

    Refused (``SeriesRefused``, nothing booked, no SMS) when no shift is left or none passes.
    """
    if not user_may_book_series(by):
        raise PermissionDenied("Only the staffing centre books substitutes.")
    now = now or timezone.now()
    shifts = series_shifts_to_fill(series_id=series.pk, now=now)
    if not shifts:
        raise SeriesRefused(_("No shift of the series is left to book."), [])
    result = SeriesBooked()
    for shift in shifts:
        try:
            with transaction.atomic():
                booking = booking_create(shift=shift, substitute=substitute, by=by, sms=False)
        except BookingRefused as refused:
            result.failed.append((shift, refused.violations))
        else:
            result.bookings.append(booking)
    if not result.bookings:
        raise SeriesRefused(
            _("No shift of the series could be booked for %(name)s: nothing was booked and no SMS was sent.")
            % {"name": substitute.get_full_name()},
            result.failed,
        )
    result.sms_key = series_sms_send(substitute=substitute, bookings=result.bookings)
    return result


@dataclass
class SeriesOffered:
    send: OfferSend
    offers: list[Offer] = field(default_factory=list)
    # Each shift not offered, with the reasons (rules broken, or already offered, no longer open).
    failed: list[tuple[Shift, list[str]]] = field(default_factory=list)


class SeriesOfferRefused(Refused):
    """Not one shift of the series could be offered: nothing was, and no SMS went."""

    def __init__(self, message: str, failed: list[tuple[Shift, list[str]]]) -> None:
        super().__init__(message)
        self.failed = failed


@transaction.atomic
def series_offer(
    *, series: ShiftSeries, substitute: User, by: User, now: dt.datetime | None = None
) -> SeriesOffered:
    """Offer ``substitute`` every shift of ``series`` that has not ended and passes every rule (the
    series' passing shifts counted as booked), as one series offer: one offer per shift, ONE SMS
    with one link. A failing shift gets no offer and is listed with its reasons.

    Refused (``SeriesOfferRefused``, nothing created, no SMS) when no shift is left or none passes.
    Eligibility is checked again when each offer is accepted (``offers.answers``).
    """
    if not user_may_book_series(by):
        raise PermissionDenied("Only the staffing centre offers shifts.")
    now = now or timezone.now()
    shifts = series_shifts_to_fill(series_id=series.pk, now=now)
    if not shifts:
        raise SeriesOfferRefused(_("No shift of the series is left to offer."), [])
    rows = series_check_for(shifts=shifts, substitute=substitute, now=now)
    offered = set(
        Offer.objects.filter(substitute=substitute, shift__in=shifts).values_list("shift_id", flat=True)
    )
    failed = [
        (row.shift, [str(v.message) for v in row.violations] or [_("Already offered this shift.")])
        for row in rows
        if not row.passes or row.shift.pk in offered
    ]
    passing = [row.shift for row in rows if row.passes and row.shift.pk not in offered]
    nothing = _(
        "No shift of the series could be offered to %(name)s: nothing was offered and no SMS was sent."
    ) % {"name": substitute.get_full_name()}
    if not passing:
        raise SeriesOfferRefused(nothing, failed)
    try:
        sent = offer_series_send(shifts=passing, substitute=substitute, by=by, now=now)
    except OfferRefused as refused:
        raise SeriesOfferRefused(nothing, failed) from refused
    failed += [(shift, [reason]) for shift, _user, reason in sent.skipped]
    failed.sort(key=lambda item: (item[0].starts_at, item[0].pk))
    return SeriesOffered(send=sent.send, offers=sent.offers, failed=failed)
