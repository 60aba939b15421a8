"""The demo pool: qualifications, and per substitute introductions, qualifications held, weekly
availability and sometimes a period, plus one substitute on a break.

Deterministic and idempotent: each person's choices come from a seed made of their employee number,
all drawn before looking at what exists, so a second run draws the same and adds only what is missing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from vikarieportalen.accounts.models import User
from vikarieportalen.core.roles import Role
from vikarieportalen.demo.common import DAYS_AHEAD, DAYS_BACK, FIRST_SUBSTITUTE, Count, local
from vikarieportalen.staffing.models import (
    AreaOfWork,
    AvailabilityKind,
    AvailabilityPeriod,
    Introduction,
    Qualification,
    SubstituteProfile,
    SubstituteQualification,
    WeeklyAvailability,
    Workplace,
)

# (code, name, description, expires)
QUALIFICATIONS = [
    ("underskoterska", "Undersköterska", "Undersköterskeutbildning eller motsvarande", False),
    ("barnskotare", "Barnskötare", "Barnskötarutbildning", False),
    ("larare", "Lärare", "Lärarlegitimation", False),
    ("b-korkort", "B-körkort", "Körkort för personbil", False),
    ("lakemedelsdelegering", "Läkemedelsdelegering", "Delegering att ge läkemedel, förnyas varje år", True),
    ("forskollarare", "Förskollärare", "Förskollärarlegitimation", False),
]
# Qualifications the substitutes of each area tend to hold: (code, share of the people).
AREA_QUALIFICATIONS: dict[str, tuple[tuple[str, float], ...]] = {
    AreaOfWork.ELDERLY_CARE: (("underskoterska", 0.75), ("lakemedelsdelegering", 0.45), ("b-korkort", 0.5)),
    AreaOfWork.HOME_CARE: (("underskoterska", 0.75), ("lakemedelsdelegering", 0.45), ("b-korkort", 0.8)),
    AreaOfWork.DISABILITY: (("underskoterska", 0.6), ("b-korkort", 0.5)),
    AreaOfWork.SCHOOL: (("larare", 0.45), ("b-korkort", 0.4)),
    AreaOfWork.PRESCHOOL: (("barnskotare", 0.7), ("forskollarare", 0.3)),
}
Pattern = list[tuple[tuple[int, ...], dt.time, dt.time]]
# Weekly patterns people give: (weekdays, from, until).
PATTERNS: list[Pattern] = [
    [((0, 1, 2, 3, 4), dt.time(6, 30), dt.time(17))],
    [((0, 1, 2, 3, 4, 5, 6), dt.time(6), dt.time(22))],
    [((0, 2, 4), dt.time(6, 30), dt.time(22)), ((5, 6), dt.time(7), dt.time(22))],
    [((4, 5, 6), dt.time(21), dt.time(8)), ((0, 1), dt.time(13), dt.time(22))],
    [((0, 1, 2, 3, 4), dt.time(7), dt.time(16, 30))],
    [((1, 3), dt.time(6, 30), dt.time(22)), ((5,), dt.time(13), dt.time(22))],
]
PAUSED_INDEX = 7  # the substitute (by employee number) on a break from the pool


def qualifications_build(count: Count) -> dict[str, Qualification]:
    """The six qualifications, by code."""
    existing = {q.code: q for q in Qualification.objects.all()}
    for code, name, description, expires in QUALIFICATIONS:
        if code not in existing:
            existing[code] = Qualification.objects.create(
                code=code, name=name, description=description, expires=expires
            )
            count("qualifications", True)
    return existing


@dataclass(frozen=True)
class _Places:
    workplaces: list[Workplace]
    by_area: dict[str, list[Workplace]]
    areas: list[str]  # the areas that have workplaces, in a fixed order

    @classmethod
    def load(cls) -> _Places:
        workplaces = list(Workplace.objects.filter(is_active=True).order_by("pk"))
        by_area: dict[str, list[Workplace]] = defaultdict(list)
        for workplace in workplaces:
            by_area[workplace.area].append(workplace)
        return cls(workplaces, by_area, [area for area in AREA_QUALIFICATIONS if by_area.get(area)])


@dataclass(frozen=True)
class _Person:
    """What one substitute's seed decided."""

    workplaces: list[Workplace]
    introduced_on: dt.date
    codes: list[str]
    delegation_days: int
    pattern: Pattern | None  # weekly availability, if they gave one
    period: tuple[dt.date, int, bool] | None  # (first day, days, cannot work), if they have one


def _draw(user: User, index: int, places: _Places, today: dt.date) -> _Person:
    rng = random.Random(f"staffing-pool-{user.employee_number or user.username}")  # noqa: S311 - demo data
    first = user.username == FIRST_SUBSTITUTE
    area = AreaOfWork.ELDERLY_CARE if first else places.areas[index % len(places.areas)]
    # Most people have a second area nearby: care people also take home care, and so on.
    nearby = list(places.by_area[area])
    rng.shuffle(nearby)
    chosen = nearby[: rng.randint(1, min(3, len(nearby)))]
    if first:
        care = (AreaOfWork.ELDERLY_CARE, AreaOfWork.HOME_CARE)
        chosen = [w for w in places.workplaces if w.area in care][:3]
    elif rng.random() < 0.3:
        other_area = places.areas[(places.areas.index(area) + 1) % len(places.areas)]
        chosen.append(rng.choice(places.by_area[other_area]))
    # The order of the draws below is the seed's: changing it changes every person's data.
    since = today - dt.timedelta(days=60 + rng.randrange(0, 400))
    codes = [code for code, share in AREA_QUALIFICATIONS[area] if first or rng.random() < share]
    delegation_days = 120 if first else rng.randrange(-40, 300)
    wants_weekly = first or rng.random() < 0.8
    pattern = PATTERNS[2] if first else rng.choice(PATTERNS)
    wants_period = not first and rng.random() < 0.15
    period_day = today + dt.timedelta(days=rng.randrange(-10, DAYS_AHEAD))
    period_cannot = rng.random() < 0.7
    period_days = rng.randint(2, 6)
    return _Person(
        workplaces=chosen,
        introduced_on=since,
        codes=codes,
        delegation_days=delegation_days,
        pattern=pattern if wants_weekly else None,
        period=(period_day, period_days, period_cannot) if wants_period else None,
    )


@dataclass
class _Rows:
    """The pool's new rows, made in bulk; people who already have rows of a kind get none of it."""

    today: dt.date
    qualifications: dict[str, Qualification]
    introduced: set[int]
    held: set[tuple[int, int]]
    has_weekly: set[int]
    has_periods: set[int]
    introductions: list[Introduction] = field(default_factory=list)
    held_new: list[SubstituteQualification] = field(default_factory=list)
    weekly: list[WeeklyAvailability] = field(default_factory=list)
    periods: list[AvailabilityPeriod] = field(default_factory=list)

    @classmethod
    def load(cls, *, today: dt.date, qualifications: dict[str, Qualification]) -> _Rows:
        return cls(
            today=today,
            qualifications=qualifications,
            introduced=set(Introduction.objects.values_list("substitute_id", flat=True).distinct()),
            held=set(SubstituteQualification.objects.values_list("substitute_id", "qualification_id")),
            has_weekly=set(WeeklyAvailability.objects.values_list("substitute_id", flat=True).distinct()),
            has_periods=set(AvailabilityPeriod.objects.values_list("substitute_id", flat=True).distinct()),
        )

    def add(self, user: User, person: _Person) -> None:
        if user.pk not in self.introduced:
            self.introductions += [
                Introduction(substitute=user, workplace=w, introduced_on=person.introduced_on)
                for w in person.workplaces
            ]
        for code in person.codes:
            qualification = self.qualifications[code]
            if (user.pk, qualification.pk) not in self.held:
                # Some delegations have run out; most are valid for months.
                valid_until = (
                    self.today + dt.timedelta(days=person.delegation_days) if qualification.expires else None
                )
                self.held_new.append(
                    SubstituteQualification(
                        substitute=user, qualification=qualification, valid_until=valid_until
                    )
                )
        if person.pattern is not None and user.pk not in self.has_weekly:
            self.weekly += self._weekly(user, person.pattern)
        if person.period is not None and user.pk not in self.has_periods:
            self.periods.append(self._period(user, *person.period))

    def _weekly(self, user: User, pattern: Pattern) -> list[WeeklyAvailability]:
        valid_from = self.today - dt.timedelta(days=DAYS_BACK + 28)
        return [
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

    def _period(self, user: User, day: dt.date, days: int, cannot: bool) -> AvailabilityPeriod:
        return AvailabilityPeriod(
            substitute=user,
            kind=AvailabilityKind.UNAVAILABLE if cannot else AvailabilityKind.AVAILABLE,
            starts_at=local(day, dt.time(0)),
            ends_at=local(day + dt.timedelta(days=days), dt.time(0)),
            note="Semester" if cannot else "Kan extra",
        )

    def save(self, count: Count) -> None:
        Introduction.objects.bulk_create(self.introductions, batch_size=500)
        SubstituteQualification.objects.bulk_create(self.held_new, batch_size=500)
        WeeklyAvailability.objects.bulk_create(self.weekly, batch_size=500)
        AvailabilityPeriod.objects.bulk_create(self.periods, batch_size=500)
        for what, made in (
            ("introductions", len(self.introductions)),
            ("qualifications held", len(self.held_new)),
            ("weekly availability", len(self.weekly)),
            ("availability periods", len(self.periods)),
        ):
            for _row in range(made):
                count(what, True)


def pool_build(count: Count, *, today: dt.date, qualifications: dict[str, Qualification]) -> None:
    """Introductions, qualifications, weekly availability and some periods for the demo pool.

    People who already have rows of a kind are left as they are.
    """
    places = _Places.load()
    substitutes = list(
        User.objects.filter(groups__name=Role.SUBSTITUTE.value, is_active=True)
        .order_by("employee_number", "pk")
        .only("pk", "username", "employee_number")
    )
    rows = _Rows.load(today=today, qualifications=qualifications)
    for index, user in enumerate(substitutes):
        rows.add(user, _draw(user, index, places, today))
    rows.save(count)
    # One substitute on a break from the pool, to show that a paused person is not bookable.
    if len(substitutes) > PAUSED_INDEX:
        _profile, created = SubstituteProfile.objects.get_or_create(
            user=substitutes[PAUSED_INDEX], defaults={"is_bookable": False, "note": "Föräldraledig"}
        )
        count("substitute profiles", created)
