"""Building the CP-SAT model: everyone eligible with the cost of each single assignment, the
proven upper bound (a maximum flow), the first solution, and each shift's best candidates."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ortools.graph.python import max_flow  # type: ignore[import-untyped]
from ortools.sat.python import cp_model

from vikarieportalen.staffing.booking import rules
from vikarieportalen.staffing.las import rules as las
from vikarieportalen.staffing.proposal.facts import ProposalShift, ProposalSubstitute, Weights
from vikarieportalen.staffing.proposal.solving.constraints import person_constraints
from vikarieportalen.staffing.proposal.solving.eligibility import Check, Rules, ShiftInfo
from vikarieportalen.staffing.proposal.solving.fill import first_solution
from vikarieportalen.staffing.proposal.solving.variables import Derived, Pair, var_of


def _las_cost(
    shift: ProposalShift, person: ProposalSubstitute, limits: las.LasLimits, weights: Weights
) -> int:
    form = rules.employment_form_for(shift.reason)
    passes, days = las.rank_value(person.las, form=form, day_counted=False, limits=limits)
    if limits.policy == las.RankingPolicy.IGNORE:
        return 0
    threshold = limits.threshold(las.conversion_rule_for(form)) or 1
    return round(weights.las_days * min(days, threshold) / threshold) + (
        weights.las_conversion if passes else 0
    )


@dataclass
class Built:
    model: cp_model.CpModel
    pairs: list[Pair]  # the modelled pairs (each shift's best candidates)
    by_shift: dict[int, list[Pair]]
    checks: dict[int, list[Check]]  # shift index -> the check of everyone introduced (for explain)
    costs: list[tuple[int, cp_model.IntVar]]  # the goals' costs beyond single assignments
    eligible: dict[int, list[int]]  # shift index -> every person (index) eligible on their own
    upper_bound: int
    rules: Rules
    options: dict[int, list[Pair]] = field(default_factory=dict)  # shift index -> every eligible pair
    first: list[Pair] = field(default_factory=list)  # the first solution (the solver's hint)
    derived: Derived = field(default_factory=Derived)


def _independent_count(intervals: Iterable[tuple[dt.datetime, dt.datetime]]) -> int:
    """The most pairwise disjoint of half-open intervals (earliest end first is optimal)."""
    count, free_from = 0, None
    for start, end in sorted(intervals, key=lambda i: i[1]):
        if free_from is None or start >= free_from:
            count, free_from = count + 1, end
    return count


def _flow_bound(
    shifts: Sequence[ProposalShift],
    substitutes: Sequence[ProposalSubstitute],
    eligible: dict[int, list[int]],
    minutes: Sequence[int],
    infos: Sequence[ShiftInfo],
) -> int:
    """A proven upper bound on the shifts any proposal fills: a maximum flow in which each shift
    takes one eligible person and each person at most as many shifts as fit their daily rest
    (pairwise) and their month room. Every proposal is such a flow, so none fills more."""
    by_person: dict[int, list[int]] = defaultdict(list)
    for index, people in eligible.items():
        for p in people:
            by_person[p].append(index)
    if not by_person:
        return 0
    flow = max_flow.SimpleMaxFlow()
    source, sink = 0, 1
    person_node = {p: 2 + n for n, p in enumerate(by_person)}
    shift_node = {index: 2 + len(person_node) + n for n, index in enumerate(eligible)}
    for p, indexes in by_person.items():
        person = substitutes[p]
        rest = dt.timedelta(minutes=person.limits.daily_rest_minutes)
        fit = _independent_count((shifts[i].starts_at, shifts[i].ends_at + rest) for i in indexes)
        months = {m for i in indexes for m in infos[i].months}
        room = sum(max(0, person.limits.max_month_minutes - person.month_minutes.get(m, 0)) for m in months)
        shortest = min(minutes[i] for i in indexes)
        if shortest > 0:
            fit = min(fit, room // shortest)
        flow.add_arc_with_capacity(source, person_node[p], fit)
        for index in indexes:
            flow.add_arc_with_capacity(person_node[p], shift_node[index], 1)
    for node in shift_node.values():
        flow.add_arc_with_capacity(node, sink, 1)
    if flow.solve(source, sink) != flow.OPTIMAL:
        return len(eligible)
    return int(flow.optimal_flow())


def model_build(
    shifts: Sequence[ProposalShift],
    substitutes: Sequence[ProposalSubstitute],
    *,
    weights: Weights,
    las_limits: las.LasLimits,
    candidates_per_shift: int,
) -> Built:
    model = cp_model.CpModel()
    derived = Derived()
    costs: list[tuple[int, cp_model.IntVar]] = []
    checker = Rules(shifts, substitutes)
    if not shifts:
        return Built(model, [], {}, defaultdict(list), costs, defaultdict(list), 0, checker)
    minutes = [info.minutes for info in checker.infos]
    checks, eligible, every = _options(shifts, substitutes, checker, weights=weights, las_limits=las_limits)
    upper = _flow_bound(shifts, substitutes, eligible, minutes, checker.infos)
    first = first_solution(shifts, checker, every, weights)
    pairs, by_shift, by_person = _pairs_modelled(model, every, first, candidates_per_shift)
    for shift_pairs in by_shift.values():
        if len(shift_pairs) > 1:
            model.add_at_most_one(var_of(pair) for pair in shift_pairs)
    for p, person_pairs in by_person.items():
        person_constraints(
            model, substitutes[p], person_pairs, shifts, checker.infos, minutes, weights, costs, derived
        )
    return Built(model, pairs, by_shift, checks, costs, eligible, upper, checker, every, first, derived)


def _options(
    shifts: Sequence[ProposalShift],
    substitutes: Sequence[ProposalSubstitute],
    checker: Rules,
    *,
    weights: Weights,
    las_limits: las.LasLimits,
) -> tuple[dict[int, list[Check]], dict[int, list[int]], dict[int, list[Pair]]]:
    """Everyone eligible, with the cost of each single assignment: the check of everyone introduced
    (by shift index), the people eligible on their own, and every eligible pair, cheapest first."""
    checks: dict[int, list[Check]] = defaultdict(list)
    eligible: dict[int, list[int]] = defaultdict(list)
    minutes = [info.minutes for info in checker.infos]
    # Each workplace's shifts grouped by what a person's check reads of them (one check a group).
    by_workplace: dict[int, dict[tuple[object, ...], list[int]]] = defaultdict(lambda: defaultdict(list))
    for index, shift in enumerate(shifts):
        by_workplace[shift.workplace_id][checker.infos[index].signature].append(index)
    step = max(1, weights.fair_step_minutes)

    options: dict[int, list[tuple[tuple[bool, int], Pair]]] = defaultdict(list)
    for p, person in enumerate(substitutes):
        if not person.is_bookable or not person.introduced_at:
            continue
        las_costs: dict[str, int] = {}
        # The fairness cost per minute at the hours so far (what the model will add).
        fair = weights.fair_per_minute_step * (sum(person.month_minutes.values()) // step + 1)
        for workplace_id in person.introduced_at:
            worked_before = workplace_id in person.worked_at
            for indexes in by_workplace.get(workplace_id, {}).values():
                check = checker.check(indexes[0], p)
                for index in indexes:
                    checks[index].append(check)
                    if check.code:
                        continue
                    eligible[index].append(p)
                    form = checker.infos[index].form
                    if form not in las_costs:
                        las_costs[form] = _las_cost(shifts[index], person, las_limits, weights)
                    cost = las_costs[form]
                    cost += 0 if worked_before else weights.new_workplace
                    cost += 0 if check.stated_can else weights.not_stated_can
                    rank = (not check.stated_can, cost + fair * minutes[index])
                    options[index].append((rank, Pair(index, p, None, cost, check.stated_can, worked_before)))

    every: dict[int, list[Pair]] = {}
    for index, shift_options in options.items():
        shift_options.sort(key=lambda option: option[0])
        every[index] = [pair for _rank, pair in shift_options]
    return checks, eligible, every


def _pairs_modelled(
    model: cp_model.CpModel, every: dict[int, list[Pair]], first: list[Pair], candidates_per_shift: int
) -> tuple[list[Pair], dict[int, list[Pair]], dict[int, list[Pair]]]:
    """The model's pairs, by shift and by person: each shift's best candidates, and whoever the
    first solution gave it."""
    pairs: list[Pair] = []
    by_shift: dict[int, list[Pair]] = defaultdict(list)
    by_person: dict[int, list[Pair]] = defaultdict(list)
    in_first = {id(pair) for pair in first}
    for index, shift_pairs in every.items():
        for n, pair in enumerate(shift_pairs):
            if n < candidates_per_shift or id(pair) in in_first:
                pair.var = model.new_bool_var(f"x{index}_{pair.person}")
                pairs.append(pair)
                by_shift[index].append(pair)
                by_person[pair.person].append(pair)
    return pairs, by_shift, by_person
