"""Swedish time: the zone, local days across the daylight-saving changes, elapsed minutes, durations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.utils import translation

from vikarieportalen.core.time import (
    STOCKHOLM,
    clock_text,
    day_bounds,
    day_start,
    duration_text,
    local_instant,
    minutes_between,
    moment_text,
)

SPRING_FORWARD = dt.date(2026, 3, 29)  # 02:00 becomes 03:00
FALL_BACK = dt.date(2026, 10, 25)  # 03:00 becomes 02:00


def test_the_zone_is_the_one_the_settings_name() -> None:
    assert settings.TIME_ZONE == STOCKHOLM.key == "Europe/Stockholm"


def test_an_ordinary_day_is_24_hours_from_local_midnight() -> None:
    start, end = day_bounds(dt.date(2026, 1, 15))
    assert start == dt.datetime(2026, 1, 14, 23, 0, tzinfo=dt.UTC)
    assert end == dt.datetime(2026, 1, 15, 23, 0, tzinfo=dt.UTC)
    assert minutes_between(start, end) == 24 * 60


def test_the_spring_day_is_23_hours() -> None:
    start, end = day_bounds(SPRING_FORWARD)
    assert start == dt.datetime(2026, 3, 28, 23, 0, tzinfo=dt.UTC)  # winter time, UTC+1
    assert end == dt.datetime(2026, 3, 29, 22, 0, tzinfo=dt.UTC)  # summer time, UTC+2
    assert minutes_between(start, end) == 23 * 60


def test_the_autumn_day_is_25_hours() -> None:
    start, end = day_bounds(FALL_BACK)
    assert start == dt.datetime(2026, 10, 24, 22, 0, tzinfo=dt.UTC)
    assert end == dt.datetime(2026, 10, 25, 23, 0, tzinfo=dt.UTC)
    assert minutes_between(start, end) == 25 * 60


def test_the_days_around_a_change_meet_without_a_gap() -> None:
    for day in (SPRING_FORWARD, FALL_BACK):
        assert day_bounds(day - dt.timedelta(days=1))[1] == day_start(day)
        assert day_bounds(day)[1] == day_start(day + dt.timedelta(days=1))


def test_a_time_that_happens_twice_in_autumn_means_the_first() -> None:
    # Compared in UTC: Python never finds a time in a fold or gap equal to one in another zone.
    moment = local_instant(FALL_BACK, dt.time(2, 30))
    assert moment.astimezone(dt.UTC) == dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)  # summer time


def test_a_time_the_clocks_skip_in_spring_is_read_with_winter_time() -> None:
    moment = local_instant(SPRING_FORWARD, dt.time(2, 30))
    assert moment.astimezone(dt.UTC) == dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC)
    assert moment.astimezone(dt.UTC).astimezone(STOCKHOLM).time() == dt.time(3, 30)


def test_minutes_between_counts_real_time_when_both_share_the_zone() -> None:
    # Python subtracts two datetimes with the same tzinfo by wall clock: 8 hours here, which is wrong.
    night_start = dt.datetime(2026, 10, 24, 22, 0, tzinfo=STOCKHOLM)
    night_end = dt.datetime(2026, 10, 25, 6, 0, tzinfo=STOCKHOLM)
    assert minutes_between(night_start, night_end) == 9 * 60
    assert minutes_between(night_end, night_start) == -9 * 60


def test_minutes_between_drops_seconds() -> None:
    start = dt.datetime(2026, 1, 1, 8, 0, tzinfo=dt.UTC)
    assert minutes_between(start, start + dt.timedelta(minutes=5, seconds=59)) == 5


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(570, "9 h 30 min"), (660, "11 h"), (45, "45 min"), (0, "0 min"), (-5, "0 min"), (61, "1 h 1 min")],
)
def test_duration_text(minutes: int, text: str) -> None:
    with translation.override("en"):
        assert duration_text(minutes) == text


NOW = dt.datetime(2026, 12, 7, 10, 0, tzinfo=STOCKHOLM)


@pytest.mark.parametrize(
    ("language", "later", "expected"),
    [
        ("sv", dt.timedelta(hours=3, minutes=45), "kl. 13.45"),
        ("sv", dt.timedelta(days=1, hours=-2, minutes=10), "i morgon kl. 08.10"),
        ("sv", dt.timedelta(days=2), "den 9 dec kl. 10.00"),
        ("en", dt.timedelta(hours=3, minutes=45), "at 13:45"),
        ("en", dt.timedelta(days=1), "tomorrow at 10:00"),
        ("en", dt.timedelta(days=2), "on 9 Dec at 10:00"),
    ],
)
def test_a_moment_is_said_the_way_the_language_says_it(
    language: str, later: dt.timedelta, expected: str
) -> None:
    with translation.override(language):
        assert moment_text(NOW + later, now=NOW) == expected


def test_the_clock_is_swedish_time_whatever_zone_the_moment_is_in() -> None:
    with translation.override("sv"):
        assert clock_text(dt.datetime(2026, 7, 1, 5, 7, tzinfo=dt.UTC)) == "07.07"  # summer time
        assert clock_text(dt.datetime(2026, 12, 1, 5, 7, tzinfo=dt.UTC)) == "06.07"
