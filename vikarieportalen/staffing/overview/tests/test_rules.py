"""The status of a substitute on one day, and when the grid calls a day short of people."""

from __future__ import annotations

import datetime as dt

import pytest

from vikarieportalen.staffing.overview.rules import (
    DayStatus,
    day_status,
    days_between,
    short_of_people,
    status_from_marks,
)


@pytest.mark.parametrize(
    ("booked", "bookable", "free_time", "cannot_marked", "expected"),
    [
        (True, True, True, False, DayStatus.BOOKED),
        (True, False, False, True, DayStatus.BOOKED),  # a booking wins over a pause or a "cannot"
        (False, False, True, False, DayStatus.UNAVAILABLE),  # paused in the pool
        (False, True, True, False, DayStatus.AVAILABLE),
        (False, True, True, True, DayStatus.AVAILABLE),  # "cannot" for part of the day: free the rest
        (False, True, False, True, DayStatus.UNAVAILABLE),
        (False, True, False, False, DayStatus.UNKNOWN),
    ],
)
def test_day_status(
    booked: bool, bookable: bool, free_time: bool, cannot_marked: bool, expected: DayStatus
) -> None:
    assert (
        day_status(booked=booked, bookable=bookable, free_time=free_time, cannot_marked=cannot_marked)
        == expected
    )


def test_both_kinds_of_marks_need_the_intervals() -> None:
    assert status_from_marks(booked=False, bookable=True, can_marked=True, cannot_marked=True) is None


@pytest.mark.parametrize(
    ("booked", "bookable", "expected"),
    [(True, True, DayStatus.BOOKED), (False, False, DayStatus.UNAVAILABLE)],
)
def test_both_kinds_of_marks_are_settled_by_a_booking_or_a_pause(
    booked: bool, bookable: bool, expected: DayStatus
) -> None:
    assert (
        status_from_marks(booked=booked, bookable=bookable, can_marked=True, cannot_marked=True) == expected
    )


def test_one_kind_of_mark_settles_the_status() -> None:
    assert (
        status_from_marks(booked=False, bookable=True, can_marked=True, cannot_marked=False)
        == DayStatus.AVAILABLE
    )
    assert (
        status_from_marks(booked=False, bookable=True, can_marked=False, cannot_marked=True)
        == DayStatus.UNAVAILABLE
    )
    assert (
        status_from_marks(booked=False, bookable=True, can_marked=False, cannot_marked=False)
        == DayStatus.UNKNOWN
    )


@pytest.mark.parametrize(
    ("open_shifts", "free", "short"), [(3, 2, True), (2, 2, False), (0, 0, False), (1, 0, True)]
)
def test_short_of_people_when_open_shifts_outnumber_the_free(
    open_shifts: int, free: int, short: bool
) -> None:
    assert short_of_people(open_shifts=open_shifts, free=free) is short


def test_days_between_is_inclusive() -> None:
    assert days_between(dt.date(2026, 12, 30), dt.date(2027, 1, 1)) == [
        dt.date(2026, 12, 30),
        dt.date(2026, 12, 31),
        dt.date(2027, 1, 1),
    ]
