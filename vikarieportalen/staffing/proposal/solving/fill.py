"""Filling shifts one at a time with what the rule functions still allow: the first solution, and
the shifts the solver's solution leaves open."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

from vikarieportalen.staffing.booking import working_time
from vikarieportalen.staffing.booking.facts import Work
from vikarieportalen.staffing.proposal.facts import ProposalShift, Weights
from vikarieportalen.staffing.proposal.solving.eligibility import Rules
from vikarieportalen.staffing.proposal.solving.variables import Pair


def priority(shift: ProposalShift, weights: Weights) -> int:
    return (
        weights.fill
        + (weights.urgent if shift.urgent else 0)
        + (weights.sick_leave if shift.reason == "sick_leave" else 0)
    )


class _Calendar:
    """Each person's proposed shifts beside their fixed bookings: whether one more shift fits is
    asked of the working-time rule functions (a person's checks on their own are already done)."""

    def __init__(self, checker: Rules) -> None:
        self.rules = checker
        self.proposed: dict[int, list[int]] = defaultdict(list)  # person -> shift indexes
        self.months: dict[int, dict[tuple[int, int], int]] = {}  # person -> minutes per month
        self.minutes: dict[int, int] = defaultdict(int)  # person -> proposed minutes

    def allows(self, index: int, p: int) -> bool:
        mine = self.proposed.get(p)
        if not mine:
            return True
        checker = self.rules
        info, limits = checker.infos[index], checker.substitutes[p].limits
        facts = info.facts
        rest = dt.timedelta(minutes=limits.daily_rest_minutes)
        low, high = info.window
        work: list[Work] = []
        for other_index in mine:
            other = checker.infos[other_index].facts
            # Overlapping, or nearer than the daily rest: the rules would refuse it (no need to ask).
            if other.ends_at > facts.starts_at - rest and other.starts_at < facts.ends_at + rest:
                return False
            if other.starts_at < high and other.ends_at > low:
                work.append(checker.infos[other_index].work)
        if work:
            work.extend(checker.nearby(index, p))
            if (
                working_time.overlap_check(shift=facts, bookings=work)
                or working_time.daily_rest_check(shift=facts, bookings=work, limits=limits)
                or working_time.weekly_rest_check(shift=facts, bookings=work, limits=limits)
            ):
                return False
        months = self.months[p]
        return not (
            max(months.values(), default=0) + info.minutes > limits.max_month_minutes
            and working_time.month_hours_check(shift=facts, month_minutes=months, limits=limits)
        )

    def add(self, index: int, p: int) -> None:
        info = self.rules.infos[index]
        self.proposed[p].append(index)
        months = self.months.setdefault(p, dict(self.rules.substitutes[p].month_minutes))
        for month, part in info.months.items():
            months[month] = months.get(month, 0) + part
        self.minutes[p] += info.minutes


def _fill(
    order: Iterable[int],
    options: dict[int, list[Pair]],
    calendar: _Calendar,
    weights: Weights,
    chosen: list[Pair],
) -> None:
    """Each shift of ``order`` in turn to its cheapest option the rules still allow, the hours
    already proposed counted in the fairness cost (so one cheap person is not given everything)."""
    step = max(1, weights.fair_step_minutes)
    substitutes, infos = calendar.rules.substitutes, calendar.rules.infos

    booked = {p: sum(person.month_minutes.values()) for p, person in enumerate(substitutes)}

    def rate(p: int) -> int:
        return weights.fair_per_minute_step * ((booked[p] + calendar.minutes.get(p, 0)) // step + 1)

    for index in order:
        minutes = infos[index].minutes
        ranked = sorted(
            options.get(index, ()),
            key=lambda pair: (not pair.stated_can, pair.cost + rate(pair.person) * minutes),
        )
        for pair in ranked:
            if calendar.allows(index, pair.person):
                calendar.add(index, pair.person)
                chosen.append(pair)
                break


def _order(
    indexes: Iterable[int], shifts: Sequence[ProposalShift], options: dict[int, list[Pair]], weights: Weights
) -> list[int]:
    """Shifts by priority, those with the fewest eligible people first."""
    return sorted(
        indexes, key=lambda i: (-priority(shifts[i], weights), len(options[i]), shifts[i].starts_at)
    )


def first_solution(
    shifts: Sequence[ProposalShift],
    checker: Rules,
    options: dict[int, list[Pair]],
    weights: Weights,
) -> list[Pair]:
    """A first solution for the solver to start from, checked by the rule functions: shifts by
    priority, those with the fewest eligible people first, each to its cheapest allowed option."""
    chosen: list[Pair] = []
    _fill(_order(options, shifts, options, weights), options, _Calendar(checker), weights, chosen)
    return chosen


def open_filled(
    shifts: Sequence[ProposalShift],
    checker: Rules,
    options: dict[int, list[Pair]],
    weights: Weights,
    chosen: list[Pair],
) -> bool:
    """The shifts ``chosen`` leaves open to anyone eligible (the model held only each shift's best
    candidates) whom the rules still allow beside what ``chosen`` gives them, added to ``chosen``;
    True when any was."""
    calendar = _Calendar(checker)
    for pair in chosen:
        calendar.add(pair.shift, pair.person)
    taken = {pair.shift for pair in chosen}
    before = len(chosen)
    open_ = _order((index for index in options if index not in taken), shifts, options, weights)
    _fill(open_, options, calendar, weights, chosen)
    return len(chosen) > before
