"""Reads for the managers' shift needs and the staffing centre's board.

Every list here takes a fixed number of queries, however many shifts, workplaces or bookings exist.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vikarieportalen.accounts.models import User
from vikarieportalen.core.roles import Role
from vikarieportalen.core.time import clock_text, date_text, moment_text
from vikarieportalen.staffing.booking.facts import Limits
from vikarieportalen.staffing.models import (
    Agreement,
    AreaOfWork,
    Booking,
    BookingStatus,
    Qualification,
    Shift,
    ShiftStatus,
    Workplace,
)
from vikarieportalen.staffing.selectors import workplace_list_managed
from vikarieportalen.staffing.shifts.rules import limits_most_lenient

BOARD_ROW_LIMIT = 50  # shifts listed a page (a phone screen holds a few); the filters narrow a longer list
BOARD_WORKPLACE_LIMIT = 25  # workplaces in the fill-rate table unless all are asked for
BOARD_MAX_DAYS = 31


def user_sees_every_workplace(*, user: User) -> bool:
    """The staffing centre and administrators see and manage every workplace's shifts."""
    return user.has_role(Role.STAFFING_CENTRE) or user.has_role(Role.ADMINISTRATOR)


def workplace_list_for_needs(*, user: User) -> QuerySet[Workplace]:
    """The workplaces ``user`` may register needs for and see the shifts of."""
    if user_sees_every_workplace(user=user):
        return Workplace.objects.filter(is_active=True).order_by("name")
    return workplace_list_managed(user=user)


def need_limits() -> Limits:
    """The working-time limits a new need is warned against: the most lenient of every agreement a
    substitute can be under (a substitute without one is under the default, or the built-in limits
    when no agreement is the default), so a warning holds for every substitute."""
    agreements = list(Agreement.objects.all())
    limits = [Limits.from_agreement(agreement) for agreement in agreements]
    if not any(agreement.is_default for agreement in agreements):
        limits.append(Limits())
    return limits_most_lenient(limits)


def workplace_may_register_needs(*, user: User, workplace: Workplace) -> bool:
    if user_sees_every_workplace(user=user):
        return True
    return workplace.managers.filter(pk=user.pk).exists()


def _active_bookings() -> Prefetch:  # type: ignore[type-arg]
    return Prefetch(
        "bookings",
        queryset=Booking.objects.filter(status=BookingStatus.ACTIVE).select_related("substitute"),
        to_attr="active_bookings",
    )


def _with_details(shifts: QuerySet[Shift]) -> QuerySet[Shift]:
    return shifts.select_related("workplace").prefetch_related("required_qualifications", _active_bookings())


def shift_booking(shift: Shift) -> Booking | None:
    """The active booking of a shift loaded by this module (prefetched: no query)."""
    bookings: list[Booking] = getattr(shift, "active_bookings", [])
    return bookings[0] if bookings else None


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week_navigation(monday: dt.date, url_for: Callable[[dt.date], str]) -> dict[str, Any]:
    """A week page's heading and pager: its Monday and Sunday, its ISO week number and the
    addresses (``url_for`` a day) of the weeks before and after."""
    return {
        "monday": monday,
        "sunday": monday + dt.timedelta(days=6),
        "week_number": monday.isocalendar().week,
        "previous_url": url_for(monday - dt.timedelta(days=7)),
        "next_url": url_for(monday + dt.timedelta(days=7)),
    }


def shift_list_for_manager(
    *, user: User, first_day: dt.date, last_day: dt.date, workplace: Workplace | None = None
) -> list[Shift]:
    """The shifts (open, booked and cancelled) of the workplaces ``user`` sees, between two dates."""
    shifts = Shift.objects.filter(day__gte=first_day, day__lte=last_day)
    if workplace is not None:
        shifts = shifts.filter(workplace=workplace)
    if not user_sees_every_workplace(user=user):
        shifts = shifts.filter(workplace__managers=user, workplace__is_active=True)
    return list(_with_details(shifts).order_by("starts_at", "workplace__name", "pk"))


def shift_get_for_manager(*, user: User, shift_id: int) -> Shift:
    """One shift the user may see; Shift.DoesNotExist (a 404) for another manager's shift."""
    shifts = Shift.objects.filter(pk=shift_id)
    if not user_sees_every_workplace(user=user):
        shifts = shifts.filter(workplace__managers=user)
    return _with_details(shifts.select_related("series")).get()


def shift_get_for_staff(*, shift_id: int) -> Shift:
    return _with_details(
        Shift.objects.filter(pk=shift_id).select_related(
            "series", "reopened_by_booking__substitute", "wished_substitute"
        )
    ).get()


def series_shifts_to_fill(*, series_id: int, now: dt.datetime) -> list[Shift]:
    """The series' active shifts that have not ended, first first, with their bookings,
    qualifications and the manager's wish (a fixed number of queries)."""
    shifts = Shift.objects.filter(series_id=series_id, status=ShiftStatus.ACTIVE, ends_at__gt=now)
    return list(_with_details(shifts.select_related("wished_substitute")).order_by("starts_at", "pk"))


def series_remaining_count(*, shift: Shift, now: dt.datetime) -> int:
    """Active shifts of ``shift``'s series from its day on that have not started."""
    if shift.series_id is None:
        return 0
    return Shift.objects.filter(
        series_id=shift.series_id, status=ShiftStatus.ACTIVE, day__gte=shift.day, starts_at__gt=now
    ).count()


# --- the board ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardFilters:
    first_day: dt.date
    last_day: dt.date
    area: str = ""
    workplace: Workplace | None = None
    qualification: Qualification | None = None
    only_open: bool = True
    # Only shifts reopened by a substitute's cancellation (and still open): what needs filling first.
    only_reopened: bool = False


@dataclass
class Fill:
    total: int = 0
    booked: int = 0

    @property
    def open(self) -> int:
        return self.total - self.booked

    @property
    def percent(self) -> int:
        return round(100 * self.booked / self.total) if self.total else 0


@dataclass
class DayFill:
    day: dt.date
    fill: Fill


@dataclass
class WorkplaceFill:
    workplace_id: int
    name: str
    area: str
    days: list[Fill]
    fill: Fill

    @property
    def area_label(self) -> str:
        return str(AreaOfWork(self.area).label) if self.area in AreaOfWork.values else self.area


def shift_times_text(shift: Shift) -> str:
    """Local start and end, "21.15–07.15 (next day)" for a shift past midnight."""
    starts = timezone.localtime(shift.starts_at)
    ends = timezone.localtime(shift.ends_at)
    text = f"{clock_text(starts)}–{clock_text(ends)}"
    if ends.date() != starts.date():
        text = _("%(times)s (next day)") % {"times": text}
    return text


def shift_reopened_text(shift: Shift, *, now: dt.datetime) -> str:
    """ "Cancelled by Ali Hassan on 9 Dec at 13:45" for a shift its substitute's cancellation reopened
    ("" when it is not flagged). Reads ``reopened_by_booking__substitute``: select it with the shift."""
    booking = shift.reopened_by_booking
    if booking is None or booking.cancelled_at is None:
        return ""
    return _("Cancelled by %(name)s %(when)s") % {
        "name": booking.substitute.get_full_name(),
        "when": moment_text(booking.cancelled_at, now=now),
    }


_PK_PLACEHOLDER = "987654321"


def _candidates_url_pattern() -> str:
    """The candidates page's address with a placeholder id: one ``reverse`` for the whole board."""
    return reverse("staffing:shift_candidates", args=[int(_PK_PLACEHOLDER)])


class BoardRow:
    """One shift on the board with what the page shows of it, worked out once."""

    def __init__(self, shift: Shift, *, day_text: str, url_pattern: str, now: dt.datetime) -> None:
        self.shift = shift
        self.url = url_pattern.replace(_PK_PLACEHOLDER, str(shift.pk))
        self.booking = shift_booking(shift)
        self.reopened = shift_reopened_text(shift, now=now) if self.booking is None else ""
        self.times = shift_times_text(shift)
        self.day_text = day_text
        self.details = " · ".join(
            [shift.get_reason_display(), *(q.name for q in shift.required_qualifications.all())]
        )


@dataclass
class WorkplaceShifts:
    workplace: Workplace
    shifts: list[BoardRow] = field(default_factory=list)


@dataclass
class AreaShifts:
    area: str
    label: str
    workplaces: list[WorkplaceShifts] = field(default_factory=list)


@dataclass
class BoardDay:
    day: dt.date
    areas: list[AreaShifts] = field(default_factory=list)
    count: int = 0


@dataclass
class Board:
    days: list[BoardDay]
    first: int  # 1-based number of the first listed shift
    shown: int
    total: int
    day_fill: list[DayFill]
    workplace_fill: list[WorkplaceFill]
    workplace_fill_total: int
    page: int = 1
    limit: int = BOARD_ROW_LIMIT
    reopened: int = 0  # reopened shifts still open in the range (whatever is listed)

    @property
    def last(self) -> int:
        return self.first + self.shown - 1

    @property
    def has_next(self) -> bool:
        return self.page * self.limit < self.total

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _board_shifts(
    filters: BoardFilters, first_day: dt.date | None = None, last_day: dt.date | None = None
) -> QuerySet[Shift]:
    shifts = Shift.objects.filter(
        day__gte=first_day or filters.first_day,
        day__lte=last_day or filters.last_day,
        status=ShiftStatus.ACTIVE,
        workplace__is_active=True,
    )
    return shifts_narrowed(
        shifts, area=filters.area, workplace=filters.workplace, qualification=filters.qualification
    )


def shifts_narrowed(
    shifts: QuerySet[Shift],
    *,
    area: str,
    workplace: Workplace | None,
    qualification: Qualification | None,
) -> QuerySet[Shift]:
    """``shifts`` at workplaces of ``area``, at ``workplace`` and needing ``qualification``, each
    when given (set against the people who hold a qualification: the shifts that need it)."""
    if area:
        shifts = shifts.filter(workplace__area=area)
    if workplace is not None:
        shifts = shifts.filter(workplace=workplace)
    if qualification is not None:
        shifts = shifts.filter(required_qualifications=qualification)
    return shifts


@dataclass
class _Counts:
    day_fill: list[DayFill]
    workplace_fill: list[WorkplaceFill]
    listed_per_day: dict[dt.date, int]
    reopened: int = 0


def _counts(filters: BoardFilters, now: dt.datetime) -> _Counts:
    """One pass over the matching shifts: per day and workplace, all, booked, and bookable open ones."""
    # Shift.is_booked is kept by the database, so this reads the shifts alone: no join on bookings.
    rows = (
        _board_shifts(filters)
        .values_list("day", "workplace_id", "workplace__name", "workplace__area")
        .annotate(
            total=Count("pk"),
            booked=Count("pk", filter=Q(is_booked=True)),
            open_now=Count("pk", filter=Q(is_booked=False, ends_at__gt=now)),
            reopened_now=Count(
                "pk", filter=Q(reopened_by_booking__isnull=False, is_booked=False, ends_at__gt=now)
            ),
        )
        .order_by()
    )
    day_count = (filters.last_day - filters.first_day).days + 1
    all_days = [filters.first_day + dt.timedelta(days=offset) for offset in range(day_count)]
    per_day = {day: Fill() for day in all_days}
    listed_per_day = dict.fromkeys(all_days, 0)
    per_workplace: dict[int, WorkplaceFill] = {}
    cells: dict[int, dict[dt.date, Fill]] = defaultdict(dict)
    reopened = 0
    for day, workplace_id, name, area, total, booked, open_now, reopened_now in rows:
        per_day[day].total += total
        per_day[day].booked += booked
        reopened += reopened_now
        if filters.only_reopened:
            listed_per_day[day] += reopened_now
        else:
            listed_per_day[day] += open_now if filters.only_open else total
        if workplace_id not in per_workplace:
            per_workplace[workplace_id] = WorkplaceFill(
                workplace_id=workplace_id, name=name, area=area, days=[], fill=Fill()
            )
        per_workplace[workplace_id].fill.total += total
        per_workplace[workplace_id].fill.booked += booked
        cells[workplace_id][day] = Fill(total=total, booked=booked)
    for workplace_id, row_fill in per_workplace.items():
        row_fill.days = [cells[workplace_id].get(day, Fill()) for day in all_days]
    return _Counts(
        day_fill=[DayFill(day=day, fill=per_day[day]) for day in all_days],
        workplace_fill=list(per_workplace.values()),
        listed_per_day=listed_per_day,
        reopened=reopened,
    )


def _page_days(listed_per_day: dict[dt.date, int], offset: int, limit: int) -> tuple[dt.date, dt.date, int]:
    """The first and last day holding listed shifts ``offset`` to ``offset + limit``, and how many
    listed shifts come before the first of those days."""
    before = seen = 0
    first: dt.date | None = None
    last: dt.date | None = None
    for day, count in listed_per_day.items():
        if first is None and before + count <= offset:
            before += count
            continue
        first = first or day
        last = day
        seen += count
        if before + seen >= offset + limit:
            break
    days = list(listed_per_day)
    return first or days[0], last or days[-1], before


def _board_days(rows: list[Shift], *, now: dt.datetime) -> list[BoardDay]:
    """``rows`` (ordered by day, area, workplace) grouped by day, then area, then workplace."""
    days: list[BoardDay] = []
    url_pattern = _candidates_url_pattern()
    for shift in rows:
        if not days or days[-1].day != shift.day:
            days.append(BoardDay(day=shift.day))
            day_text = date_text(shift.day, "DAY_FORMAT")
        board_day = days[-1]
        board_day.count += 1
        area = shift.workplace.area
        if not board_day.areas or board_day.areas[-1].area != area:
            board_day.areas.append(AreaShifts(area=area, label=shift.workplace.get_area_display()))
        workplaces = board_day.areas[-1].workplaces
        if not workplaces or workplaces[-1].workplace.pk != shift.workplace_id:
            workplaces.append(WorkplaceShifts(workplace=shift.workplace))
        workplaces[-1].shifts.append(BoardRow(shift, day_text=day_text, url_pattern=url_pattern, now=now))
    return days


def board_build(
    *,
    filters: BoardFilters,
    all_workplaces: bool = False,
    page: int = 1,
    limit: int = BOARD_ROW_LIMIT,
    now: dt.datetime | None = None,
) -> Board:
    """The board: shifts by day, area and workplace, and the fill rate per day and workplace.

    Four queries whatever the amount of data: one aggregate over the matching shifts (the fill rates
    and how many are listed per day), the page of listed shifts — read only from the days that page
    covers — and its qualifications and bookings.
    """
    now = now or timezone.now()
    counts = _counts(filters, now)
    total = sum(counts.listed_per_day.values())
    page = max(1, min(page, (total + limit - 1) // limit or 1))
    offset = (page - 1) * limit
    rows: list[Shift] = []
    if total:
        first_day, last_day, before = _page_days(counts.listed_per_day, offset, limit)
        listed = _board_shifts(filters, first_day, last_day)
        if filters.only_reopened:
            listed = listed.filter(reopened_by_booking__isnull=False)
        if filters.only_open or filters.only_reopened:
            # Open means bookable: not booked and not over (a shift that has started may still be booked).
            listed = listed.filter(is_booked=False)
            if first_day <= timezone.localdate(now):
                # Only then: a shift starting on a later day has not ended, and the condition makes
                # PostgreSQL misjudge how many rows remain (most shifts in the table lie in the past).
                listed = listed.filter(ends_at__gt=now)
        ordered = (
            _with_details(listed)
            .select_related("reopened_by_booking__substitute", "wished_substitute")
            .order_by("day", "workplace__area", "workplace__name", "starts_at", "pk")
        )
        rows = list(ordered[offset - before : offset - before + limit])

    days = _board_days(rows, now=now)
    workplace_fill = counts.workplace_fill
    workplace_fill.sort(key=lambda row: (row.fill.percent, -row.fill.open, row.name))
    return Board(
        days=days,
        first=offset + 1,
        shown=len(rows),
        total=total,
        day_fill=counts.day_fill,
        workplace_fill=workplace_fill if all_workplaces else workplace_fill[:BOARD_WORKPLACE_LIMIT],
        workplace_fill_total=len(workplace_fill),
        page=page,
        limit=limit,
        reopened=counts.reopened,
    )
