"""The independent check of a proposal (issue 18): every proposed assignment, with the person's
fixed bookings and their other proposed shifts, through the booking rules themselves.

Nothing of the solver is used: no eligibility shortcut, no cache, no model. Each assignment is
checked the way booking checks one booking (``rules.rules_check`` on ``SubstituteFacts``), as if
all the person's other proposed shifts were already booked. So overlap and daily rest are checked
in both directions, the weekly rest of every week with proposed work, and the month maximum with
all the month's proposed work. "Has not said they can work" is a goal, not a rule: it is not a
violation, but an assignment that claims ``stated_can`` wrongly is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from vikarieportalen.staffing.booking import rules
from vikarieportalen.staffing.booking.facts import (
    AVAILABILITY,
    SHIFT_TAKEN,
    AvailabilitySpan,
    Work,
    month_parts,
)
from vikarieportalen.staffing.proposal.facts import Assignment, ProposalShift, ProposalSubstitute

UNKNOWN = "unknown"  # the assignment names a shift or a person not in the facts
STATED_CAN = "stated_can"  # the assignment says the person said they can work, and they did not


@dataclass(frozen=True)
class Finding:
    """One rule broken by one proposed assignment."""

    shift_id: int
    substitute_id: int
    code: str
    message: str


def _cannot_only(shift: ProposalShift, person: ProposalSubstitute) -> list[AvailabilitySpan]:
    """The person's periods plus "can work" over the whole shift: ``availability_check`` then finds
    only a "cannot work" (which wins over "can")."""
    return [*person.periods, AvailabilitySpan(True, shift.starts_at, shift.ends_at)]


def proposal_check(
    shifts: Sequence[ProposalShift],
    substitutes: Sequence[ProposalSubstitute],
    assignments: Sequence[Assignment],
) -> list[Finding]:
    """Every rule the ``assignments`` break, with the fixed bookings in ``substitutes``; empty when
    the proposal may be booked as it stands."""
    shift_by_id = {shift.id: shift for shift in shifts}
    person_by_id = {person.id: person for person in substitutes}
    findings: list[Finding] = []
    seen: dict[int, int] = {}
    proposed: dict[int, list[ProposalShift]] = defaultdict(list)
    claims: dict[int, Assignment] = {}
    for assignment in assignments:
        shift = shift_by_id.get(assignment.shift_id)
        person = person_by_id.get(assignment.substitute_id)
        if shift is None or person is None:
            findings.append(
                Finding(assignment.shift_id, assignment.substitute_id, UNKNOWN, "Not in the facts.")
            )
            continue
        if assignment.shift_id in seen:
            findings.append(
                Finding(shift.id, person.id, SHIFT_TAKEN, f"Also proposed for {seen[assignment.shift_id]}.")
            )
            continue
        seen[shift.id] = person.id
        claims[shift.id] = assignment
        proposed[person.id].append(shift)

    for person_id, own in proposed.items():
        person = person_by_id[person_id]
        for shift in own:
            facts = shift.facts()
            others = [other for other in own if other is not shift]
            bookings: list[Work] = [*person.bookings, *(other.facts().as_work() for other in others)]
            month_minutes = dict(person.month_minutes)
            for other in others:
                for month, part in month_parts(other.starts_at, other.ends_at, other.work_minutes).items():
                    month_minutes[month] = month_minutes.get(month, 0) + part
            substitute = person.facts_for(shift, bookings=tuple(bookings), month_minutes=month_minutes)
            violations = rules.rules_check(shift=facts, substitute=substitute, limits=person.limits)
            said_can = not any(v.code == AVAILABILITY for v in violations)
            for violation in violations:
                if violation.code == AVAILABILITY:
                    continue  # "cannot work" is checked below; not saying "can" is not a rule here
                findings.append(Finding(shift.id, person_id, violation.code, violation.message))
            for violation in rules.availability_check(
                shift=facts, periods=_cannot_only(shift, person), weekly=person.weekly
            ):
                findings.append(Finding(shift.id, person_id, AVAILABILITY, violation.message))
            if claims[shift.id].stated_can and not said_can:
                findings.append(
                    Finding(
                        shift.id, person_id, STATED_CAN, "Proposed as stated can work; they did not say so."
                    )
                )
    return findings


def hours_gini(minutes: Sequence[int]) -> float:
    """The Gini coefficient of ``minutes`` (0: all equal; towards 1: one has everything)."""
    values = sorted(m for m in minutes if m > 0)
    if not values:
        return 0.0
    total = sum(values)
    weighted = sum((index + 1) * value for index, value in enumerate(values))
    n = len(values)
    return round((2 * weighted) / (n * total) - (n + 1) / n, 4)


def month_minutes_after(
    shifts: Sequence[ProposalShift],
    substitutes: Sequence[ProposalSubstitute],
    assignments: Sequence[Assignment],
) -> list[int]:
    """For each person the proposal books: their minutes in the months so far plus the proposed
    ones (what the fairness goal weighs)."""
    minutes_by_id = {shift.id: shift.work_minutes for shift in shifts}
    proposed: dict[int, int] = defaultdict(int)
    for assignment in assignments:
        proposed[assignment.substitute_id] += minutes_by_id.get(assignment.shift_id, 0)
    return [
        sum(person.month_minutes.values()) + proposed[person.id]
        for person in substitutes
        if person.id in proposed
    ]
