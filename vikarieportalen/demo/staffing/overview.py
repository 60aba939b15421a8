"""Who is free (staffing.overview) in the demo: a few home-care substitutes off sick one day ahead.

The pool's weekly patterns already make most days free for most people; a cold going round home
care four days from now makes that day's column differ from the others (fewer free, more "cannot
work"), so the overview has something to show. Idempotent: people who already have the period are
left alone. The first demo substitute keeps her week as it is (other demos book her).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from vikarieportalen.accounts.models import User
from vikarieportalen.core.roles import Role
from vikarieportalen.demo.common import FIRST_SUBSTITUTE, Count, local
from vikarieportalen.staffing.models import AreaOfWork, AvailabilityKind, AvailabilityPeriod, Introduction

DAYS_AHEAD = 4
OFF_SICK = 5
NOTE = "Sjuk (förkylning)"


def demo_overview_build(*, count: Count, today: dt.date | None = None) -> None:
    day = (today or timezone.localdate()) + dt.timedelta(days=DAYS_AHEAD)
    starts_at, ends_at = local(day, dt.time(0)), local(day + dt.timedelta(days=1), dt.time(0))
    people = (
        User.objects.filter(groups__name=Role.SUBSTITUTE.value, is_active=True)
        .filter(
            pk__in=Introduction.objects.filter(workplace__area=AreaOfWork.HOME_CARE).values("substitute_id")
        )
        .exclude(username=FIRST_SUBSTITUTE)
        .exclude(availability_periods__starts_at__lt=ends_at, availability_periods__ends_at__gt=starts_at)
        .order_by("employee_number", "pk")[:OFF_SICK]
    )
    if AvailabilityPeriod.objects.filter(note=NOTE).exists():
        count("availability periods", False)
        return
    for person in people:
        AvailabilityPeriod.objects.create(
            substitute=person,
            kind=AvailabilityKind.UNAVAILABLE,
            starts_at=starts_at,
            ends_at=ends_at,
            note=NOTE,
        )
        count("availability periods", True)
