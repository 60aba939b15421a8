"""Who is free: the week grid of counts per area and day, and one day's people (reads).

The pool is ten thousand people and the week seventy thousand person-days, too many to bring into
Python: the statuses are worked out and counted in the database, in one statement written as SQL
that PostgreSQL and SQLite both run. The shown days' bookings and marks are folded into one row
per person (the days they are booked, free, cannot work, as bit sets, and their areas as a bit
mask); the pool is then counted per mask in one pass, a sum per day and status, and spread over
the areas here. The work follows the rows of the shown days and the pool, never person-days times
areas. Only the rare person-day where both "can" and "cannot" marks touch the day comes back to be
resolved exactly with the availability intervals (``availability_for_substitutes``), so a page
takes the same few queries however large the pool.
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
# The sets of days that the statement counts, as the people CTE's columns; the rest are unknown.
COUNTED_SETS = {
    "free": DayStatus.AVAILABLE,
    "booked": DayStatus.BOOKED,
    "unavailable": DayStatus.UNAVAILABLE,
}
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


def _day_bit(n: int) -> int:
    """The ``n``-th day shown is bit ``n`` of a person's sets of days (MAX_DAYS bits at most)."""
    return 1 << n


# Each area of work is one bit of a person's ``mask``: the areas they are introduced in (only the
# filtered area when there is one). Areas outside ``AreaOfWork`` (none today) get no bit: they have
# no row to show.
AREA_BITS = {area: 1 << n for n, area in enumerate(AreaOfWork.values)}


def _areas_of(mask: int) -> list[str]:
    """ALL_AREAS and the areas whose bits are set in ``mask``."""
    return [ALL_AREAS, *(area for area, bit in AREA_BITS.items() if mask & bit)]


def _people_sql(filters: Filters) -> tuple[str, list[Any]]:
    """``WITH …``: ``days (…, bit)``, ``pool (id)`` and ``people (id, mask, booked, free,
    unavailable, checks)``: one row per pool member with their areas' bits and, as sets of the shown
    days (bit n for the n-th day), the days they are booked, free, cannot work, and the days where
    both "can" and "cannot" marks touch the day (resolved in Python); the other days are unknown.
    The same order as ``rules.status_from_marks``: booked, paused, both, can, cannot.

    Each source is read for the shown days only (bookings through the shifts of those days, weekly
    rows by weekday, periods that reach into the window) and folded per person at once (a bitwise
    or: ``BIT_OR`` on PostgreSQL, ``SUM(DISTINCT bit)`` on SQLite), so what is grouped is the shown
    days' marks and bookings, never person-days times areas."""
    ops = connection.ops
    day_rows, params = [], []
    for n, day in enumerate(filters.days):
        day_rows.append(
            f"({_typed('date')}, {_typed('date')}, %s, %s, {_typed('timestamptz')}, "
            f"{_typed('timestamptz')}, {_typed('integer')})"
        )
        previous = day - dt.timedelta(days=1)
        params += [
            ops.adapt_datefield_value(day),
            ops.adapt_datefield_value(previous),
            day.weekday(),
            previous.weekday(),
            ops.adapt_datetimefield_value(day_start(day)),
            ops.adapt_datetimefield_value(day_start(day + dt.timedelta(days=1))),
            _day_bit(n),
        ]
    pool_sql, pool_params = _pool_sql(filters)
    params += pool_params
    weekly = WeeklyAvailability._meta.db_table
    period = AvailabilityPeriod._meta.db_table
    can, cannot = AvailabilityKind.AVAILABLE.value, AvailabilityKind.UNAVAILABLE.value
    kind_bits = "CASE WHEN {0}.kind = %s THEN d.bit ELSE 0 END, CASE WHEN {0}.kind = %s THEN d.bit ELSE 0 END"
    area_bits = " ".join("WHEN %s THEN %s" for _area in AREA_BITS)
    only_area = "WHERE wp.area = %s" if filters.area else ""
    sql = f"""
WITH days (day, prev_day, weekday, prev_weekday, day_start, day_end, bit) AS (VALUES {", ".join(day_rows)}),
pool (id) AS ({pool_sql}),
facts (substitute_id, booked, can, cannot) AS (
  SELECT b.substitute_id, 1 << {_days_since("s.day")}, 0, 0 FROM {Shift._meta.db_table} s
    JOIN {Booking._meta.db_table} b ON b.shift_id = s.id AND b.status = %s
    WHERE s.day >= {_typed("date")} AND s.day <= {_typed("date")}
  UNION ALL
  SELECT w.substitute_id, 0, {kind_bits.format("w")} FROM {weekly} w JOIN days d ON w.weekday = d.weekday
    AND w.valid_from <= d.day AND (w.valid_until IS NULL OR w.valid_until >= d.day)
  UNION ALL
  SELECT w.substitute_id, 0, {kind_bits.format("w")} FROM {weekly} w JOIN days d ON w.weekday = d.prev_weekday
    AND w.ends < w.starts AND w.ends > {_typed("time")}
    AND w.valid_from <= d.prev_day AND (w.valid_until IS NULL OR w.valid_until >= d.prev_day)
  UNION ALL
  SELECT p.substitute_id, 0, {kind_bits.format("p")} FROM {period} p JOIN days d
    ON p.starts_at < d.day_end AND p.ends_at > d.day_start
    WHERE p.ends_at > {_typed("timestamptz")} AND p.starts_at < {_typed("timestamptz")}
),
marked (id, booked, can, cannot) AS (
  SELECT f.substitute_id, {_bit_or("f.booked")}, {_bit_or("f.can")}, {_bit_or("f.cannot")}
  FROM facts f GROUP BY f.substitute_id
),
masks (id, mask) AS (
  SELECT i.substitute_id, {_bit_or(f"CASE wp.area {area_bits} ELSE 0 END")}
  FROM {Introduction._meta.db_table} i JOIN {Workplace._meta.db_table} wp ON wp.id = i.workplace_id
  {only_area} GROUP BY i.substitute_id
),
sets (id, mask, booked, can, cannot, paused) AS (
  SELECT pool.id, COALESCE(m.mask, 0), COALESCE(f.booked, 0), COALESCE(f.can, 0), COALESCE(f.cannot, 0),
    CASE WHEN pr.is_bookable = %s THEN 1 ELSE 0 END
  FROM pool LEFT JOIN marked f ON f.id = pool.id LEFT JOIN masks m ON m.id = pool.id
    LEFT JOIN {SubstituteProfile._meta.db_table} pr ON pr.user_id = pool.id
),
people (id, mask, booked, free, unavailable, checks) AS (
  SELECT s.id, s.mask, s.booked,
    CASE WHEN s.paused = 1 THEN 0 ELSE s.can & ~s.cannot & ~s.booked END,
    CASE WHEN s.paused = 1 THEN %s & ~s.booked ELSE s.cannot & ~s.can & ~s.booked END,
    CASE WHEN s.paused = 1 THEN 0 ELSE s.can & s.cannot & ~s.booked END
  FROM sets s
)"""
    params += [
        ops.adapt_datefield_value(filters.first_day),
        BookingStatus.ACTIVE.value,
        ops.adapt_datefield_value(filters.first_day),
        ops.adapt_datefield_value(filters.last_day),
        *(can, cannot) * 2,
        ops.adapt_timefield_value(dt.time(0, 0)),
        can,
        cannot,
        ops.adapt_datetimefield_value(day_start(filters.first_day)),
        ops.adapt_datetimefield_value(day_start(filters.last_day + dt.timedelta(days=1))),
        *(value for area, bit in AREA_BITS.items() for value in (area, bit)),
        *([filters.area] if filters.area else []),
        False,
        _day_bit(len(filters.days)) - 1,  # every day shown
    ]
    return sql, params


def _days_since(column: str) -> str:
    """SQL for the days from the first day shown (a parameter) to the date in ``column``: the day's
    bit number, without a join per day (the shifts are read by one range of the day index)."""
    if connection.vendor == "postgresql":
        return f"({column} - {_typed('date')})"
    return f"CAST(julianday({column}) - julianday(%s) AS INTEGER)"


def _bit_or(expression: str) -> str:
    """The bitwise or of ``expression`` over a group. SQLite has no BIT_OR; there the sum of the
    distinct values is the same, as each value is 0 or a single bit (a day, an area)."""
    return f"BIT_OR({expression})" if connection.vendor == "postgresql" else f"SUM(DISTINCT {expression})"


# The status of a listed person on the day page, as the statement returns it (an index here).
LISTED_STATUSES = [DayStatus.BOOKED, DayStatus.AVAILABLE, DayStatus.UNAVAILABLE, CHECK, DayStatus.UNKNOWN]


def _listed_sql(filters: Filters, *, columns: int) -> tuple[str, list[Any]]:
    """Rows ``(2, 0, person, status index, 0…)`` for the first PEOPLE_SHOWN of each status by
    name on the first day shown (bit 1), to add to the statement with ``columns`` columns."""
    sql = f"""
UNION ALL
SELECT 2, 0, l.id, l.status, {", ".join(["0"] * (columns - 4))} FROM (
  SELECT s.id, s.status, ROW_NUMBER() OVER (
    PARTITION BY s.status ORDER BY u.family_name, u.preferred_given_name, u.id) AS n
  FROM (SELECT p.id, CASE
    WHEN (p.booked & 1) <> 0 THEN 0 WHEN (p.free & 1) <> 0 THEN 1 WHEN (p.unavailable & 1) <> 0 THEN 2
    WHEN (p.checks & 1) <> 0 THEN 3 ELSE 4 END AS status FROM people p) s
  JOIN {User._meta.db_table} u ON u.id = s.id
) l WHERE l.n <= %s"""
    return sql, [PEOPLE_SHOWN]


def _fetch(sql: str, params: Iterable[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return list(cursor.fetchall())


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
    cannot work or have not said. Two queries (four when a person-day needs the intervals), whatever
    the size of the pool."""
    return _overview(filters=filters, now=now, listed=False)[0]


def _overview(
    *, filters: Filters, now: dt.datetime | None, listed: bool
) -> tuple[Overview, list[tuple[int, str]]]:
    """The overview and, when ``listed``, (person, status) for the first PEOPLE_SHOWN of each
    status by name on the first day (the day page), from the same statement."""
    now = now or timezone.now()
    people_sql, params = _people_sql(filters)
    days = filters.days
    columns = 3 + len(days) * len(COUNTED_SETS)
    listed_sql, listed_params = _listed_sql(filters, columns=columns) if listed else ("", [])
    # One statement. The pool is counted per area mask in one pass, with a sum per day and status
    # (bit n of a set, as 0 or 1: (set >> n) & 1): at most 64 rows however many people. The
    # person-days to check come back one person a row, with the days to check as bits.
    sums = ", ".join(f"SUM((p.{column} >> {n}) & 1)" for n in range(len(days)) for column in COUNTED_SETS)
    fetched = _fetch(
        people_sql
        + f"""
SELECT 0, p.mask, COUNT(*), {sums} FROM people p GROUP BY p.mask
UNION ALL
SELECT 1, p.mask, p.id, p.checks, {", ".join(["0"] * (columns - 4))} FROM people p
  WHERE p.checks <> 0"""
        + listed_sql,
        [*params, *listed_params],
    )
    people: dict[str, int] = defaultdict(int)
    cells: dict[str, dict[dt.date, Cell]] = {}

    def cell(area: str, day: dt.date) -> Cell:
        if area not in cells:
            cells[area] = {d: Cell(day=d) for d in days}
        return cells[area][day]

    checks: dict[tuple[int, dt.date], int] = {}
    people_listed: list[tuple[int, str]] = []
    for row_kind, mask, count, *figures in fetched:
        if row_kind == 2:  # a listed person
            people_listed.append((count, LISTED_STATUSES[figures[0]]))
            continue
        if row_kind == 1:  # a person with days to check
            for n, check_day in enumerate(days):
                if figures[0] & _day_bit(n):
                    checks[count, check_day] = mask
            continue
        for area in _areas_of(mask):
            people[area] += int(count)
            area_cells = cells.setdefault(area, {d: Cell(day=d) for d in days})
            for n, day in enumerate(days):
                counts = area_cells[day].counts
                day_figures = figures[n * len(COUNTED_SETS) : (n + 1) * len(COUNTED_SETS)]
                for status, figure in zip(COUNTED_SETS.values(), day_figures, strict=True):
                    counts[status] += int(figure)
    if checks:
        free = _free_time(pairs=set(checks), filters=filters)
        for (person, day), mask in checks.items():
            status = DayStatus.AVAILABLE if free[person, day] else DayStatus.UNAVAILABLE
            for area in _areas_of(mask):
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
    return Overview(filters=filters, rows=rows), people_listed


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
    overview, listed = _overview(filters=filters, now=now, listed=True)
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
