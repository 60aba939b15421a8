"""Opening hours: grouping days and finding lunch breaks (pure, no database)."""

from __future__ import annotations

import datetime as dt

from vikarieportalen.intranet.rules import interval_label, lunch_breaks, opening_hours_groups

T = dt.time


def staffing_centre_rows() -> list[tuple[int, dt.time, dt.time]]:
    weekdays = [(day, T(6, 30), T(11, 30)) for day in range(5)]
    afternoons = [(day, T(12, 30), T(16)) for day in range(5)]
    weekend = [(day, T(6, 30), T(14)) for day in (5, 6)]
    return weekdays + afternoons + weekend


def test_staffing_centre_groups_into_weekdays_and_weekend() -> None:
    assert opening_hours_groups(staffing_centre_rows()) == [
        (0, 4, [(T(6, 30), T(11, 30)), (T(12, 30), T(16))]),
        (5, 6, [(T(6, 30), T(14))]),
    ]


def test_row_order_does_not_matter() -> None:
    assert opening_hours_groups(reversed(staffing_centre_rows())) == opening_hours_groups(
        staffing_centre_rows()
    )


def test_a_day_with_other_hours_breaks_the_group() -> None:
    rows = [(0, T(8), T(16)), (1, T(8), T(16)), (2, T(8), T(12)), (3, T(8), T(16))]
    assert opening_hours_groups(rows) == [
        (0, 1, [(T(8), T(16))]),
        (2, 2, [(T(8), T(12))]),
        (3, 3, [(T(8), T(16))]),
    ]


def test_a_closed_day_between_equal_days_breaks_the_group() -> None:
    rows = [(0, T(8), T(12)), (2, T(8), T(12))]
    assert opening_hours_groups(rows) == [(0, 0, [(T(8), T(12))]), (2, 2, [(T(8), T(12))])]


def test_no_hours_give_no_groups() -> None:
    assert opening_hours_groups([]) == []


def test_lunch_break_is_the_gap_between_intervals() -> None:
    assert lunch_breaks([(T(6, 30), T(11, 30)), (T(12, 30), T(16))]) == [(T(11, 30), T(12, 30))]


def test_one_interval_has_no_lunch_break() -> None:
    assert lunch_breaks([(T(6, 30), T(14))]) == []


def test_three_intervals_have_two_breaks() -> None:
    intervals = [(T(8), T(10)), (T(10, 15), T(12)), (T(13), T(17))]
    assert lunch_breaks(intervals) == [(T(10), T(10, 15)), (T(12), T(13))]


def test_interval_label_drops_zero_minutes_swedish_style() -> None:
    assert interval_label(T(6, 30), T(16)) == "6.30–16"
    assert interval_label(T(8, 5), T(12)) == "8.05–12"
