"""Who is free: the database's counting agrees with a plain count in Python, on random small pools.

Each example builds a handful of substitutes (introductions in one or two areas or none, paused or
not, weekly marks including nights, "can"/"cannot" periods, active and cancelled bookings, some
inactive) and open shifts, then compares every figure of the week grid (people per area, free,
booked, cannot work, not marked and open shifts per area and day) with the status of each
person-day worked out one by one from ``day_status`` and the resolved availability intervals.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import example, given, settings
from hypothesis import strategies as st

from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.core.time import STOCKHOLM
from vikarieportalen.staffing.availability.intervals import day_start
from vikarieportalen.staffing.availability.selectors import availability_for_substitutes
from vikarieportalen.staffing.models import (
    AreaOfWork,
    AvailabilityKind,
    Booking,
    BookingStatus,
    Introduction,
    Shift,
    ShiftStatus,
    SubstituteProfile,
)
from vikarieportalen.staffing.overview.rules import DayStatus, Filters, day_status
from vikarieportalen.staffing.overview.selectors import overview_build
from vikarieportalen.staffing.overview.statement import ALL_AREAS
from vikarieportalen.staffing.pool.services import substitute_pool_list
from vikarieportalen.staffing.tests.factories import (
    AvailabilityPeriodFactory,
    BookingFactory,
    IntroductionFactory,
    ShiftFactory,
    SubstituteProfileFactory,
    WeeklyAvailabilityFactory,
    WorkplaceFactory,
)

pytestmark = pytest.mark.django_db

FIRST = timezone.localdate() + dt.timedelta(days=2)  # the first day shown; marks start the day before
ELDERLY, SCHOOL, HOME_CARE = (
    AreaOfWork.ELDERLY_CARE.value,
    AreaOfWork.SCHOOL.value,
    AreaOfWork.HOME_CARE.value,
)
# Two workplaces in elderly care: someone introduced at both counts once there.
WORKPLACE_AREAS = [ELDERLY, ELDERLY, SCHOOL, HOME_CARE]
KINDS = [AvailabilityKind.AVAILABLE.value, AvailabilityKind.UNAVAILABLE.value]
SHIFT_HOURS = [(8, 16), (22, 6)]  # a day and a night (into the next day, counted on its first)


def _local(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=STOCKHOLM)


def _shift_times(day_index: int, hours: int) -> tuple[dt.datetime, dt.datetime]:
    day = FIRST + dt.timedelta(days=day_index - 1)
    starts, ends = SHIFT_HOURS[hours]
    return _local(day, starts), _local(day + dt.timedelta(days=1 if ends < starts else 0), ends)


@dataclass(frozen=True)
class PersonData:
    active: bool
    bookable: bool | None  # None: no profile (bookable)
    workplaces: frozenset[int]
    weekly: list[tuple[str, int, int, int, int, int | None]]  # kind, weekday, from, hours, valid_from, until
    periods: list[tuple[str, int, int]]  # kind, hour from the day before FIRST, hours
    bookings: dict[int, tuple[int, int, bool]]  # day index (0: before FIRST) → (workplace, hours, active)


weekly_rows = st.tuples(
    st.sampled_from(KINDS),
    st.integers(0, 6),
    st.integers(0, 23),
    st.integers(1, 23),
    st.integers(-3, 3),
    st.none() | st.integers(0, 4),
)
person_data = st.builds(
    PersonData,
    active=st.sampled_from([True, True, False]),
    bookable=st.sampled_from([None, True, False]),
    workplaces=st.frozensets(st.integers(0, len(WORKPLACE_AREAS) - 1), max_size=2),
    weekly=st.lists(weekly_rows, max_size=3),
    periods=st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 95), st.integers(1, 40)), max_size=2),
    bookings=st.dictionaries(
        st.integers(0, 4),
        st.tuples(st.integers(0, len(WORKPLACE_AREAS) - 1), st.integers(0, 1), st.booleans()),
        max_size=2,
    ),
)
open_shifts = st.lists(
    st.tuples(st.integers(0, len(WORKPLACE_AREAS) - 1), st.integers(0, 4), st.integers(0, 1)), max_size=4
)


def _build(people: list[PersonData], shifts: list[tuple[int, int, int]]) -> None:
    workplaces = [WorkplaceFactory(area=area) for area in WORKPLACE_AREAS]
    for data in people:
        person = SubstituteFactory(is_active=data.active)
        if data.bookable is not None:
            SubstituteProfileFactory(user=person, is_bookable=data.bookable)
        for n in data.workplaces:
            IntroductionFactory(substitute=person, workplace=workplaces[n])
        for kind, weekday, starts, hours, valid_from, valid_until in data.weekly:
            WeeklyAvailabilityFactory(
                substitute=person,
                kind=kind,
                weekday=weekday,
                starts=dt.time(starts),
                ends=dt.time((starts + hours) % 24),
                valid_from=FIRST + dt.timedelta(days=valid_from),
                valid_until=None
                if valid_until is None
                else FIRST + dt.timedelta(days=max(valid_from, valid_until)),
            )
        for kind, starts, hours in data.periods:
            starts_at = _local(FIRST - dt.timedelta(days=1), 0) + dt.timedelta(hours=starts)
            AvailabilityPeriodFactory(
                substitute=person,
                kind=kind,
                starts_at=starts_at,
                ends_at=starts_at + dt.timedelta(hours=hours),
            )
        # One booking a day at most: a night (22–06) never meets the next day's shift (08–16).
        for day_index, (n, hours, active) in data.bookings.items():
            starts_at, ends_at = _shift_times(day_index, hours)
            shift = ShiftFactory(workplace=workplaces[n], starts_at=starts_at, ends_at=ends_at)
            BookingFactory(
                shift=shift,
                substitute=person,
                status=BookingStatus.ACTIVE if active else BookingStatus.CANCELLED,
            )
    for n, day_index, hours in shifts:
        starts_at, ends_at = _shift_times(day_index, hours)
        ShiftFactory(workplace=workplaces[n], starts_at=starts_at, ends_at=ends_at)


def _plain_count(filters: Filters) -> list[tuple[str, int, list[tuple[int, int, int, int, int]]]]:
    """The grid counted one person-day at a time: (area, people, [(free, booked, cannot, not marked,
    open shifts) per day]) for each row in the page's order."""
    days = filters.days
    pool = list(substitute_pool_list(area=filters.area, today=filters.first_day).values_list("pk", flat=True))
    areas: dict[int, set[str]] = {person: {ALL_AREAS} for person in pool}
    for person, area in Introduction.objects.filter(substitute_id__in=pool).values_list(
        "substitute_id", "workplace__area"
    ):
        if not filters.area or area == filters.area:
            areas[person].add(area)
    paused = set(SubstituteProfile.objects.filter(is_bookable=False).values_list("user_id", flat=True))
    booked = set(
        Booking.objects.filter(status=BookingStatus.ACTIVE).values_list("substitute_id", "shift__day")
    )
    availability = availability_for_substitutes(
        substitute_ids=pool,
        starts_at=day_start(days[0]),
        ends_at=day_start(days[-1] + dt.timedelta(days=1)),
    )
    counts: Counter[tuple[str, dt.date, DayStatus]] = Counter()
    for person in pool:
        for day in days:
            kinds = {kind for kind, _piece in availability[person].day_summary(day)}
            status = day_status(
                booked=(person, day) in booked,
                bookable=person not in paused,
                free_time=AvailabilityKind.AVAILABLE in kinds,
                cannot_marked=AvailabilityKind.UNAVAILABLE in kinds,
            )
            for area in areas[person]:
                counts[area, day, status] += 1
    open_shifts: Counter[tuple[str, dt.date]] = Counter()
    for area, day in Shift.objects.filter(
        status=ShiftStatus.ACTIVE, is_booked=False, day__in=days, ends_at__gt=timezone.now()
    ).values_list("workplace__area", "day"):
        if not filters.area or area == filters.area:
            open_shifts[area, day] += 1
            open_shifts[ALL_AREAS, day] += 1
    people = Counter(area for person in pool for area in areas[person])
    shown = [
        area
        for area in [ALL_AREAS, *AreaOfWork.values]
        if people[area] or any(open_shifts[area, day] for day in days)
    ]
    return [
        (
            area,
            people[area],
            [
                (
                    counts[area, day, DayStatus.AVAILABLE],
                    counts[area, day, DayStatus.BOOKED],
                    counts[area, day, DayStatus.UNAVAILABLE],
                    counts[area, day, DayStatus.UNKNOWN],
                    open_shifts[area, day],
                )
                for day in days
            ],
        )
        for area in shown
    ]


# Introduced at both elderly care workplaces, two "can" rows on one weekday, paused with a booking,
# and a "cannot" period over a "can" row: each must count once, where it belongs.
EXAMPLE = [
    PersonData(
        active=True,
        bookable=None,
        workplaces=frozenset({0, 1}),
        weekly=[
            ("available", FIRST.weekday(), 7, 9, -1, None),
            ("available", FIRST.weekday(), 8, 2, -1, None),
        ],
        periods=[],
        bookings={2: (2, 0, True)},
    ),
    PersonData(
        active=True,
        bookable=False,
        workplaces=frozenset({2}),
        weekly=[],
        periods=[],
        bookings={1: (2, 1, True)},
    ),
    PersonData(
        active=True,
        bookable=True,
        workplaces=frozenset({1, 3}),
        weekly=[("available", (FIRST.weekday() - 1) % 7, 22, 8, -2, None)],
        periods=[("unavailable", 26, 3)],
        bookings={},
    ),
]


@settings(max_examples=30, deadline=None)
@example(people=EXAMPLE, shifts=[(0, 1, 0)], area="", extra_days=2)
@example(people=EXAMPLE, shifts=[], area=ELDERLY, extra_days=1)
@given(
    people=st.lists(person_data, max_size=6),
    shifts=open_shifts,
    area=st.sampled_from(["", ELDERLY, SCHOOL]),
    extra_days=st.integers(0, 2),
)
def test_the_grid_agrees_with_a_plain_count(
    people: list[PersonData], shifts: list[tuple[int, int, int]], area: str, extra_days: int
) -> None:
    with transaction.atomic():
        _build(people, shifts)
        filters = Filters(first_day=FIRST, last_day=FIRST + dt.timedelta(days=extra_days), area=area)
        overview = overview_build(filters=filters)
        grid = [
            (
                row.area,
                row.people,
                [(c.free, c.booked, c.unavailable, c.unknown, c.open_shifts) for c in row.cells],
            )
            for row in overview.rows
        ]
        assert grid == _plain_count(filters)
        transaction.set_rollback(True)  # the next example starts from an empty pool
