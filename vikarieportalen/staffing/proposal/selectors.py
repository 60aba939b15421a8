"""The proposal's facts read from the database: the open shifts of a period at some workplaces and
everyone who could take one of them, as the plain data ``solver.py`` reads (a fixed number of
queries, whatever the size of the pool)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vikarieportalen.core.errors import Refused
from vikarieportalen.notifications.services import message_urgent_for
from vikarieportalen.staffing.booking.candidates import (
    FACTS_WINDOW,
    LONGEST_BOOKING,
    limits_by_agreement,
    substitute_list_active,
    substitute_profile_get,
)
from vikarieportalen.staffing.booking.facts import (
    AvailabilitySpan,
    WeeklyPattern,
    Work,
    local,
    month_parts,
    month_start,
    months_touched,
    next_month,
)
from vikarieportalen.staffing.las import rules as las
from vikarieportalen.staffing.las.selectors import las_rows_for
from vikarieportalen.staffing.models import (
    AvailabilityKind,
    AvailabilityPeriod,
    Booking,
    BookingStatus,
    Introduction,
    Shift,
    ShiftStatus,
    SubstituteQualification,
    WeeklyAvailability,
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
    bookings, month_minutes = _bookings_load(ids, window=window, months=months)
    held = _qualifications_load(ids)
    periods = _periods_load(ids, window=window)
    weekly = _weekly_load(ids, window=window)
    worked = _worked_load(ids, workplace_ids=workplace_ids, before=first)
    las_limits = las.LasLimits.from_settings()
    las_rows = las_rows_for(substitute_ids=ids, reference=min(s.day for s in shifts), limits=las_limits)

    result = []
    for user in users:
        profile = substitute_profile_get(user)
        agreement_id = profile.agreement_id if profile is not None else None
        row = las_rows.get(user.pk)
        result.append(
            ProposalSubstitute(
                id=user.pk,
                name=user.get_full_name(),
                limits=limits_by_id.get(agreement_id, default_limits) if agreement_id else default_limits,
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


def _bookings_load(
    ids: list[int], *, window: tuple[dt.datetime, dt.datetime], months: list[tuple[int, int]]
) -> tuple[dict[int, list[Work]], dict[int, dict[tuple[int, int], int]]]:
    """The bookings in the ``window`` (rest rules) and the booked minutes in ``months`` (month
    hours), per substitute, in one query."""
    window_start, window_end = window
    first_month, after_months = month_start(*months[0]), month_start(*next_month(*months[-1]))
    read_from, read_until = min(window_start, first_month), max(window_end, after_months)
    bookings: dict[int, list[Work]] = defaultdict(list)
    month_minutes: dict[int, dict[tuple[int, int], int]] = defaultdict(lambda: defaultdict(int))
    for substitute_id, starts_at, ends_at, minutes, workplace_name in (
        Booking.objects.filter(
            substitute_id__in=ids,
            status=BookingStatus.ACTIVE,
            starts_at__lt=read_until,
            starts_at__gt=read_from - LONGEST_BOOKING,
            ends_at__gt=read_from,
        )
        .order_by()
        .values_list("substitute_id", "starts_at", "ends_at", "work_minutes", "workplace__name")
    ):
        if starts_at < window_end and ends_at > window_start:
            bookings[substitute_id].append(Work(starts_at, ends_at, minutes, workplace_name))
        if starts_at < after_months and ends_at > first_month:
            for month, part in month_parts(starts_at, ends_at, minutes).items():
                if month in months:
                    month_minutes[substitute_id][month] += part
    return bookings, month_minutes


def _qualifications_load(ids: list[int]) -> dict[int, dict[int, dt.date | None]]:
    """Every qualification each substitute holds, with its end date."""
    held: dict[int, dict[int, dt.date | None]] = defaultdict(dict)
    for substitute_id, qualification_id, valid_until in SubstituteQualification.objects.filter(
        substitute_id__in=ids
    ).values_list("substitute_id", "qualification_id", "valid_until"):
        held[substitute_id][qualification_id] = valid_until
    return held


def _periods_load(
    ids: list[int], *, window: tuple[dt.datetime, dt.datetime]
) -> dict[int, list[AvailabilitySpan]]:
    """Single availability periods that touch the ``window``."""
    window_start, window_end = window
    periods: dict[int, list[AvailabilitySpan]] = defaultdict(list)
    for substitute_id, kind, starts_at, ends_at, note in AvailabilityPeriod.objects.filter(
        substitute_id__in=ids, starts_at__lt=window_end, ends_at__gt=window_start
    ).values_list("substitute_id", "kind", "starts_at", "ends_at", "note"):
        periods[substitute_id].append(
            AvailabilitySpan(kind == AvailabilityKind.AVAILABLE, starts_at, ends_at, note)
        )
    return periods


def _weekly_load(
    ids: list[int], *, window: tuple[dt.datetime, dt.datetime]
) -> dict[int, list[WeeklyPattern]]:
    """Weekly availability rows in force on the ``window``'s local days (and the day before, for
    rows that run past midnight)."""
    window_start, window_end = window
    first_day = local(window_start).date() - dt.timedelta(days=1)
    last_day = local(window_end).date()
    weekly: dict[int, list[WeeklyPattern]] = defaultdict(list)
    for substitute_id, kind, weekday, starts, ends, valid_from, valid_until in (
        WeeklyAvailability.objects.filter(substitute_id__in=ids, valid_from__lte=last_day)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=first_day))
        .values_list("substitute_id", "kind", "weekday", "starts", "ends", "valid_from", "valid_until")
    ):
        weekly[substitute_id].append(
            WeeklyPattern(kind == AvailabilityKind.AVAILABLE, weekday, starts, ends, valid_from, valid_until)
        )
    return weekly


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
