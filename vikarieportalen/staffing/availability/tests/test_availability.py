"""Availability: expansion of the weekly pattern, how rows combine, and the editor's rules (pure),
then the services (nothing saved when refused; who entered it)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from vikarieportalen.accounts.tests.factories import StaffingCentreFactory, SubstituteFactory
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.staffing.audit_kinds import StaffingAuditKind
from vikarieportalen.staffing.availability import intervals, rules, selectors, services
from vikarieportalen.staffing.models import AvailabilityKind, AvailabilityPeriod, WeeklyAvailability
from vikarieportalen.staffing.tests.factories import AvailabilityPeriodFactory, WeeklyAvailabilityFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")
CAN, CANNOT = AvailabilityKind.AVAILABLE.value, AvailabilityKind.UNAVAILABLE.value
TODAY = dt.date(2026, 3, 2)  # a Monday
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=STOCKHOLM)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=STOCKHOLM)


def hours(start: dt.datetime, end: dt.datetime) -> float:
    return (end.astimezone(dt.UTC) - start.astimezone(dt.UTC)).total_seconds() / 3600


# ---------------------------------------------------------------------------------------------
# Expansion


def test_weekly_occurrences_fall_on_the_weekday_within_validity():
    found = intervals.weekly_occurrences(
        weekday=2,  # Wednesday
        starts=dt.time(8),
        ends=dt.time(16),
        valid_from=dt.date(2026, 3, 5),
        valid_until=dt.date(2026, 3, 25),
        first_day=dt.date(2026, 3, 1),
        last_day=dt.date(2026, 3, 31),
    )
    assert [start.date() for start, _end in found] == [
        dt.date(2026, 3, 11),
        dt.date(2026, 3, 18),
        dt.date(2026, 3, 25),
    ]


def test_an_overnight_row_ends_the_next_morning():
    [(start, end)] = intervals.weekly_occurrences(
        weekday=4,
        starts=dt.time(22),
        ends=dt.time(7),
        valid_from=TODAY,
        valid_until=None,
        first_day=dt.date(2026, 3, 6),
        last_day=dt.date(2026, 3, 6),
    )
    assert (start, end) == (at(dt.date(2026, 3, 6), 22), at(dt.date(2026, 3, 7), 7))


def test_a_whole_day_row_ends_at_midnight():
    start, end = intervals.weekly_bounds(
        day=dt.date(2026, 3, 6), starts=dt.time(0), ends=intervals.WHOLE_DAY_END
    )
    assert (start, end) == (at(dt.date(2026, 3, 6), 0), at(dt.date(2026, 3, 7), 0))


def test_a_night_over_the_autumn_change_keeps_its_wall_clock_and_lasts_an_hour_longer():
    # Sweden goes back from 03:00 to 02:00 on Sunday 25 October 2026.
    [(start, end)] = intervals.weekly_occurrences(
        weekday=5,
        starts=dt.time(22),
        ends=dt.time(7),
        valid_from=TODAY,
        valid_until=None,
        first_day=dt.date(2026, 10, 24),
        last_day=dt.date(2026, 10, 24),
    )
    assert start.astimezone(STOCKHOLM).hour == 22 and end.astimezone(STOCKHOLM).hour == 7
    assert hours(start, end) == 10


def test_a_whole_day_at_the_spring_change_is_23_hours():
    start, end = intervals.weekly_bounds(
        day=dt.date(2026, 3, 29), starts=dt.time(0), ends=intervals.WHOLE_DAY_END
    )
    assert hours(start, end) == 23


def test_local_time_exists_refuses_the_skipped_spring_hour():
    assert not intervals.local_time_exists(dt.date(2026, 3, 29), dt.time(2, 30))
    assert intervals.local_time_exists(dt.date(2026, 3, 29), dt.time(3, 30))


# ---------------------------------------------------------------------------------------------
# Interval arithmetic and how rows combine


def test_union_merges_touching_and_overlapping_intervals():
    d = TODAY
    merged = intervals.intervals_union(
        [(at(d, 10), at(d, 12)), (at(d, 8), at(d, 10)), (at(d, 11), at(d, 13))]
    )
    assert merged == [(at(d, 8), at(d, 13))]


def test_subtract_cuts_holes():
    d = TODAY
    result = intervals.intervals_subtract(
        [(at(d, 8), at(d, 16))], [(at(d, 10), at(d, 11)), (at(d, 15), at(d, 17))]
    )
    assert result == [(at(d, 8), at(d, 10)), (at(d, 11), at(d, 15))]


def _resolve(periods=(), weekly=()) -> intervals.Availability:
    return intervals.availability_resolve(
        window=(at(TODAY, 0), at(TODAY + dt.timedelta(days=14), 0)), periods=periods, weekly=weekly
    )


def test_cannot_wins_over_can():
    d = TODAY + dt.timedelta(days=1)
    availability = _resolve(
        periods=[(CAN, at(d, 6), at(d, 22)), (CANNOT, at(d, 12), at(d, 13))],
    )
    assert availability.covers(at(d, 7), at(d, 11))
    assert not availability.covers(at(d, 7), at(d, 16))
    assert availability.blocked(at(d, 11), at(d, 14))
    assert not availability.blocked(at(d, 14), at(d, 20))


def test_a_vacation_period_blocks_the_weekly_pattern():
    tuesday = TODAY + dt.timedelta(days=1)
    availability = _resolve(
        periods=[(CANNOT, at(tuesday, 0), at(tuesday + dt.timedelta(days=1), 0))],
        weekly=[(CAN, 1, dt.time(7), dt.time(16), TODAY, None)],
    )
    assert not availability.covers(at(tuesday, 7), at(tuesday, 16))
    next_tuesday = tuesday + dt.timedelta(days=7)
    assert availability.covers(at(next_tuesday, 7), at(next_tuesday, 16))


def test_a_night_shift_is_covered_by_two_whole_day_rows():
    friday = TODAY + dt.timedelta(days=4)
    availability = _resolve(
        weekly=[
            (CAN, 4, dt.time(0), intervals.WHOLE_DAY_END, TODAY, None),
            (CAN, 5, dt.time(0), intervals.WHOLE_DAY_END, TODAY, None),
        ]
    )
    assert availability.covers(at(friday, 21), at(friday + dt.timedelta(days=1), 7))


def test_nothing_marked_is_neither_covered_nor_blocked():
    availability = _resolve()
    assert not availability.covers(at(TODAY, 8), at(TODAY, 9))
    assert not availability.blocked(at(TODAY, 8), at(TODAY, 9))


def test_day_lines_show_pieces_within_the_day():
    d = TODAY + dt.timedelta(days=1)
    availability = _resolve(periods=[(CAN, at(d, 22), at(d + dt.timedelta(days=1), 7))])
    first = selectors.DayView(day=d, pieces=availability.day_summary(d), bookings=[])
    second = selectors.DayView(
        day=d + dt.timedelta(days=1), pieces=availability.day_summary(d + dt.timedelta(days=1)), bookings=[]
    )
    assert first.lines == [(CAN, "22:00–24:00")]
    assert second.lines == [(CAN, "00:00–07:00")]


# ---------------------------------------------------------------------------------------------
# The editor's rules


def _period(kind: str, start: dt.datetime, end: dt.datetime) -> rules.Row:
    return rules.period_row(kind=kind, starts_at=start, ends_at=end)


def test_an_exact_duplicate_is_refused():
    d = TODAY + dt.timedelta(days=1)
    [message] = rules.conflicts(
        new=_period(CAN, at(d, 8), at(d, 16)), existing=[_period(CAN, at(d, 8), at(d, 16))]
    )
    assert message.startswith("You have already marked this")


def test_overlapping_rows_of_the_same_kind_are_refused():
    d = TODAY + dt.timedelta(days=1)
    [message] = rules.conflicts(
        new=_period(CAN, at(d, 12), at(d, 20)), existing=[_period(CAN, at(d, 8), at(d, 16))]
    )
    assert "overlaps" in message


def test_cannot_inside_can_is_allowed_either_way_round():
    d = TODAY + dt.timedelta(days=1)
    can, cannot = _period(CAN, at(d, 8), at(d, 16)), _period(CANNOT, at(d, 10), at(d, 11))
    assert rules.conflicts(new=cannot, existing=[can]) == []
    assert rules.conflicts(new=can, existing=[cannot]) == []


def test_can_inside_cannot_and_partial_crossings_are_refused():
    d = TODAY + dt.timedelta(days=1)
    cannot = _period(CANNOT, at(d, 8), at(d, 16))
    assert rules.conflicts(new=_period(CAN, at(d, 10), at(d, 11)), existing=[cannot])
    assert rules.conflicts(new=_period(CAN, at(d, 14), at(d, 20)), existing=[cannot])


def test_rows_that_only_touch_do_not_conflict():
    d = TODAY + dt.timedelta(days=1)
    assert (
        rules.conflicts(new=_period(CAN, at(d, 16), at(d, 20)), existing=[_period(CAN, at(d, 8), at(d, 16))])
        == []
    )


def _weekly(
    kind: str, weekday: int, starts: dt.time, ends: dt.time, valid_from=TODAY, valid_until=None
) -> rules.Row:
    return rules.weekly_row(
        kind=kind,
        weekday=weekday,
        starts=starts,
        ends=ends,
        valid_from=valid_from,
        valid_until=valid_until,
        today=TODAY,
    )


def test_weekly_duplicates_and_overlaps_are_refused_but_other_weekdays_are_not():
    monday = _weekly(CAN, 0, dt.time(7), dt.time(16))
    assert rules.conflicts(new=_weekly(CAN, 0, dt.time(7), dt.time(16)), existing=[monday])[0].startswith(
        "You have already marked this"
    )
    assert rules.conflicts(new=_weekly(CAN, 0, dt.time(15), dt.time(20)), existing=[monday])
    assert rules.conflicts(new=_weekly(CAN, 1, dt.time(7), dt.time(16)), existing=[monday]) == []


def test_a_sunday_night_row_overlaps_monday_morning():
    sunday_night = _weekly(CAN, 6, dt.time(22), dt.time(6))
    assert rules.conflicts(new=_weekly(CAN, 0, dt.time(5), dt.time(9)), existing=[sunday_night])


def test_weekly_rows_whose_validity_does_not_meet_do_not_conflict():
    march = _weekly(CAN, 0, dt.time(7), dt.time(16), valid_until=dt.date(2026, 3, 31))
    april = _weekly(CAN, 0, dt.time(7), dt.time(16), valid_from=dt.date(2026, 4, 1))
    assert rules.conflicts(new=april, existing=[march]) == []


def test_a_can_period_blocked_by_a_cannot_pattern_is_refused():
    tuesday = TODAY + dt.timedelta(days=1)
    pattern = _weekly(CANNOT, 1, dt.time(0), intervals.WHOLE_DAY_END)
    [message] = rules.blocked_by_patterns(
        new=_period(CAN, at(tuesday, 8), at(tuesday, 16)), patterns=[pattern]
    )
    assert "every Tuesday" in message
    assert (
        rules.blocked_by_patterns(new=_period(CANNOT, at(tuesday, 8), at(tuesday, 16)), patterns=[pattern])
        == []
    )


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (at(TODAY, 10), at(TODAY, 9), "The end must be after the start."),
        (
            at(TODAY - dt.timedelta(days=1), 8),
            at(TODAY + dt.timedelta(days=1), 8),
            "A period cannot begin before today.",
        ),
        (at(TODAY, 6), at(TODAY, 8), "That period is already over."),
        (
            at(TODAY + dt.timedelta(days=366), 8),
            at(TODAY + dt.timedelta(days=366), 9),
            "at most a year ahead",
        ),
    ],
)
def test_period_problems(start, end, expected):
    problems = rules.period_problems(starts_at=start, ends_at=end, now=NOW)
    assert any(expected in problem for problem in problems), problems


def test_a_period_later_today_and_one_ending_a_year_ahead_are_fine():
    assert rules.period_problems(starts_at=at(TODAY, 8), ends_at=at(TODAY, 16), now=NOW) == []
    last = TODAY + dt.timedelta(days=rules.MAX_DAYS_AHEAD)
    assert (
        rules.period_problems(starts_at=at(last, 0), ends_at=at(last + dt.timedelta(days=1), 0), now=NOW)
        == []
    )


def test_weekly_problems():
    assert rules.weekly_problems(valid_from=TODAY, valid_until=None, today=TODAY) == []
    assert rules.weekly_problems(valid_from=TODAY, valid_until=TODAY - dt.timedelta(days=1), today=TODAY)
    assert rules.weekly_problems(valid_from=TODAY - dt.timedelta(days=1), valid_until=None, today=TODAY)
    assert rules.weekly_problems(valid_from=TODAY + dt.timedelta(days=400), valid_until=None, today=TODAY)


def test_texts_name_the_row():
    d = dt.date(2026, 3, 3)
    assert (
        rules.period_text(kind=CAN, starts_at=at(d, 8), ends_at=at(d, 16))
        == "can work Tuesday 3 March 08:00–16:00"
    )
    assert rules.period_text(kind=CANNOT, starts_at=at(d, 0), ends_at=at(d + dt.timedelta(days=3), 0)) == (
        "cannot work 3 March–5 March 2026 (whole days)"
    )
    assert rules.weekly_text(kind=CAN, weekday=4, starts=dt.time(22), ends=dt.time(7)) == (
        "can work every Friday 22:00–07:00 the next day"
    )
    assert rules.weekly_text(kind=CANNOT, weekday=6, starts=dt.time(0), ends=intervals.WHOLE_DAY_END) == (
        "cannot work every Sunday (whole day)"
    )


# ---------------------------------------------------------------------------------------------
# Services


def _tomorrow(hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=STOCKHOLM)


@pytest.mark.django_db
def test_a_substitute_adds_a_period_for_themselves():
    substitute = SubstituteFactory()

    period = services.availability_period_add(
        substitute=substitute,
        kind=CAN,
        starts_at=_tomorrow(8),
        ends_at=_tomorrow(16),
        by=substitute,
        now=timezone.now(),
    )

    assert period.created_by == substitute
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_the_staffing_centre_adds_on_a_substitutes_behalf_and_it_is_recorded():
    substitute, staff = SubstituteFactory(), StaffingCentreFactory()

    period = services.availability_period_add(
        substitute=substitute,
        kind=CANNOT,
        starts_at=_tomorrow(8),
        ends_at=_tomorrow(16),
        by=staff,
        now=timezone.now(),
    )

    assert period.created_by == staff
    event = AuditEvent.objects.get(kind=StaffingAuditKind.POOL_CHANGED)
    assert (event.user, event.actor, event.details["change"]) == (
        substitute,
        staff,
        "availability_period_added",
    )


@pytest.mark.django_db
def test_a_refused_period_changes_nothing():
    substitute = SubstituteFactory()
    AvailabilityPeriodFactory(substitute=substitute, kind=CAN, starts_at=_tomorrow(8), ends_at=_tomorrow(16))

    with pytest.raises(services.AvailabilityRefused) as refused:
        services.availability_period_add(
            substitute=substitute,
            kind=CAN,
            starts_at=_tomorrow(8),
            ends_at=_tomorrow(16),
            by=substitute,
            now=timezone.now(),
        )

    assert refused.value.messages[0].startswith("You have already marked this")
    assert AvailabilityPeriod.objects.count() == 1


@pytest.mark.django_db
def test_another_substitutes_row_is_not_found_and_stays():
    mine, theirs = SubstituteFactory(), SubstituteFactory()
    period = AvailabilityPeriodFactory(substitute=theirs)
    weekly = WeeklyAvailabilityFactory(substitute=theirs)

    with pytest.raises(AvailabilityPeriod.DoesNotExist):
        services.availability_period_remove(substitute=mine, period_id=period.pk, by=mine)
    with pytest.raises(WeeklyAvailability.DoesNotExist):
        services.availability_weekly_remove(
            substitute=mine, weekly_id=weekly.pk, by=mine, today=timezone.localdate()
        )

    assert AvailabilityPeriod.objects.filter(pk=period.pk).exists()
    assert WeeklyAvailability.objects.filter(pk=weekly.pk, valid_until=None).exists()


@pytest.mark.django_db
def test_removing_a_pattern_in_force_ends_it_yesterday_and_one_not_begun_is_deleted():
    substitute = SubstituteFactory()
    today = timezone.localdate()
    in_force = WeeklyAvailabilityFactory(substitute=substitute, valid_from=today - dt.timedelta(days=30))
    coming = WeeklyAvailabilityFactory(
        substitute=substitute, weekday=3, valid_from=today + dt.timedelta(days=3)
    )

    services.availability_weekly_remove(
        substitute=substitute, weekly_id=in_force.pk, by=substitute, today=today
    )
    services.availability_weekly_remove(
        substitute=substitute, weekly_id=coming.pk, by=substitute, today=today
    )

    in_force.refresh_from_db()
    assert in_force.valid_until == today - dt.timedelta(days=1)
    assert not WeeklyAvailability.objects.filter(pk=coming.pk).exists()
    assert selectors.availability_weekly_list(substitute=substitute, today=today) == []


@pytest.mark.django_db
def test_a_weekly_row_in_conflict_is_refused_and_nothing_saved():
    substitute = SubstituteFactory()
    today = timezone.localdate()
    WeeklyAvailabilityFactory(
        substitute=substitute, weekday=0, starts=dt.time(7), ends=dt.time(16), valid_from=today
    )

    with pytest.raises(services.AvailabilityRefused):
        services.availability_weekly_add(
            substitute=substitute,
            kind=CAN,
            weekday=0,
            starts=dt.time(12),
            ends=dt.time(18),
            valid_from=today,
            valid_until=None,
            by=substitute,
            today=today,
        )
    assert WeeklyAvailability.objects.count() == 1


@pytest.mark.django_db
def test_weeks_view_takes_a_fixed_number_of_queries(django_assert_max_num_queries):
    substitute = SubstituteFactory()
    for weekday in range(7):
        WeeklyAvailabilityFactory(substitute=substitute, weekday=weekday)
    AvailabilityPeriodFactory(substitute=substitute)

    with django_assert_max_num_queries(3):
        weeks = selectors.availability_weeks(substitute=substitute, first_day=timezone.localdate(), weeks=4)

    assert len(weeks) == 4 and all(len(week.days) == 7 for week in weeks)
    assert any(day.lines for week in weeks for day in week.days)
