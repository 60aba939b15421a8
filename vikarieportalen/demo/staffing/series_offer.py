"""Demo data: a series offer waiting for JOSA9804 (issue 17): three evenings of a repeating need
offered to her as one offer, one SMS with one link (/f/s/<key>/), where she accepts all or some.

Each first day is tried in a savepoint, from the day after tomorrow, until she may take at least two
of the three evenings under every rule; a run while such an offer is waiting adds nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from vikarieportalen.accounts.models import User
from vikarieportalen.demo.common import DAYS_AHEAD, FIRST_SUBSTITUTE, Count, local
from vikarieportalen.staffing.models import (
    AvailabilityKind,
    AvailabilityPeriod,
    Offer,
    OfferStatus,
    ShiftReason,
    ShiftSeries,
    Workplace,
)
from vikarieportalen.staffing.offers.services import OfferRefused
from vikarieportalen.staffing.series.services import SeriesOfferRefused, series_offer
from vikarieportalen.staffing.shifts.rules import ShiftInputError
from vikarieportalen.staffing.shifts.services import shift_create_series

STAFF = "LILE7514"  # the staffing centre, as in the demo's other offers
NOTE = "Kvällsförstärkning tre kvällar i rad."
DAYS = 3
SEARCH_DAYS = DAYS_AHEAD + 28


class _NotThese(Exception):
    """Rolls back one attempt."""


def _waiting(josa: User, now: dt.datetime) -> bool:
    return (
        Offer.objects.filter(substitute=josa, status=OfferStatus.OPEN, expires_at__gt=now)
        .exclude(series_key="")
        .exists()
    )


def demo_series_offer_build(*, count: Count) -> None:
    staff = User.objects.filter(username=STAFF).first()
    josa = User.objects.filter(username=FIRST_SUBSTITUTE).first()
    if staff is None or josa is None:
        return
    home = Workplace.objects.filter(introductions__substitute=josa, is_active=True).order_by("name").first()
    if home is None:
        return
    if _waiting(josa, timezone.now()):
        count("series offers", False)
        return
    today = timezone.localdate()
    for offset in range(2, SEARCH_DAYS):
        first = today + dt.timedelta(days=offset)
        last = first + dt.timedelta(days=DAYS - 1)
        try:
            with transaction.atomic():
                AvailabilityPeriod.objects.create(
                    substitute=josa,
                    kind=AvailabilityKind.AVAILABLE,
                    starts_at=local(first, dt.time(16)),
                    ends_at=local(last, dt.time(23)),
                )
                series: ShiftSeries = shift_create_series(
                    workplace=home,
                    first_day=first,
                    last_day=last,
                    weekdays=list(range(7)),
                    starts=dt.time(17, 15),  # a time the demo's other shifts never start at
                    ends=dt.time(21, 15),
                    break_minutes=0,
                    reason=ShiftReason.EXTRA_NEED,
                    by=staff,
                    note=NOTE,
                )
                result = series_offer(series=series, substitute=josa, by=staff)
                if len(result.offers) < 2:
                    raise _NotThese
        except (_NotThese, SeriesOfferRefused, OfferRefused, ShiftInputError):
            continue
        count("series offers", True)
        return
