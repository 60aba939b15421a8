"""Demo data: LAS days — earlier years' shifts for three demo substitutes.

- JOSA9804 (the seed's example) has 332 days of special fixed-term employment (SÄV) and 100
  of vikariat over the last four years: she is *nearing* the SÄV limit for permanent employment
  (more than 360 days in five years), and the demo's recent shifts bring her closer.
- The second substitute (by employee number) has 420 days in the last two years, SÄV and vikariat:
  *over* the limit for priority for re-employment (more than 360 days in three years).
- The third has 390 SÄV days in four years: *over* the SÄV conversion limit.

Each booking is a day shift 07.00–16.00 at a workplace the person is introduced at, ending at
least 61 days ago, so it stays clear of the staffing demo's four weeks. Shifts and bookings are
bulk-created directly (no SMS, no audit). Deterministic and idempotent: someone who already has a
booking that old is left as they are.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from vikarieportalen.accounts.models import User
from vikarieportalen.core.roles import Role
from vikarieportalen.demo.common import FIRST_SUBSTITUTE, Count, local
from vikarieportalen.demo.staffing.shifts import booking_build
from vikarieportalen.staffing.las import rules as las
from vikarieportalen.staffing.models import Booking, Introduction, Shift, ShiftReason, Workplace

RECENT_GAP_DAYS = 61  # the demo's own history covers the last 14 days; stay well before it
DAY_START, DAY_END, BREAK_MINUTES = dt.time(7), dt.time(16), 45


@dataclass(frozen=True)
class History:
    """Days of each form, sampled from the ``years`` years before the gap."""

    years: int
    sav_days: int
    vikariat_days: int


JOSA = History(years=4, sav_days=332, vikariat_days=100)
# Sampled from fewer years than the windows, so the demo stays as described for about a year.
PRIORITY_OVER = History(years=2, sav_days=250, vikariat_days=170)
SAV_OVER = History(years=4, sav_days=390, vikariat_days=0)


def _people() -> list[tuple[User, History]]:
    substitutes = User.objects.filter(groups__name=Role.SUBSTITUTE.value, is_active=True)
    substitutes = substitutes.order_by("employee_number", "pk")
    josa = next((u for u in substitutes if u.username == FIRST_SUBSTITUTE), None)
    others = [u for u in substitutes if u.username != FIRST_SUBSTITUTE]
    people: list[tuple[User, History]] = []
    if josa is not None:
        people.append((josa, JOSA))
    people.extend(zip(others[:2], (PRIORITY_OVER, SAV_OVER), strict=False))
    return people


def _days(history: History, *, today: dt.date, seed: str) -> list[tuple[dt.date, str]]:
    """Distinct days, each with its form, deterministic per person."""
    last = today - dt.timedelta(days=RECENT_GAP_DAYS)
    first = las.window_first_day(today, history.years) + dt.timedelta(days=1)
    span = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    picked = sorted(random.Random(seed).sample(span, history.sav_days + history.vikariat_days))  # noqa: S311
    forms = [las.SAV] * history.sav_days + [las.VIKARIAT] * history.vikariat_days
    random.Random(f"{seed}-forms").shuffle(forms)  # noqa: S311
    return list(zip(picked, forms, strict=True))


def _shifts(history: History, *, today: dt.date, seed: str, workplaces: list[Workplace]) -> list[Shift]:
    """A day shift on each of the history's days, at the person's workplaces in turn."""
    shifts = []
    for index, (day, form) in enumerate(_days(history, today=today, seed=seed)):
        if form == las.SAV:
            reason = ShiftReason.EXTRA_NEED
        else:
            reason = ShiftReason.VACATION if index % 3 == 0 else ShiftReason.SICK_LEAVE
        shifts.append(
            Shift(
                workplace=workplaces[index % len(workplaces)],
                starts_at=local(day, DAY_START),
                ends_at=local(day, DAY_END),
                day=day,
                break_minutes=BREAK_MINUTES,
                reason=reason,
            )
        )
    return shifts


def demo_las_build(*, count: Count, today: dt.date | None = None) -> None:
    """Give the three demo substitutes their earlier years' bookings; call inside a transaction."""
    today = today or timezone.localdate()
    gap_start = local(today - dt.timedelta(days=RECENT_GAP_DAYS - 1), dt.time(0))
    booker = User.objects.filter(groups__name=Role.STAFFING_CENTRE.value).order_by("pk").first()
    fallback = Workplace.objects.filter(is_active=True).order_by("pk").first()
    if fallback is None:
        return
    for person, history in _people():
        if Booking.objects.filter(substitute=person, starts_at__lt=gap_start).exists():
            count("bookings", False)
            continue
        workplaces = list(
            Workplace.objects.filter(
                pk__in=Introduction.objects.filter(substitute=person).values("workplace_id")
            ).order_by("pk")
        ) or [fallback]
        shifts = _shifts(history, today=today, seed=f"las-{person.username}", workplaces=workplaces)
        Shift.objects.bulk_create(shifts, batch_size=500)
        Booking.objects.bulk_create(
            [booking_build(shift=shift, substitute_id=person.pk, created_by=booker) for shift in shifts],
            batch_size=500,
        )
        for _shift in shifts:
            count("shifts", True)
            count("bookings", True)
