"""The proposal's solver on small hand-made cases: each hard rule binds, the goals steer."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from vikarieportalen.core.time import STOCKHOLM
from vikarieportalen.staffing.booking.facts import (
    AVAILABILITY,
    INTRODUCTION,
    QUALIFICATION,
    AvailabilitySpan,
    Limits,
    WeeklyPattern,
    Work,
)
from vikarieportalen.staffing.proposal import solver
from vikarieportalen.staffing.proposal.facts import ProposalShift, ProposalSubstitute
from vikarieportalen.staffing.proposal.solving import model
from vikarieportalen.staffing.proposal.solving.eligibility import weekly_rest_surely_kept
from vikarieportalen.staffing.proposal.solving.variables import var_of

MONDAY = dt.date(2026, 3, 2)
WP = 7


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(MONDAY + dt.timedelta(days=day), dt.time(hour, minute), tzinfo=STOCKHOLM)


def shift(id_: int, day: int, start: int, end: int, *, brk: int = 30, **kwargs: object) -> ProposalShift:
    ends = at(day + (1 if end <= start else 0), end)
    return ProposalShift(
        id_, at(day, start), ends, brk, MONDAY + dt.timedelta(days=day), WP, "Ängen", **kwargs
    )  # type: ignore[arg-type]


def can_all_week() -> tuple[WeeklyPattern, ...]:
    return tuple(
        WeeklyPattern(True, d, dt.time(0), dt.time.max, MONDAY - dt.timedelta(days=7)) for d in range(7)
    )


def person(id_: int, **kwargs: object) -> ProposalSubstitute:
    values: dict[str, object] = {"introduced_at": frozenset({WP}), "weekly": can_all_week()}
    values.update(kwargs)
    return ProposalSubstitute(id_, f"P{id_}", **values)  # type: ignore[arg-type]


def filled(result: solver.Proposal) -> dict[int, int]:
    return {a.shift_id: a.substitute_id for a in result.assignments}


def test_overlapping_shifts_go_to_two_people() -> None:
    result = solver.solve([shift(1, 0, 7, 12), shift(2, 0, 8, 12)], [person(1), person(2)], time_limit=5)
    assert len(result.assignments) == 2
    assert len(set(filled(result).values())) == 2


def test_daily_rest_keeps_one_person_from_a_late_and_an_early() -> None:
    # 13:30-21:30 then 07:00 the next day: 9.5 h of rest, 11 h needed.
    result = solver.solve([shift(1, 0, 13, 21), shift(2, 1, 7, 12)], [person(1)], time_limit=5)
    assert result.filled == 1
    assert result.upper_bound == 1
    assert result.unfilled[0].code in {"daily_rest", "taken"}


def test_exactly_eleven_hours_of_rest_passes() -> None:
    result = solver.solve([shift(1, 0, 8, 20, brk=120), shift(2, 1, 7, 12)], [person(1)], time_limit=5)
    assert result.filled == 2


def test_weekly_rest_needs_36_hours_in_the_week() -> None:
    # 07-12 every day: 19 h of rest between; seven days leave no 36 h stretch in the week.
    shifts = [shift(n + 1, n, 7, 12) for n in range(7)]
    result = solver.solve(shifts, [person(1)], time_limit=5)
    assert result.filled == 6


def test_month_maximum_counts_hours_so_far() -> None:
    limits = Limits(max_month_minutes=100 * 60)
    so_far = {(2026, 3): 100 * 60 - 4 * 60}
    result = solver.solve(
        [shift(1, 0, 7, 11, brk=0), shift(2, 2, 7, 11, brk=0)],
        [person(1, limits=limits, month_minutes=so_far)],
        time_limit=5,
    )
    assert result.filled == 1


def test_a_shift_longer_than_five_hours_without_a_break_is_left_open() -> None:
    result = solver.solve([shift(1, 0, 7, 13, brk=0)], [person(1)], time_limit=5)
    assert result.filled == 0
    assert result.unfilled[0].code == "break"


def test_cannot_work_is_hard_and_can_is_preferred() -> None:
    cannot = (AvailabilitySpan(False, at(0, 0), at(1, 0)),)
    result = solver.solve([shift(1, 0, 7, 12)], [person(1, periods=cannot, weekly=())], time_limit=5)
    assert result.filled == 0
    assert result.unfilled[0].code == AVAILABILITY
    result = solver.solve([shift(1, 0, 7, 12)], [person(1, weekly=()), person(2)], time_limit=5)
    assert filled(result) == {1: 2}
    assert result.assignments[0].stated_can


def test_qualification_and_introduction_are_hard() -> None:
    required = ((3, "Läkemedelsdelegering"),)
    expired = {3: MONDAY - dt.timedelta(days=1)}
    result = solver.solve(
        [shift(1, 0, 7, 12, required_qualifications=required)],
        [person(1, qualifications=expired), person(2, qualifications={3: None}, introduced_at=frozenset())],
        time_limit=5,
    )
    assert result.filled == 0
    assert result.unfilled[0].code == QUALIFICATION
    assert result.unfilled[0].change == "introduce_one"
    result = solver.solve([shift(1, 0, 7, 12)], [person(1, introduced_at=frozenset({WP + 1}))], time_limit=5)
    assert result.unfilled[0].code == INTRODUCTION


def test_fixed_bookings_are_respected() -> None:
    booked = (Work(at(0, 6), at(0, 14), 450, "Other"),)
    result = solver.solve([shift(1, 0, 13, 21)], [person(1, bookings=booked)], time_limit=5)
    assert result.filled == 0


def test_hours_are_shared() -> None:
    shifts = [shift(n + 1, n, 7, 12) for n in range(4)]
    result = solver.solve(shifts, [person(1), person(2)], time_limit=5)
    assert result.filled == 4
    per_person = [list(filled(result).values()).count(p) for p in (1, 2)]
    assert per_person == [2, 2]


def test_no_shifts_no_assignments() -> None:
    result = solver.solve([], [person(1)], time_limit=1)
    assert result.assignments == ()
    assert result.upper_bound == 0


def test_the_first_solution_is_hinted_whole_and_satisfies_the_model() -> None:
    # Two workplaces, a week of shifts, hours so far: every kind of auxiliary variable is made.
    shifts = [shift(n + 1, n % 7, 7, 12) for n in range(10)]
    shifts += [
        solver.ProposalShift(20 + n, at(n, 13), at(n, 21), 30, MONDAY + dt.timedelta(days=n), WP + 1, "Berga")
        for n in range(5)
    ]
    people = [
        person(p, introduced_at=frozenset({WP, WP + 1}), month_minutes={(2026, 3): 60 * 60 * p})
        for p in (1, 2, 3)
    ]
    built = model.model_build(
        shifts, people, weights=solver.Weights(), las_limits=solver.las.LasLimits(), candidates_per_shift=2
    )
    hinted = {id(pair) for pair in built.first}
    values = built.derived.values({var_of(pair).index: int(id(pair) in hinted) for pair in built.pairs})
    assert built.derived.rules
    assert len(values) == len(built.pairs) + len(built.derived.rules)
    for pair in built.pairs:
        built.model.add(var_of(pair) == values[var_of(pair).index])
    for var, _rule in built.derived.rules:
        built.model.add(var == values[var.index])
    status = solver.cp_model.CpSolver().solve(built.model)
    assert status in (solver.cp_model.OPTIMAL, solver.cp_model.FEASIBLE)


def test_filling_outweighs_every_cost_of_one_assignment() -> None:
    # Someone near the month maximum, who has not said they can, new to the workplace, with
    # many LAS days: still better than leaving the shift open.
    weights = solver.Weights()
    step = weights.fair_step_minutes
    worst_fair = weights.fair_per_minute_step * (Limits().max_month_minutes // step + 1) * 10 * 60
    others = (
        weights.not_stated_can
        + weights.las_days
        + weights.las_conversion
        + weights.new_workplace
        + weights.workplace_change_day
        + weights.workplace_change_week
    )
    assert weights.fill > worst_fair + others
    near_max = {(2026, 3): 160 * 60}
    result = solver.solve([shift(1, 0, 7, 12)], [person(1, weekly=(), month_minutes=near_max)], time_limit=5)
    assert result.filled == 1


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(-2, 8), st.integers(0, 23), st.integers(1, 14)), max_size=7),
    st.integers(0, 6),
    st.integers(0, 23),
)
def test_the_weekly_rest_shortcut_never_passes_what_the_rule_refuses(
    pieces: list[tuple[int, int, int]], day: int, hour: int
) -> None:
    from vikarieportalen.staffing.booking import working_time

    bookings = [Work(at(d, h), at(d, h) + dt.timedelta(hours=length), length * 60) for d, h, length in pieces]
    facts = shift(1, day, hour % 24, (hour + 8) % 24, brk=30).facts()
    if weekly_rest_surely_kept(facts, bookings, Limits()):
        assert working_time.weekly_rest_check(shift=facts, bookings=bookings, limits=Limits()) == []


def _week(n_shifts: int, n_people: int) -> tuple[list[ProposalShift], list[ProposalSubstitute]]:
    shifts = [shift(i + 1, i % 7, 7 + (i % 3) * 4, 11 + (i % 3) * 4, brk=0) for i in range(n_shifts)]
    return shifts, [person(p + 1) for p in range(n_people)]


def test_progress_is_reported_and_a_stop_ends_the_search_early() -> None:
    shifts, people = _week(60, 12)
    seen: list[solver.Progress] = []

    def stop_at_once(progress: solver.Progress) -> bool:
        seen.append(progress)
        return progress.phase == "search"

    result = solver.solve(shifts, people, time_limit=20, progress=stop_at_once)
    assert seen[0].phase == "built"
    assert result.stopped
    assert result.seconds < 15
    # Stopped or not, what comes back is a whole proposal: every shift filled or explained.
    assert len(result.assignments) + len(result.unfilled) == len(shifts)


def test_a_stop_before_the_search_returns_the_first_solution() -> None:
    shifts, people = _week(20, 6)
    result = solver.solve(shifts, people, time_limit=20, progress=lambda _p: True)
    assert result.stopped
    assert result.status == "first"
    assert len(result.assignments) + len(result.unfilled) == len(shifts)


def test_no_progress_function_no_stop() -> None:
    shifts, people = _week(10, 4)
    result = solver.solve(shifts, people, time_limit=3)
    assert not result.stopped
    assert result.objective is not None
