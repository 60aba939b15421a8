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

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.utils import timezone

from vikarieportalen.accounts.models import User
from vikarieportalen.staffing.availability.intervals import Interval, day_start
from vikarieportalen.staffing.availability.selectors import DayView, availability_for_substitutes
from vikarieportalen.staffing.models import (
    AreaOfWork,
    AvailabilityKind,
    Booking,
    BookingStatus,
    Introduction,
    Shift,
    ShiftStatus,
)
from vikarieportalen.staffing.overview.rules import DayStatus, Filters, short_of_people
from vikarieportalen.staffing.overview.statement import (
    ALL_AREAS,
    CHECK,
    COUNTED_SETS,
    LISTED_STATUSES,
    PEOPLE_SHOWN,
    areas_of,
    day_bit,
    fetch,
    overview_sql,
)
from vikarieportalen.staffing.shifts.selectors import shift_times_text, shifts_narrowed

SHIFTS_SHOWN = 100


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
# The week grid


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
    return shifts_narrowed(
        shifts, area=filters.area, workplace=filters.workplace, qualification=filters.qualification
    )


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
    days = filters.days
    people: dict[str, int] = defaultdict(int)
    cells: dict[str, dict[dt.date, Cell]] = {}
    checks: dict[tuple[int, dt.date], int] = {}
    people_listed: list[tuple[int, str]] = []
    for row_kind, mask, count, *figures in fetch(*overview_sql(filters, listed=listed)):
        if row_kind == 2:  # a listed person
            people_listed.append((count, LISTED_STATUSES[figures[0]]))
            continue
        if row_kind == 1:  # a person with days to check
            for n, check_day in enumerate(days):
                if figures[0] & day_bit(n):
                    checks[count, check_day] = mask
            continue
        _counts_add(cells, people, mask=mask, count=count, figures=figures, days=days)
    _checks_resolve(cells, checks, filters=filters)
    _open_shifts_add(cells, filters=filters, now=now)
    return Overview(filters=filters, rows=_area_rows(cells, people, days=days)), people_listed


def _cell(cells: dict[str, dict[dt.date, Cell]], area: str, day: dt.date, *, days: list[dt.date]) -> Cell:
    """The area's cell of ``day`` (the area's row of cells made on first use)."""
    if area not in cells:
        cells[area] = {d: Cell(day=d) for d in days}
    return cells[area][day]


def _counts_add(
    cells: dict[str, dict[dt.date, Cell]],
    people: dict[str, int],
    *,
    mask: int,
    count: int,
    figures: list[int],
    days: list[dt.date],
) -> None:
    """A row of the pool counted per area mask (``count`` people, a sum per day and status), added
    to the whole pool and each of its areas."""
    for area in areas_of(mask):
        people[area] += int(count)
        for n, day in enumerate(days):
            counts = _cell(cells, area, day, days=days).counts
            day_figures = figures[n * len(COUNTED_SETS) : (n + 1) * len(COUNTED_SETS)]
            for status, figure in zip(COUNTED_SETS.values(), day_figures, strict=True):
                counts[status] += int(figure)


def _checks_resolve(
    cells: dict[str, dict[dt.date, Cell]], checks: dict[tuple[int, dt.date], int], *, filters: Filters
) -> None:
    """The person-days both "can" and "cannot" touch (with the person's area mask), counted free or
    cannot work by whether some "can work" time is left."""
    if not checks:
        return
    free = _free_time(pairs=set(checks), filters=filters)
    for (person, day), mask in checks.items():
        status = DayStatus.AVAILABLE if free[person, day] else DayStatus.UNAVAILABLE
        for area in areas_of(mask):
            _cell(cells, area, day, days=filters.days).counts[status] += 1


def _open_shifts_add(cells: dict[str, dict[dt.date, Cell]], *, filters: Filters, now: dt.datetime) -> None:
    """The open shifts per area and day, counted in their area's cells and the whole pool's."""
    days = filters.days
    open_counts = (
        _open_shifts(filters, now=now)
        .values("workplace__area", "day")
        .annotate(n=Count("pk"))
        .values_list("workplace__area", "day", "n")
        .order_by()
    )
    for area, day, count in open_counts:
        _cell(cells, area, day, days=days).open_shifts += count
        _cell(cells, ALL_AREAS, day, days=days).open_shifts += count


def _area_rows(
    cells: dict[str, dict[dt.date, Cell]], people: dict[str, int], *, days: list[dt.date]
) -> list[AreaRow]:
    """A row per area with cells (the whole pool's first), the not marked counted from the rest."""
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
    return rows


# ---------------------------------------------------------------------------------------------
# One day's people


@dataclass(frozen=True, slots=True)
class Substitute:
    """A listed person's id and names: all the day page shows of them (not the whole user row)."""

    pk: int
    preferred_given_name: str
    family_name: str

    @property
    def full_name(self) -> str:
        return f"{self.preferred_given_name} {self.family_name}".strip()


@dataclass
class Person:
    user: Substitute
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
    people = _people_listed(listed, day=day)
    _bookings_add(people[DayStatus.BOOKED], day=day)
    open_shifts = [
        OpenShift(shift=shift, times=shift_times_text(shift))
        for shift in _open_shifts(filters, now=now)
        .select_related("workplace")
        .order_by("workplace__area", "workplace__name", "starts_at", "pk")[:SHIFTS_SHOWN]
    ]
    _shifts_add(people[DayStatus.AVAILABLE], open_shifts, now=now)
    return DayPage(day=day, overview=overview, people=people, open_shifts=open_shifts)


def _people_listed(listed: list[tuple[int, str]], *, day: dt.date) -> dict[DayStatus, list[Person]]:
    """The listed people by status, the first PEOPLE_SHOWN of each by name, with what they marked
    that day; those both "can" and "cannot" touch are sorted into free or cannot work here. Two
    queries: the names, and the marks of those who have any (the free, cannot work and to check)."""
    rows = User.objects.filter(pk__in=[person for person, _status in listed]).values_list(
        "pk", "preferred_given_name", "family_name"
    )
    names = {row[0]: Substitute(*row) for row in rows}
    marked = (DayStatus.AVAILABLE, DayStatus.UNAVAILABLE, CHECK)
    availability = availability_for_substitutes(
        substitute_ids=[person for person, status in listed if status in marked],
        starts_at=day_start(day),
        ends_at=day_start(day + dt.timedelta(days=1)),
    )
    pieces: dict[int, list[tuple[str, Interval]]] = {}
    people: dict[DayStatus, list[Person]] = {status: [] for status in DayStatus}
    for person, status in listed:
        if person in availability:
            pieces[person] = availability[person].day_summary(day)
        if status == CHECK:
            free_time = any(kind == AvailabilityKind.AVAILABLE for kind, _piece in pieces[person])
            status = DayStatus.AVAILABLE if free_time else DayStatus.UNAVAILABLE
        people[DayStatus(status)].append(Person(user=names[person], status=DayStatus(status)))
    lines: dict[tuple[tuple[str, Interval], ...], list[tuple[str, str]]] = {}  # many mark the same hours
    for listed_people in people.values():
        listed_people.sort(key=lambda p: (p.user.family_name, p.user.preferred_given_name, p.user.pk))
        del listed_people[PEOPLE_SHOWN:]
        for shown in listed_people:
            if shown.user.pk in pieces:
                key = tuple(pieces[shown.user.pk])
                if key not in lines:
                    lines[key] = DayView(day=day, pieces=list(key), bookings=[]).lines
                shown.availability = lines[key]
    return people


def _bookings_add(booked: list[Person], *, day: dt.date) -> None:
    """The booked people's bookings that day (the times and the workplace's name). One query, by
    the booking's start (its shift's, and the shift's day is its Swedish date): one range of the
    (substitute, starts_at) index per person, not each person's whole history joined to the shifts."""
    by_person = {p.user.pk: p for p in booked}
    if not by_person:
        return
    for booking in (
        Booking.objects.filter(
            substitute_id__in=by_person,
            status=BookingStatus.ACTIVE,
            starts_at__gte=day_start(day),
            starts_at__lt=day_start(day + dt.timedelta(days=1)),
        )
        .select_related("workplace")
        .only("substitute_id", "starts_at", "ends_at", "workplace__name")
        .order_by("starts_at")
    ):
        by_person[booking.substitute_id].bookings.append(booking)


def _shifts_add(free: list[Person], open_shifts: list[OpenShift], *, now: dt.datetime) -> None:
    """Each free person's open shifts that day (not yet started) where they are introduced. One
    query."""
    by_person = {p.user.pk: p for p in free}
    by_workplace: dict[int, list[OpenShift]] = defaultdict(list)
    for open_shift in open_shifts:
        if open_shift.shift.starts_at > now:
            by_workplace[open_shift.shift.workplace_id].append(open_shift)
    if not by_person or not by_workplace:
        return
    for person_id, workplace_id in Introduction.objects.filter(
        substitute_id__in=by_person, workplace_id__in=by_workplace
    ).values_list("substitute_id", "workplace_id"):
        by_person[person_id].shifts.extend(by_workplace[workplace_id])
    for free_person in by_person.values():
        free_person.shifts.sort(key=lambda o: (o.shift.starts_at, o.shift.workplace.name))
