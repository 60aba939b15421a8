"""Why a shift stayed open: the rule that bound it and the smallest change known to help."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from vikarieportalen.staffing.booking import working_time
from vikarieportalen.staffing.booking.facts import (
    DAILY_REST,
    INTRODUCTION,
    MONTH_HOURS,
    OVERLAP,
    QUALIFICATION,
    WEEKLY_REST,
    month_parts,
)
from vikarieportalen.staffing.proposal.facts import (
    NOBODY,
    ONE_MORE_INTRODUCED,
    ONE_MORE_QUALIFIED,
    ONE_OVERRIDE,
    TAKEN,
    TIME_LIMIT,
    ProposalShift,
    ProposalSubstitute,
    Unfilled,
)
from vikarieportalen.staffing.proposal.solving.model import Built
from vikarieportalen.staffing.proposal.solving.variables import Pair


def _most_common(codes: Iterable[str]) -> tuple[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for code in codes:
        counts[code] += 1
    if not counts:
        return "", 0
    code = max(counts, key=lambda c: counts[c])
    return code, counts[code]


def _blocked_by_proposal(
    shift: ProposalShift, person: ProposalSubstitute, proposed: list[ProposalShift]
) -> str:
    """The first working-time rule the person's proposed shifts (with their fixed bookings) break
    if they also took ``shift``; "" when none does."""
    facts = shift.facts()
    work = (*person.bookings, *(s.facts().as_work() for s in proposed))
    month_minutes = dict(person.month_minutes)
    for other in proposed:
        f = other.facts()
        for month, part in month_parts(f.starts_at, f.ends_at, f.work_minutes).items():
            month_minutes[month] = month_minutes.get(month, 0) + part
    if working_time.overlap_check(shift=facts, bookings=work):
        return TAKEN
    if working_time.daily_rest_check(shift=facts, bookings=work, limits=person.limits):
        return DAILY_REST
    if working_time.weekly_rest_check(shift=facts, bookings=work, limits=person.limits):
        return WEEKLY_REST
    if working_time.month_hours_check(shift=facts, month_minutes=month_minutes, limits=person.limits):
        return MONTH_HOURS
    return ""


def explain(
    shifts: Sequence[ProposalShift],
    substitutes: Sequence[ProposalSubstitute],
    built: Built,
    *,
    chosen: Sequence[Pair],
) -> tuple[Unfilled, ...]:
    """For each shift left open, the rule that bound it and the smallest change known to help."""
    taken = {pair.shift for pair in chosen}
    proposed: dict[int, list[ProposalShift]] = defaultdict(list)
    for pair in chosen:
        proposed[pair.person].append(shifts[pair.shift])
    open_ = [index for index in range(len(shifts)) if index not in taken]
    if not open_:
        return ()
    checker = built.rules
    result = []
    for index in open_:
        shift = shifts[index]
        eligible = built.eligible.get(index, [])
        change = ""
        if eligible:
            codes = [_blocked_by_proposal(shift, substitutes[p], proposed[p]) for p in eligible]
            if "" in codes:
                result.append(Unfilled(shift.id, TIME_LIMIT, codes.count("")))
                continue
            code, count = _most_common(codes)
            result.append(Unfilled(shift.id, code, count))
            continue
        if not substitutes:
            result.append(Unfilled(shift.id, NOBODY))
            continue
        code, count = _most_common(c.code for c in built.checks.get(index, []))
        if not code:
            code, count = INTRODUCTION, len(substitutes)
        # The smallest change: one more introduced, one more qualified, or one override.
        for p, person in enumerate(substitutes):
            if shift.workplace_id in person.introduced_at:
                continue
            free = checker.check(index, p, skip=frozenset({INTRODUCTION}))
            if not free.code and not _blocked_by_proposal(shift, person, proposed[p]):
                change = ONE_MORE_INTRODUCED
                break
        if not change:
            for p, person in enumerate(substitutes):
                if shift.workplace_id not in person.introduced_at:
                    continue
                check = checker.check(index, p)
                if not check.code or check.code == OVERLAP:
                    continue
                if checker.check(index, p, skip=frozenset({check.code})).code:
                    continue
                if _blocked_by_proposal(shift, person, proposed[p]):
                    continue
                change = ONE_MORE_QUALIFIED if check.code == QUALIFICATION else ONE_OVERRIDE
                break
        result.append(Unfilled(shift.id, code, count, change))
    return tuple(result)
