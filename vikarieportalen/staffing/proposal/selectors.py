"""The proposal's facts read from the database: the open shifts of a period at some workplaces and
everyone who could take one of them, as the plain data ``solver.py`` reads (a fixed number of
queries, whatever the size of the pool)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection

from django.utils import timezone
from django.utils.translation import gettext as _

from vikarieportalen.core.errors import Refused
from vikarieportalen.notifications.services import message_urgent_for
from vikarieportalen.staffing.booking.candidates import substitute_list_active
from vikarieportalen.staffing.booking.facts import months_touched
from vikarieportalen.staffing.booking.loading import (
    FACTS_WINDOW,
    availability_periods_load,
    bookings_load,
    limits_by_agreement,
    limits_for,
    qualifications_load,
    substitute_profile_get,
    weekly_availability_load,
)
from vikarieportalen.staffing.las import rules as las
from vikarieportalen.staffing.las.selectors import las_rows_for
from vikarieportalen.staffing.models import (
    Booking,
    BookingStatus,
    Introduction,
    Shift,
    ShiftStatus,
)
from vikarieportalen.staffing.proposal.facts import ProposalShift, ProposalSubstitute

# The longest period one proposal covers (issue 18): five weeks.
MAX_PERIOD_DAYS = 35


def period_check(*, first_day: dt.date, last_day: dt.date) -> None:
    """Refused unless ``first_day``..``last_day`` is a period of at most five weeks."""
    if last_day < first_day:
        raise Refused(_("The period ends before it begins."), code="period_order")
    if (last_day - first_day).days + 1 > MAX_PERIOD_DAYS:
        raise Refused(
            _("A proposal covers at most 5 weeks. Choose a shorter period."), code="period_too_long"
        )


def proposal_facts_load(
    *,
    first_day: dt.date,
    last_day: dt.date,
    workplace_ids: Collection[int],
    now: dt.datetime | None = None,
) -> tuple[list[ProposalShift], list[ProposalSubstitute]]:
    """The open shifts from ``first_day`` to ``last_day`` at ``workplace_ids`` (not yet over) and
    every active substitute introduced at one of them, with their fixed bookings, hours so far,
    qualifications, availability, LAS days and the workplaces they have worked at.

    Refused (nothing read further) for a period longer than five weeks or one with no open shift.
    """
    period_check(first_day=first_day, last_day=last_day)
    now = now or timezone.now()
    rows = list(
        Shift.objects.filter(
            status=ShiftStatus.ACTIVE,
            is_booked=False,
            day__gte=first_day,
            day__lte=last_day,
            ends_at__gt=now,
            workplace_id__in=list(workplace_ids),
        )
        .select_related("workplace")
        .prefetch_related("required_qualifications")
        .order_by("starts_at", "pk")
    )
    if not rows:
        raise Refused(
            _("There are no open shifts in that period at those workplaces: nothing to propose."),
            code="no_open_shifts",
        )
    shifts = [
        ProposalShift(
            id=row.pk,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            break_minutes=row.break_minutes,
            day=row.day,
            workplace_id=row.workplace_id,
            workplace_name=row.workplace.name,
            area=row.workplace.area,
            reason=row.reason,
            urgent=message_urgent_for(about=row.starts_at, now=now),
            required_qualifications=tuple(sorted((q.pk, q.name) for q in row.required_qualifications.all())),
        )
        for row in rows
    ]
    return shifts, _substitutes_load(shifts, workplace_ids=set(workplace_ids))


def _substitutes_load(shifts: list[ProposalShift], *, workplace_ids: set[int]) -> list[ProposalSubstitute]:
    first = min(s.starts_at for s in shifts)
    last = max(s.ends_at for s in shifts)
    window = (first - FACTS_WINDOW, last + FACTS_WINDOW)
    months = sorted({m for s in shifts for m in months_touched(s.starts_at, s.ends_at)})

    introduced = _introduced_load(workplace_ids)
    users = list(
        substitute_list_active()
        .filter(pk__in=list(introduced))
        .select_related("substitute_profile")
        .order_by("pk")
    )
    ids = [user.pk for user in users]
    limits_by_id, default_limits = limits_by_agreement()
    bookings, month_minutes = bookings_load(ids=ids, window=window, months=months)
    held = qualifications_load(ids=ids)
    # In the models' order (periods by time, weekly rows by weekday and start), as before.
    periods = availability_periods_load(ids=ids, window=window, ordered=True)
    weekly = weekly_availability_load(ids=ids, window=window, ordered=True)
    worked = _worked_load(ids, workplace_ids=workplace_ids, before=first)
    las_limits = las.LasLimits.from_settings()
    las_rows = las_rows_for(substitute_ids=ids, reference=min(s.day for s in shifts), limits=las_limits)

    result = []
    for user in users:
        profile = substitute_profile_get(user)
        row = las_rows.get(user.pk)
        result.append(
            ProposalSubstitute(
                id=user.pk,
                name=user.get_full_name(),
                limits=limits_for(profile=profile, by_agreement=limits_by_id, default=default_limits),
                is_bookable=profile.is_bookable if profile is not None else True,
                introduced_at=frozenset(introduced[user.pk]),
                qualifications=held.get(user.pk, {}),
                bookings=tuple(bookings.get(user.pk, [])),
                month_minutes={month: month_minutes[user.pk].get(month, 0) for month in months},
                periods=tuple(periods.get(user.pk, [])),
                weekly=tuple(weekly.get(user.pk, [])),
                las=row.counts if row is not None else las.LasCounts(),
                worked_at=frozenset(worked.get(user.pk, set())),
            )
        )
    return result


def _introduced_load(workplace_ids: set[int]) -> dict[int, set[int]]:
    """The workplaces (of ``workplace_ids``) each substitute is introduced at."""
    introduced: dict[int, set[int]] = defaultdict(set)
    for substitute_id, workplace_id in Introduction.objects.filter(
        workplace_id__in=workplace_ids
    ).values_list("substitute_id", "workplace_id"):
        introduced[substitute_id].add(workplace_id)
    return introduced


def _worked_load(ids: list[int], *, workplace_ids: set[int], before: dt.datetime) -> dict[int, set[int]]:
    """The workplaces (of ``workplace_ids``) each substitute has a booking at that ended by ``before``."""
    worked: dict[int, set[int]] = defaultdict(set)
    for substitute_id, workplace_id in (
        Booking.objects.filter(
            substitute_id__in=ids,
            status=BookingStatus.ACTIVE,
            workplace_id__in=workplace_ids,
            ends_at__lte=before,
        )
        .order_by()
        .values_list("substitute_id", "workplace_id")
        .distinct()
    ):
        worked[substitute_id].add(workplace_id)
    return worked
