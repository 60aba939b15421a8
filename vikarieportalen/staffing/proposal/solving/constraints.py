"""The hard constraints and the costs of one person's pairs: no overlap and the daily rest (cliques),
the weekly rest, the month maximum, the fairness of hours and the changes of workplace."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from ortools.sat.python import cp_model

from vikarieportalen.staffing.booking import working_time
from vikarieportalen.staffing.booking.facts import Limits, local
from vikarieportalen.staffing.proposal.facts import ProposalShift, ProposalSubstitute, Weights
from vikarieportalen.staffing.proposal.solving.eligibility import Interval, ShiftInfo
from vikarieportalen.staffing.proposal.solving.variables import (
    Derived,
    Pair,
    any_of,
    excess_over,
    none_of,
    var_of,
    weighted_sum,
)


def _maximal_cliques(intervals: Sequence[tuple[dt.datetime, dt.datetime, int]]) -> list[list[int]]:
    """The maximal cliques (of two or more) of an interval graph of half-open ``(start, end, key)``."""
    ordered = sorted(intervals)
    cliques: list[list[int]] = []
    active: list[tuple[dt.datetime, int]] = []  # (end, key)
    grew = False
    for start, end, key in ordered:
        kept = [(e, k) for e, k in active if e > start]
        if len(kept) < len(active) and grew and len(active) > 1:
            cliques.append([k for _e, k in active])
        if len(kept) < len(active):
            grew = False
        active = [*kept, (end, key)]
        grew = True
    if grew and len(active) > 1:
        cliques.append([k for _e, k in active])
    return cliques


def person_constraints(
    model: cp_model.CpModel,
    person: ProposalSubstitute,
    person_pairs: list[Pair],
    shifts: Sequence[ProposalShift],
    infos: Sequence[ShiftInfo],
    minutes: Sequence[int],
    weights: Weights,
    costs: list[tuple[int, cp_model.IntVar]],
    derived: Derived,
) -> None:
    limits: Limits = person.limits
    rest = dt.timedelta(minutes=limits.daily_rest_minutes)
    # No overlap, daily rest: cliques of the rest-extended intervals.
    extended = [
        (shifts[pair.shift].starts_at, shifts[pair.shift].ends_at + rest, n)
        for n, pair in enumerate(person_pairs)
    ]
    for clique in _maximal_cliques(extended):
        model.add_at_most_one(var_of(person_pairs[n]) for n in clique)

    # Slots: the person's shifts with the same times (at most one of them is taken).
    slots: dict[Interval, list[Pair]] = defaultdict(list)
    for pair in person_pairs:
        shift = shifts[pair.shift]
        slots[(shift.starts_at, shift.ends_at)].append(pair)
    busy: dict[Interval, cp_model.IntVar] = {}
    for interval, slot_pairs in slots.items():
        if len(slot_pairs) == 1:
            busy[interval] = var_of(slot_pairs[0])
        else:
            var = model.new_bool_var("")
            slot_vars = [var_of(pair) for pair in slot_pairs]
            model.add(var == sum(slot_vars))
            derived.add(var, weighted_sum([(1, v) for v in slot_vars]))
            busy[interval] = var

    _weekly_rest(model, person, busy, limits, derived)

    # Month maximum, and the hours for fairness.
    by_month: dict[tuple[int, int], list[tuple[int, cp_model.IntVar]]] = defaultdict(list)
    for pair in person_pairs:
        for month, part in infos[pair.shift].months.items():
            by_month[month].append((part, var_of(pair)))
    for month, terms in by_month.items():
        room = limits.max_month_minutes - person.month_minutes.get(month, 0)
        if sum(part for part, _v in terms) > room:
            model.add(sum(part * var for part, var in terms) <= room)
    _fairness(model, person, person_pairs, shifts, minutes, weights, costs, derived)
    _workplace_changes(model, person_pairs, shifts, weights, costs, derived)


def _weekly_rest(
    model: cp_model.CpModel,
    person: ProposalSubstitute,
    busy: dict[Interval, cp_model.IntVar],
    limits: Limits,
    derived: Derived,
) -> None:
    need = dt.timedelta(minutes=limits.weekly_rest_minutes)
    weeks: dict[Interval, list[Interval]] = defaultdict(list)
    for interval in busy:
        for week in working_time.weeks_touched(*interval):
            weeks[week].append(interval)
    for (week_start, week_end), slots in weeks.items():
        fixed = [
            (b.starts_at, b.ends_at)
            for b in person.bookings
            if b.starts_at < week_end and b.ends_at > week_start
        ]
        starts = {week_start, *(e for _s, e in fixed), *(e for _s, e in busy if week_start < e)}
        week_slots = [(s, e) for s, e in busy if s < week_end and e > week_start]
        options: list[cp_model.IntVar] = []
        for rest_start in sorted(starts):
            rest_end = rest_start + need
            if rest_end > week_end:
                continue
            if any(s < rest_end and e > rest_start for s, e in fixed):
                continue
            inside = [busy[(s, e)] for s, e in week_slots if s < rest_end and e > rest_start]
            if not inside:
                options = []  # a rest free of any possible work: the week needs no constraint
                break
            option = model.new_bool_var("")
            model.add_bool_and([v.Not() for v in inside]).only_enforce_if(option)
            derived.add(option, none_of(inside))
            options.append(option)
        else:
            if not options:
                for interval in slots:
                    model.add(busy[interval] == 0)
                continue
            worked = model.new_bool_var("")
            week_busy = [busy[interval] for interval in slots]
            for var in week_busy:
                model.add_implication(var, worked)
            derived.add(worked, any_of(week_busy))
            model.add_bool_or(options).only_enforce_if(worked)


def _fairness(
    model: cp_model.CpModel,
    person: ProposalSubstitute,
    person_pairs: list[Pair],
    shifts: Sequence[ProposalShift],
    minutes: Sequence[int],
    weights: Weights,
    costs: list[tuple[int, cp_model.IntVar]],
    derived: Derived,
) -> None:
    """A convex cost of the person's hours in the month (so far included): for every step of
    ``fair_step_minutes`` below the total, the minutes above it; fewer hours cost less."""
    step = weights.fair_step_minutes
    if not weights.fair_per_minute_step or step <= 0:
        return
    first_month = min(
        (local(shifts[pair.shift].starts_at).year, local(shifts[pair.shift].starts_at).month)
        for pair in person_pairs
    )
    so_far = person.month_minutes.get(first_month, 0)
    every = sum(minutes[pair.shift] for pair in person_pairs)
    most = min(every, person.limits.max_month_minutes)
    # The new minutes once, as one variable: each step's constraint then has three terms.
    new: cp_model.IntVar | None = None
    linear_steps = 0
    for k in range(0, (so_far + most) // step + 1):
        breakpoint_ = k * step
        if breakpoint_ <= so_far:
            linear_steps += 1  # always above: the cost of the new minutes is linear
            continue
        if new is None:
            new = model.new_int_var(0, every, "")
            terms = [(minutes[pair.shift], var_of(pair)) for pair in person_pairs]
            model.add(new == sum(m * v for m, v in terms))
            derived.add(new, weighted_sum(terms))
        excess = model.new_int_var(0, so_far + every - breakpoint_, "")
        model.add(excess >= so_far + new - breakpoint_)
        derived.add(excess, excess_over([(1, new)], so_far - breakpoint_))
        costs.append((weights.fair_per_minute_step, excess))
    for pair in person_pairs:
        pair.cost += weights.fair_per_minute_step * linear_steps * minutes[pair.shift]


def _workplace_changes(
    model: cp_model.CpModel,
    person_pairs: list[Pair],
    shifts: Sequence[ProposalShift],
    weights: Weights,
    costs: list[tuple[int, cp_model.IntVar]],
    derived: Derived,
) -> None:
    """Every workplace beyond the first in a person's week, and in a person's day, costs."""
    groups: list[tuple[int, dict[int, list[Pair]]]] = []
    weeks: dict[object, dict[int, list[Pair]]] = defaultdict(lambda: defaultdict(list))
    days: dict[object, dict[int, list[Pair]]] = defaultdict(lambda: defaultdict(list))
    for pair in person_pairs:
        shift = shifts[pair.shift]
        weeks[shift.day.isocalendar()[:2]][shift.workplace_id].append(pair)
        days[shift.day][shift.workplace_id].append(pair)
    groups += [(weights.workplace_change_week, g) for g in weeks.values()]
    groups += [(weights.workplace_change_day, g) for g in days.values()]
    for weight, by_workplace in groups:
        if len(by_workplace) < 2 or not weight:
            continue
        used = []
        for workplace_pairs in by_workplace.values():
            var = model.new_bool_var("")
            pair_vars = [var_of(pair) for pair in workplace_pairs]
            for pair_var in pair_vars:
                model.add_implication(pair_var, var)
            derived.add(var, any_of(pair_vars))
            used.append(var)
        extra = model.new_int_var(0, len(used) - 1, "")
        model.add(extra >= sum(used) - 1)
        derived.add(extra, excess_over([(1, v) for v in used], -1))
        costs.append((weight, extra))
