"""Booking every shift of a repeating need for one person: which shifts pass, and why the others
fail. Pure, no database.

Each shift is checked against every booking rule (``booking.rules.RULES``), as a single booking is,
and also against the series' own shifts that pass before it: they count as booked, so the rest
between consecutive days, the week's rest and the month's hours see them. A shift that fails is
not booked, so the later shifts do not see it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from vikarieportalen.staffing.booking import rules
from vikarieportalen.staffing.booking.facts import (
    Limits,
    ShiftFacts,
    SubstituteFacts,
    Violation,
    month_parts,
)


@dataclass(frozen=True)
class SeriesShift:
    """One shift of the series with the person's facts around it (without the series' other shifts)."""

    shift_id: int
    facts: ShiftFacts
    substitute: SubstituteFacts
    limits: Limits
    state: tuple[Violation, ...] = ()  # the shift itself: cancelled, over or already taken


@dataclass(frozen=True)
class SeriesOutcome:
    shift_id: int
    violations: tuple[Violation, ...]

    @property
    def passes(self) -> bool:
        return not self.violations


def _with_series(person: SubstituteFacts, passed: Sequence[ShiftFacts]) -> SubstituteFacts:
    """``person`` as if the series' shifts that passed were already booked."""
    if not passed:
        return person
    month_minutes = dict(person.month_minutes)
    for shift in passed:
        for month, part in month_parts(shift.starts_at, shift.ends_at, shift.work_minutes).items():
            if month in month_minutes:
                month_minutes[month] += part
    return dataclasses.replace(
        person,
        bookings=[*person.bookings, *(shift.as_work() for shift in passed)],
        month_minutes=month_minutes,
    )


def series_check(shifts: Sequence[SeriesShift]) -> list[SeriesOutcome]:
    """Every shift of a series checked for one person, in time order: the reasons each would fail.

    A shift passes when its own state allows booking and no rule is broken, counting the series'
    earlier shifts that pass as booked. Every reason is listed, overridable or not: a series is
    booked only where nothing needs overriding (the staffing centre overrides one shift at a time).
    """
    passed: list[ShiftFacts] = []
    outcomes = []
    for item in sorted(shifts, key=lambda s: s.facts.starts_at):
        violations = list(item.state)
        if not violations:
            person = _with_series(item.substitute, passed)
            violations = rules.rules_check(shift=item.facts, substitute=person, limits=item.limits)
        if not violations:
            passed.append(item.facts)
        outcomes.append(SeriesOutcome(item.shift_id, tuple(violations)))
    return outcomes
