"""The baseline a proposal is measured against: today's one-at-a-time ranking, applied in order.

The staffing centre takes the open shifts by start and books, for each, the first of the ranked
list of ``booking/candidates.py``: those introduced at the workplace with no violation at all of
``rules.rules_check`` (so "has not said they can work" keeps a person off, as it does today),
ranked as ``candidates._rank_key`` ranks them (the LAS policy's conversion flag, worked at the
workplace before, fewest booked minutes in the shift's month, LAS days, then name). Each booking
counts in the next shift's checks. Pure: the same plain facts as the solver, no database.
"""

from __future__ import annotations

from collections.abc import Sequence

from vikarieportalen.staffing.booking import rules
from vikarieportalen.staffing.booking.facts import Work, month_parts
from vikarieportalen.staffing.las import rules as las
from vikarieportalen.staffing.proposal.facts import Assignment, ProposalShift, ProposalSubstitute


def greedy_proposal(
    shifts: Sequence[ProposalShift],
    substitutes: Sequence[ProposalSubstitute],
    *,
    las_limits: las.LasLimits | None = None,
) -> tuple[Assignment, ...]:
    """Each shift, by start, to the top of today's ranked list of those with no violation."""
    las_limits = las_limits or las.LasLimits()
    by_workplace: dict[int, list[ProposalSubstitute]] = {}
    for person in substitutes:
        for workplace_id in person.introduced_at:
            by_workplace.setdefault(workplace_id, []).append(person)
    booked: dict[int, list[Work]] = {person.id: list(person.bookings) for person in substitutes}
    months: dict[int, dict[tuple[int, int], int]] = {
        person.id: dict(person.month_minutes) for person in substitutes
    }
    assignments = []
    for shift in sorted(shifts, key=lambda s: (s.starts_at, s.id)):
        facts = shift.facts()
        form = rules.employment_form_for(shift.reason)
        parts = month_parts(facts.starts_at, facts.ends_at, facts.work_minutes)
        month = next(iter(parts))
        best: tuple[tuple[object, ...], ProposalSubstitute] | None = None
        for person in by_workplace.get(shift.workplace_id, ()):
            substitute = person.facts_for(
                shift, bookings=tuple(booked[person.id]), month_minutes=months[person.id]
            )
            if rules.rules_check(shift=facts, substitute=substitute, limits=person.limits):
                continue
            would_convert, days = las.rank_value(person.las, form=form, day_counted=False, limits=las_limits)
            key = (
                would_convert,
                shift.workplace_id not in person.worked_at,
                months[person.id].get(month, 0),
                days,
                person.name.casefold(),
                person.id,
            )
            if best is None or key < best[0]:
                best = (key, person)
        if best is None:
            continue
        person = best[1]
        booked[person.id].append(facts.as_work())
        for key_month, part in parts.items():
            months[person.id][key_month] = months[person.id].get(key_month, 0) + part
        assignments.append(Assignment(shift.id, person.id, True, shift.workplace_id in person.worked_at))
    return tuple(assignments)
