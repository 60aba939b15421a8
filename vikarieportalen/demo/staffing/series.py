"""Demo data: a repeating need with the manager's wish for a named substitute (issue 17, item 3).

The demo manager EKAA7221 needs someone every weekday morning for the two coming weeks at her first
workplace while an employee is on leave, and wishes for the first substitute (by employee number)
introduced there, who has said she can work those weeks. The staffing centre sees the wish on the
board and the candidate page ("Önskad av chefen") and books the whole series from the board's
"Boka hela serien…". Known by its note, so a second run adds nothing.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from vikarieportalen.accounts.models import User
from vikarieportalen.core.roles import Role
from vikarieportalen.demo.common import DAYS_AHEAD, Count, local, no_count
from vikarieportalen.staffing.models import (
    AvailabilityKind,
    AvailabilityPeriod,
    Shift,
    ShiftReason,
    Workplace,
)
from vikarieportalen.staffing.shifts.services import shift_create_series

MANAGER = "EKAA7221"
NOTE = "Ersätter Lena under hennes tjänstledighet. Nyckel hos enhetschefen."
AVAILABLE_NOTE = "Ledig för ett längre vikariat"


def demo_series_build(*, count: Count = no_count, today: dt.date | None = None) -> None:
    if Shift.objects.filter(note=NOTE, series__isnull=False).exists():
        count("repeating needs", False)
        return
    manager = User.objects.filter(username=MANAGER).first()
    workplace = (
        Workplace.objects.filter(managers=manager, is_active=True).order_by("pk").first() if manager else None
    )
    if manager is None or workplace is None:
        return
    wished = (
        User.objects.filter(
            is_active=True, groups__name=Role.SUBSTITUTE.value, introductions__workplace=workplace
        )
        .order_by("employee_number", "pk")
        .first()
    )
    today = today or timezone.localdate()
    # Two weeks, within the demo's coming days (DAYS_AHEAD), as the rest of its shifts.
    first_day, last_day = today + dt.timedelta(days=1), today + dt.timedelta(days=DAYS_AHEAD - 1)
    if wished is not None:
        AvailabilityPeriod.objects.create(
            substitute=wished,
            kind=AvailabilityKind.AVAILABLE,
            starts_at=local(first_day, dt.time(6)),
            ends_at=local(last_day, dt.time(18)),
            note=AVAILABLE_NOTE,
        )
    shift_create_series(
        workplace=workplace,
        first_day=first_day,
        last_day=last_day,
        weekdays=[0, 1, 2, 3, 4],
        starts=dt.time(6, 30),  # a time the demo's other shifts never start at: no shift twice
        ends=dt.time(15),
        break_minutes=30,
        reason=ShiftReason.OTHER_LEAVE,
        by=manager,
        note=NOTE,
        wished_substitute=wished,
    )
    count("repeating needs", True)
