"""The facts the booking rules need, loaded in bulk (selectors).

For a group of substitutes at once — a fixed number of queries whatever the size of the pool — or,
when booking, for one substitute with their row locked. ``candidates.py`` checks them against the
pure rules in ``rules.py`` and ``working_time.py``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Exists,
    OuterRef,
    Q,
    QuerySet,
)

from vikarieportalen.accounts.models import User
from vikarieportalen.staffing.booking.facts import (
    AvailabilitySpan,
    Limits,
    ShiftFacts,
    SubstituteFacts,
    WeeklyPattern,
    Work,
    local,
    month_parts,
    month_start,
    months_touched,
    next_month,
)
from vikarieportalen.staffing.models import (
    Agreement,
    AvailabilityKind,
    AvailabilityPeriod,
    Booking,
    BookingStatus,
    Qualification,
    Shift,
    SubstituteProfile,
    SubstituteQualification,
    WeeklyAvailability,
)

# Bookings this far around a shift are enough for daily rest (< 24 h) and weekly rest (the
# calendar weeks the shift touches lie within seven days of it).
FACTS_WINDOW = dt.timedelta(days=8)
# Bookings last less than this (shifts are at most a day), which bounds the month-boundary search.
LONGEST_BOOKING = dt.timedelta(days=2)


@dataclass
class Facts:
    """Everything the rules need about a group of substitutes for one shift."""

    shift: ShiftFacts
    substitutes: dict[int, SubstituteFacts] = field(default_factory=dict)
    limits: dict[int, Limits] = field(default_factory=dict)
    worked_here: set[int] = field(default_factory=set)


def shift_facts(shift: Shift, *, required: Iterable[Qualification] | None = None) -> ShiftFacts:
    """Plain data about ``shift``; one query for its required qualifications (none when prefetched,
    or when the caller passes them as ``required``)."""
    qualifications = shift.required_qualifications.all() if required is None else required
    return ShiftFacts(
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        break_minutes=shift.break_minutes,
        day=shift.day,
        workplace_id=shift.workplace_id,
        workplace_name=shift.workplace.name,
        required_qualifications=tuple(sorted((q.pk, q.name) for q in qualifications)),
    )


def worked_there(shift: Shift) -> QuerySet[Booking]:
    """For ``Exists``: a booking of the outer user at the shift's workplace that ended before it.

    EXISTS stops at each person's first such booking instead of reading all of them.
    """
    return Booking.objects.filter(
        substitute_id=OuterRef("pk"),
        workplace_id=shift.workplace_id,
        status=BookingStatus.ACTIVE,
        ends_at__lte=shift.starts_at,
    )


def limits_by_agreement() -> tuple[dict[int, Limits], Limits]:
    by_id: dict[int, Limits] = {}
    default = Limits()
    for agreement in Agreement.objects.all():
        by_id[agreement.pk] = Limits.from_agreement(agreement)
        if agreement.is_default:
            default = by_id[agreement.pk]
    return by_id, default


def substitute_profile_get(user: User) -> SubstituteProfile | None:
    try:
        return user.substitute_profile
    except SubstituteProfile.DoesNotExist:
        return None


def limits_for(
    *, profile: SubstituteProfile | None, by_agreement: Mapping[int, Limits], default: Limits
) -> Limits:
    """The limits of the agreement of ``profile`` (of ``limits_by_agreement``), else ``default``."""
    agreement_id = profile.agreement_id if profile is not None else None
    return by_agreement.get(agreement_id, default) if agreement_id else default


# Substitute ids: a list, or a subquery of them (see ``facts_load``).
SubstituteIds = Sequence[int] | QuerySet[Any]
# From, until: aware datetimes.
Window = tuple[dt.datetime, dt.datetime]


def bookings_load(
    *,
    ids: SubstituteIds,
    window: Window,
    months: Sequence[tuple[int, int]],
    exclude_shift_id: int | None = None,
) -> tuple[dict[int, list[Work]], dict[int, dict[tuple[int, int], int]]]:
    """The active bookings that touch ``window`` (rest rules) and the booked minutes in ``months``
    (month hours), per substitute, in one query: a month is a few bookings per person, so reading
    them beats an aggregate plus a query for the bookings that cross a month boundary. The booking
    of ``exclude_shift_id`` is left out."""
    read_from, read_until = bookings_read_range(window, months)
    rows = Booking.objects.filter(
        substitute_id__in=ids,
        status=BookingStatus.ACTIVE,
        starts_at__lt=read_until,
        # The lower bound on starts_at lets the (substitute, starts_at) index do the work.
        starts_at__gt=read_from - LONGEST_BOOKING,
        ends_at__gt=read_from,
    )
    if exclude_shift_id is not None:
        rows = rows.exclude(shift_id=exclude_shift_id)
    columns = ("substitute_id", "starts_at", "ends_at", "work_minutes", "workplace__name")
    return bookings_fold(rows.order_by().values_list(*columns), window=window, months=months)


def bookings_read_range(window: Window, months: Sequence[tuple[int, int]]) -> Window:
    """The stretch ``bookings_load`` reads: ``window`` and the whole of ``months``."""
    first_month = month_start(*months[0])
    after_months = month_start(*next_month(*months[-1]))
    return min(window[0], first_month), max(window[1], after_months)


def bookings_fold(
    rows: Iterable[tuple[int, dt.datetime, dt.datetime, int, str]],
    *,
    window: Window,
    months: Sequence[tuple[int, int]],
) -> tuple[dict[int, list[Work]], dict[int, dict[tuple[int, int], int]]]:
    """(substitute id, starts at, ends at, work minutes, workplace name) rows of active bookings
    as ``bookings_load`` returns them: the bookings touching ``window``, the minutes in ``months``."""
    window_start, window_end = window
    first_month = month_start(*months[0])
    after_months = month_start(*next_month(*months[-1]))
    bookings: dict[int, list[Work]] = defaultdict(list)
    month_minutes: dict[int, dict[tuple[int, int], int]] = defaultdict(lambda: defaultdict(int))
    wanted = set(months)
    for substitute_id, starts_at, ends_at, minutes, workplace_name in rows:
        if starts_at < window_end and ends_at > window_start:
            bookings[substitute_id].append(Work(starts_at, ends_at, minutes, workplace_name))
        if starts_at < after_months and ends_at > first_month:
            for month, part in month_parts(starts_at, ends_at, minutes).items():
                if month in wanted:
                    month_minutes[substitute_id][month] += part
    return bookings, month_minutes


def qualifications_load(
    *, ids: SubstituteIds, qualification_ids: Collection[int] | None = None
) -> dict[int, dict[int, dt.date | None]]:
    """The qualifications (of ``qualification_ids``; every one when None) each substitute holds,
    with their end dates; no query when ``qualification_ids`` is empty."""
    held: dict[int, dict[int, dt.date | None]] = defaultdict(dict)
    if qualification_ids is not None and not qualification_ids:
        return held
    filters: dict[str, Any] = {"substitute_id__in": ids}
    if qualification_ids is not None:
        filters["qualification_id__in"] = qualification_ids
    for substitute_id, qualification_id, valid_until in (
        SubstituteQualification.objects.filter(**filters)
        .order_by()
        .values_list("substitute_id", "qualification_id", "valid_until")
    ):
        held[substitute_id][qualification_id] = valid_until
    return held


def _periods_touching(ids: SubstituteIds, window: Window, *, ordered: bool) -> QuerySet[AvailabilityPeriod]:
    rows = AvailabilityPeriod.objects.filter(
        substitute_id__in=ids, starts_at__lt=window[1], ends_at__gt=window[0]
    )
    return rows if ordered else rows.order_by()


def availability_periods_load(
    *, ids: SubstituteIds, window: Window, ordered: bool = False
) -> dict[int, list[AvailabilitySpan]]:
    """Single availability periods that touch ``window``, per substitute; in time order when
    ``ordered``."""
    periods: dict[int, list[AvailabilitySpan]] = defaultdict(list)
    for substitute_id, kind, starts_at, ends_at, note in _periods_touching(
        ids, window, ordered=ordered
    ).values_list("substitute_id", "kind", "starts_at", "ends_at", "note"):
        periods[substitute_id].append(
            AvailabilitySpan(kind == AvailabilityKind.AVAILABLE, starts_at, ends_at, note)
        )
    return periods


def weekly_days(window: Window) -> tuple[dt.date, dt.date, list[int] | None]:
    """The local days whose weekly availability rows matter for ``window`` (from the day before
    its start, for rows that run past midnight, to its end's day), and their weekdays (None when
    that is every weekday)."""
    first_day = local(window[0]).date() - dt.timedelta(days=1)
    last_day = local(window[1]).date()
    days = (last_day - first_day).days + 1
    weekdays = sorted({(first_day + dt.timedelta(days=n)).weekday() for n in range(min(days, 7))})
    return first_day, last_day, weekdays if len(weekdays) < 7 else None


def _weekly_in_force(ids: SubstituteIds, window: Window, *, ordered: bool) -> QuerySet[WeeklyAvailability]:
    """Weekly availability rows in force on the ``window``'s local days (and the day before, for
    rows that run past midnight); by weekday only when those days are fewer than a week's."""
    first_day, last_day, weekdays = weekly_days(window)
    rows = WeeklyAvailability.objects.filter(substitute_id__in=ids)
    if weekdays is not None:
        rows = rows.filter(weekday__in=weekdays)
    rows = rows.filter(valid_from__lte=last_day).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=first_day)
    )
    return rows if ordered else rows.order_by()


def weekly_availability_load(
    *, ids: SubstituteIds, window: Window, ordered: bool = False
) -> dict[int, list[WeeklyPattern]]:
    """Weekly availability rows in force on the ``window``'s local days (and the day before, for
    rows that run past midnight), per substitute; by weekday and start when ``ordered``."""
    weekly: dict[int, list[WeeklyPattern]] = defaultdict(list)
    for substitute_id, kind, weekday, starts, ends, valid_from, valid_until in _weekly_in_force(
        ids, window, ordered=ordered
    ).values_list("substitute_id", "kind", "weekday", "starts", "ends", "valid_from", "valid_until"):
        weekly[substitute_id].append(
            WeeklyPattern(kind == AvailabilityKind.AVAILABLE, weekday, starts, ends, valid_from, valid_until)
        )
    return weekly


def _bookings_around(
    ids: SubstituteIds, *, shift: Shift, facts: ShiftFacts, months: list[tuple[int, int]]
) -> tuple[dict[int, list[Work]], dict[int, dict[tuple[int, int], int]]]:
    """``bookings_load`` for the rest rules around ``shift`` (its own booking left out)."""
    window = (facts.starts_at - FACTS_WINDOW, facts.ends_at + FACTS_WINDOW)
    return bookings_load(ids=ids, window=window, months=months, exclude_shift_id=shift.pk)


def required_held_load(ids: SubstituteIds, facts: ShiftFacts) -> dict[int, dict[int, dt.date | None]]:
    """The shift's required qualifications each substitute holds (no query when it requires none)."""
    return qualifications_load(ids=ids, qualification_ids=[q for q, _name in facts.required_qualifications])


def facts_load(
    *,
    shift: Shift,
    substitutes: Sequence[User],
    introduced: set[int],
    is_substitute: set[int],
    ids_query: QuerySet[Any] | None = None,
    worked_here: set[int] | None = None,
) -> Facts:
    """Load, in a fixed number of queries, the rule facts of ``substitutes`` for ``shift``.

    ``substitutes`` should come with ``substitute_profile`` selected. The shift's own booking (when
    it is booked) is left out, so the person holding it does not overlap with themselves.
    ``ids_query``, a subquery of (at least) their ids, replaces a long literal list of ids in the
    queries, which PostgreSQL plans as well and the driver need not parse. ``worked_here``, when
    known (see ``worked_there``), saves a query.
    """
    facts = Facts(shift=shift_facts(shift))
    sf = facts.shift
    if not substitutes:
        return facts
    ids: Any = ids_query if ids_query is not None else [user.pk for user in substitutes]
    limits_by_id, default_limits = limits_by_agreement()
    months = months_touched(sf.starts_at, sf.ends_at)
    bookings, month_minutes = _bookings_around(ids, shift=shift, facts=sf, months=months)
    held = required_held_load(ids, sf)
    periods = availability_periods_load(ids=ids, window=(sf.starts_at, sf.ends_at))
    weekly = weekly_availability_load(ids=ids, window=(sf.starts_at, sf.ends_at))
    if worked_here is not None:
        facts.worked_here = worked_here
    else:
        facts.worked_here = set(
            User.objects.filter(pk__in=ids)
            .filter(Exists(worked_there(shift)))
            .order_by()
            .values_list("pk", flat=True)
        )

    for user in substitutes:
        profile = substitute_profile_get(user)
        facts.limits[user.pk] = limits_for(profile=profile, by_agreement=limits_by_id, default=default_limits)
        facts.substitutes[user.pk] = SubstituteFacts(
            name=user.get_full_name(),
            is_substitute=user.pk in is_substitute,
            is_bookable=profile.is_bookable if profile is not None else True,
            introduced=user.pk in introduced,
            qualifications=held.get(user.pk, {}),
            bookings=bookings.get(user.pk, []),
            month_minutes={month: month_minutes.get(user.pk, {}).get(month, 0) for month in months},
            periods=periods.get(user.pk, []),
            weekly=weekly.get(user.pk, []),
        )
    return facts
