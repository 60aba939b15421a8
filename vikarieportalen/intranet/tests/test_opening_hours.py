"""Open now / opens next: pure rules, Swedish holidays, daylight-saving changes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from vikarieportalen.intranet.opening_hours import (
    STOCKHOLM,
    OpeningStatus,
    opening_status,
    swedish_closed_days,
    time_label,
    weekly_hours,
)
from vikarieportalen.intranet.tests.factories import STAFFING_CENTRE_HOURS

UTC = ZoneInfo("UTC")
PAYROLL_HOURS = [(range(0, 5), dt.time(8), dt.time(12))]


def _weekly(spec: list) -> dict[int, list[tuple[dt.time, dt.time]]]:
    return weekly_hours((day, opens, closes) for days, opens, closes in spec for day in days)


STAFFING = _weekly(STAFFING_CENTRE_HOURS)
PAYROLL = _weekly(PAYROLL_HOURS)
CLOSED = swedish_closed_days((2026, 2027))


def at(*parts: int, tz: ZoneInfo = STOCKHOLM) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=tz)  # type: ignore[misc]


def status(weekly: dict, now: dt.datetime) -> OpeningStatus:
    return opening_status(weekly=weekly, now=now, closed_days=CLOSED)


# --- the holiday calendar -------------------------------------------------------------------


def test_closed_days_include_the_three_eves_and_public_holidays() -> None:
    assert CLOSED[dt.date(2026, 6, 19)] == "Midsommarafton"
    assert CLOSED[dt.date(2026, 12, 24)] == "Julafton"
    assert CLOSED[dt.date(2026, 12, 31)] == "Nyårsafton"
    assert CLOSED[dt.date(2026, 6, 20)] == "Midsommardagen"
    assert CLOSED[dt.date(2026, 4, 5)] == "Påskdagen"
    assert CLOSED[dt.date(2027, 1, 6)] == "Trettondedag jul"


def test_ordinary_sundays_and_half_days_are_not_closed_days() -> None:
    assert dt.date(2026, 3, 8) not in CLOSED  # an ordinary Sunday
    assert dt.date(2026, 4, 4) not in CLOSED  # Easter Saturday (only "optional" in the library)
    assert dt.date(2026, 4, 30) not in CLOSED  # Walpurgis night: a working day


def test_closed_days_in_english() -> None:
    assert swedish_closed_days([2026], language="en_US")[dt.date(2026, 12, 24)] == "Christmas Eve"


# --- an ordinary weekday: opening, lunch, closing ------------------------------------------


@pytest.mark.parametrize(
    ("moment", "is_open", "change"),
    [
        (at(2026, 3, 2, 6, 29, 59), False, at(2026, 3, 2, 6, 30)),  # a second before opening
        (at(2026, 3, 2, 6, 30), True, at(2026, 3, 2, 11, 30)),  # at opening
        (at(2026, 3, 2, 11, 29, 59), True, at(2026, 3, 2, 11, 30)),  # just before lunch
        (at(2026, 3, 2, 11, 30), False, at(2026, 3, 2, 12, 30)),  # lunch closure
        (at(2026, 3, 2, 12, 30), True, at(2026, 3, 2, 16, 0)),  # after lunch
        (at(2026, 3, 2, 15, 59), True, at(2026, 3, 2, 16, 0)),
        (at(2026, 3, 2, 16, 0), False, at(2026, 3, 3, 6, 30)),  # closed for the day
        (at(2026, 3, 2, 0, 5), False, at(2026, 3, 2, 6, 30)),  # after midnight
    ],
)
def test_staffing_centre_on_a_monday(moment: dt.datetime, is_open: bool, change: dt.datetime) -> None:
    result = status(STAFFING, moment)
    assert result.is_open is is_open
    assert (result.closes_at if is_open else result.opens_at) == change
    assert result.closed_today == ""


def test_friday_evening_the_staffing_centre_opens_saturday_and_payroll_monday() -> None:
    friday_evening = at(2026, 3, 6, 17, 0)
    assert status(STAFFING, friday_evening).opens_at == at(2026, 3, 7, 6, 30)
    assert status(PAYROLL, friday_evening).opens_at == at(2026, 3, 9, 8, 0)


def test_an_ordinary_sunday_has_weekend_hours() -> None:
    result = status(STAFFING, at(2026, 3, 8, 10, 0))
    assert result.is_open
    assert result.closes_at == at(2026, 3, 8, 14, 0)


# --- holidays and eves ------------------------------------------------------------------------


def test_easter_sunday_and_monday_are_closed_despite_weekend_hours() -> None:
    result = status(STAFFING, at(2026, 4, 5, 10, 0))
    assert not result.is_open
    assert result.closed_today == "Påskdagen"
    assert result.opens_at == at(2026, 4, 7, 6, 30)


def test_midsummer_eve_and_day_are_closed_and_sunday_opens() -> None:
    result = status(STAFFING, at(2026, 6, 19, 10, 0))
    assert not result.is_open
    assert result.closed_today == "Midsommarafton"
    assert result.opens_at == at(2026, 6, 21, 6, 30)


def test_the_day_before_midsummer_eve_is_an_ordinary_day() -> None:
    assert status(STAFFING, at(2026, 6, 18, 10, 0)).is_open


def test_christmas_closes_from_the_eve_to_boxing_day() -> None:
    evening_before = at(2026, 12, 23, 16, 30)
    assert status(STAFFING, evening_before).opens_at == at(2026, 12, 27, 6, 30)  # Sunday after
    payroll = status(PAYROLL, evening_before)
    assert payroll.opens_at == at(2026, 12, 28, 8, 0)
    assert payroll.closed_today == ""  # the 23rd is an ordinary day; only closed for the evening


def test_new_years_eve_and_day_are_closed() -> None:
    result = status(PAYROLL, at(2026, 12, 31, 9, 0))
    assert not result.is_open
    assert result.closed_today == "Nyårsafton"
    assert result.opens_at == at(2027, 1, 4, 8, 0)  # Friday 1 January closed, then the weekend


def test_a_holiday_without_hours_that_day_gives_no_reason() -> None:
    # Midsummer Day is a Saturday: payroll is closed on Saturdays anyway.
    assert status(PAYROLL, at(2026, 6, 20, 10, 0)).closed_today == ""


# --- daylight-saving time ------------------------------------------------------------------


def test_spring_forward_morning_counts_in_summer_time() -> None:
    # 29 March 2026: clocks go from 02.00 to 03.00. 04.45 UTC is 06.45 in Stockholm: open.
    result = status(STAFFING, at(2026, 3, 29, 4, 45, tz=UTC))
    assert result.is_open
    assert result.closes_at == at(2026, 3, 29, 14, 0)
    assert result.closes_at is not None
    assert result.closes_at.utcoffset() == dt.timedelta(hours=2)


def test_same_utc_time_a_week_earlier_is_still_winter_time() -> None:
    # 22 March: 04.45 UTC is 05.45 in Stockholm, before the 6.30 opening.
    result = status(STAFFING, at(2026, 3, 22, 4, 45, tz=UTC))
    assert not result.is_open
    assert result.opens_at == at(2026, 3, 22, 6, 30)


def test_fall_back_morning_counts_in_winter_time() -> None:
    # 25 October 2026: clocks go from 03.00 back to 02.00. 05.15 UTC is 06.15 in Stockholm: closed.
    sunday = status(STAFFING, at(2026, 10, 25, 5, 15, tz=UTC))
    assert not sunday.is_open
    assert sunday.opens_at == at(2026, 10, 25, 6, 30)
    saturday = status(STAFFING, at(2026, 10, 24, 5, 15, tz=UTC))  # 07.15 summer time: open
    assert saturday.is_open


def test_during_the_repeated_hour_the_contact_is_closed() -> None:
    first = at(2026, 10, 25, 0, 30, tz=UTC)  # 02.30 summer time
    second = at(2026, 10, 25, 1, 30, tz=UTC)  # 02.30 winter time
    assert status(STAFFING, first).opens_at == status(STAFFING, second).opens_at == at(2026, 10, 25, 6, 30)


# --- shapes of data ------------------------------------------------------------------------


def test_touching_intervals_are_one_opening() -> None:
    weekly = _weekly([([0], dt.time(8), dt.time(12)), ([0], dt.time(12), dt.time(16))])
    assert weekly == {0: [(dt.time(8), dt.time(16))]}
    assert status(weekly, at(2026, 3, 2, 11, 59)).closes_at == at(2026, 3, 2, 16, 0)


def test_rows_in_any_order_give_sorted_intervals() -> None:
    rows = [(0, dt.time(12, 30), dt.time(16)), (0, dt.time(6, 30), dt.time(11, 30))]
    assert weekly_hours(rows) == {0: [(dt.time(6, 30), dt.time(11, 30)), (dt.time(12, 30), dt.time(16))]}


def test_nothing_opens_within_the_horizon() -> None:
    every_day_closed = {dt.date(2026, 3, 2) + dt.timedelta(days=n): "Stängt" for n in range(40)}
    result = opening_status(weekly=PAYROLL, now=at(2026, 3, 2, 9, 0), closed_days=every_day_closed)
    assert result == OpeningStatus(is_open=False, closed_today="Stängt")


def test_no_hours_means_never_open() -> None:
    assert opening_status(weekly={}, now=at(2026, 3, 2, 9, 0), closed_days={}) == OpeningStatus(is_open=False)


def test_a_naive_moment_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        opening_status(weekly=PAYROLL, now=dt.datetime(2026, 3, 2, 9, 0), closed_days={})  # noqa: DTZ001


@pytest.mark.parametrize(
    ("value", "label"), [(dt.time(6, 30), "6.30"), (dt.time(16, 0), "16"), (dt.time(8, 5), "8.05")]
)
def test_time_label(value: dt.time, label: str) -> None:
    assert time_label(value) == label
