"""The staffing proposal's solver: OR-Tools CP-SAT over plain facts (pure: no database, no clock).

Hard constraints are the booking rules, with the parameters of each person's agreement (``Limits``)
and the rule functions of ``booking/rules.py`` and ``booking/working_time.py``:

- who may take a shift at all (eligibility, computed before the model with the rule functions):
  bookable, introduced, qualified on the day, no "cannot work" touching it, no overlap or too short
  daily rest against the person's fixed bookings, the shift's own break and length, and the month
  maximum for the shift alone;
- no overlap and the daily rest between two proposed shifts of one person: two shifts conflict
  exactly when their intervals, each extended by the daily rest after its end, overlap; that is an
  interval graph, so one "at most one" per maximal clique says it all;
- the weekly rest: in every calendar week a person gets a proposed shift in, some stretch of the
  weekly rest inside the week is free of work; it begins at the week's start or at the end of some
  work (fixed or proposed), so those are the only starts tried;
- the month maximum: the proposed minutes of each month (split as ``month_parts`` splits them)
  plus those already booked.

Goals (``Weights``), one weighted objective: filling each shift (more for urgent and sick-leave
shifts) minus the costs: a convex cost of each person's hours in the month (so far included), LAS
days and conversions under the policy, workplaces new to the person, changes of workplace in a day
and a week, and shifts the person has not said they can work. The fill weight exceeds any single
assignment's costs. The model holds each shift's cheapest ``candidates_per_shift`` people; the
``upper_bound`` is a maximum flow over everyone eligible (a relaxation, so proven). The solver
starts from a greedy solution checked by the rule functions (shifts with the fewest eligible
people first; its pairs are always in the model), and returns that one if it finds nothing better
in time. Shifts the solution leaves open then go to anyone eligible whom the rules still allow.
Unfilled shifts get the rule that bound them (``explain``).

Speed (``_Rules``): each shift's dates, months, weeks and minutes are computed once; cheap
necessary conditions (introduction, held qualifications, "cannot work") go first; the exact rule
functions decide the rest, their answers kept where they depend on the shift's times alone.
"""

from __future__ import annotations

import bisect
import datetime as dt
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ortools.graph.python import max_flow  # type: ignore[import-untyped]
from ortools.sat.python import cp_model

from vikarieportalen.staffing.booking import rules, working_time
from vikarieportalen.staffing.booking.facts import (
    AVAILABILITY,
    BREAK,
    DAILY_REST,
    INTRODUCTION,
    MONTH_HOURS,
    NOT_BOOKABLE,
    OVERLAP,
    QUALIFICATION,
    WEEKLY_REST,
    Limits,
    ShiftFacts,
    Work,
    intervals_merged,
    local,
    month_parts,
)
from vikarieportalen.staffing.las import rules as las
from vikarieportalen.staffing.proposal.facts import (
    NOBODY,
    ONE_MORE_INTRODUCED,
    ONE_MORE_QUALIFIED,
    ONE_OVERRIDE,
    TAKEN,
    TIME_LIMIT,
    Assignment,
    Progress,
    Proposal,
    ProposalShift,
    ProposalSubstitute,
    Unfilled,
    Weights,
)

Interval = tuple[dt.datetime, dt.datetime]
# How many of each shift's eligible people the model holds (the cheapest single assignments).
CANDIDATES_PER_SHIFT = 20
# The least time worth giving the search; with less left after building, the first solution stands.
MIN_SEARCH_SECONDS = 1.0


# ---------------------------------------------------------------------------------------------
# Eligibility: one person and one shift, with the rule functions


@dataclass
class _Availability:
    cannot: list[Interval]
    can: list[Interval]
    cannot_starts: list[dt.datetime] = field(default_factory=list)
    can_starts: list[dt.datetime] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.cannot_starts = [s for s, _e in self.cannot]
        self.can_starts = [s for s, _e in self.can]


def availability_over(person: ProposalSubstitute, start: dt.datetime, end: dt.datetime) -> _Availability:
    """The person's "cannot" and "can" over ``[start, end)``, merged, the weekly pattern expanded by
    the booking rules' own ``weekly_pattern_spans`` (the same reading as ``availability_check``)."""
    spans = [
        *[p for p in person.periods if p.starts_at < end and p.ends_at > start],
        *rules.weekly_pattern_spans(person.weekly, starts_at=start, ends_at=end),
    ]
    return _Availability(
        cannot=intervals_merged((s.starts_at, s.ends_at) for s in spans if not s.available),
        can=intervals_merged((s.starts_at, s.ends_at) for s in spans if s.available),
    )


def _touches(intervals: list[Interval], starts: list[dt.datetime], s: dt.datetime, e: dt.datetime) -> bool:
    index = bisect.bisect_left(starts, e)  # intervals starting before e
    return index > 0 and any(intervals[i][1] > s for i in range(max(0, index - 2), index))


def _covers(intervals: list[Interval], starts: list[dt.datetime], s: dt.datetime, e: dt.datetime) -> bool:
    index = bisect.bisect_right(starts, s) - 1  # merged: the one interval starting at or before s
    return index >= 0 and intervals[index][1] >= e


@dataclass(frozen=True)
class Check:
    """The first rule (in the booking rules' order) that keeps a person from a shift, or ""."""

    code: str
    stated_can: bool = False


# Bookings further than this from a shift cannot touch its daily rest (< 24 h) or the calendar weeks
# it has time in (each within seven days of it, an hour of daylight saving aside).
_WEEK = dt.timedelta(days=8)
_NO_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # the period of no shifts at all


@dataclass(frozen=True)
class _ShiftInfo:
    """What every check of one shift reads, computed once per shift."""

    facts: ShiftFacts
    minutes: int
    months: dict[tuple[int, int], int]  # month_parts of the work minutes
    required_ids: frozenset[int]
    form: str  # the LAS form of employment
    week: tuple[int, int]  # ISO (year, week) of its day
    window: Interval  # [start - _WEEK, end + _WEEK): the bookings that matter
    work: Work  # the shift as a booking
    # Everything a person's check reads of the shift beyond its workplace: shifts alike in it get
    # the same answer for one person (a period has few distinct shift times).
    signature: tuple[object, ...]


def _shift_info(shift: ProposalShift) -> _ShiftInfo:
    facts = shift.facts()
    minutes = facts.work_minutes
    return _ShiftInfo(
        facts=facts,
        minutes=minutes,
        months=month_parts(facts.starts_at, facts.ends_at, minutes),
        required_ids=frozenset(q for q, _name in shift.required_qualifications),
        form=rules.employment_form_for(shift.reason),
        week=shift.day.isocalendar()[:2],
        window=(facts.starts_at - _WEEK, facts.ends_at + _WEEK),
        work=facts.as_work(),
        signature=(
            facts.starts_at,
            facts.ends_at,
            facts.break_minutes,
            facts.day,
            facts.required_qualifications,
        ),
    )


@dataclass
class _PersonInfo:
    """What every check of one person reads, computed once per person."""

    availability: _Availability
    bookings: list[Work]  # sorted by start
    booking_ends: list[dt.datetime]  # the running maximum of their ends, for bisecting
    most_month_minutes: int  # the most minutes already booked in any month


def _person_info(person: ProposalSubstitute, first: dt.datetime, last: dt.datetime) -> _PersonInfo:
    bookings = sorted(person.bookings, key=lambda b: b.starts_at)
    ends: list[dt.datetime] = []
    for booking in bookings:
        ends.append(max(ends[-1], booking.ends_at) if ends else booking.ends_at)
    return _PersonInfo(
        availability=availability_over(person, first, last),
        bookings=bookings,
        booking_ends=ends,
        most_month_minutes=max(person.month_minutes.values(), default=0),
    )


def _weekly_rest_surely_kept(shift: ShiftFacts, bookings: Sequence[Work], limits: Limits) -> bool:
    """True when no week the shift touches can lack the weekly rest, by counting alone: k pieces
    of work leave at most k + 1 gaps, so the longest is at least the free time over k + 1. False
    means "ask the rule" (``weekly_rest_check``), not that the rest is too short."""
    need = dt.timedelta(minutes=limits.weekly_rest_minutes)
    for week_start, week_end in working_time.weeks_touched(shift.starts_at, shift.ends_at):
        pieces = [
            min(end, week_end) - max(start, week_start)
            for start, end in [
                (shift.starts_at, shift.ends_at),
                *((b.starts_at, b.ends_at) for b in bookings),
            ]
            if start < week_end and end > week_start
        ]
        free = (week_end - week_start) - sum(pieces, dt.timedelta())
        if free / (len(pieces) + 1) < need:
            return False
    return True


class _Rules:
    """The booking rules for every (person, shift) pair of a proposal, fast.

    Cheap necessary conditions first (introduction, held qualifications and "cannot work" as set
    and interval lookups); the exact rule functions of ``booking/`` decide for the pairs that pass.
    Where a rule's answer depends on the shift and the agreement alone (the break, the length
    parts of daily and weekly rest for someone with no booking near), it is computed once and kept.
    The month maximum is called only when the person's busiest month plus the whole shift could
    exceed it (otherwise every part of the shift fits in every month, and the rule would agree).
    """

    def __init__(self, shifts: Sequence[ProposalShift], substitutes: Sequence[ProposalSubstitute]) -> None:
        self.shifts = shifts
        self.substitutes = substitutes
        self.infos = [_shift_info(s) for s in shifts]
        self.first = min((s.starts_at for s in shifts), default=_NO_TIME) - dt.timedelta(days=1)
        self.last = max((s.ends_at for s in shifts), default=_NO_TIME) + dt.timedelta(days=1)
        self._people: dict[int, _PersonInfo] = {}
        self._alone: dict[tuple[int, Limits], frozenset[str]] = {}
        self._near: dict[tuple[int, Limits, tuple[Interval, ...]], frozenset[str]] = {}
        self._month: dict[tuple[int, Limits, tuple[int, ...]], bool] = {}
        self._seen: dict[tuple[int, tuple[object, ...]], Check] = {}

    def person(self, p: int) -> _PersonInfo:
        info = self._people.get(p)
        if info is None:
            info = self._people[p] = _person_info(self.substitutes[p], self.first, self.last)
        return info

    def nearby(self, index: int, p: int) -> list[Work]:
        """The person's fixed bookings that may bear on the shift's overlap and rest."""
        start, end = self.infos[index].window
        info = self.person(p)
        if not info.bookings:
            return []
        first = bisect.bisect_right(info.booking_ends, start)  # bookings ending before it: none matters
        return [b for b in info.bookings[first:] if b.starts_at < end and b.ends_at > start]

    def alone(self, index: int, limits: Limits) -> frozenset[str]:
        """Which of break, daily rest and weekly rest the shift breaks on its own (no other work)."""
        key = (index, limits)
        codes = self._alone.get(key)
        if codes is None:
            facts = self.infos[index].facts
            found = set()
            if working_time.break_check(shift=facts, limits=limits):
                found.add(BREAK)
            if working_time.daily_rest_check(shift=facts, bookings=(), limits=limits):
                found.add(DAILY_REST)
            if working_time.weekly_rest_check(shift=facts, bookings=(), limits=limits):
                found.add(WEEKLY_REST)
            codes = self._alone[key] = frozenset(found)
        return codes

    def check(self, index: int, p: int, *, skip: frozenset[str] = frozenset()) -> Check:
        """Whether person ``p`` may take shift ``index`` on their own (their fixed bookings
        included); the rules in ``skip`` are not checked (to ask what a single change would do)."""
        if skip:
            return self._check(index, p, skip)
        person = self.substitutes[p]
        if not person.is_bookable:
            return Check(NOT_BOOKABLE)
        if self.shifts[index].workplace_id not in person.introduced_at:
            return Check(INTRODUCTION)
        key = (p, self.infos[index].signature)
        check = self._seen.get(key)
        if check is None:
            check = self._seen[key] = self._check(index, p, skip)
        return check

    def _check(self, index: int, p: int, skip: frozenset[str]) -> Check:
        shift, info = self.shifts[index], self.infos[index]
        person = self.substitutes[p]
        facts = info.facts
        if NOT_BOOKABLE not in skip and not person.is_bookable:
            return Check(NOT_BOOKABLE)
        if INTRODUCTION not in skip and shift.workplace_id not in person.introduced_at:
            return Check(INTRODUCTION)
        if QUALIFICATION not in skip and info.required_ids:
            held = person.qualifications
            if any(q not in held for q in info.required_ids) or rules.qualification_check(
                required=shift.required_qualifications, held=held, day=shift.day
            ):
                return Check(QUALIFICATION)
        s, e = facts.starts_at, facts.ends_at
        availability = self.person(p).availability
        if (
            AVAILABILITY not in skip
            and availability.cannot
            and _touches(availability.cannot, availability.cannot_starts, s, e)
        ):
            return Check(AVAILABILITY)
        stated_can = bool(availability.can) and _covers(availability.can, availability.can_starts, s, e)
        limits = person.limits
        alone = self.alone(index, limits)
        if BREAK not in skip and BREAK in alone:
            return Check(BREAK, stated_can)
        nearby = self.nearby(index, p)
        near = self.near(index, limits, nearby) if nearby else alone
        for code in (OVERLAP, DAILY_REST, WEEKLY_REST):
            if code not in skip and code in near:
                return Check(code, stated_can)
        if (
            MONTH_HOURS not in skip
            and self.person(p).most_month_minutes + info.minutes > limits.max_month_minutes
            and self.month(index, limits, person.month_minutes)
        ):
            return Check(MONTH_HOURS, stated_can)
        return Check("", stated_can)

    def near(self, index: int, limits: Limits, nearby: list[Work]) -> frozenset[str]:
        """Which of overlap, daily rest and weekly rest the shift breaks with ``nearby`` bookings.

        The rules read only the bookings' times, so the answer is kept per shift, agreement and
        times. An overlap, or a rest too short next to the shift, is seen at once (the rule would
        say the same, with a message not needed here); the rule functions decide the rest."""
        key = (index, limits, tuple((b.starts_at, b.ends_at) for b in nearby))
        codes = self._near.get(key)
        if codes is not None:
            return codes
        facts = self.infos[index].facts
        s, e = facts.starts_at, facts.ends_at
        rest = dt.timedelta(minutes=limits.daily_rest_minutes)
        found = set(self.alone(index, limits) & {DAILY_REST, WEEKLY_REST})
        overlapping = [b for b in nearby if b.starts_at < e and s < b.ends_at]
        if overlapping or working_time.overlap_check(shift=facts, bookings=nearby):
            found.add(OVERLAP)
        others = [b for b in nearby if not (b.starts_at < e and s < b.ends_at)]
        if any(
            s - rest < b.ends_at <= s or e <= b.starts_at < e + rest for b in others
        ) or working_time.daily_rest_check(shift=facts, bookings=nearby, limits=limits):
            found.add(DAILY_REST)
        if not _weekly_rest_surely_kept(facts, nearby, limits) and working_time.weekly_rest_check(
            shift=facts, bookings=nearby, limits=limits
        ):
            found.add(WEEKLY_REST)
        codes = self._near[key] = frozenset(found)
        return codes

    def month(self, index: int, limits: Limits, month_minutes: Mapping[tuple[int, int], int]) -> bool:
        """Whether the shift takes the person over the month maximum (the rule, kept per shift,
        agreement and minutes so far in the months it touches)."""
        info = self.infos[index]
        so_far = tuple(month_minutes.get(m, 0) for m in info.months)
        key = (index, limits, so_far)
        over = self._month.get(key)
        if over is None:
            over = self._month[key] = bool(
                working_time.month_hours_check(
                    shift=info.facts, month_minutes=dict(zip(info.months, so_far, strict=True)), limits=limits
                )
            )
        return over


# ---------------------------------------------------------------------------------------------
# The model


Value = Callable[[cp_model.IntVar], int]


class _Derived:
    """The model's auxiliary variables, each with how its value follows from the assignment and
    the variables before it: so the first solution is hinted whole (CP-SAT ignores a partial hint
    once it has to repair it) and its objective can be computed."""

    def __init__(self) -> None:
        self.rules: list[tuple[cp_model.IntVar, Callable[[Value], int]]] = []

    def add(self, var: cp_model.IntVar, rule: Callable[[Value], int]) -> None:
        self.rules.append((var, rule))

    def values(self, chosen: dict[int, int]) -> dict[int, int]:
        """Every variable's value (by index) from the pair variables' values in ``chosen``."""
        values = dict(chosen)

        def value(var: cp_model.IntVar) -> int:
            return values[var.index]

        for var, rule in self.rules:
            values[var.index] = rule(value)
        return values


def _weighted_sum(terms: Sequence[tuple[int, cp_model.IntVar]]) -> Callable[[Value], int]:
    return lambda value: sum(m * value(v) for m, v in terms)


def _excess(terms: Sequence[tuple[int, cp_model.IntVar]], offset: int) -> Callable[[Value], int]:
    return lambda value: max(0, sum(m * value(v) for m, v in terms) + offset)


def _any_of(variables: Sequence[cp_model.IntVar]) -> Callable[[Value], int]:
    return lambda value: int(any(value(v) for v in variables))


def _none_of(variables: Sequence[cp_model.IntVar]) -> Callable[[Value], int]:
    return lambda value: int(not any(value(v) for v in variables))


@dataclass
class _Pair:
    shift: int  # index into shifts
    person: int  # index into substitutes
    var: cp_model.IntVar | None  # None: an option the model does not hold
    cost: int  # the goals' cost of this one assignment (hours aside)
    stated_can: bool
    worked_before: bool


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
class _Built:
    model: cp_model.CpModel
    pairs: list[_Pair]  # the modelled pairs (each shift's best candidates)
    by_shift: dict[int, list[_Pair]]
    checks: dict[int, list[Check]]  # shift index -> the check of everyone introduced (for explain)
    costs: list[tuple[int, cp_model.IntVar]]  # the goals' costs beyond single assignments
    eligible: dict[int, list[int]]  # shift index -> every person (index) eligible on their own
    upper_bound: int
    rules: _Rules
    options: dict[int, list[_Pair]] = field(default_factory=dict)  # shift index -> every eligible pair
    first: list[_Pair] = field(default_factory=list)  # the first solution (the solver's hint)
    derived: _Derived = field(default_factory=_Derived)


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
    infos: Sequence[_ShiftInfo],
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


def _model_build(
    shifts: Sequence[ProposalShift],
    substitutes: Sequence[ProposalSubstitute],
    *,
    weights: Weights,
    las_limits: las.LasLimits,
    candidates_per_shift: int,
) -> _Built:
    model = cp_model.CpModel()
    derived = _Derived()
    checks: dict[int, list[Check]] = defaultdict(list)
    costs: list[tuple[int, cp_model.IntVar]] = []
    eligible: dict[int, list[int]] = defaultdict(list)
    checker = _Rules(shifts, substitutes)
    if not shifts:
        return _Built(model, [], {}, checks, costs, eligible, 0, checker)
    minutes = [info.minutes for info in checker.infos]
    # Each workplace's shifts grouped by what a person's check reads of them (one check a group).
    by_workplace: dict[int, dict[tuple[object, ...], list[int]]] = defaultdict(lambda: defaultdict(list))
    for index, shift in enumerate(shifts):
        by_workplace[shift.workplace_id][checker.infos[index].signature].append(index)
    step = max(1, weights.fair_step_minutes)

    # Everyone eligible, with the cost of each single assignment.
    options: dict[int, list[tuple[tuple[bool, int], _Pair]]] = defaultdict(list)
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
                    options[index].append(
                        (rank, _Pair(index, p, None, cost, check.stated_can, worked_before))
                    )

    upper = _flow_bound(shifts, substitutes, eligible, minutes, checker.infos)
    every: dict[int, list[_Pair]] = {}
    for index, shift_options in options.items():
        shift_options.sort(key=lambda option: option[0])
        every[index] = [pair for _rank, pair in shift_options]
    first = _first_solution(shifts, checker, every, weights)

    # The model: each shift's best candidates, and whoever the first solution gave it.
    pairs: list[_Pair] = []
    by_shift: dict[int, list[_Pair]] = defaultdict(list)
    by_person: dict[int, list[_Pair]] = defaultdict(list)
    in_first = {id(pair) for pair in first}
    for index, shift_pairs in every.items():
        for n, pair in enumerate(shift_pairs):
            if n < candidates_per_shift or id(pair) in in_first:
                pair.var = model.new_bool_var(f"x{index}_{pair.person}")
                pairs.append(pair)
                by_shift[index].append(pair)
                by_person[pair.person].append(pair)
    for shift_pairs in by_shift.values():
        if len(shift_pairs) > 1:
            model.add_at_most_one(_var(pair) for pair in shift_pairs)
    for p, person_pairs in by_person.items():
        _person_constraints(
            model, substitutes[p], person_pairs, shifts, checker.infos, minutes, weights, costs, derived
        )
    return _Built(model, pairs, by_shift, checks, costs, eligible, upper, checker, every, first, derived)


def _person_constraints(
    model: cp_model.CpModel,
    person: ProposalSubstitute,
    person_pairs: list[_Pair],
    shifts: Sequence[ProposalShift],
    infos: Sequence[_ShiftInfo],
    minutes: Sequence[int],
    weights: Weights,
    costs: list[tuple[int, cp_model.IntVar]],
    derived: _Derived,
) -> None:
    limits: Limits = person.limits
    rest = dt.timedelta(minutes=limits.daily_rest_minutes)
    # No overlap, daily rest: cliques of the rest-extended intervals.
    extended = [
        (shifts[pair.shift].starts_at, shifts[pair.shift].ends_at + rest, n)
        for n, pair in enumerate(person_pairs)
    ]
    for clique in _maximal_cliques(extended):
        model.add_at_most_one(_var(person_pairs[n]) for n in clique)

    # Slots: the person's shifts with the same times (at most one of them is taken).
    slots: dict[Interval, list[_Pair]] = defaultdict(list)
    for pair in person_pairs:
        shift = shifts[pair.shift]
        slots[(shift.starts_at, shift.ends_at)].append(pair)
    busy: dict[Interval, cp_model.IntVar] = {}
    for interval, slot_pairs in slots.items():
        if len(slot_pairs) == 1:
            busy[interval] = _var(slot_pairs[0])
        else:
            var = model.new_bool_var("")
            slot_vars = [_var(pair) for pair in slot_pairs]
            model.add(var == sum(slot_vars))
            derived.add(var, _weighted_sum([(1, v) for v in slot_vars]))
            busy[interval] = var

    _weekly_rest(model, person, busy, limits, derived)

    # Month maximum, and the hours for fairness.
    by_month: dict[tuple[int, int], list[tuple[int, cp_model.IntVar]]] = defaultdict(list)
    for pair in person_pairs:
        for month, part in infos[pair.shift].months.items():
            by_month[month].append((part, _var(pair)))
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
    derived: _Derived,
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
            derived.add(option, _none_of(inside))
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
            derived.add(worked, _any_of(week_busy))
            model.add_bool_or(options).only_enforce_if(worked)


def _fairness(
    model: cp_model.CpModel,
    person: ProposalSubstitute,
    person_pairs: list[_Pair],
    shifts: Sequence[ProposalShift],
    minutes: Sequence[int],
    weights: Weights,
    costs: list[tuple[int, cp_model.IntVar]],
    derived: _Derived,
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
            terms = [(minutes[pair.shift], _var(pair)) for pair in person_pairs]
            model.add(new == sum(m * v for m, v in terms))
            derived.add(new, _weighted_sum(terms))
        excess = model.new_int_var(0, so_far + every - breakpoint_, "")
        model.add(excess >= so_far + new - breakpoint_)
        derived.add(excess, _excess([(1, new)], so_far - breakpoint_))
        costs.append((weights.fair_per_minute_step, excess))
    for pair in person_pairs:
        pair.cost += weights.fair_per_minute_step * linear_steps * minutes[pair.shift]


def _workplace_changes(
    model: cp_model.CpModel,
    person_pairs: list[_Pair],
    shifts: Sequence[ProposalShift],
    weights: Weights,
    costs: list[tuple[int, cp_model.IntVar]],
    derived: _Derived,
) -> None:
    """Every workplace beyond the first in a person's week, and in a person's day, costs."""
    groups: list[tuple[int, dict[int, list[_Pair]]]] = []
    weeks: dict[object, dict[int, list[_Pair]]] = defaultdict(lambda: defaultdict(list))
    days: dict[object, dict[int, list[_Pair]]] = defaultdict(lambda: defaultdict(list))
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
            pair_vars = [_var(pair) for pair in workplace_pairs]
            for pair_var in pair_vars:
                model.add_implication(pair_var, var)
            derived.add(var, _any_of(pair_vars))
            used.append(var)
        extra = model.new_int_var(0, len(used) - 1, "")
        model.add(extra >= sum(used) - 1)
        derived.add(extra, _excess([(1, v) for v in used], -1))
        costs.append((weight, extra))


# ---------------------------------------------------------------------------------------------
# Solving


def _priority(shift: ProposalShift, weights: Weights) -> int:
    return (
        weights.fill
        + (weights.urgent if shift.urgent else 0)
        + (weights.sick_leave if shift.reason == "sick_leave" else 0)
    )


def _status_name(status: object) -> str:
    if status == cp_model.OPTIMAL:
        return "optimal"
    if status == cp_model.FEASIBLE:
        return "feasible"
    return "no_solution"


def solve(
    shifts: Sequence[ProposalShift],
    substitutes: Sequence[ProposalSubstitute],
    *,
    weights: Weights | None = None,
    las_limits: las.LasLimits | None = None,
    time_limit: float = 20.0,
    workers: int = 2,
    seed: int = 0,
    candidates_per_shift: int = CANDIDATES_PER_SHIFT,
    progress: Callable[[Progress], bool] | None = None,
) -> Proposal:
    """The proposal for ``shifts`` from ``substitutes``, found within ``time_limit`` seconds
    (building the model included); when time runs out, the best solution found (status "feasible"),
    or the first solution when the solver found none better (status "first").

    The model holds each shift's ``candidates_per_shift`` best eligible people (by the cost of
    the single assignment); ``upper_bound`` is proven over everyone eligible, not only those.

    ``progress``, when given, is called once the model is built, at each better solution, at each
    better bound and about once a second during the search; when it returns True the search stops
    (CP-SAT's ``StopSearch``) and the best solution so far is returned with ``stopped`` set.
    """
    weights = weights or Weights()
    las_limits = las_limits or las.LasLimits()
    started = time.perf_counter()
    built = _model_build(
        shifts,
        substitutes,
        weights=weights,
        las_limits=las_limits,
        candidates_per_shift=candidates_per_shift,
    )
    model, pairs = built.model, built.pairs
    if not pairs:
        unfilled = explain(shifts, substitutes, built, chosen=[])
        return Proposal((), unfilled, "optimal", 0, time.perf_counter() - started, 0)

    model.maximize(
        sum((_priority(shifts[pair.shift], weights) - pair.cost) * _var(pair) for pair in pairs)
        - sum(weight * var for weight, var in built.costs)
    )
    hinted = {id(pair) for pair in built.first}
    values = built.derived.values({_var(pair).index: int(id(pair) in hinted) for pair in pairs})
    for pair in pairs:
        model.add_hint(_var(pair), id(pair) in hinted)
    for var, _rule in built.derived.rules:
        model.add_hint(var, values[var.index])
    first_objective = sum(
        (_priority(shifts[pair.shift], weights) - pair.cost) * values[_var(pair).index] for pair in pairs
    ) - sum(weight * values[var.index] for weight, var in built.costs)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    # Presolve (probing above all) would spend most of a short limit on a large model that starts
    # from a good solution; a light presolve leaves the time to the search.
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.max_presolve_iterations = 1
    solver.parameters.symmetry_level = 0
    remaining = time_limit - (time.perf_counter() - started)
    status = cp_model.UNKNOWN
    watch = _Watch(progress, started=started, time_limit=time_limit, solver=solver)
    stopped = watch.report("built")
    if remaining >= MIN_SEARCH_SECONDS and not stopped:  # else the first solution it is
        solver.parameters.max_time_in_seconds = remaining
        if progress is not None:
            solver.best_bound_callback = watch.on_bound
            solver.parameters.log_search_progress = True  # the log lines are the clock ticks
            solver.parameters.log_to_stdout = False
            solver.log_callback = watch.on_log
        status = solver.solve(model, watch.callback() if progress is not None else None)
        stopped = watch.stopped
    chosen = list(built.first)  # no better solution in time: the first one, found by the rules
    status_name = "first"
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and solver.objective_value >= first_objective:
        chosen = [pair for pair in pairs if solver.boolean_value(_var(pair))]
        status_name = _status_name(status)
    # The shifts left open to anyone eligible (the model held only each shift's best candidates)
    # whom the rules still allow beside what the solution gives them.
    calendar = _Calendar(built.rules)
    for pair in chosen:
        calendar.add(pair.shift, pair.person)
    taken = {pair.shift for pair in chosen}
    open_ = sorted(
        (index for index in built.options if index not in taken),
        key=lambda i: (-_priority(shifts[i], weights), len(built.options[i]), shifts[i].starts_at),
    )
    before = len(chosen)
    _fill(open_, built.options, calendar, weights, chosen)
    if len(chosen) > before and status_name == "optimal":
        status_name = "feasible"  # optimal among the modelled candidates only
    assignments = tuple(
        sorted(
            (
                Assignment(
                    shift_id=shifts[pair.shift].id,
                    substitute_id=substitutes[pair.person].id,
                    stated_can=pair.stated_can,
                    worked_here_before=pair.worked_before,
                )
                for pair in chosen
            ),
            key=lambda a: (a.shift_id, a.substitute_id),
        )
    )
    unfilled = explain(shifts, substitutes, built, chosen=chosen)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return Proposal(
        assignments,
        unfilled,
        status_name,
        built.upper_bound,
        time.perf_counter() - started,
        len(pairs),
        objective=int(solver.objective_value) if found and status_name != "first" else first_objective,
        best_bound=int(solver.best_objective_bound) if found else None,
        stopped=stopped,
    )


class _Watch:
    """The caller's ``progress`` function during the search: on each solution (a CP-SAT solution
    callback, which stops the search with ``StopSearch`` when asked), each better bound, and each
    log line at most once a second (so a cancel is seen even while no better solution comes)."""

    def __init__(
        self,
        progress: Callable[[Progress], bool] | None,
        *,
        started: float,
        time_limit: float,
        solver: cp_model.CpSolver,
    ) -> None:
        self.progress = progress
        self.started = started
        self.time_limit = time_limit
        self.solver = solver
        self.solutions = 0
        self.objective: int | None = None
        self.bound: int | None = None
        self.stopped = False
        self.last = 0.0

    def report(self, phase: str) -> bool:
        if self.progress is None or self.stopped:
            return self.stopped
        self.last = time.perf_counter()
        if self.progress(
            Progress(
                seconds=self.last - self.started,
                time_limit=self.time_limit,
                phase=phase,
                solutions=self.solutions,
                objective=self.objective,
                best_bound=self.bound,
            )
        ):
            self.stopped = True
        return self.stopped

    def callback(self) -> cp_model.CpSolverSolutionCallback:
        watch = self

        class _OnSolution(cp_model.CpSolverSolutionCallback):
            def on_solution_callback(self) -> None:
                watch.solutions += 1
                watch.objective = int(self.objective_value)
                watch.bound = int(self.best_objective_bound)
                if watch.report("search"):
                    self.StopSearch()

        return _OnSolution()

    def on_bound(self, bound: float) -> None:
        self.bound = int(bound)
        if self.report("search"):
            self.solver.stop_search()

    def on_log(self, _line: str) -> None:
        if time.perf_counter() - self.last >= 1.0 and self.report("search"):
            self.solver.stop_search()


def _var(pair: _Pair) -> cp_model.IntVar:
    if pair.var is None:
        raise ValueError("the pair is not in the model")
    return pair.var


class _Calendar:
    """Each person's proposed shifts beside their fixed bookings: whether one more shift fits is
    asked of the working-time rule functions (a person's checks on their own are already done)."""

    def __init__(self, checker: _Rules) -> None:
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
    options: dict[int, list[_Pair]],
    calendar: _Calendar,
    weights: Weights,
    chosen: list[_Pair],
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


def _first_solution(
    shifts: Sequence[ProposalShift],
    checker: _Rules,
    options: dict[int, list[_Pair]],
    weights: Weights,
) -> list[_Pair]:
    """A first solution for the solver to start from, checked by the rule functions: shifts by
    priority, those with the fewest eligible people first, each to its cheapest allowed option."""
    order = sorted(
        options, key=lambda i: (-_priority(shifts[i], weights), len(options[i]), shifts[i].starts_at)
    )
    chosen: list[_Pair] = []
    _fill(order, options, _Calendar(checker), weights, chosen)
    return chosen


# ---------------------------------------------------------------------------------------------
# Why a shift stayed open


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
    built: _Built,
    *,
    chosen: Sequence[_Pair],
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
