"""Who is free: the week grid of counts per area and day, and one day's people (reads).

The pool is ten thousand people and the week seventy thousand person-days, too many to bring into
Python: the statuses are worked out and counted in the database, in one statement of set joins
(hash joins, no correlated subquery per person), written as SQL that PostgreSQL and SQLite both
run. Only the rare person-day where both "can" and "cannot" marks touch the day comes back to be
resolved exactly with the availability intervals (``availability_for_substitutes``), so a page takes
the same few queries however large the pool.
"""

# ruff: noqa: S608 - the SQL is put together from table names and placeholders; every value is a parameter
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, QuerySet
from django.utils import timezone

from vikarieportalen.accounts.models import User
from vikarieportalen.staffing.availability.intervals import day_start
from vikarieportalen.staffing.availability.selectors import DayView, availability_for_substitutes
from vikarieportalen.staffing.models import (
    AreaOfWork,
    AvailabilityKind,
    AvailabilityPeriod,
    Booking,
    BookingStatus,
    Introduction,
    Qualification,
    Shift,
    ShiftStatus,
    SubstituteProfile,
    WeeklyAvailability,
    Workplace,
)
from vikarieportalen.staffing.overview.rules import DayStatus, days_between, short_of_people
from vikarieportalen.staffing.pool.services import substitute_pool_list
from vikarieportalen.staffing.shifts.selectors import shift_times_text

ALL_AREAS = ""  # the row of everyone in the pool, introduced anywhere or nowhere
CHECK = "check"  # both "can" and "cannot" touch the day: resolved in Python
PEOPLE_SHOWN = 100  # per status on the day page; the filters narrow a longer list
SHIFTS_SHOWN = 100


@dataclass(frozen=True)
class Filters:
    first_day: dt.date
    last_day: dt.date
    area: str = ""
    qualification: Qualification | None = None
    workplace: Workplace | None = None

    @property
    def days(self) -> list[dt.date]:
        return days_between(self.first_day, self.last_day)


@dataclass
class Cell:
    """One area on one day."""

    day: dt.date
    open_shifts: int = 0
    counts: dict[DayStatus, int] = field(default_factory=lambda: dict.fromkeys(DayStatus, 0))

    @property
    def free(self) -> int:
        return self.counts[DayStatus.AVAILABLE]

    @property
    def booked(self) -> int:
        return self.counts[DayStatus.BOOKED]

    @property
    def unavailable(self) -> int:
        return self.counts[DayStatus.UNAVAILABLE]

    @property
    def unknown(self) -> int:
        return self.counts[DayStatus.UNKNOWN]

    @property
    def short(self) -> bool:
        return short_of_people(open_shifts=self.open_shifts, free=self.free)


@dataclass
class AreaRow:
    area: str  # ALL_AREAS for the total row
    label: str
    people: int
    cells: list[Cell]


@dataclass
class Overview:
    filters: Filters
    rows: list[AreaRow]

    @property
    def by_day(self) -> list[tuple[dt.date, list[tuple[AreaRow, Cell]]]]:
        """The same figures day by day (the phone's list)."""
        return [(day, [(row, row.cells[n]) for row in self.rows]) for n, day in enumerate(self.filters.days)]


# ---------------------------------------------------------------------------------------------
# The statement


def _typed(placeholder_type: str) -> str:
    # PostgreSQL must know a VALUES column's type to compare it with a date; SQLite keeps text.
    return f"CAST(%s AS {placeholder_type})" if connection.vendor == "postgresql" else "%s"


def _pool_sql(filters: Filters) -> tuple[str, tuple[Any, ...]]:
    people = substitute_pool_list(
        area=filters.area,
        qualification=filters.qualification,
        workplace=filters.workplace,
        today=filters.first_day,
    )
    sql, params = people.order_by().values("pk").query.sql_with_params()
    return sql, tuple(params)


def _statuses_sql(filters: Filters) -> tuple[str, list[Any]]:
    """``WITH …``: ``pool (id)`` and ``statuses (substitute_id, day, status)`` for every person-day
    with a booking, a mark or a pause (the others are unknown)."""
    ops = connection.ops
    days = filters.days
    day_rows, params = [], []
    for day in days:
        day_rows.append(
            f"({_typed('date')}, {_typed('date')}, %s, %s, {_typed('timestamptz')}, {_typed('timestamptz')})"
        )
        previous = day - dt.timedelta(days=1)
        params += [
            ops.adapt_datefield_value(day),
            ops.adapt_datefield_value(previous),
            day.weekday(),
            previous.weekday(),
            ops.adapt_datetimefield_value(day_start(day)),
            ops.adapt_datetimefield_value(day_start(day + dt.timedelta(days=1))),
        ]
    pool_sql, pool_params = _pool_sql(filters)
    params += pool_params
    weekly = WeeklyAvailability._meta.db_table
    period = AvailabilityPeriod._meta.db_table
    booking = Booking._meta.db_table
    shift = Shift._meta.db_table
    profile = SubstituteProfile._meta.db_table
    midnight = _typed("time")
    sql = f"""
WITH days (day, prev_day, weekday, prev_weekday, day_start, day_end) AS (VALUES {", ".join(day_rows)}),
pool (id) AS ({pool_sql}),
marks (substitute_id, day, kind) AS (
  SELECT w.substitute_id, d.day, w.kind FROM {weekly} w JOIN days d ON w.weekday = d.weekday
    AND w.valid_from <= d.day AND (w.valid_until IS NULL OR w.valid_until >= d.day)
  UNION ALL
  SELECT w.substitute_id, d.day, w.kind FROM {weekly} w JOIN days d ON w.weekday = d.prev_weekday
    AND w.ends < w.starts AND w.ends > {midnight}
    AND w.valid_from <= d.prev_day AND (w.valid_until IS NULL OR w.valid_until >= d.prev_day)
  UNION ALL
  SELECT p.substitute_id, d.day, p.kind FROM {period} p JOIN days d
    ON p.starts_at < d.day_end AND p.ends_at > d.day_start
),
facts (substitute_id, day, booked, paused, can, cannot) AS (
  SELECT b.substitute_id, s.day, 1, 0, 0, 0 FROM {booking} b JOIN {shift} s ON s.id = b.shift_id
    WHERE b.status = %s AND s.day >= {_typed("date")} AND s.day <= {_typed("date")}
  UNION ALL
  SELECT pr.user_id, d.day, 0, 1, 0, 0 FROM {profile} pr CROSS JOIN days d WHERE NOT pr.is_bookable
  UNION ALL
  SELECT m.substitute_id, m.day, 0, 0, CASE WHEN m.kind = %s THEN 1 ELSE 0 END,
    CASE WHEN m.kind = %s THEN 1 ELSE 0 END FROM marks m
),
statuses (substitute_id, day, status) AS (
  SELECT f.substitute_id, f.day, CASE
    WHEN MAX(f.booked) = 1 THEN %s
    WHEN MAX(f.paused) = 1 THEN %s
    WHEN MAX(f.can) = 1 AND MAX(f.cannot) = 1 THEN %s
    WHEN MAX(f.can) = 1 THEN %s
    ELSE %s END
  FROM facts f JOIN pool ON pool.id = f.substitute_id GROUP BY f.substitute_id, f.day
)"""
    params += [
        ops.adapt_timefield_value(dt.time(0, 0)),
        BookingStatus.ACTIVE.value,
        ops.adapt_datefield_value(filters.first_day),
        ops.adapt_datefield_value(filters.last_day),
        AvailabilityKind.AVAILABLE.value,
        AvailabilityKind.UNAVAILABLE.value,
        DayStatus.BOOKED.value,
        DayStatus.UNAVAILABLE.value,
        CHECK,
        DayStatus.AVAILABLE.value,
        DayStatus.UNAVAILABLE.value,
    ]
    return sql, params


def _areas_sql(filters: Filters) -> tuple[str, list[Any]]:
    """``areas (substitute_id, area)``: each pool member's areas of introduction, and ALL_AREAS."""
    only_area = "AND wp.area = %s" if filters.area else ""
    sql = f""",
areas (substitute_id, area) AS (
  SELECT DISTINCT i.substitute_id, wp.area FROM {Introduction._meta.db_table} i
    JOIN {Workplace._meta.db_table} wp ON wp.id = i.workplace_id JOIN pool ON pool.id = i.substitute_id
    WHERE 1 = 1 {only_area}
  UNION ALL
  SELECT pool.id, %s FROM pool
)"""
    return sql, [*([filters.area] if filters.area else []), ALL_AREAS]


def _fetch(sql: str, params: Iterable[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return list(cursor.fetchall())


def _as_date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _free_time(*, pairs: set[tuple[int, dt.date]], filters: Filters) -> dict[tuple[int, dt.date], bool]:
    """For person-days both "can" and "cannot" touch: is some "can work" time left? Two queries."""
    if not pairs:
        return {}
    availability = availability_for_substitutes(
        substitute_ids={person for person, _day in pairs},
        starts_at=day_start(filters.first_day),
        ends_at=day_start(filters.last_day + dt.timedelta(days=1)),
    )
    return {
        (person, day): any(
            kind == AvailabilityKind.AVAILABLE for kind, _piece in availability[person].day_summary(day)
        )
        for person, day in pairs
    }


def _open_shifts(filters: Filters, *, now: dt.datetime) -> QuerySet[Shift]:
    shifts = Shift.objects.filter(
        status=ShiftStatus.ACTIVE,
        is_booked=False,
        day__gte=filters.first_day,
        day__lte=filters.last_day,
        ends_at__gt=now,
    )
    if filters.area:
        shifts = shifts.filter(workplace__area=filters.area)
    if filters.workplace is not None:
        shifts = shifts.filter(workplace=filters.workplace)
    if filters.qualification is not None:
        # Set against the people who hold it: the shifts that need it.
        shifts = shifts.filter(required_qualifications=filters.qualification)
    return shifts


def _area_label(area: str) -> str:
    return str(AreaOfWork(area).label) if area in AreaOfWork.values else area


def overview_build(*, filters: Filters, now: dt.datetime | None = None) -> Overview:
    """Per area (and for the whole pool) and day: open shifts and how many are free, booked,
    cannot work or have not said. Two queries (five when a person-day needs the intervals), whatever
    the size of the pool."""
    now = now or timezone.now()
    statuses_sql, params = _statuses_sql(filters)
    areas_sql, area_params = _areas_sql(filters)
    # One statement: the statuses are worked out once (a CTE used twice is computed once); the
    # person-days to check come back one a row, with the person's id where the count would be.
    fetched = _fetch(
        statuses_sql
        + areas_sql
        + """
SELECT s.day, a.area, s.status, COUNT(*) FROM statuses s JOIN areas a ON a.substitute_id = s.substitute_id
  WHERE s.status <> %s GROUP BY s.day, a.area, s.status
UNION ALL
SELECT NULL, a.area, %s, COUNT(*) FROM areas a GROUP BY a.area
UNION ALL
SELECT s.day, NULL, %s, s.substitute_id FROM statuses s WHERE s.status = %s""",
        [*params, *area_params, CHECK, "total", CHECK, CHECK],
    )
    counted = [row for row in fetched if row[2] != CHECK]
    checks = [(row[3], row[0]) for row in fetched if row[2] == CHECK]
    days = filters.days
    people: dict[str, int] = {}
    cells: dict[str, dict[dt.date, Cell]] = {}

    def cell(area: str, day: dt.date) -> Cell:
        return cells.setdefault(area, {d: Cell(day=d) for d in days})[day]

    for day, area, status, count in counted:
        if status == "total":
            people[area] = count
            cells.setdefault(area, {d: Cell(day=d) for d in days})
        else:
            cell(area, _as_date(day)).counts[DayStatus(status)] += count
    pairs = {(person, _as_date(day)) for person, day in checks}
    if pairs:
        free = _free_time(pairs=pairs, filters=filters)
        areas_of: dict[int, set[str]] = defaultdict(lambda: {ALL_AREAS})
        introductions = Introduction.objects.filter(substitute_id__in={p for p, _d in pairs})
        if filters.area:
            introductions = introductions.filter(workplace__area=filters.area)
        for person, area in introductions.values_list("substitute_id", "workplace__area").distinct():
            areas_of[person].add(area)
        for person, day in pairs:
            status = DayStatus.AVAILABLE if free[person, day] else DayStatus.UNAVAILABLE
            for area in areas_of[person]:
                cell(area, day).counts[status] += 1
    open_counts = (
        _open_shifts(filters, now=now)
        .values("workplace__area", "day")
        .annotate(n=Count("pk"))
        .values_list("workplace__area", "day", "n")
        .order_by()
    )
    for area, day, count in open_counts:
        cell(area, day).open_shifts += count
        cell(ALL_AREAS, day).open_shifts += count
    rows = []
    for area in [ALL_AREAS, *AreaOfWork.values]:
        if area not in cells:
            continue
        row_cells = [cells[area][day] for day in days]
        total = people.get(area, 0)
        for c in row_cells:
            c.counts[DayStatus.UNKNOWN] = max(0, total - c.free - c.booked - c.unavailable)
        rows.append(
            AreaRow(area=area, label=_area_label(area) if area else "", people=total, cells=row_cells)
        )
    return Overview(filters=filters, rows=rows)


# ---------------------------------------------------------------------------------------------
# One day's people


@dataclass
class Person:
    user: User
    status: DayStatus
    availability: list[tuple[str, str]] = field(default_factory=list)  # (kind, "08.00–16.00")
    bookings: list[Booking] = field(default_factory=list)
    shifts: list[OpenShift] = field(default_factory=list)  # open shifts that day where introduced


@dataclass(frozen=True)
class OpenShift:
    shift: Shift
    times: str


@dataclass
class DayPage:
    day: dt.date
    overview: Overview
    people: dict[DayStatus, list[Person]]
    open_shifts: list[OpenShift]

    @property
    def totals(self) -> Cell:
        """The whole pool's figures that day (as filtered)."""
        return self.overview.rows[0].cells[0] if self.overview.rows else Cell(day=self.day)

    @property
    def lists(self) -> list[tuple[DayStatus, list[Person], int]]:
        """(status, the people listed, how many there are) in the page's order."""
        return [(status, self.people[status], self.totals.counts[status]) for status in DayStatus]


def _listed(filters: Filters) -> list[tuple[int, str]]:
    """(person, status) for the first PEOPLE_SHOWN of each status by name; one query."""
    statuses_sql, params = _statuses_sql(filters)
    user = User._meta.db_table
    return [
        (person, status)
        for person, status in _fetch(
            statuses_sql
            + f""",
listed (id, status, n) AS (
  SELECT pool.id, COALESCE(s.status, %s), ROW_NUMBER() OVER (
    PARTITION BY COALESCE(s.status, %s) ORDER BY u.family_name, u.preferred_given_name, u.id)
  FROM pool JOIN {user} u ON u.id = pool.id LEFT JOIN statuses s ON s.substitute_id = pool.id
)
SELECT id, status FROM listed WHERE n <= %s""",
            [*params, DayStatus.UNKNOWN.value, DayStatus.UNKNOWN.value, PEOPLE_SHOWN],
        )
    ]


def overview_day(*, day: dt.date, filters: Filters, now: dt.datetime | None = None) -> DayPage:
    """One day: the figures per area, the open shifts, and the people by status with what they
    marked, their bookings and the open shifts they could be booked on. A fixed number of queries."""
    now = now or timezone.now()
    filters = Filters(
        first_day=day,
        last_day=day,
        area=filters.area,
        qualification=filters.qualification,
        workplace=filters.workplace,
    )
    overview = overview_build(filters=filters, now=now)
    listed = _listed(filters)
    users = User.objects.in_bulk([person for person, _status in listed])
    marked_ids = [person for person, status in listed if status != DayStatus.BOOKED]
    window = (day_start(day), day_start(day + dt.timedelta(days=1)))
    availability = availability_for_substitutes(
        substitute_ids=marked_ids, starts_at=window[0], ends_at=window[1]
    )
    people: dict[DayStatus, list[Person]] = {status: [] for status in DayStatus}
    for person, status in listed:
        lines = (
            DayView(day=day, pieces=availability[person].day_summary(day), bookings=[]).lines
            if person in availability
            else []
        )
        if status == CHECK:
            has_free_time = any(kind == AvailabilityKind.AVAILABLE for kind, _text in lines)
            status = DayStatus.AVAILABLE if has_free_time else DayStatus.UNAVAILABLE
        people[DayStatus(status)].append(
            Person(user=users[person], status=DayStatus(status), availability=lines)
        )
    for listed_people in people.values():
        listed_people.sort(key=lambda p: (p.user.family_name, p.user.preferred_given_name, p.user.pk))
        del listed_people[PEOPLE_SHOWN:]
    booked = {p.user.pk: p for p in people[DayStatus.BOOKED]}
    for booking in (
        Booking.objects.filter(substitute_id__in=booked, status=BookingStatus.ACTIVE, shift__day=day)
        .select_related("workplace")
        .order_by("starts_at")
    ):
        booked[booking.substitute_id].bookings.append(booking)
    open_shifts = [
        OpenShift(shift=shift, times=shift_times_text(shift))
        for shift in _open_shifts(filters, now=now)
        .select_related("workplace")
        .order_by("workplace__area", "workplace__name", "starts_at", "pk")[:SHIFTS_SHOWN]
    ]
    free = {p.user.pk: p for p in people[DayStatus.AVAILABLE]}
    by_workplace: dict[int, list[OpenShift]] = defaultdict(list)
    for open_shift in open_shifts:
        if open_shift.shift.starts_at > now:
            by_workplace[open_shift.shift.workplace_id].append(open_shift)
    if free and by_workplace:
        for person_id, workplace_id in Introduction.objects.filter(
            substitute_id__in=free, workplace_id__in=by_workplace
        ).values_list("substitute_id", "workplace_id"):
            free[person_id].shifts.extend(by_workplace[workplace_id])
        for free_person in free.values():
            free_person.shifts.sort(key=lambda o: (o.shift.starts_at, o.shift.workplace.name))
    return DayPage(day=day, overview=overview, people=people, open_shifts=open_shifts)
