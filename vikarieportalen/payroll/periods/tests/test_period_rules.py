"""The pure rules of pay periods: cut-off edges, December to January, locked periods, a property."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vikarieportalen.payroll.periods.rules import (
    PeriodConfig,
    Placement,
    period_config,
    period_cutoff,
    period_is_over,
    period_last_day,
    period_next,
    period_of,
    period_parse,
    period_pay_day,
    period_previous,
    period_text,
    placement,
    placement_moved_on,
)

CONFIG = PeriodConfig(cutoff_day=5, pay_day=25)
NOV = dt.date(2026, 11, 1)
DEC = dt.date(2026, 12, 1)
JAN = dt.date(2027, 1, 1)
NONE: frozenset[dt.date] = frozenset()


def place(work_day: dt.date, approved_on: dt.date, locked: frozenset[dt.date] = NONE) -> Placement:
    return placement(work_day=work_day, approved_on=approved_on, locked=locked, config=CONFIG)


def test_a_line_approved_in_time_is_paid_in_its_own_month() -> None:
    assert place(dt.date(2026, 11, 30), dt.date(2026, 12, 1)) == Placement(NOV, late=False)


def test_approved_on_the_cut_off_day_is_still_in_time() -> None:
    assert place(dt.date(2026, 11, 2), dt.date(2026, 12, 5)) == Placement(NOV, late=False)


def test_approved_the_day_after_the_cut_off_goes_to_the_next_period_late() -> None:
    assert place(dt.date(2026, 11, 2), dt.date(2026, 12, 6)) == Placement(DEC, late=True)


def test_december_goes_to_january_across_the_year() -> None:
    assert place(dt.date(2026, 12, 31), dt.date(2027, 1, 5)) == Placement(DEC, late=False)
    assert place(dt.date(2026, 12, 31), dt.date(2027, 1, 6)) == Placement(JAN, late=True)


def test_a_locked_period_takes_no_new_lines_even_before_its_cut_off() -> None:
    assert place(dt.date(2026, 11, 20), dt.date(2026, 12, 2), frozenset({NOV})) == Placement(DEC, late=True)


def test_locked_periods_in_a_row_are_all_skipped() -> None:
    locked = frozenset({NOV, DEC})
    assert place(dt.date(2026, 11, 20), dt.date(2026, 12, 2), locked) == Placement(JAN, late=True)


def test_very_late_approval_goes_to_the_first_period_whose_cut_off_has_not_passed() -> None:
    assert place(dt.date(2026, 10, 3), dt.date(2027, 1, 10)) == Placement(JAN, late=True)


def test_a_locked_period_of_another_month_does_not_matter() -> None:
    assert place(dt.date(2026, 11, 20), dt.date(2026, 12, 2), frozenset({DEC})) == Placement(NOV, late=False)


def test_lines_left_in_a_locked_period_move_to_the_next_open_one_late() -> None:
    moved = placement_moved_on(period=NOV, today=dt.date(2026, 12, 3), locked=NONE, config=CONFIG)
    assert moved == Placement(DEC, late=True)
    moved = placement_moved_on(period=NOV, today=dt.date(2026, 12, 3), locked=frozenset({DEC}), config=CONFIG)
    assert moved == Placement(JAN, late=True)


def test_cut_off_and_pay_day_are_days_of_the_next_month_clamped_to_its_end() -> None:
    assert period_cutoff(NOV, CONFIG) == dt.date(2026, 12, 5)
    assert period_pay_day(NOV, CONFIG) == dt.date(2026, 12, 25)
    assert period_pay_day(DEC, CONFIG) == dt.date(2027, 1, 25)
    end_of_month = PeriodConfig(cutoff_day=31, pay_day=30)
    assert period_cutoff(dt.date(2027, 1, 1), end_of_month) == dt.date(2027, 2, 28)
    assert period_pay_day(dt.date(2028, 1, 1), end_of_month) == dt.date(2028, 2, 29)


def test_the_configuration_is_checked() -> None:
    assert period_config(length="monthly", cutoff_day=5, pay_day=25) == CONFIG
    with pytest.raises(ValueError, match="monthly"):
        period_config(length="weekly", cutoff_day=5, pay_day=25)
    with pytest.raises(ValueError, match="cut-off"):
        PeriodConfig(cutoff_day=0)
    with pytest.raises(ValueError, match="pay day"):
        PeriodConfig(pay_day=32)


def test_months_step_across_the_year() -> None:
    assert period_next(DEC) == JAN
    assert period_previous(JAN) == DEC
    assert period_previous(NOV) == dt.date(2026, 10, 1)
    assert period_last_day(dt.date(2028, 2, 1)) == dt.date(2028, 2, 29)
    assert period_of(dt.date(2026, 11, 30)) == NOV


def test_a_period_is_over_the_day_after_its_last_day() -> None:
    assert not period_is_over(NOV, dt.date(2026, 11, 30))
    assert period_is_over(NOV, dt.date(2026, 12, 1))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11", NOV),
        (" 2026-11 ", NOV),
        ("2026-13", None),
        ("2026-00", None),
        ("nov", None),
        ("2026-1", None),
        ("", None),
        ("1999-12", None),
        ("2026-11-01", None),
    ],
)
def test_period_parse(text: str, expected: dt.date | None) -> None:
    assert period_parse(text) == expected
    if expected is not None:
        assert period_text(expected) == text.strip()


months = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31)).map(period_of)


@given(
    work_day=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31)),
    delay=st.integers(min_value=0, max_value=200),
    locked=st.frozensets(months, max_size=12),
    cutoff_day=st.integers(min_value=1, max_value=31),
)
def test_placement_is_the_first_open_period_in_time(
    work_day: dt.date, delay: int, locked: frozenset[dt.date], cutoff_day: int
) -> None:
    config = PeriodConfig(cutoff_day=cutoff_day)
    approved_on = work_day + dt.timedelta(days=delay)
    placed = placement(work_day=work_day, approved_on=approved_on, locked=locked, config=config)
    own = period_of(work_day)
    # Never earlier than the work, never locked, never after its cut-off; late exactly when moved.
    assert placed.period >= own
    assert placed.period not in locked
    assert approved_on <= period_cutoff(placed.period, config)
    assert placed.late == (placed.period != own)
    # And the first such period: every period skipped was locked or past its cut-off.
    skipped = own
    while skipped < placed.period:
        assert skipped in locked or approved_on > period_cutoff(skipped, config)
        skipped = period_next(skipped)
