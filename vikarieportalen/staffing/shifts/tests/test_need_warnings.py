"""Warnings for a need no substitute can take within the working-time rules, and the red days of a
series: pure rules, plain data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.utils import translation

from vikarieportalen.core.public_holidays import swedish_red_days
from vikarieportalen.staffing.booking.facts import BREAK, DAILY_REST, WEEKLY_REST, Limits
from vikarieportalen.staffing.shifts.rules import (
    NeedWarning,
    ShiftTimes,
    limits_most_lenient,
    need_warnings,
    need_warnings_key,
    series_days,
    series_preview_days,
    series_times_resolve,
    shift_times_resolve,
)

T = dt.time
D = dt.date
APRIL_14 = D(2026, 4, 14)
AB = Limits()  # 11 h daily rest, 36 h weekly rest, at most 5 h without a break
NOW = dt.datetime(2026, 3, 5, 8, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def warnings_for(
    starts: dt.time, ends: dt.time, break_minutes: int, *, day: dt.date = APRIL_14
) -> list[NeedWarning]:
    times = shift_times_resolve(day=day, starts=starts, ends=ends)
    return need_warnings(times=times, break_minutes=break_minutes, limits=AB)


def codes(warnings: list[NeedWarning]) -> list[str]:
    return [warning.code for warning in warnings]


def test_an_ordinary_day_shift_gets_no_warning() -> None:
    assert warnings_for(T(7), T(16), 45) == []


def test_a_five_hour_shift_needs_no_break() -> None:
    assert warnings_for(T(7), T(12), 0) == []


def test_a_long_shift_without_a_break_is_warned_with_the_reason() -> None:
    [warning] = warnings_for(T(7), T(13), 0)
    assert warning.code == BREAK
    assert warning.message == "6 h of work without a break (at most 5 h)."


def test_fifteen_hours_leaves_no_daily_rest_and_too_much_work_for_one_break() -> None:
    warnings = warnings_for(T(6), T(21), 30)
    assert codes(warnings) == [BREAK, DAILY_REST]
    assert warnings[1].message == (
        "A shift of 15 h leaves less than 11 h of rest in the 24 hours from its start."
    )


def test_thirteen_hours_is_the_longest_shift_that_leaves_the_daily_rest() -> None:
    assert DAILY_REST not in codes(warnings_for(T(7), T(20), 180))
    assert DAILY_REST in codes(warnings_for(T(7), T(20, 1), 180))


def test_a_night_shift_over_the_autumn_change_is_an_hour_longer() -> None:
    assert warnings_for(T(21, 15), T(7, 15), 30, day=D(2026, 10, 23)) == []
    [warning] = warnings_for(T(21, 15), T(7, 15), 30, day=D(2026, 10, 24))
    assert warning.message == "10 h 30 min of work with one break leaves more than 5 h in a row."


def test_a_break_the_form_refuses_gives_no_warning() -> None:
    assert warnings_for(T(7), T(9), 150) == []
    assert warnings_for(T(7), T(13), -15) == []


def test_the_limits_of_a_more_lenient_agreement_apply() -> None:
    times = shift_times_resolve(day=D(2026, 4, 14), starts=T(7), ends=T(13))
    lenient = Limits(max_work_without_break_minutes=6 * 60)
    assert need_warnings(times=times, break_minutes=0, limits=lenient) == []


def test_most_lenient_limits_of_several_agreements() -> None:
    strict = Limits(daily_rest_minutes=12 * 60, max_work_without_break_minutes=4 * 60)
    other = Limits(daily_rest_minutes=9 * 60, weekly_rest_minutes=24 * 60)
    assert limits_most_lenient([strict, other]) == Limits(
        daily_rest_minutes=9 * 60,
        weekly_rest_minutes=24 * 60,
        max_work_without_break_minutes=5 * 60,
        max_month_minutes=165 * 60,
    )
    assert limits_most_lenient([]) == Limits()


def series(
    first: dt.date, last: dt.date, weekdays: list[int], starts: dt.time, ends: dt.time
) -> list[ShiftTimes]:
    days = series_days(first_day=first, last_day=last, weekdays=weekdays)
    return series_times_resolve(days=days, starts=starts, ends=ends, break_minutes=45, now=NOW)


def test_a_daily_series_no_one_person_can_take_every_week_of() -> None:
    every_day = series(D(2026, 4, 13), D(2026, 4, 26), list(range(7)), T(7), T(16))
    warnings = need_warnings(times=every_day[0], break_minutes=45, limits=AB, series=every_day)
    assert codes(warnings) == [WEEKLY_REST]
    assert warnings[0].message.startswith(
        "If one substitute takes every shift of a week: The week of 13 April"
    )


def test_a_weekday_series_leaves_the_weekly_rest() -> None:
    weekdays = series(D(2026, 4, 13), D(2026, 4, 26), [0, 1, 2, 3, 4], T(7), T(16))
    assert need_warnings(times=weekdays[0], break_minutes=45, limits=AB, series=weekdays) == []


def test_a_series_over_the_autumn_change_names_the_longer_night() -> None:
    nights = series(D(2026, 10, 23), D(2026, 10, 25), [4, 5, 6], T(21, 15), T(7, 15))
    warnings = need_warnings(times=nights[0], break_minutes=45, limits=AB, series=nights)
    assert [w.message for w in warnings] == [
        "On 24 October 2026: 10 h 15 min of work with one break leaves more than 5 h in a row."
    ]


def test_the_acknowledged_key_is_the_codes_sorted() -> None:
    assert need_warnings_key(warnings_for(T(6), T(21), 30)) == "break,daily_rest"
    assert need_warnings_key([]) == ""


def test_a_series_preview_flags_public_holidays_and_eves() -> None:
    days = series(D(2026, 12, 21), D(2027, 1, 1), [3, 4], T(7), T(16))  # Thursdays and Fridays
    red = swedish_red_days([2026, 2027], language="sv")
    preview = series_preview_days(days, red_days=red)
    flagged = {p.times.day: (p.red_day.name, p.red_day.is_eve) for p in preview if p.red_day}
    assert flagged == {
        D(2026, 12, 24): ("Julafton", True),
        D(2026, 12, 25): ("Juldagen", False),
        D(2026, 12, 31): ("Nyårsafton", True),
        D(2027, 1, 1): ("Nyårsdagen", False),
    }
    assert len(preview) == 4


def test_a_midsummer_preview_flags_eve_and_day() -> None:
    days = series(D(2026, 6, 15), D(2026, 6, 21), list(range(7)), T(7), T(16))
    preview = series_preview_days(days, red_days=swedish_red_days([2026]))
    names = [p.red_day.name for p in preview if p.red_day]
    assert names == ["Midsommarafton", "Midsommardagen"]
