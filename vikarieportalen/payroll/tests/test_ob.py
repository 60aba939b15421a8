"""The OB split: bands, priority, midnight, weekends, holidays, daylight saving and the break."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from vikarieportalen.core.public_holidays import swedish_holidays
from vikarieportalen.payroll.ob import STOCKHOLM, BandRule, money, split_into_bands

EVENING = BandRule("ob-kvall", frozenset(range(5)), dt.time(19), dt.time(22), priority=10, key=1)
NIGHT = BandRule("ob-natt", frozenset(range(7)), dt.time(22), dt.time(6), priority=20, key=2)
WEEKEND = BandRule("ob-helg", frozenset({5, 6}), None, None, priority=30, key=3)
FRIDAY = BandRule("ob-helg-fre", frozenset({4}), dt.time(19), dt.time(0), priority=30, key=4)
HOLIDAY = BandRule("ob-storhelg", frozenset(), None, None, on_holidays=True, priority=40, key=5)
ALL = [EVENING, NIGHT, WEEKEND, FRIDAY, HOLIDAY]


def at(y: int, m: int, d: int, h: int = 0, mi: int = 0, fold: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=STOCKHOLM, fold=fold)


def summary(pieces: list) -> list[tuple[str, str, str, int]]:
    return [
        (
            p.band.code,
            p.starts_at.astimezone(STOCKHOLM).strftime("%d %H:%M"),
            p.ends_at.astimezone(STOCKHOLM).strftime("%d %H:%M"),
            p.minutes,
        )
        for p in pieces
    ]


def test_day_shift_on_a_weekday_has_no_supplement() -> None:
    assert (
        split_into_bands(
            starts_at=at(2026, 11, 24, 7), ends_at=at(2026, 11, 24, 16), break_minutes=45, bands=ALL
        )
        == []
    )


def test_evening_band_on_a_weekday() -> None:
    pieces = split_into_bands(
        starts_at=at(2026, 11, 24, 14), ends_at=at(2026, 11, 24, 22), break_minutes=30, bands=ALL
    )
    assert summary(pieces) == [("ob-kvall", "24 19:00", "24 22:00", 180)]


def test_night_across_midnight_and_evening_before_it() -> None:
    pieces = split_into_bands(
        starts_at=at(2026, 11, 24, 21), ends_at=at(2026, 11, 25, 7), break_minutes=0, bands=ALL
    )
    assert summary(pieces) == [
        ("ob-kvall", "24 21:00", "24 22:00", 60),
        ("ob-natt", "24 22:00", "25 06:00", 480),
    ]


def test_weekend_wins_over_night_by_priority() -> None:
    # Friday 21:00 – Saturday 07:00: the Friday-evening weekend window, then the whole Saturday.
    pieces = split_into_bands(
        starts_at=at(2026, 11, 27, 21), ends_at=at(2026, 11, 28, 7), break_minutes=0, bands=ALL
    )
    assert summary(pieces) == [
        ("ob-helg-fre", "27 21:00", "28 00:00", 180),
        ("ob-helg", "28 00:00", "28 07:00", 420),
    ]


def test_christmas_eve_is_a_holiday_all_day() -> None:
    pieces = split_into_bands(
        starts_at=at(2026, 12, 24, 7), ends_at=at(2026, 12, 24, 16), break_minutes=0, bands=ALL
    )
    assert summary(pieces) == [("ob-storhelg", "24 07:00", "24 16:00", 540)]
    assert dt.date(2026, 12, 24) in swedish_holidays([2026])
    assert dt.date(2026, 11, 29) not in swedish_holidays([2026])  # an ordinary Sunday


def test_night_the_clocks_go_back_is_nine_real_hours() -> None:
    pieces = split_into_bands(
        starts_at=at(2026, 10, 26, 22), ends_at=at(2026, 10, 27, 6), break_minutes=0, bands=[NIGHT]
    )
    assert [p.minutes for p in pieces] == [480]  # an ordinary night
    pieces = split_into_bands(
        starts_at=at(2026, 10, 24, 22), ends_at=at(2026, 10, 25, 6), break_minutes=0, bands=[NIGHT]
    )
    assert sum(p.minutes for p in pieces) == 540


def test_night_the_clocks_go_forward_is_seven_real_hours() -> None:
    pieces = split_into_bands(
        starts_at=at(2026, 3, 28, 22), ends_at=at(2026, 3, 29, 6), break_minutes=0, bands=[NIGHT]
    )
    assert sum(p.minutes for p in pieces) == 420


def test_break_is_in_the_middle_and_unpaid_in_bands() -> None:
    # 22:00–06:00 with 60 min: the break is 01:30–02:30; the night band is split around it.
    pieces = split_into_bands(
        starts_at=at(2026, 11, 24, 22), ends_at=at(2026, 11, 25, 6), break_minutes=60, bands=[NIGHT]
    )
    assert summary(pieces) == [
        ("ob-natt", "24 22:00", "25 01:30", 210),
        ("ob-natt", "25 02:30", "25 06:00", 210),
    ]


def test_money_rounds_to_ore() -> None:
    assert money(Decimal("26.10"), 50) == Decimal("21.75")
    assert money(Decimal("53.40"), 7) == Decimal("6.23")


starts = st.datetimes(
    min_value=dt.datetime(2025, 1, 1),  # noqa: DTZ001 - hypothesis wants naive bounds
    max_value=dt.datetime(2027, 12, 31),  # noqa: DTZ001
    timezones=st.just(STOCKHOLM),
).map(lambda moment: moment.replace(second=0, microsecond=0))


@settings(max_examples=150, deadline=None)
@given(
    start=starts,
    length=st.integers(min_value=1, max_value=16 * 60),
    pause=st.integers(min_value=0, max_value=120),
)
def test_band_minutes_never_exceed_worked_minutes_and_pieces_do_not_overlap(
    start: dt.datetime, length: int, pause: int
) -> None:
    start = start.astimezone(dt.UTC)
    end = start + dt.timedelta(minutes=length)
    pause = min(pause, length - 1)
    pieces = split_into_bands(starts_at=start, ends_at=end, break_minutes=pause, bands=ALL)
    assert sum(p.minutes for p in pieces) <= length - pause
    for piece in pieces:
        assert start <= piece.starts_at < piece.ends_at <= end
    for first, second in itertools.pairwise(pieces):
        assert first.ends_at <= second.starts_at
