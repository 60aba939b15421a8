"""Staffing demo data: qualifications, introductions, availability, four weeks of shifts and bookings.

Deterministic and idempotent. Every shift is planned from a seed made of its workplace and date, so
running again — the same day or later — finds the shifts it made and makes only the missing ones.
Bookings follow the working-time rules (checked with ``rules.rules_check`` in memory, not through
``booking_create``, so no SMS is sent and the demo stays fast).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model
from django.utils import timezone

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.roles import Role
from vikarieportalen.staffing.booking import rules
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

Count = Callable[[str, bool], None]

# (code, name, description, expires)
QUALIFICATIONS = [
    ("underskoterska", "Undersköterska", "Undersköterskeutbildning eller motsvarande", False),
    ("barnskotare", "Barnskötare", "Barnskötarutbildning", False),
    ("larare", "Lärare", "Lärarlegitimation", False),
    ("b-korkort", "B-körkort", "Körkort för personbil", False),
    ("lakemedelsdelegering", "Läkemedelsdelegering", "Delegering att ge läkemedel, förnyas varje år", True),
    ("forskollarare", "Förskollärare", "Förskollärarlegitimation", False),
]

FIRST_SUBSTITUTE = "JOSA9804"
DAYS_BACK = 14  # two weeks of history …
DAYS_AHEAD = 14  # … and two coming weeks, counted from today


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
# Qualifications the substitutes of each area tend to hold: (code, share of the people).
AREA_QUALIFICATIONS: dict[str, tuple[tuple[str, float], ...]] = {
    AreaOfWork.ELDERLY_CARE: (("underskoterska", 0.75), ("lakemedelsdelegering", 0.45), ("b-korkort", 0.5)),
    AreaOfWork.HOME_CARE: (("underskoterska", 0.75), ("lakemedelsdelegering", 0.45), ("b-korkort", 0.8)),
    AreaOfWork.DISABILITY: (("underskoterska", 0.6), ("b-korkort", 0.5)),
    AreaOfWork.SCHOOL: (("larare", 0.45), ("b-korkort", 0.4)),
    AreaOfWork.PRESCHOOL: (("barnskotare", 0.7), ("forskollarare", 0.3)),
}
# Weekly patterns people give: (weekdays, from, until).
PATTERNS: list[list[tuple[tuple[int, ...], dt.time, dt.time]]] = [
    [((0, 1, 2, 3, 4), dt.time(6, 30), dt.time(17))],
    [((0, 1, 2, 3, 4, 5, 6), dt.time(6), dt.time(22))],
    [((0, 2, 4), dt.time(6, 30), dt.time(22)), ((5, 6), dt.time(7), dt.time(22))],
    [((4, 5, 6), dt.time(21), dt.time(8)), ((0, 1), dt.time(13), dt.time(22))],
    [((0, 1, 2, 3, 4), dt.time(7), dt.time(16, 30))],
    [((1, 3), dt.time(6, 30), dt.time(22)), ((5,), dt.time(13), dt.time(22))],
]


def _today() -> dt.date:
    return timezone.localdate()


def _local(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=rules.LOCAL_ZONE)


def _qualifications(count: Count) -> dict[str, Qualification]:
    existing = {q.code: q for q in Qualification.objects.all()}
    for code, name, description, expires in QUALIFICATIONS:
        if code not in existing:
            existing[code] = Qualification.objects.create(
                code=code, name=name, description=description, expires=expires
            )
            count("qualifications", True)
    return existing


def _pool(count: Count, *, today: dt.date, qualifications: dict[str, Qualification]) -> dict[int, str]:
    """Introductions, qualifications, weekly availability and some periods for the demo pool.

    Returns each substitute's area. People who already have introductions are left as they are.
    """
    workplaces = list(Workplace.objects.filter(is_active=True).order_by("pk"))
    by_area: dict[str, list[Workplace]] = defaultdict(list)
    for workplace in workplaces:
        by_area[workplace.area].append(workplace)
    areas = [area for area in AREA_PLAN if by_area.get(area)]
    substitutes = list(
        User.objects.filter(groups__name=Role.SUBSTITUTE.value, is_active=True)
        .order_by("employee_number", "pk")
        .only("pk", "username", "employee_number")
    )
    already = set(Introduction.objects.values_list("substitute_id", flat=True).distinct())
    held = set(SubstituteQualification.objects.values_list("substitute_id", "qualification_id"))
    has_weekly = set(WeeklyAvailability.objects.values_list("substitute_id", flat=True).distinct())
    has_periods = set(AvailabilityPeriod.objects.values_list("substitute_id", flat=True).distinct())
    areas_of: dict[int, str] = {}
    introductions, held_new, weekly, periods = [], [], [], []
    for index, user in enumerate(substitutes):
        rng = random.Random(f"staffing-pool-{user.employee_number or user.username}")  # noqa: S311 - demo data
        first = user.username == FIRST_SUBSTITUTE
        area = AreaOfWork.ELDERLY_CARE if first else areas[index % len(areas)]
        areas_of[user.pk] = area
        # Most people have a second area nearby: care people also take home care, and so on.
        places = list(by_area[area])
        rng.shuffle(places)
        chosen = places[: rng.randint(1, min(3, len(places)))]
        if first:
            chosen = [w for w in workplaces if w.area in (AreaOfWork.ELDERLY_CARE, AreaOfWork.HOME_CARE)][:3]
        elif rng.random() < 0.3:
            other_area = areas[(areas.index(area) + 1) % len(areas)]
            chosen.append(rng.choice(by_area[other_area]))
        # Every random choice is drawn before looking at what exists, so a second run draws the same.
        since = today - dt.timedelta(days=60 + rng.randrange(0, 400))
        codes = [code for code, share in AREA_QUALIFICATIONS[area] if first or rng.random() < share]
        delegation_days = 120 if first else rng.randrange(-40, 300)
        wants_weekly = first or rng.random() < 0.8
        pattern = PATTERNS[2] if first else rng.choice(PATTERNS)
        wants_period = not first and rng.random() < 0.15
        period_day = today + dt.timedelta(days=rng.randrange(-10, DAYS_AHEAD))
        period_cannot = rng.random() < 0.7
        period_days = rng.randint(2, 6)

        if user.pk not in already:
            introductions += [Introduction(substitute=user, workplace=w, introduced_on=since) for w in chosen]
        for code in codes:
            qualification = qualifications[code]
            if (user.pk, qualification.pk) not in held:
                # Some delegations have run out; most are valid for months.
                valid_until = today + dt.timedelta(days=delegation_days) if qualification.expires else None
                held_new.append(
                    SubstituteQualification(
                        substitute=user, qualification=qualification, valid_until=valid_until
                    )
                )
        if wants_weekly and user.pk not in has_weekly:
            valid_from = today - dt.timedelta(days=DAYS_BACK + 28)
            weekly += [
                WeeklyAvailability(
                    substitute=user,
                    kind=AvailabilityKind.AVAILABLE,
                    weekday=weekday,
                    starts=starts,
                    ends=ends,
                    valid_from=valid_from,
                )
                for weekdays, starts, ends in pattern
                for weekday in weekdays
            ]
        if wants_period and user.pk not in has_periods:
            start = _local(period_day, dt.time(0))
            kind = AvailabilityKind.UNAVAILABLE if period_cannot else AvailabilityKind.AVAILABLE
            periods.append(
                AvailabilityPeriod(
                    substitute=user,
                    kind=kind,
                    starts_at=start,
                    ends_at=_local(period_day + dt.timedelta(days=period_days), dt.time(0)),
                    note="Semester" if period_cannot else "Kan extra",
                )
            )
    Introduction.objects.bulk_create(introductions, batch_size=500)
    SubstituteQualification.objects.bulk_create(held_new, batch_size=500)
    WeeklyAvailability.objects.bulk_create(weekly, batch_size=500)
    AvailabilityPeriod.objects.bulk_create(periods, batch_size=500)
    for what, rows in (
        ("introductions", len(introductions)),
        ("qualifications held", len(held_new)),
        ("weekly availability", len(weekly)),
        ("availability periods", len(periods)),
    ):
        for _row in range(rows):
            count(what, True)
    # One substitute on a break from the pool, to show that a paused person is not bookable.
    if len(substitutes) > 7:
        _profile, created = SubstituteProfile.objects.get_or_create(
            user=substitutes[7], defaults={"is_bookable": False, "note": "Föräldraledig"}
        )
        count("substitute profiles", created)
    return areas_of


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
        self.work: dict[int, list[rules.Work]] = defaultdict(list)
        self.months: dict[tuple[int, tuple[int, int]], int] = defaultdict(int)
        month_start = rules.month_start(rules.local(start).year, rules.local(start).month)
        for substitute_id, starts_at, ends_at, minutes in Booking.objects.filter(
            status=BookingStatus.ACTIVE, starts_at__lt=end, ends_at__gt=month_start - dt.timedelta(days=2)
        ).values_list("substitute_id", "starts_at", "ends_at", "work_minutes"):
            self.add(substitute_id, rules.Work(starts_at, ends_at, minutes))

    def add(self, substitute_id: int, work: rules.Work) -> None:
        self.work[substitute_id].append(work)
        for month, part in rules.month_parts(work.starts_at, work.ends_at, work.work_minutes).items():
            self.months[(substitute_id, month)] += part


def _load_facts() -> tuple[
    dict[int, set[int]],
    dict[int, dict[int, dt.date | None]],
    dict[int, list[rules.AvailabilitySpan]],
    dict[int, list[rules.WeeklyPattern]],
    set[int],
]:
    introduced: dict[int, set[int]] = defaultdict(set)
    for substitute_id, workplace_id in Introduction.objects.values_list("substitute_id", "workplace_id"):
        introduced[workplace_id].add(substitute_id)
    held: dict[int, dict[int, dt.date | None]] = defaultdict(dict)
    for substitute_id, qualification_id, valid_until in SubstituteQualification.objects.values_list(
        "substitute_id", "qualification_id", "valid_until"
    ):
        held[substitute_id][qualification_id] = valid_until
    periods: dict[int, list[rules.AvailabilitySpan]] = defaultdict(list)
    for substitute_id, kind, starts_at, ends_at, note in AvailabilityPeriod.objects.values_list(
        "substitute_id", "kind", "starts_at", "ends_at", "note"
    ):
        periods[substitute_id].append(
            rules.AvailabilitySpan(kind == AvailabilityKind.AVAILABLE, starts_at, ends_at, note)
        )
    weekly: dict[int, list[rules.WeeklyPattern]] = defaultdict(list)
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
            rules.WeeklyPattern(
                kind == AvailabilityKind.AVAILABLE, weekday, starts, ends, valid_from, valid_until
            )
        )
    paused = set(SubstituteProfile.objects.filter(is_bookable=False).values_list("user_id", flat=True))
    return introduced, held, periods, weekly, paused


def _shifts_and_bookings(count: Count, *, today: dt.date, qualifications: dict[str, Qualification]) -> None:
    workplaces = list(Workplace.objects.filter(is_active=True).order_by("pk").prefetch_related("managers"))
    first_day, last_day = today - dt.timedelta(days=DAYS_BACK), today + dt.timedelta(days=DAYS_AHEAD - 1)
    window_start, window_end = (
        _local(first_day, dt.time(0)),
        _local(last_day + dt.timedelta(days=2), dt.time(0)),
    )
    existing = set(
        Shift.objects.filter(starts_at__gte=window_start, starts_at__lt=window_end).values_list(
            "workplace_id", "starts_at"
        )
    )
    booker = User.objects.filter(groups__name=Role.STAFFING_CENTRE.value).order_by("pk").first()
    sara = User.objects.filter(username=FIRST_SUBSTITUTE).first()

    planned: list[tuple[Shift, list[Qualification], float]] = []
    day = first_day
    while day <= last_day:
        for workplace in workplaces:
            managers = sorted(workplace.managers.all(), key=lambda m: m.pk)
            for kind, reason, codes in _shift_plan(workplace, day, today):
                starts_at = _local(day, kind.starts)
                end_day = day if kind.ends > kind.starts else day + dt.timedelta(days=1)
                ends_at = _local(end_day, kind.ends)
                if (workplace.pk, starts_at) in existing:
                    continue
                shift = Shift(
                    workplace=workplace,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    day=day,
                    break_minutes=kind.break_minutes,
                    reason=reason,
                    created_by=managers[0] if managers else None,
                )
                planned.append((shift, [qualifications[c] for c in codes], _book_share(day, today)))
        day += dt.timedelta(days=1)
    if not planned:
        return

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

    introduced, held, periods, weekly, paused = _load_facts()
    ledger = _Ledger(start=window_start - dt.timedelta(days=8), end=window_end + dt.timedelta(days=8))
    limits = rules.Limits()
    bookings: list[Booking] = []
    for shift, required, share in sorted(planned, key=lambda item: (item[0].starts_at, item[0].workplace_id)):
        rng = random.Random(f"staffing-book-{shift.workplace.name}-{shift.starts_at.isoformat()}")  # noqa: S311
        if rng.random() > share:
            continue
        facts = rules.ShiftFacts(
            starts_at=shift.starts_at,
            ends_at=shift.ends_at,
            break_minutes=shift.break_minutes,
            day=shift.day,
            workplace_id=shift.workplace_id,
            workplace_name=shift.workplace.name,
            required_qualifications=tuple((q.pk, q.name) for q in required),
        )
        people = sorted(introduced.get(shift.workplace_id, set()) - paused)
        rng.shuffle(people)
        if sara is not None and sara.pk in people and rng.random() < 0.6:
            people.remove(sara.pk)
            people.insert(0, sara.pk)  # the seed's example substitute gets plenty of work
        months = rules.months_touched(facts.starts_at, facts.ends_at)
        needed = [q.pk for q in required]
        for person in people[:25]:
            if any(q not in held.get(person, {}) for q in needed):
                continue  # a cheap look first; rules_check below is the real test
            candidate = rules.SubstituteFacts(
                qualifications=held.get(person, {}),
                bookings=ledger.work.get(person, []),
                month_minutes={month: ledger.months.get((person, month), 0) for month in months},
                periods=periods.get(person, []),
                weekly=weekly.get(person, []),
            )
            if rules.rules_check(shift=facts, substitute=candidate, limits=limits):
                continue
            work = facts.as_work()
            ledger.add(person, work)
            bookings.append(
                Booking(
                    shift=shift,
                    substitute_id=person,
                    workplace_id=shift.workplace_id,
                    starts_at=shift.starts_at,
                    ends_at=shift.ends_at,
                    work_minutes=work.work_minutes,
                    source=BookingSource.DIRECT,
                    employment_form=rules.employment_form_for(shift.reason),
                    created_by=booker,
                )
            )
            break
    Booking.objects.bulk_create(bookings, batch_size=500)
    for _booking in bookings:
        count("bookings", True)


def demo_staffing_build(*, count: Count | None = None, today: dt.date | None = None) -> None:
    """Build (or complete) the staffing demo around ``today``; call inside a transaction."""
    tally: Count = count or (lambda _what, _created: None)
    today = today or _today()
    qualifications = _qualifications(tally)
    _pool(tally, today=today, qualifications=qualifications)
    _shifts_and_bookings(tally, today=today, qualifications=qualifications)


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
