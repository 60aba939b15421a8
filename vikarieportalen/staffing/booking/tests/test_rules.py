"""The working-time rules as pure functions: boundaries, midnight, daylight saving, properties."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from vikarieportalen.core.time import STOCKHOLM, duration_text, minutes_between
from vikarieportalen.staffing.booking import facts, rules, working_time
from vikarieportalen.staffing.booking.facts import (
    AvailabilitySpan,
    Limits,
    ShiftFacts,
    SubstituteFacts,
    WeeklyPattern,
    Work,
)
from vikarieportalen.staffing.tests.factories import at

LIMITS = Limits()
UTC = dt.UTC
H = dt.timedelta(hours=1)
M = dt.timedelta(minutes=1)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def shift(starts_at: dt.datetime, ends_at: dt.datetime, break_minutes: int = 0, **kwargs) -> ShiftFacts:
    return ShiftFacts(
        starts_at=starts_at,
        ends_at=ends_at,
        break_minutes=break_minutes,
        day=starts_at.astimezone(STOCKHOLM).date(),
        workplace_id=1,
        workplace_name="Solrosen",
        **kwargs,
    )


def work(starts_at: dt.datetime, ends_at: dt.datetime, label: str = "Näckrosen") -> Work:
    return Work(starts_at, ends_at, minutes_between(starts_at, ends_at), label)


def codes(violations: list[facts.Violation]) -> list[str]:
    return [v.code for v in violations]


# --- overlap -----------------------------------------------------------------------------------


def test_overlap_is_refused_and_never_overridable():
    new = shift(at(2026, 12, 3, 7), at(2026, 12, 3, 16))
    found = working_time.overlap_check(shift=new, bookings=[work(at(2026, 12, 3, 15), at(2026, 12, 3, 21))])
    assert codes(found) == ["overlap"]
    assert not found[0].overridable
    assert "3 December 15:00–21:00" in found[0].message
    assert "Näckrosen" in found[0].message


def test_shifts_that_touch_do_not_overlap():
    new = shift(at(2026, 12, 3, 7), at(2026, 12, 3, 16))
    assert (
        working_time.overlap_check(shift=new, bookings=[work(at(2026, 12, 3, 16), at(2026, 12, 3, 21))]) == []
    )
    assert (
        working_time.overlap_check(shift=new, bookings=[work(at(2026, 12, 2, 22), at(2026, 12, 3, 7))]) == []
    )


@given(
    a=st.integers(min_value=0, max_value=3000),
    a_len=st.integers(min_value=1, max_value=1500),
    b=st.integers(min_value=0, max_value=3000),
    b_len=st.integers(min_value=1, max_value=1500),
)
def test_overlap_is_symmetric_and_matches_interval_arithmetic(a, a_len, b, b_len):
    base = at(2026, 12, 1)
    first = (base + a * M, base + (a + a_len) * M)
    second = (base + b * M, base + (b + b_len) * M)
    one = bool(working_time.overlap_check(shift=shift(*first), bookings=[work(*second)]))
    other = bool(working_time.overlap_check(shift=shift(*second), bookings=[work(*first)]))
    assert one == other == (a < b + b_len and b < a + a_len)


# --- daily rest --------------------------------------------------------------------------------


def test_exactly_eleven_hours_of_rest_passes():
    before = work(at(2026, 12, 2, 13, 30), at(2026, 12, 2, 21, 30))
    new = shift(at(2026, 12, 3, 8, 30), at(2026, 12, 3, 16))
    assert working_time.daily_rest_check(shift=new, bookings=[before], limits=LIMITS) == []


def test_ten_hours_fifty_nine_minutes_of_rest_fails():
    before = work(at(2026, 12, 2, 13, 30), at(2026, 12, 2, 21, 31))
    new = shift(at(2026, 12, 3, 8, 30), at(2026, 12, 3, 16))
    found = working_time.daily_rest_check(shift=new, bookings=[before], limits=LIMITS)
    assert codes(found) == ["daily_rest"]
    assert found[0].overridable
    assert (
        found[0].message
        == "Only 10 h 59 min of rest after the shift that ends 2 December at 21:31 (11 h needed)."
    )


def test_rest_before_the_next_booking_counts_too():
    new = shift(at(2026, 12, 3, 13, 30), at(2026, 12, 3, 21, 30))
    after = work(at(2026, 12, 4, 7), at(2026, 12, 4, 16))
    found = working_time.daily_rest_check(shift=new, bookings=[after], limits=LIMITS)
    assert codes(found) == ["daily_rest"]
    assert (
        "9 h 30 min" in found[0].message
        and "before the shift that starts 4 December at 07:00" in found[0].message
    )


def test_night_shift_crossing_midnight_then_a_day_shift():
    night = work(at(2026, 12, 2, 21, 15), at(2026, 12, 3, 7, 15))
    assert (
        working_time.daily_rest_check(
            shift=shift(at(2026, 12, 3, 18, 15), at(2026, 12, 3, 23)), bookings=[night], limits=LIMITS
        )
        == []
    )
    assert codes(
        working_time.daily_rest_check(
            shift=shift(at(2026, 12, 3, 18, 14), at(2026, 12, 3, 23)), bookings=[night], limits=LIMITS
        )
    ) == ["daily_rest"]


def test_a_shift_longer_than_thirteen_hours_leaves_too_little_rest_in_its_day():
    assert (
        working_time.daily_rest_check(
            shift=shift(at(2026, 12, 3, 7), at(2026, 12, 3, 20)), bookings=[], limits=LIMITS
        )
        == []
    )
    found = working_time.daily_rest_check(
        shift=shift(at(2026, 12, 3, 7), at(2026, 12, 3, 20, 1)), bookings=[], limits=LIMITS
    )
    assert codes(found) == ["daily_rest"]
    assert "13 h 1 min" in found[0].message


def test_daily_rest_over_spring_forward_is_real_time():
    # Sunday 29 March 2026, 02:00 becomes 03:00. 22:00 Saturday to 10:00 Sunday is 11 real hours.
    before = work(at(2026, 3, 28, 14), at(2026, 3, 28, 22))
    assert (
        working_time.daily_rest_check(
            shift=shift(at(2026, 3, 29, 10), at(2026, 3, 29, 18)), bookings=[before], limits=LIMITS
        )
        == []
    )
    found = working_time.daily_rest_check(
        shift=shift(at(2026, 3, 29, 9, 59), at(2026, 3, 29, 18)), bookings=[before], limits=LIMITS
    )
    assert "10 h 59 min" in found[0].message  # the wall clock says 11 h 59 min


def test_daily_rest_over_fall_back_is_real_time():
    # Sunday 25 October 2026, 03:00 becomes 02:00. 22:00 Saturday to 08:00 Sunday is 11 real hours.
    before = work(at(2026, 10, 24, 14), at(2026, 10, 24, 22))
    assert (
        working_time.daily_rest_check(
            shift=shift(at(2026, 10, 25, 8), at(2026, 10, 25, 16)), bookings=[before], limits=LIMITS
        )
        == []
    )
    assert codes(
        working_time.daily_rest_check(
            shift=shift(at(2026, 10, 25, 7, 59), at(2026, 10, 25, 16)), bookings=[before], limits=LIMITS
        )
    ) == ["daily_rest"]


def test_daily_rest_follows_the_agreement():
    before = work(at(2026, 12, 2, 13), at(2026, 12, 2, 22))
    new = shift(at(2026, 12, 3, 7), at(2026, 12, 3, 16))
    assert codes(working_time.daily_rest_check(shift=new, bookings=[before], limits=LIMITS)) == ["daily_rest"]
    assert (
        working_time.daily_rest_check(shift=new, bookings=[before], limits=Limits(daily_rest_minutes=9 * 60))
        == []
    )


@given(gap=st.integers(min_value=0, max_value=30 * 60), length=st.integers(min_value=60, max_value=13 * 60))
def test_daily_rest_fails_exactly_when_the_gap_is_short(gap, length):
    previous_end = at(2026, 12, 2, 20)
    new_start = previous_end + gap * M
    found = working_time.daily_rest_check(
        shift=shift(new_start, new_start + length * M),
        bookings=[work(previous_end - 8 * H, previous_end)],
        limits=LIMITS,
    )
    assert bool(found) == (gap < 11 * 60)


# --- weekly rest -------------------------------------------------------------------------------


def test_weekly_rest_of_exactly_36_hours_passes_and_35_59_fails():
    # Week of Monday 7 December 2026. Work every day 08–20 except one rest from Wed 20:00.
    bookings = [work(at(2026, 12, d, 8), at(2026, 12, d, 20)) for d in (7, 8, 9)]
    bookings += [work(at(2026, 12, d, 8), at(2026, 12, d, 20)) for d in (11, 12, 13)]
    # Wed 20:00 → Fri 08:00 is 36 h; Thursday free.
    new = shift(at(2026, 12, 11, 8), at(2026, 12, 11, 20))
    assert (
        working_time.weekly_rest_check(
            shift=new, bookings=[b for b in bookings if b.starts_at.day != 11], limits=LIMITS
        )
        == []
    )
    earlier = shift(at(2026, 12, 11, 7, 59), at(2026, 12, 11, 20))
    found = working_time.weekly_rest_check(
        shift=earlier, bookings=[b for b in bookings if b.starts_at.day != 11], limits=LIMITS
    )
    assert codes(found) == ["weekly_rest"]
    assert "week of 7 December" in found[0].message and "35 h 59 min" in found[0].message


def test_weekly_rest_counts_rest_only_inside_the_week():
    # Rest from Sunday 12:00 runs on into next week: inside this week it is 12 h only.
    bookings = [work(at(2026, 12, d, 0), at(2026, 12, d, 23, 59)) for d in range(7, 13)]
    new = shift(at(2026, 12, 13, 0), at(2026, 12, 13, 12))
    found = working_time.weekly_rest_check(shift=new, bookings=bookings, limits=LIMITS)
    assert codes(found) == ["weekly_rest"]


def test_weekly_rest_checks_both_weeks_a_sunday_night_shift_touches():
    # Busy week of 7 Dec until Sunday; the new night shift Sunday 21:15 → Monday 07:15 touches both weeks.
    previous = [work(at(2026, 12, d, 7), at(2026, 12, d, 19)) for d in range(7, 13)]
    following = [work(at(2026, 12, d, 12), at(2026, 12, d, 23)) for d in range(14, 21)]
    new = shift(at(2026, 12, 13, 21, 15), at(2026, 12, 14, 7, 15), 0)
    found = working_time.weekly_rest_check(shift=new, bookings=[*previous, *following], limits=LIMITS)
    assert len(found) == 2
    assert "7 December" in found[0].message and "14 December" in found[1].message


def test_week_with_the_autumn_change_has_169_hours():
    weeks = working_time.weeks_touched(at(2026, 10, 21, 8), at(2026, 10, 21, 16))
    ((start, end),) = weeks
    assert (end - start) == 169 * H
    assert start == at(2026, 10, 19)


def _longest_rest_brute(intervals, start, end):
    best = run = 0
    moment = start
    while moment < end:
        busy = any(a <= moment < b for a, b in intervals)
        run = 0 if busy else run + 1
        best = max(best, run)
        moment += M
    return best


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 600), st.integers(1, 120)), max_size=5))
def test_longest_rest_matches_a_minute_by_minute_count(spans):
    start = at(2026, 12, 7)
    end = start + 600 * M
    intervals = [(start + a * M, start + (a + n) * M) for a, n in spans]
    found, _at = working_time.longest_rest(
        [work(a, b) for a, b in intervals], window_start=start, window_end=end
    )
    assert found == _longest_rest_brute(intervals, start, end)


# --- breaks ------------------------------------------------------------------------------------


def test_five_hours_without_a_break_pass_and_one_minute_more_fails():
    assert working_time.break_check(shift=shift(at(2026, 12, 3, 8), at(2026, 12, 3, 13)), limits=LIMITS) == []
    found = working_time.break_check(shift=shift(at(2026, 12, 3, 8), at(2026, 12, 3, 13, 1)), limits=LIMITS)
    assert codes(found) == ["break"] and found[0].overridable


def test_one_break_covers_up_to_ten_hours_of_work():
    ok = shift(at(2026, 12, 3, 7), at(2026, 12, 3, 17, 45), 45)
    assert working_time.break_check(shift=ok, limits=LIMITS) == []
    too_long = shift(at(2026, 12, 3, 7), at(2026, 12, 3, 17, 46), 45)
    assert codes(working_time.break_check(shift=too_long, limits=LIMITS)) == ["break"]


def test_night_shift_without_break_on_spring_night_is_nine_real_hours():
    night = shift(at(2026, 3, 28, 21, 15), at(2026, 3, 29, 7, 15), 0)
    found = working_time.break_check(shift=night, limits=LIMITS)
    assert "9 h of work without a break" in found[0].message
    assert night.work_minutes == 9 * 60


def test_night_shift_on_autumn_night_is_eleven_real_hours():
    night = shift(at(2026, 10, 24, 21, 15), at(2026, 10, 25, 7, 15), 60)
    assert night.work_minutes == 10 * 60
    assert working_time.break_check(shift=night, limits=LIMITS) == []


# --- month hours -------------------------------------------------------------------------------


def test_month_limit_exact_boundary():
    new = shift(at(2026, 12, 3, 7), at(2026, 12, 3, 16), 60)  # 8 h
    assert (
        working_time.month_hours_check(shift=new, month_minutes={(2026, 12): 157 * 60}, limits=LIMITS) == []
    )
    found = working_time.month_hours_check(shift=new, month_minutes={(2026, 12): 157 * 60 + 1}, limits=LIMITS)
    assert codes(found) == ["month_hours"]
    assert "165 h 1 min of work in December 2026" in found[0].message


def test_shift_crossing_months_counts_per_part():
    # 31 Dec 21:00 → 1 Jan 07:00, no break: 3 h in December, 7 h in January.
    new = shift(at(2026, 12, 31, 21), at(2027, 1, 1, 7))
    assert facts.month_parts(new.starts_at, new.ends_at, new.work_minutes) == {
        (2026, 12): 180,
        (2027, 1): 420,
    }
    assert (
        working_time.month_hours_check(
            shift=new, month_minutes={(2026, 12): 162 * 60, (2027, 1): 0}, limits=LIMITS
        )
        == []
    )
    found = working_time.month_hours_check(
        shift=new, month_minutes={(2026, 12): 0, (2027, 1): 158 * 60 + 1}, limits=LIMITS
    )
    assert "January 2027" in found[0].message


@given(
    start=st.integers(min_value=0, max_value=60 * 24 * 400),
    length=st.integers(min_value=1, max_value=60 * 26),
    brk=st.integers(min_value=0, max_value=90),
)
def test_month_parts_add_up(start, length, brk):
    starts_at = at(2026, 1, 1).astimezone(UTC) + start * M
    ends_at = starts_at + length * M
    minutes = max(0, length - brk)
    parts = facts.month_parts(starts_at, ends_at, minutes)
    assert sum(parts.values()) == minutes
    assert all(part >= 0 for part in parts.values())
    assert list(parts) == facts.months_touched(starts_at, ends_at)


# --- qualifications, introduction, bookable ----------------------------------------------------


def test_qualification_must_be_held_and_valid_on_the_shift_date():
    required = [(1, "Läkemedelsdelegering"), (2, "B-körkort")]
    day = dt.date(2026, 12, 3)
    assert rules.qualification_check(required=required, held={1: day, 2: None}, day=day) == []
    found = rules.qualification_check(required=required, held={1: day - dt.timedelta(days=1)}, day=day)
    assert [v.message for v in found] == [
        "Läkemedelsdelegering was valid only until 2 December.",
        "Lacks the qualification B-körkort.",
    ]


def test_not_introduced_and_paused():
    assert codes(rules.introduction_check(introduced=False, workplace_name="Solrosen")) == ["introduction"]
    assert rules.introduction_check(introduced=True, workplace_name="Solrosen") == []
    assert codes(rules.bookable_check(is_bookable=False)) == ["not_bookable"]


# --- availability ------------------------------------------------------------------------------


def can(starts_at, ends_at, note=""):
    return AvailabilitySpan(True, starts_at, ends_at, note)


def cannot(starts_at, ends_at, note=""):
    return AvailabilitySpan(False, starts_at, ends_at, note)


def pattern(weekday, starts, ends, available=True, valid_from=dt.date(2026, 1, 1), valid_until=None):
    return WeeklyPattern(available, weekday, starts, ends, valid_from, valid_until)


DAY = shift(at(2026, 12, 3, 7), at(2026, 12, 3, 16), 45)  # a Thursday


def test_available_when_a_period_covers_the_whole_shift():
    assert (
        rules.availability_check(shift=DAY, periods=[can(at(2026, 12, 3, 7), at(2026, 12, 3, 16))], weekly=[])
        == []
    )


def test_not_available_when_nothing_is_said():
    found = rules.availability_check(shift=DAY, periods=[], weekly=[])
    assert found[0].message == "Has not said they can work then."


def test_partly_covered_says_from_when():
    found = rules.availability_check(
        shift=DAY, periods=[can(at(2026, 12, 3, 6), at(2026, 12, 3, 12))], weekly=[]
    )
    assert found[0].message == "Has not said they can work from 12:00."


def test_period_and_weekly_pattern_together_cover_the_shift():
    periods = [can(at(2026, 12, 3, 6), at(2026, 12, 3, 12))]
    weekly = [pattern(3, dt.time(12), dt.time(18))]
    assert rules.availability_check(shift=DAY, periods=periods, weekly=weekly) == []


def test_cannot_beats_can():
    periods = [
        can(at(2026, 12, 1), at(2026, 12, 10)),
        cannot(at(2026, 12, 3, 15), at(2026, 12, 3, 18), "tandläkare"),
    ]
    found = rules.availability_check(shift=DAY, periods=periods, weekly=[pattern(3, dt.time(6), dt.time(20))])
    assert found[0].message == "Cannot work 3 December 15:00–16:00 (tandläkare)."


def test_weekly_cannot_beats_a_can_period():
    periods = [can(at(2026, 12, 1), at(2026, 12, 10))]
    found = rules.availability_check(
        shift=DAY, periods=periods, weekly=[pattern(3, dt.time(15), dt.time(17), False)]
    )
    assert codes(found) == ["availability"]


def test_weekly_pattern_outside_its_validity_does_not_count():
    weekly = [pattern(3, dt.time(6), dt.time(20), valid_from=dt.date(2026, 12, 4))]
    assert codes(rules.availability_check(shift=DAY, periods=[], weekly=weekly)) == ["availability"]
    weekly = [pattern(3, dt.time(6), dt.time(20), valid_until=dt.date(2026, 12, 2))]
    assert codes(rules.availability_check(shift=DAY, periods=[], weekly=weekly)) == ["availability"]
    weekly = [pattern(3, dt.time(6), dt.time(20), valid_until=dt.date(2026, 12, 3))]
    assert rules.availability_check(shift=DAY, periods=[], weekly=weekly) == []


def test_weekly_pattern_past_midnight_covers_a_night_shift():
    night = shift(at(2026, 12, 3, 21, 15), at(2026, 12, 4, 7, 15))
    assert (
        rules.availability_check(shift=night, periods=[], weekly=[pattern(3, dt.time(21), dt.time(8))]) == []
    )
    # Two whole-day rows (00:00–time.max) cover a night across midnight without a hole.
    whole = [pattern(3, dt.time(0), dt.time.max), pattern(4, dt.time(0), dt.time.max)]
    assert rules.availability_check(shift=night, periods=[], weekly=whole) == []


def test_weekly_pattern_on_the_night_clocks_go_back_covers_nine_real_hours():
    # Saturday 24 October 2026 22:00 → Sunday 06:00 is 9 real hours.
    spans = rules.weekly_pattern_spans(
        [pattern(5, dt.time(22), dt.time(6))], starts_at=at(2026, 10, 24, 22), ends_at=at(2026, 10, 25, 6)
    )
    assert [(s.ends_at - s.starts_at) for s in spans] == [9 * H]
    night = shift(at(2026, 10, 24, 22), at(2026, 10, 25, 6))
    assert (
        rules.availability_check(shift=night, periods=[], weekly=[pattern(5, dt.time(22), dt.time(6))]) == []
    )


def test_weekly_pattern_on_the_night_clocks_go_forward_covers_seven_real_hours():
    spans = rules.weekly_pattern_spans(
        [pattern(5, dt.time(22), dt.time(6))], starts_at=at(2026, 3, 28, 22), ends_at=at(2026, 3, 29, 6)
    )
    assert [(s.ends_at - s.starts_at) for s in spans] == [7 * H]
    night = shift(at(2026, 3, 28, 22), at(2026, 3, 29, 6))
    assert (
        rules.availability_check(shift=night, periods=[], weekly=[pattern(5, dt.time(22), dt.time(6))]) == []
    )


def test_weekly_pattern_on_a_dst_sunday_day_shift():
    day = shift(at(2026, 3, 29, 7), at(2026, 3, 29, 16), 45)
    assert rules.availability_check(shift=day, periods=[], weekly=[pattern(6, dt.time(7), dt.time(16))]) == []
    day = shift(at(2026, 10, 25, 7), at(2026, 10, 25, 16), 45)
    assert rules.availability_check(shift=day, periods=[], weekly=[pattern(6, dt.time(7), dt.time(16))]) == []


# --- shift state and the whole check -----------------------------------------------------------


def test_shift_state_is_never_overridable():
    now = at(2026, 12, 1, 12)
    cancelled = rules.shift_state_check(is_cancelled=True, ends_at=at(2026, 12, 3), now=now, booked_by=None)
    ended = rules.shift_state_check(is_cancelled=False, ends_at=now, now=now, booked_by=None)
    taken = rules.shift_state_check(
        is_cancelled=False, ends_at=at(2026, 12, 3), now=now, booked_by="Anna Berg"
    )
    assert codes(cancelled + ended + taken) == ["shift_cancelled", "shift_ended", "shift_taken"]
    assert not any(v.overridable for v in cancelled + ended + taken)
    assert taken[0].message == "The shift is already booked by Anna Berg."
    assert rules.shift_state_check(is_cancelled=False, ends_at=at(2026, 12, 3), now=now, booked_by=None) == []


def test_rules_check_collects_every_reason_in_order():
    new = shift(at(2026, 12, 3, 7), at(2026, 12, 3, 18), 0, required_qualifications=((1, "Undersköterska"),))
    person = SubstituteFacts(
        is_bookable=False,
        introduced=False,
        bookings=[
            work(at(2026, 12, 2, 14), at(2026, 12, 2, 23)),
            work(at(2026, 12, 3, 17), at(2026, 12, 3, 20)),
        ],
        month_minutes={(2026, 12): 160 * 60},
    )
    found = rules.rules_check(shift=new, substitute=person, limits=LIMITS)
    assert codes(found) == [
        "overlap",
        "introduction",
        "not_bookable",
        "availability",
        "qualification",
        "daily_rest",
        "break",
        "month_hours",
    ]
    assert not rules.violations_overridable(found)
    assert rules.violations_overridable([v for v in found if v.code != "overlap"])


def test_a_fit_substitute_passes_every_rule():
    new = shift(at(2026, 12, 3, 7), at(2026, 12, 3, 16), 45)
    person = SubstituteFacts(periods=[can(at(2026, 12, 3, 6), at(2026, 12, 3, 17))])
    assert rules.rules_check(shift=new, substitute=person, limits=LIMITS) == []


def test_duration_text():
    assert duration_text(570) == "9 h 30 min"
    assert duration_text(660) == "11 h"
    assert duration_text(45) == "45 min"
    assert duration_text(0) == "0 min"
