"""The pure rules for a manager's shift input: night shifts, daylight saving, lengths, series dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.utils import translation

from vikarieportalen.staffing.shifts.rules import (
    STOCKHOLM,
    ShiftInputError,
    local_time_exists,
    series_days,
    series_times_resolve,
    shift_input_problems,
    shift_length_minutes,
    shift_times_resolve,
    shift_work_minutes,
)

T = dt.time
D = dt.date
# A Thursday morning well before all the dates below.
NOW = dt.datetime(2026, 3, 5, 8, 0, tzinfo=STOCKHOLM)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def fields(error: ShiftInputError) -> list[str]:
    return [problem.field for problem in error.problems]


def test_a_day_shift_stays_on_its_date() -> None:
    times = shift_times_resolve(day=D(2026, 4, 14), starts=T(7, 0), ends=T(16, 0))
    assert times.starts_at == dt.datetime(2026, 4, 14, 7, 0, tzinfo=STOCKHOLM)
    assert times.ends_at == dt.datetime(2026, 4, 14, 16, 0, tzinfo=STOCKHOLM)
    assert times.minutes == 9 * 60


def test_an_end_before_the_start_is_the_next_morning() -> None:
    times = shift_times_resolve(day=D(2026, 4, 14), starts=T(21, 15), ends=T(7, 15))
    assert times.day == D(2026, 4, 14)
    assert times.ends_at == dt.datetime(2026, 4, 15, 7, 15, tzinfo=STOCKHOLM)
    assert times.minutes == 10 * 60


def test_a_night_shift_over_the_october_change_is_eleven_hours() -> None:
    # 25 October 2026: the clocks go back from 03:00 to 02:00.
    times = shift_times_resolve(day=D(2026, 10, 24), starts=T(21, 15), ends=T(7, 15))
    assert times.minutes == 11 * 60
    assert shift_work_minutes(times=times, break_minutes=30) == 10 * 60 + 30


def test_a_night_shift_over_the_march_change_is_nine_hours() -> None:
    # 29 March 2026: the clocks go forward from 02:00 to 03:00.
    times = shift_times_resolve(day=D(2026, 3, 28), starts=T(21, 15), ends=T(7, 15))
    assert times.minutes == 9 * 60


def test_length_is_real_elapsed_time_not_wall_clock() -> None:
    # Python subtracts two datetimes with the same tzinfo by wall clock: 10 h here, which is wrong.
    starts = dt.datetime(2026, 10, 24, 21, 15, tzinfo=STOCKHOLM)
    ends = dt.datetime(2026, 10, 25, 7, 15, tzinfo=STOCKHOLM)
    assert ends - starts == dt.timedelta(hours=10)
    assert shift_length_minutes(starts_at=starts, ends_at=ends) == 11 * 60


def test_the_skipped_hour_in_march_does_not_exist() -> None:
    assert not local_time_exists(day=D(2026, 3, 29), time=T(2, 30))
    assert local_time_exists(day=D(2026, 3, 29), time=T(3, 0))
    assert local_time_exists(day=D(2026, 3, 29), time=T(1, 59))
    assert local_time_exists(day=D(2026, 10, 25), time=T(2, 30))  # happens twice, but exists


def test_a_start_in_the_skipped_hour_is_refused_with_the_date() -> None:
    with pytest.raises(ShiftInputError) as caught:
        shift_times_resolve(day=D(2026, 3, 29), starts=T(2, 30), ends=T(10, 0))
    assert fields(caught.value) == ["starts"]
    assert "02:30 does not exist on 29 March 2026" in caught.value.problems[0].message


def test_an_end_in_the_skipped_hour_of_the_next_day_is_refused() -> None:
    with pytest.raises(ShiftInputError) as caught:
        shift_times_resolve(day=D(2026, 3, 28), starts=T(22, 0), ends=T(2, 30))
    assert fields(caught.value) == ["ends"]
    assert "29 March 2026" in caught.value.problems[0].message


def test_a_time_that_happens_twice_means_the_first_time() -> None:
    times = shift_times_resolve(day=D(2026, 10, 25), starts=T(2, 30), ends=T(8, 0))
    assert times.starts_at.utcoffset() == dt.timedelta(hours=2)  # still summer time
    assert times.minutes == 6 * 60 + 30


def test_zero_length_is_refused() -> None:
    with pytest.raises(ShiftInputError) as caught:
        shift_times_resolve(day=D(2026, 4, 14), starts=T(7, 0), ends=T(7, 0))
    assert fields(caught.value) == ["ends"]
    assert "no length" in caught.value.problems[0].message


def _problems(day: D, starts: T, ends: T, break_minutes: int = 0, now: dt.datetime = NOW) -> dict[str, str]:
    times = shift_times_resolve(day=day, starts=starts, ends=ends)
    return {
        p.field: p.message for p in shift_input_problems(times=times, break_minutes=break_minutes, now=now)
    }


def test_a_good_shift_has_no_problems() -> None:
    assert _problems(D(2026, 4, 14), T(7, 0), T(16, 0), 30) == {}


def test_sixteen_hours_is_the_longest_shift() -> None:
    assert _problems(D(2026, 4, 14), T(6, 0), T(22, 0)) == {}
    problems = _problems(D(2026, 4, 14), T(6, 0), T(22, 30))
    assert problems["ends"] == "The shift is 16 h 30 min long; a shift may be at most 16 h."


def test_a_twenty_hour_night_is_refused() -> None:
    assert "at most 16 h" in _problems(D(2026, 4, 14), T(12, 0), T(8, 0))["ends"]


def test_a_shift_that_has_started_is_refused() -> None:
    problems = _problems(D(2026, 3, 5), T(7, 0), T(16, 0))
    assert "already started" in problems["starts"]
    assert _problems(D(2026, 3, 5), T(8, 30), T(16, 0)) == {}  # later today is fine


def test_at_most_a_year_ahead() -> None:
    assert _problems(D(2027, 3, 6), T(7, 0), T(16, 0)) == {}
    assert "at most a year ahead" in _problems(D(2027, 3, 7), T(7, 0), T(16, 0))["day"]


def test_break_must_fit_and_not_be_negative() -> None:
    assert _problems(D(2026, 4, 14), T(7, 0), T(9, 0), -5)["break_minutes"] == "The break cannot be negative."
    assert "does not fit" in _problems(D(2026, 4, 14), T(7, 0), T(9, 0), 120)["break_minutes"]
    assert "does not fit" in _problems(D(2026, 4, 14), T(7, 0), T(9, 0), 180)["break_minutes"]
    assert _problems(D(2026, 4, 14), T(7, 0), T(9, 0), 119) == {}


def test_series_days_on_chosen_weekdays_including_both_ends() -> None:
    # Mon 2 Nov 2026 to Fri 13 Nov 2026, Mondays and Fridays.
    days = series_days(first_day=D(2026, 11, 2), last_day=D(2026, 11, 13), weekdays=[4, 0])
    assert days == [D(2026, 11, 2), D(2026, 11, 6), D(2026, 11, 9), D(2026, 11, 13)]


@pytest.mark.parametrize(
    ("first", "last", "weekdays", "field", "words"),
    [
        (D(2026, 11, 2), D(2026, 11, 13), [], "weekdays", "at least one weekday"),
        (D(2026, 11, 2), D(2026, 11, 1), [0], "until", "is before the first"),
        (D(2026, 11, 2), None, [0], "until", "until which date"),
        (D(2026, 11, 2), D(2027, 5, 3), [0], "until", "at most 26 weeks"),
        (D(2026, 11, 2), D(2026, 11, 4), [5], "weekdays", "None of the chosen weekdays"),
        (D(2026, 11, 2), D(2026, 11, 4), [7], "weekdays", "Unknown weekday"),
    ],
)
def test_bad_series_are_refused_naming_the_field(
    first: D, last: D | None, weekdays: list[int], field: str, words: str
) -> None:
    with pytest.raises(ShiftInputError) as caught:
        series_days(first_day=first, last_day=last, weekdays=weekdays)
    assert field in fields(caught.value)
    assert words in str(caught.value)


def test_twenty_six_weeks_is_the_longest_series() -> None:
    days = series_days(first_day=D(2026, 11, 2), last_day=D(2027, 5, 2), weekdays=range(7))
    assert len(days) == 26 * 7


def test_a_series_over_the_march_change_names_the_day_that_does_not_exist() -> None:
    days = series_days(first_day=D(2026, 3, 27), last_day=D(2026, 3, 31), weekdays=range(7))
    with pytest.raises(ShiftInputError) as caught:
        series_times_resolve(days=days, starts=T(2, 30), ends=T(8, 0), break_minutes=0, now=NOW)
    assert "29 March 2026" in str(caught.value)


def test_series_night_shifts_over_the_october_change() -> None:
    days = series_days(first_day=D(2026, 10, 23), last_day=D(2026, 10, 25), weekdays=range(7))
    times = series_times_resolve(days=days, starts=T(21, 15), ends=T(7, 15), break_minutes=30, now=NOW)
    assert [t.minutes // 60 for t in times] == [10, 11, 10]
