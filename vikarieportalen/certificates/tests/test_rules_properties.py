"""Issue 16.2: property tests of what each certificate counts, against the bookings and pay lines.

A lost-earnings certificate once certified as lost a shift that had ended but was not yet approved.
The same kind of error in any kind — time counted that was worked, not worked, or not yet known — is
looked for here over generated data: each figure must equal what the lines and bookings say.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vikarieportalen.certificates import rules

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
CANCEL_DAYS = 1

days = st.dates(min_value=dt.date(2024, 12, 1), max_value=dt.date(2026, 1, 31))
amounts = st.decimals(min_value=0, max_value=5000, places=2, allow_nan=False, allow_infinity=False)

lines = st.lists(
    st.builds(
        rules.Line,
        day=days,
        minutes=st.integers(min_value=0, max_value=720),
        amount=amounts,
        time_code=st.sampled_from(["TIM", "OVT", "MER", "OB1"]),
        is_supplement=st.booleans(),
    ),
    max_size=30,
)


@st.composite
def bookings(draw: st.DrawFn, *, day: st.SearchStrategy[dt.date] = days) -> rules.Work:
    """A booking in any state: worked (fully or not), reported not worked, awaiting approval, or
    cancelled early or late."""
    booked = draw(st.integers(min_value=30, max_value=720))
    state = draw(st.sampled_from(["worked", "not_worked", "pending", "cancelled"]))
    cancelled = state == "cancelled"
    approved = {
        "worked": draw(st.integers(min_value=1, max_value=booked + 60)),
        "not_worked": 0,
        "pending": None,
        "cancelled": None,
    }[state]
    return rules.Work(
        day=draw(day),
        workplace=draw(st.sampled_from(["Solrosen", "Näckrosen", "Kyrkskolan"])),
        area="elderly_care",
        employment_form=draw(st.sampled_from(["sav", "vikariat"])),
        booked_minutes=booked,
        approved_minutes=approved,
        cancelled=cancelled,
        cancelled_days_before=draw(st.integers(min_value=0, max_value=5)) if cancelled else None,
    )


def in_period(day: dt.date) -> bool:
    return START <= day <= END


def ordinary(line: rules.Line) -> bool:
    return not line.is_supplement


# --- lost earnings -----------------------------------------------------------------------------

claimed_days = st.lists(
    st.dates(min_value=dt.date(2025, 3, 1), max_value=dt.date(2025, 3, 10)), min_size=1, max_size=5
)
march = st.dates(min_value=dt.date(2025, 3, 1), max_value=dt.date(2025, 3, 10))


def is_lost(item: rules.Work) -> bool:
    """The issue's rule, said once more in other words: cancelled late, or reported not worked."""
    if item.cancelled:
        return item.cancelled_days_before is not None and item.cancelled_days_before <= CANCEL_DAYS
    return item.approved_minutes == 0


def _lost(claimed: list[dt.date], work: list[rules.Work]) -> rules.LostEarnings:
    return rules.lost_earnings(
        claimed=claimed,
        work=work,
        wages=[rules.Wage(dt.date(2025, 1, 1), Decimal("160.00"))],
        deduction_percent=Decimal(20),
        holiday_pay_percent=Decimal(12),
        cancel_days=CANCEL_DAYS,
    )


@given(claimed=claimed_days, work=st.lists(bookings(day=march), max_size=12))
def test_lost_time_is_exactly_the_late_cancelled_and_not_worked_bookings(
    claimed: list[dt.date], work: list[rules.Work]
) -> None:
    waiting = sorted(
        {
            item.day
            for item in work
            if item.day in claimed and not item.cancelled and item.approved_minutes is None
        }
    )
    if waiting:
        with pytest.raises(rules.NotYetApproved) as refused:
            _lost(claimed, work)
        assert refused.value.days == waiting
        return
    result = _lost(claimed, work)
    expected = {
        day: sum(item.booked_minutes for item in work if item.day == day and is_lost(item))
        for day in set(claimed)
    }
    assert {day.day: day.minutes for day in result.days} == {day: m for day, m in expected.items() if m}
    assert result.gross == sum((day.pay for day in result.days), Decimal("0.00"))
    assert result.total == result.gross - result.deduction + result.holiday_pay
    assert Decimal(0) <= result.deduction <= result.gross


@given(claimed=claimed_days, work=st.lists(bookings(day=march), max_size=12))
def test_a_worked_or_waiting_booking_never_adds_lost_time(
    claimed: list[dt.date], work: list[rules.Work]
) -> None:
    settled = [item for item in work if item.cancelled or item.approved_minutes is not None]
    worked = [item for item in settled if not item.cancelled and item.approved_minutes]
    without_worked = [item for item in settled if item not in worked]
    assert _lost(claimed, settled).minutes == _lost(claimed, without_worked).minutes


@given(work=st.lists(bookings(day=march), max_size=12))
def test_a_waiting_booking_on_a_day_not_claimed_does_not_block(work: list[rules.Work]) -> None:
    elsewhere = rules.Work(
        day=dt.date(2025, 3, 20),
        workplace="Solrosen",
        area="elderly_care",
        employment_form="sav",
        booked_minutes=480,
        approved_minutes=None,
    )
    settled = [item for item in work if item.cancelled or item.approved_minutes is not None]
    assert (
        _lost([dt.date(2025, 3, 5)], [*settled, elsewhere]).minutes
        == _lost([dt.date(2025, 3, 5)], settled).minutes
    )


def test_a_shift_that_ended_but_awaits_approval_is_not_certified_as_lost() -> None:
    """The reported case: booked, over, not yet attested."""
    waiting = rules.Work(
        day=dt.date(2025, 3, 3),
        workplace="Solrosen",
        area="elderly_care",
        employment_form="sav",
        booked_minutes=480,
        approved_minutes=None,
    )
    with pytest.raises(rules.NotYetApproved) as refused:
        _lost([dt.date(2025, 3, 3)], [waiting])
    assert refused.value.days == [dt.date(2025, 3, 3)]


# --- employer certificate: month rows ------------------------------------------------------------


@given(lines=lines, work=st.lists(bookings(), max_size=20))
def test_month_rows_add_up_to_the_pay_lines_and_the_not_worked_bookings(
    lines: list[rules.Line], work: list[rules.Work]
) -> None:
    rows = rules.month_rows(lines=lines, work=work, start=START, end=END, overtime_codes=["OVT", "MER"])
    inside = [line for line in lines if in_period(line.day)]
    assert [row.month for row in rows] == [dt.date(2025, month, 1) for month in range(1, 13)]
    assert sum(row.worked_minutes for row in rows) == sum(line.minutes for line in inside if ordinary(line))
    assert sum(row.gross_pay for row in rows) == sum((line.amount for line in inside), Decimal("0.00"))
    assert sum(row.overtime_minutes for row in rows) == sum(
        line.minutes for line in inside if ordinary(line) and line.time_code in {"OVT", "MER"}
    )
    # Absence is only what was reported not worked: never a worked, waiting or cancelled booking.
    assert sum(row.absence_minutes for row in rows) == sum(
        item.booked_minutes
        for item in work
        if in_period(item.day) and not item.cancelled and item.approved_minutes == 0
    )
    for row in rows:
        assert 0 <= row.overtime_minutes <= row.worked_minutes


# --- certificate of service: employment ----------------------------------------------------------


@given(work=st.lists(bookings(), max_size=20))
def test_service_counts_only_approved_work_in_the_period(work: list[rules.Work]) -> None:
    summary = rules.employment_summary(work=work, start=START, end=END)
    worked = [item for item in work if in_period(item.day) and not item.cancelled and item.approved_minutes]
    assert summary.worked_minutes == sum(item.approved_minutes or 0 for item in worked)
    assert sum(place.minutes for place in summary.places) == summary.worked_minutes
    assert summary.days_worked == len({item.day for item in worked})
    assert {place.workplace for place in summary.places} == {item.workplace for item in worked}
    if worked:
        assert summary.first_day == min(item.day for item in worked)
        assert summary.last_day == max(item.day for item in worked)
    else:
        assert (summary.first_day, summary.last_day) == (None, None)


# --- annual income, and the two views of the same lines agreeing ---------------------------------


@given(lines=lines)
def test_annual_income_is_the_pay_lines_of_each_year_and_agrees_with_the_months(
    lines: list[rules.Line],
) -> None:
    years = rules.annual_income(lines=lines, first_year=2025, last_year=2025)
    inside = [line for line in lines if line.day.year == 2025]
    assert [row.year for row in years] == [2025]
    assert years[0].worked_minutes == sum(line.minutes for line in inside if ordinary(line))
    assert years[0].gross_pay == sum((line.amount for line in inside), Decimal("0.00"))
    rows = rules.month_rows(lines=lines, work=[], start=START, end=END, overtime_codes=[])
    assert years[0].worked_minutes == sum(row.worked_minutes for row in rows)
    assert years[0].gross_pay == sum(row.gross_pay for row in rows)
