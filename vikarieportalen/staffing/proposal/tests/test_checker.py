"""The independent checker: each hard rule is caught, and every solver output passes it."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vikarieportalen.staffing.booking.facts import (
    AVAILABILITY,
    BREAK,
    DAILY_REST,
    INTRODUCTION,
    MONTH_HOURS,
    NOT_BOOKABLE,
    OVERLAP,
    QUALIFICATION,
    SHIFT_TAKEN,
    WEEKLY_REST,
    AvailabilitySpan,
    Limits,
    WeeklyPattern,
    Work,
)
from vikarieportalen.staffing.proposal import checker, solver
from vikarieportalen.staffing.proposal.facts import Assignment, ProposalShift, ProposalSubstitute
from vikarieportalen.staffing.proposal.tests.test_solver import MONDAY, WP, at, person, shift


def codes(
    shifts: list[ProposalShift], people: list[ProposalSubstitute], pairs: list[tuple[int, int]]
) -> set[str]:
    assignments = [Assignment(s, p, stated_can=False) for s, p in pairs]
    return {f.code for f in checker.proposal_check(shifts, people, assignments)}


def test_a_valid_proposal_has_no_findings() -> None:
    shifts = [shift(1, 0, 7, 12), shift(2, 1, 7, 12)]
    assert codes(shifts, [person(1)], [(1, 1), (2, 1)]) == set()


def test_overlap_between_proposed_shifts() -> None:
    assert OVERLAP in codes([shift(1, 0, 7, 12), shift(2, 0, 8, 12)], [person(1)], [(1, 1), (2, 1)])


def test_overlap_with_a_fixed_booking() -> None:
    booked = (Work(at(0, 6), at(0, 14), 450, "Other"),)
    assert OVERLAP in codes([shift(1, 0, 13, 21)], [person(1, bookings=booked)], [(1, 1)])


def test_daily_rest() -> None:
    found = codes([shift(1, 0, 13, 21), shift(2, 1, 7, 12)], [person(1)], [(1, 1), (2, 1)])
    assert found == {DAILY_REST}


def test_weekly_rest() -> None:
    shifts = [shift(n + 1, n, 7, 12) for n in range(7)]
    assert WEEKLY_REST in codes(shifts, [person(1)], [(n + 1, 1) for n in range(7)])


def test_break() -> None:
    assert codes([shift(1, 0, 7, 13, brk=0)], [person(1)], [(1, 1)]) == {BREAK}


def test_month_maximum_counts_the_other_proposed_shifts() -> None:
    limits = Limits(max_month_minutes=100 * 60)
    so_far = {(2026, 3): 100 * 60 - 6 * 60}
    shifts = [shift(1, 0, 7, 11, brk=0), shift(2, 2, 7, 11, brk=0)]
    found = codes(shifts, [person(1, limits=limits, month_minutes=so_far)], [(1, 1), (2, 1)])
    assert found == {MONTH_HOURS}


def test_qualification_introduction_and_bookable() -> None:
    required = ((3, "Läkemedelsdelegering"),)
    expired = {3: MONDAY - dt.timedelta(days=1)}
    found = codes(
        [shift(1, 0, 7, 12, required_qualifications=required)], [person(1, qualifications=expired)], [(1, 1)]
    )
    assert found == {QUALIFICATION}
    assert codes([shift(1, 0, 7, 12)], [person(1, introduced_at=frozenset({WP + 1}))], [(1, 1)]) == {
        INTRODUCTION
    }
    assert codes([shift(1, 0, 7, 12)], [person(1, is_bookable=False)], [(1, 1)]) == {NOT_BOOKABLE}


def test_cannot_work_is_a_violation_and_not_saying_can_is_not() -> None:
    cannot = (AvailabilitySpan(False, at(0, 10), at(0, 11)),)
    assert codes([shift(1, 0, 7, 12)], [person(1, periods=cannot)], [(1, 1)]) == {AVAILABILITY}
    assert codes([shift(1, 0, 7, 12)], [person(1, weekly=())], [(1, 1)]) == set()
    claimed = [Assignment(1, 1, stated_can=True)]
    found = checker.proposal_check([shift(1, 0, 7, 12)], [person(1, weekly=())], claimed)
    assert [f.code for f in found] == [checker.STATED_CAN]


def test_a_shift_proposed_twice_and_unknown_ids() -> None:
    found = codes([shift(1, 0, 7, 12)], [person(1), person(2)], [(1, 1), (1, 2), (9, 1)])
    assert found == {SHIFT_TAKEN, checker.UNKNOWN}


def test_hours_gini() -> None:
    assert checker.hours_gini([60, 60, 60]) == 0
    assert checker.hours_gini([]) == 0
    assert 0.6 < checker.hours_gini([1, 1, 1, 100]) < 0.75


# ---------------------------------------------------------------------------------------------
# Every solver output passes the checker

TEMPLATES = [(7, 0, 16, 0, 45), (13, 30, 21, 30, 30), (21, 15, 7, 15, 45), (7, 0, 13, 0, 0), (8, 0, 12, 0, 0)]


@st.composite
def small_facts(draw: st.DrawFn) -> tuple[list[ProposalShift], list[ProposalSubstitute]]:
    shifts = []
    for n in range(draw(st.integers(1, 9))):
        day = draw(st.integers(0, 6))
        sh, sm, eh, em, brk = draw(st.sampled_from(TEMPLATES))
        start = at(day, sh, sm)
        end = at(day + (1 if eh < sh else 0), eh, em)
        required = ((1, "Körkort"),) if draw(st.booleans()) and draw(st.booleans()) else ()
        workplace = draw(st.sampled_from([WP, WP + 1]))
        shifts.append(
            ProposalShift(
                n + 1,
                start,
                end,
                brk,
                MONDAY + dt.timedelta(days=day),
                workplace,
                f"WP{workplace}",
                reason=draw(st.sampled_from(["sick_leave", "extra_need"])),
                urgent=draw(st.booleans()),
                required_qualifications=required,
            )
        )
    people = []
    for p in range(draw(st.integers(1, 4))):
        introduced = frozenset(draw(st.sets(st.sampled_from([WP, WP + 1]), min_size=1)))
        qualifications = (
            {1: draw(st.sampled_from([None, MONDAY + dt.timedelta(days=2)]))} if draw(st.booleans()) else {}
        )
        weekly = tuple(
            WeeklyPattern(draw(st.booleans()), d, dt.time(6), dt.time.max, MONDAY - dt.timedelta(days=7))
            for d in range(7)
            if draw(st.booleans())
        )
        bookings: tuple[Work, ...] = ()
        if draw(st.booleans()):
            day = draw(st.integers(-1, 7))
            bookings = (Work(at(day, 7), at(day, 16), 495, "Fixed"),)
        so_far = draw(st.sampled_from([0, 120 * 60, 160 * 60]))
        people.append(
            ProposalSubstitute(
                100 + p,
                f"P{p}",
                limits=Limits(max_month_minutes=draw(st.sampled_from([165 * 60, 170 * 60]))),
                is_bookable=draw(st.integers(0, 9)) > 0,
                introduced_at=introduced,
                qualifications=qualifications,
                bookings=bookings,
                month_minutes={(2026, 3): so_far + sum(b.work_minutes for b in bookings)},
                weekly=weekly,
                worked_at=frozenset(draw(st.sets(st.sampled_from([WP, WP + 1])))),
            )
        )
    return shifts, people


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_facts())
def test_every_solver_output_passes_the_checker(
    facts: tuple[list[ProposalShift], list[ProposalSubstitute]],
) -> None:
    shifts, people = facts
    result = solver.solve(shifts, people, time_limit=2, workers=1)
    assert checker.proposal_check(shifts, people, result.assignments) == []
    assert result.filled <= result.upper_bound
    assert len(result.unfilled) == len(shifts) - result.filled
