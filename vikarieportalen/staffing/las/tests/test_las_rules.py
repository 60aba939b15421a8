"""LAS days, the pure rules: how days are counted, the windows, the thresholds and the ranking value."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from vikarieportalen.staffing.las import rules as las
from vikarieportalen.staffing.las.rules import LasCounts, LasLimits, LasRule, LasState, RankingPolicy

STOCKHOLM = ZoneInfo("Europe/Stockholm")
UTC = dt.UTC
LIMITS = LasLimits()  # 360 / 720 days in 5 years, 360 days in 3 years, warn 30 days before


def days_from(first: dt.date, count: int) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range(count)]


@pytest.mark.parametrize(
    ("days", "state"),
    [
        (0, LasState.OK),
        (330, LasState.OK),
        (331, LasState.NEARING),
        (360, LasState.NEARING),
        (361, LasState.OVER),
    ],
)
def test_more_than_12_months_means_more_than_360_days(days: int, state: LasState) -> None:
    assert las.state_for(days, threshold=360, warning_days=30) == state


def test_vikariat_passes_after_720_days() -> None:
    assert las.state_for(720, threshold=720, warning_days=30) == LasState.NEARING
    assert las.state_for(721, threshold=720, warning_days=30) == LasState.OVER


def test_exactly_360_days_is_not_over_but_361_is() -> None:
    reference = dt.date(2026, 11, 28)
    first = reference - dt.timedelta(days=999)
    at_limit = las.counts_from_days(
        [(d, las.SAV) for d in days_from(first, 360)], reference=reference, limits=LIMITS
    )
    over = las.counts_from_days(
        [(d, las.SAV) for d in days_from(first, 361)], reference=reference, limits=LIMITS
    )
    assert at_limit.sav == 360
    assert las.status_for(at_limit, reference=reference, limits=LIMITS).measure(
        LasRule.SAV_CONVERSION
    ).state == (LasState.NEARING)
    assert las.status_for(over, reference=reference, limits=LIMITS).measure(LasRule.SAV_CONVERSION).state == (
        LasState.OVER
    )


def test_a_window_of_five_years_ends_on_the_reference_day_and_begins_the_day_after_five_years_back() -> None:
    reference = dt.date(2026, 11, 28)
    first = las.window_first_day(reference, 5)
    assert first == dt.date(2021, 11, 29)
    assert (reference - first).days + 1 == 1826
    booked = [
        (dt.date(2021, 11, 28), las.SAV),  # just outside
        (dt.date(2021, 11, 29), las.SAV),  # first day inside
        (reference, las.SAV),  # the reference day counts
        (reference + dt.timedelta(days=1), las.SAV),  # tomorrow does not
    ]
    assert las.counts_from_days(booked, reference=reference, limits=LIMITS).sav == 2


def test_the_priority_window_is_three_years() -> None:
    reference = dt.date(2026, 11, 28)
    booked = [(dt.date(2023, 11, 28), las.SAV), (dt.date(2023, 11, 29), las.SAV)]
    counts = las.counts_from_days(booked, reference=reference, limits=LIMITS)
    assert (counts.sav, counts.priority) == (2, 1)


def test_leap_day_windows() -> None:
    assert las.years_before(dt.date(2028, 2, 29), 5) == dt.date(2023, 2, 28)
    assert las.window_first_day(dt.date(2028, 2, 29), 5) == dt.date(2023, 3, 1)
    assert las.window_first_day(dt.date(2028, 2, 29), 4) == dt.date(2024, 3, 1)  # 2024-02-29 exists


def test_a_day_counts_once_per_form_and_once_for_priority() -> None:
    day = dt.date(2026, 5, 4)
    booked = [(day, las.SAV), (day, las.SAV), (day, las.VIKARIAT)]
    counts = las.counts_from_days(booked, reference=dt.date(2026, 11, 28), limits=LIMITS)
    assert counts == LasCounts(sav=1, vikariat=1, priority=1)


def test_a_night_shift_counts_on_the_day_it_starts() -> None:
    night = dt.datetime(2026, 12, 5, 21, 15, tzinfo=STOCKHOLM)  # until 07:15 on the 6th
    counts = las.counts_from_bookings([(night, las.VIKARIAT)], reference=dt.date(2026, 12, 6), limits=LIMITS)
    assert counts.vikariat == 1
    assert las.booking_day(night) == dt.date(2026, 12, 5)
    # On the 5th itself it already counts; a reference day before it does not see it.
    assert las.counts_from_bookings(
        [(night, las.VIKARIAT)], reference=dt.date(2026, 12, 4), limits=LIMITS
    ) == (LasCounts())


@pytest.mark.parametrize(
    ("starts_at_utc", "day"),
    [
        # Winter time (UTC+1): 23:30 UTC is 00:30 the next local day.
        (dt.datetime(2026, 1, 14, 23, 30, tzinfo=UTC), dt.date(2026, 1, 15)),
        (dt.datetime(2026, 1, 14, 22, 59, tzinfo=UTC), dt.date(2026, 1, 14)),
        # The night the clocks go forward (29 March 2026): 00:30 local is 23:30 UTC on the 28th.
        (dt.datetime(2026, 3, 28, 23, 30, tzinfo=UTC), dt.date(2026, 3, 29)),
        # Summer time (UTC+2): 22:30 UTC is 00:30 the next local day.
        (dt.datetime(2026, 7, 1, 22, 30, tzinfo=UTC), dt.date(2026, 7, 2)),
        (dt.datetime(2026, 7, 1, 21, 59, tzinfo=UTC), dt.date(2026, 7, 1)),
        # The night the clocks go back (25 October 2026): both 02:30s are on the 25th.
        (dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC), dt.date(2026, 10, 25)),
        (dt.datetime(2026, 10, 25, 1, 30, tzinfo=UTC), dt.date(2026, 10, 25)),
        (dt.datetime(2026, 10, 24, 22, 30, tzinfo=UTC), dt.date(2026, 10, 25)),
    ],
)
def test_the_day_is_the_local_date_in_stockholm_across_daylight_saving(
    starts_at_utc: dt.datetime, day: dt.date
) -> None:
    assert las.booking_day(starts_at_utc) == day


def test_status_lists_what_needs_attention_over_first() -> None:
    counts = LasCounts(sav=340, vikariat=800, priority=100)
    status = las.status_for(counts, reference=dt.date(2026, 11, 28), limits=LIMITS)
    assert status.state == LasState.OVER
    assert [m.rule for m in status.attention] == [LasRule.VIKARIAT_CONVERSION, LasRule.SAV_CONVERSION]
    sav = status.measure(LasRule.SAV_CONVERSION)
    assert (sav.remaining, sav.months, sav.percent) == (21, 11.3, 94)
    assert status.measure(LasRule.VIKARIAT_CONVERSION).remaining == 0


def test_projected_days_have_their_own_state() -> None:
    status = las.status_for(
        LasCounts(sav=300),
        reference=dt.date(2026, 11, 28),
        limits=LIMITS,
        projected=LasCounts(sav=335),
    )
    sav = status.measure(LasRule.SAV_CONVERSION)
    assert (sav.state, sav.projected_state, sav.projected) == (LasState.OK, LasState.NEARING, 335)


@pytest.mark.parametrize(
    ("days", "day_counted", "passes"),
    [(359, False, False), (360, False, True), (360, True, False), (361, False, False)],
)
def test_would_pass_conversion(days: int, day_counted: bool, passes: bool) -> None:
    counts = LasCounts(sav=days)
    assert las.would_pass_conversion(counts, form=las.SAV, day_counted=day_counted, limits=LIMITS) is passes


def test_a_vikariat_shift_is_measured_against_the_vikariat_threshold() -> None:
    counts = LasCounts(sav=400, vikariat=720)
    assert las.would_pass_conversion(counts, form=las.VIKARIAT, day_counted=False, limits=LIMITS)
    assert las.conversion_rule_for(las.VIKARIAT) == LasRule.VIKARIAT_CONVERSION


def test_rank_value_follows_the_policy() -> None:
    counts = LasCounts(sav=360)
    prefer = LasLimits(policy=RankingPolicy.PREFER_FURTHEST)
    avoid = LasLimits(policy=RankingPolicy.AVOID_CONVERSION)
    ignore = LasLimits(policy=RankingPolicy.IGNORE)
    assert las.rank_value(counts, form=las.SAV, day_counted=False, limits=prefer) == (False, 360)
    assert las.rank_value(counts, form=las.SAV, day_counted=False, limits=avoid) == (True, 360)
    assert las.rank_value(counts, form=las.SAV, day_counted=False, limits=ignore) == (False, 0)
    assert las.rank_value(None, form=las.SAV, day_counted=False, limits=avoid) == (False, 0)


def test_limits_come_from_settings_and_an_unknown_policy_falls_back(settings) -> None:
    settings.LAS_SAV_CONVERSION_DAYS = 270
    settings.LAS_RANKING_POLICY = "nonsense"
    limits = LasLimits.from_settings()
    assert limits.sav_conversion_days == 270
    assert limits.policy == RankingPolicy.PREFER_FURTHEST
    settings.LAS_RANKING_POLICY = "avoid_conversion"
    assert LasLimits.from_settings().policy == RankingPolicy.AVOID_CONVERSION
