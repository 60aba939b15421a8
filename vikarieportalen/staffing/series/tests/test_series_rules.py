"""series_check: each shift of a series against every rule, the series' own passing shifts counted
as booked (rest between days, the week's rest, the month's hours). Pure: no database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from vikarieportalen.core.time import STOCKHOLM
from vikarieportalen.staffing.booking.facts import (
    DAILY_REST,
    MONTH_HOURS,
    OVERLAP,
    SHIFT_TAKEN,
    WEEKLY_REST,
    AvailabilitySpan,
    Limits,
    ShiftFacts,
    SubstituteFacts,
    Violation,
    Work,
)
from vikarieportalen.staffing.series.rules import SeriesShift, series_check

MONDAY = dt.date(2026, 11, 2)  # a Monday in November (no daylight-saving change)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=STOCKHOLM)


def free_all_month(**changes: object) -> SubstituteFacts:
    """Can work the whole month, nothing booked."""
    values: dict[str, object] = {
        "periods": [
            AvailabilitySpan(
                True, at(MONDAY - dt.timedelta(days=7), 0), at(MONDAY + dt.timedelta(days=40), 0)
            )
        ],
        "month_minutes": {(2026, 11): 0},
    }
    values.update(changes)
    return SubstituteFacts(**values)  # type: ignore[arg-type]


def item(
    shift_id: int,
    day: dt.date,
    starts: int,
    ends: int,
    *,
    person: SubstituteFacts | None = None,
    limits: Limits | None = None,
    state: tuple[Violation, ...] = (),
    break_minutes: int = 45,
) -> SeriesShift:
    end_day = day if ends > starts else day + dt.timedelta(days=1)
    return SeriesShift(
        shift_id=shift_id,
        facts=ShiftFacts(
            starts_at=at(day, starts),
            ends_at=at(end_day, ends),
            break_minutes=break_minutes,
            day=day,
            workplace_id=1,
            workplace_name="Solrosen",
        ),
        substitute=person or free_all_month(),
        limits=limits or Limits(),
        state=state,
    )


def failing(outcomes: list) -> dict[int, set[str]]:
    return {o.shift_id: {v.code for v in o.violations} for o in outcomes if not o.passes}


def test_a_series_with_nothing_in_the_way_passes_whole() -> None:
    shifts = [item(n, MONDAY + dt.timedelta(days=n), 7, 16) for n in range(5)]
    assert all(outcome.passes for outcome in series_check(shifts))


def test_too_little_rest_between_two_days_of_the_series_fails_the_later_day() -> None:
    evening = item(1, MONDAY, 14, 22)
    early_next_morning = item(2, MONDAY + dt.timedelta(days=1), 6, 14)
    outcomes = series_check([evening, early_next_morning])
    assert failing(outcomes) == {2: {DAILY_REST}}
    reason = outcomes[1].violations[0].message
    assert "8 h of rest after the shift that ends" in reason


def test_a_failed_shift_is_not_counted_for_the_later_ones() -> None:
    taken = Violation(SHIFT_TAKEN, "The shift is already booked by Ann.", overridable=False)
    evening = item(1, MONDAY, 14, 22, state=(taken,))
    early_next_morning = item(2, MONDAY + dt.timedelta(days=1), 6, 14)
    assert failing(series_check([evening, early_next_morning])) == {1: {SHIFT_TAKEN}}


def test_every_day_of_a_week_leaves_no_weekly_rest_and_saturday_fails() -> None:
    """Monday–Friday 07–16 leaves Friday 16:00 to Monday 00:00; Saturday too would leave 32 h
    (36 h needed); Sunday is fine again once Saturday is left out."""
    week = [item(n, MONDAY + dt.timedelta(days=n), 7, 16) for n in range(7)]
    outcomes = series_check(week)
    assert failing(outcomes) == {5: {WEEKLY_REST}}
    assert outcomes[5].violations[0].message == (
        "The week of 2 November would have at most 32 h of unbroken rest (36 h needed)."
    )


def test_the_month_maximum_counts_the_series_own_shifts() -> None:
    small = Limits(max_month_minutes=20 * 60)  # 8 h 15 min a day: the third day passes 20 h
    shifts = [item(n, MONDAY + dt.timedelta(days=n), 7, 16, limits=small) for n in range(4)]
    assert failing(series_check(shifts)) == {2: {MONTH_HOURS}, 3: {MONTH_HOURS}}


def test_an_existing_booking_overlaps_one_day_only() -> None:
    busy = free_all_month(
        bookings=[
            Work(at(MONDAY + dt.timedelta(days=1), 8), at(MONDAY + dt.timedelta(days=1), 12), 240, "Björken")
        ]
    )
    shifts = [item(n, MONDAY + dt.timedelta(days=n), 7, 16, person=busy) for n in range(3)]
    outcomes = series_check(shifts)
    assert failing(outcomes) == {1: {OVERLAP}}
    assert "Björken" in outcomes[1].violations[0].message


def test_shifts_are_checked_in_time_order_whatever_the_input_order() -> None:
    evening = item(1, MONDAY, 14, 22)
    early_next_morning = item(2, MONDAY + dt.timedelta(days=1), 6, 14)
    outcomes = series_check([early_next_morning, evening])
    assert [o.shift_id for o in outcomes] == [1, 2]
    assert failing(outcomes) == {2: {DAILY_REST}}
