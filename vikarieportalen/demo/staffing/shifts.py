"""Staffing demo: four weeks of shifts at every workplace, most booked within the rules, some open.

``demo_staffing_build`` makes the pool first (``pool.py``), then the shifts and bookings.
Deterministic and idempotent. Every shift is planned from a seed made of its workplace and date, so
running again — the same day or later — finds the shifts it made and makes only the missing ones.
Bookings follow the working-time rules (checked with ``rules.rules_check`` in memory, not through
``booking_create``, so no SMS is sent and the demo stays fast).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Model
from django.utils import timezone

from vikarieportalen.accounts.models import User
from vikarieportalen.core.roles import Role
from vikarieportalen.demo.common import DAYS_AHEAD, DAYS_BACK, FIRST_SUBSTITUTE, Count, local, no_count
from vikarieportalen.demo.staffing.pool import pool_build, qualifications_build
from vikarieportalen.staffing.booking import facts as working_facts
from vikarieportalen.staffing.booking import loading, rules
from vikarieportalen.staffing.models import (
    AreaOfWork,
    AvailabilityKind,
    AvailabilityPeriod,
    Booking,
    BookingSource,
    BookingStatus,
    Introduction,
    Qualification,
    Shift,
    ShiftReason,
    SubstituteProfile,
    SubstituteQualification,
    WeeklyAvailability,
    Workplace,
)


@dataclass(frozen=True)
class ShiftKind:
    starts: dt.time
    ends: dt.time  # at or before ``starts``: the next day
    break_minutes: int
    weekdays_only: bool = False


DAY = ShiftKind(dt.time(7), dt.time(16), 45)
EVENING = ShiftKind(dt.time(13, 30), dt.time(21, 30), 30)
NIGHT = ShiftKind(dt.time(21, 15), dt.time(7, 15), 45)
SCHOOL = ShiftKind(dt.time(8), dt.time(15), 30, weekdays_only=True)
PRESCHOOL = ShiftKind(dt.time(7), dt.time(16), 45, weekdays_only=True)

# Per area: the kinds of shift, and the qualification codes a shift there may require.
AREA_PLAN: dict[str, tuple[tuple[ShiftKind, ...], tuple[str, ...]]] = {
    AreaOfWork.ELDERLY_CARE: ((DAY, EVENING, NIGHT), ("underskoterska", "lakemedelsdelegering")),
    AreaOfWork.HOME_CARE: ((DAY, EVENING), ("b-korkort", "underskoterska")),
    AreaOfWork.DISABILITY: ((DAY, EVENING, NIGHT), ("underskoterska",)),
    AreaOfWork.SCHOOL: ((SCHOOL,), ("larare",)),
    AreaOfWork.PRESCHOOL: ((PRESCHOOL, SCHOOL), ("barnskotare", "forskollarare")),
}


def _shift_plan(workplace: Workplace, day: dt.date, today: dt.date) -> list[tuple[ShiftKind, str, list[str]]]:
    """The shifts a workplace needs on a day: (kind, reason, required qualification codes)."""
    rng = random.Random(f"staffing-shifts-{workplace.name}-{day.isoformat()}")  # noqa: S311 - demo data
    kinds, codes = AREA_PLAN[workplace.area]
    plan: list[tuple[ShiftKind, str, list[str]]] = []
    for kind in kinds:
        if kind.weekdays_only and day.weekday() >= 5:
            continue
        if rng.random() < 0.45:
            continue
        reason = rng.choices(
            [ShiftReason.SICK_LEAVE, ShiftReason.VACATION, ShiftReason.EXTRA_NEED, ShiftReason.OTHER_LEAVE],
            weights=[50, 25, 20, 5],
        )[0]
        required = [codes[0]] if rng.random() < 0.6 else []
        if len(codes) > 1 and rng.random() < 0.2:
            required.append(codes[1])
        plan.append((kind, reason, required))
    return plan


def _book_share(day: dt.date, today: dt.date) -> float:
    """Past shifts were mostly filled; tomorrow's mostly, later ones less and less."""
    ahead = (day - today).days
    if ahead < 0:
        return 0.92
    return max(0.35, 0.85 - 0.04 * ahead)


class _Ledger:
    """The substitutes' bookings and month minutes in memory, so each new booking is checked
    against the earlier ones without a query."""

    def __init__(self, *, start: dt.datetime, end: dt.datetime) -> None:
        self.work: dict[int, list[working_facts.Work]] = defaultdict(list)
        self.months: dict[tuple[int, tuple[int, int]], int] = defaultdict(int)
        month_start = working_facts.month_start(
            working_facts.local(start).year, working_facts.local(start).month
        )
        for substitute_id, starts_at, ends_at, minutes in Booking.objects.filter(
            status=BookingStatus.ACTIVE, starts_at__lt=end, ends_at__gt=month_start - dt.timedelta(days=2)
        ).values_list("substitute_id", "starts_at", "ends_at", "work_minutes"):
            self.add(substitute_id, working_facts.Work(starts_at, ends_at, minutes))

    def add(self, substitute_id: int, work: working_facts.Work) -> None:
        self.work[substitute_id].append(work)
        for month, part in working_facts.month_parts(work.starts_at, work.ends_at, work.work_minutes).items():
            self.months[(substitute_id, month)] += part


# A shift to be made, the qualifications it requires, and the chance it was booked.
Planned = tuple[Shift, list[Qualification], float]


def booking_build(*, shift: Shift, substitute_id: int, created_by: User | None) -> Booking:
    """An active, direct booking copied from ``shift`` as the booking service makes one (no rules
    are checked here, and no SMS is sent)."""
    return Booking(
        shift=shift,
        substitute_id=substitute_id,
        workplace_id=shift.workplace_id,
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        work_minutes=working_facts.work_minutes_of(shift.starts_at, shift.ends_at, shift.break_minutes),
        source=BookingSource.DIRECT,
        employment_form=rules.employment_form_for(shift.reason),
        created_by=created_by,
    )


@dataclass(frozen=True)
class _Facts:
    """What the rules need to know about every substitute, read once."""

    introduced: dict[int, set[int]]  # workplace → substitutes introduced there
    held: dict[int, dict[int, dt.date | None]]  # substitute → qualification → valid until
    periods: dict[int, list[working_facts.AvailabilitySpan]]
    weekly: dict[int, list[working_facts.WeeklyPattern]]
    paused: set[int]
    limits: working_facts.Limits

    @classmethod
    def load(cls) -> _Facts:
        introduced: dict[int, set[int]] = defaultdict(set)
        for substitute_id, workplace_id in Introduction.objects.values_list("substitute_id", "workplace_id"):
            introduced[workplace_id].add(substitute_id)
        held: dict[int, dict[int, dt.date | None]] = defaultdict(dict)
        for substitute_id, qualification_id, valid_until in SubstituteQualification.objects.values_list(
            "substitute_id", "qualification_id", "valid_until"
        ):
            held[substitute_id][qualification_id] = valid_until
        periods: dict[int, list[working_facts.AvailabilitySpan]] = defaultdict(list)
        for substitute_id, kind, starts_at, ends_at, note in AvailabilityPeriod.objects.values_list(
            "substitute_id", "kind", "starts_at", "ends_at", "note"
        ):
            periods[substitute_id].append(
                working_facts.AvailabilitySpan(kind == AvailabilityKind.AVAILABLE, starts_at, ends_at, note)
            )
        weekly: dict[int, list[working_facts.WeeklyPattern]] = defaultdict(list)
        for (
            substitute_id,
            kind,
            weekday,
            starts,
            ends,
            valid_from,
            valid_until,
        ) in WeeklyAvailability.objects.values_list(
            "substitute_id", "kind", "weekday", "starts", "ends", "valid_from", "valid_until"
        ):
            weekly[substitute_id].append(
                working_facts.WeeklyPattern(
                    kind == AvailabilityKind.AVAILABLE, weekday, starts, ends, valid_from, valid_until
                )
            )
        paused = set(SubstituteProfile.objects.filter(is_bookable=False).values_list("user_id", flat=True))
        return cls(introduced, held, periods, weekly, paused, working_facts.Limits())

    def substitute(
        self, person: int, *, ledger: _Ledger, months: list[tuple[int, int]]
    ) -> working_facts.SubstituteFacts:
        return working_facts.SubstituteFacts(
            qualifications=self.held.get(person, {}),
            bookings=ledger.work.get(person, []),
            month_minutes={month: ledger.months.get((person, month), 0) for month in months},
            periods=self.periods.get(person, []),
            weekly=self.weekly.get(person, []),
        )


def _planned_shifts(
    *, first_day: dt.date, last_day: dt.date, today: dt.date, qualifications: dict[str, Qualification]
) -> list[Planned]:
    """The shifts of the days from ``first_day`` to ``last_day`` that do not exist yet."""
    workplaces = list(Workplace.objects.filter(is_active=True).order_by("pk").prefetch_related("managers"))
    existing = set(
        Shift.objects.filter(
            starts_at__gte=local(first_day, dt.time(0)),
            starts_at__lt=local(last_day + dt.timedelta(days=2), dt.time(0)),
        ).values_list("workplace_id", "starts_at")
    )
    planned: list[Planned] = []
    day = first_day
    while day <= last_day:
        for workplace in workplaces:
            managers = sorted(workplace.managers.all(), key=lambda m: m.pk)
            for kind, reason, codes in _shift_plan(workplace, day, today):
                starts_at = local(day, kind.starts)
                end_day = day if kind.ends > kind.starts else day + dt.timedelta(days=1)
                if (workplace.pk, starts_at) in existing:
                    continue
                shift = Shift(
                    workplace=workplace,
                    starts_at=starts_at,
                    ends_at=local(end_day, kind.ends),
                    day=day,
                    break_minutes=kind.break_minutes,
                    reason=reason,
                    created_by=managers[0] if managers else None,
                )
                planned.append((shift, [qualifications[c] for c in codes], _book_share(day, today)))
        day += dt.timedelta(days=1)
    return planned


def _shifts_save(planned: list[Planned], count: Count) -> None:
    Shift.objects.bulk_create([shift for shift, _q, _share in planned], batch_size=500)
    Shift.required_qualifications.through.objects.bulk_create(
        [
            Shift.required_qualifications.through(shift_id=shift.pk, qualification_id=q.pk)
            for shift, required, _share in planned
            for q in required
        ],
        batch_size=500,
    )
    for _item in planned:
        count("shifts", True)


def _first_fit(
    shift: Shift,
    required: list[Qualification],
    people: list[int],
    *,
    facts: _Facts,
    ledger: _Ledger,
    booker: User | None,
) -> Booking | None:
    """A booking for the first of ``people`` who may take ``shift`` under every rule (noted in the ledger)."""
    shift_facts = loading.shift_facts(shift, required=required)
    months = working_facts.months_touched(shift_facts.starts_at, shift_facts.ends_at)
    needed = [q.pk for q in required]
    for person in people:
        if any(q not in facts.held.get(person, {}) for q in needed):
            continue  # a cheap look first; rules_check below is the real test
        candidate = facts.substitute(person, ledger=ledger, months=months)
        if rules.rules_check(shift=shift_facts, substitute=candidate, limits=facts.limits):
            continue
        ledger.add(person, shift_facts.as_work())
        return booking_build(shift=shift, substitute_id=person, created_by=booker)
    return None


def _bookings(planned: list[Planned], ledger: _Ledger) -> list[Booking]:
    """Bookings for the share of the planned shifts that a seed per shift says were booked."""
    facts = _Facts.load()
    booker = User.objects.filter(groups__name=Role.STAFFING_CENTRE.value).order_by("pk").first()
    sara = User.objects.filter(username=FIRST_SUBSTITUTE).values_list("pk", flat=True).first()
    bookings: list[Booking] = []
    for shift, required, share in sorted(planned, key=lambda item: (item[0].starts_at, item[0].workplace_id)):
        rng = random.Random(f"staffing-book-{shift.workplace.name}-{shift.starts_at.isoformat()}")  # noqa: S311
        if rng.random() > share:
            continue
        people = sorted(facts.introduced.get(shift.workplace_id, set()) - facts.paused)
        rng.shuffle(people)
        if sara is not None and sara in people and rng.random() < 0.6:
            people.remove(sara)
            people.insert(0, sara)  # the seed's example substitute gets plenty of work
        booking = _first_fit(shift, required, people[:25], facts=facts, ledger=ledger, booker=booker)
        if booking is not None:
            bookings.append(booking)
    return bookings


def _shifts_and_bookings(count: Count, *, today: dt.date, qualifications: dict[str, Qualification]) -> None:
    first_day, last_day = today - dt.timedelta(days=DAYS_BACK), today + dt.timedelta(days=DAYS_AHEAD - 1)
    planned = _planned_shifts(
        first_day=first_day, last_day=last_day, today=today, qualifications=qualifications
    )
    if not planned:
        return
    _shifts_save(planned, count)
    # A week more on either side: rest and month rules look at bookings just outside the window.
    ledger = _Ledger(
        start=local(first_day, dt.time(0)) - dt.timedelta(days=8),
        end=local(last_day + dt.timedelta(days=2), dt.time(0)) + dt.timedelta(days=8),
    )
    bookings = _bookings(planned, ledger)
    Booking.objects.bulk_create(bookings, batch_size=500)
    for _booking in bookings:
        count("bookings", True)


def demo_staffing_build(*, count: Count = no_count, today: dt.date | None = None) -> None:
    """Build (or complete) the staffing demo around ``today``; call inside a transaction."""
    today = today or timezone.localdate()
    qualifications = qualifications_build(count)
    pool_build(count, today=today, qualifications=qualifications)
    _shifts_and_bookings(count, today=today, qualifications=qualifications)


def demo_tables() -> list[tuple[type[Model], list[str]]]:
    """The tables this demo writes and the columns that must not change on a second run."""
    return [
        (Qualification, ["code", "name", "expires"]),
        (SubstituteQualification, ["substitute_id", "qualification_id", "valid_until"]),
        (Introduction, ["substitute_id", "workplace_id", "introduced_on"]),
        (SubstituteProfile, ["user_id", "is_bookable", "note"]),
        (
            WeeklyAvailability,
            ["substitute_id", "kind", "weekday", "starts", "ends", "valid_from", "valid_until"],
        ),
        (AvailabilityPeriod, ["substitute_id", "kind", "starts_at", "ends_at", "note"]),
        (Shift, ["workplace_id", "starts_at", "ends_at", "day", "break_minutes", "reason", "status"]),
        (Shift.required_qualifications.through, ["shift_id", "qualification_id"]),
        (Booking, ["shift_id", "substitute_id", "starts_at", "ends_at", "work_minutes", "status"]),
    ]
