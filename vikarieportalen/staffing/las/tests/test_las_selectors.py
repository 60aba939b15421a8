"""LAS days read from the database: the same counts as the pure rules, in one query, and the ranking."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.staffing.booking.candidates import candidate_list_for_shift
from vikarieportalen.staffing.las import rules as las
from vikarieportalen.staffing.las import selectors as las_selectors
from vikarieportalen.staffing.las.rules import LasCounts, LasLimits, LasRule, LasState, RankingPolicy
from vikarieportalen.staffing.las.tests.helpers import STOCKHOLM, book_days, day_range
from vikarieportalen.staffing.models import Booking, BookingStatus, ShiftReason
from vikarieportalen.staffing.tests.factories import ShiftFactory, WorkplaceFactory, substitute_ready_for

pytestmark = pytest.mark.django_db
UTC = dt.UTC
REFERENCE = dt.date(2026, 11, 28)


def _pure(substitute_id: int, reference: dt.date, limits: LasLimits) -> LasCounts:
    rows = Booking.objects.filter(substitute_id=substitute_id, status=BookingStatus.ACTIVE).values_list(
        "starts_at", "employment_form"
    )
    return las.counts_from_bookings(rows, reference=reference, limits=limits)


def test_database_counts_match_the_pure_rules_across_edges_and_daylight_saving():
    person = SubstituteFactory()
    workplace = WorkplaceFactory()
    # Window edges: the day before the five-year window, its first day, the reference day, tomorrow.
    book_days(
        person, workplace, [dt.date(2021, 11, 28), dt.date(2021, 11, 29), REFERENCE, dt.date(2026, 11, 29)]
    )
    # Two SÄV shifts and one vikariat on one day; a night shift; cancelled shifts do not count.
    book_days(person, workplace, [dt.date(2025, 5, 5)], start=dt.time(7), hours=4)
    book_days(person, workplace, [dt.date(2025, 5, 5)], start=dt.time(12), hours=4)
    book_days(person, workplace, [dt.date(2025, 5, 5)], start=dt.time(17), hours=4, form="vikariat")
    book_days(person, workplace, [dt.date(2024, 6, 1)], start=dt.time(21, 15), hours=10, form="vikariat")
    book_days(person, workplace, day_range(dt.date(2025, 1, 1), 5), status=BookingStatus.CANCELLED)
    # Just after local midnight on the nights the clocks change (00:30, stored as 23:30/22:30 UTC).
    book_days(person, workplace, [dt.date(2026, 3, 29), dt.date(2025, 10, 26)], start=dt.time(0, 30), hours=5)
    # The three-year edge for priority.
    book_days(person, workplace, [dt.date(2023, 11, 28), dt.date(2023, 11, 29)], form="vikariat")

    limits = LasLimits()
    rows = las_selectors.las_rows_for(substitute_ids=[person.pk], reference=REFERENCE, limits=limits)
    row = rows[person.pk]
    assert row.counts == _pure(person.pk, REFERENCE, limits)
    assert row.counts == LasCounts(sav=5, vikariat=4, priority=6)
    # With the booked days to come: tomorrow's shift.
    assert row.projected == LasCounts(sav=6, vikariat=4, priority=7)


def test_the_local_day_decides_in_the_database_too():
    person = SubstituteFactory()
    workplace = WorkplaceFactory()
    # 23:30 UTC on 28 March 2026 is 00:30 on the 29th in Stockholm: it counts on the 29th only.
    shift = ShiftFactory(
        workplace=workplace,
        starts_at=dt.datetime(2026, 3, 28, 23, 30, tzinfo=UTC),
        ends_at=dt.datetime(2026, 3, 29, 5, 0, tzinfo=UTC),
        reason=ShiftReason.EXTRA_NEED,
    )
    Booking.objects.create(
        shift=shift,
        substitute=person,
        workplace=workplace,
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        work_minutes=300,
        employment_form="sav",
    )
    limits = LasLimits()
    on_28th = las_selectors.las_rows_for(
        substitute_ids=[person.pk], reference=dt.date(2026, 3, 28), limits=limits
    )
    on_29th = las_selectors.las_rows_for(
        substitute_ids=[person.pk], reference=dt.date(2026, 3, 29), limits=limits
    )
    assert on_28th[person.pk].counts.sav == 0
    assert on_28th[person.pk].projected.sav == 1
    assert on_29th[person.pk].counts.sav == 1


def test_many_substitutes_cost_one_query():
    workplace = WorkplaceFactory()
    people = [SubstituteFactory() for _ in range(6)]
    for index, person in enumerate(people):
        book_days(person, workplace, day_range(REFERENCE - dt.timedelta(days=400), index + 1, step=3))
    with CaptureQueriesContext(connection) as queries:
        rows = las_selectors.las_rows_for(
            substitute_ids=[p.pk for p in people], reference=REFERENCE, limits=LasLimits()
        )
    assert len(queries) == 1
    assert [rows[p.pk].counts.sav for p in people] == [1, 2, 3, 4, 5, 6]


def test_a_substitute_without_bookings_has_zero_days():
    person = SubstituteFactory()
    status = las_selectors.las_status_for_substitute(substitute=person, today=REFERENCE, limits=LasLimits())
    assert status.state == LasState.OK
    assert [m.days for m in status.measures] == [0, 0, 0]


LOW = {
    "LAS_SAV_CONVERSION_DAYS": 10,
    "LAS_VIKARIAT_CONVERSION_DAYS": 20,
    "LAS_PRIORITY_DAYS": 25,
    "LAS_WARNING_DAYS": 3,
}


@pytest.fixture
def low_limits(settings):
    for name, value in LOW.items():
        setattr(settings, name, value)
    return LasLimits.from_settings()


def test_the_attention_list_holds_those_near_or_over_and_filters(low_limits):
    today = timezone.localdate()
    workplace = WorkplaceFactory()
    far = SubstituteFactory(family_name="Långt")
    near = SubstituteFactory(family_name="Nära")
    over = SubstituteFactory(family_name="Över")
    coming = SubstituteFactory(family_name="Kommande")
    book_days(far, workplace, day_range(today - dt.timedelta(days=100), 5))
    book_days(near, workplace, day_range(today - dt.timedelta(days=100), 8))  # 8 of 10: nearing
    book_days(over, workplace, day_range(today - dt.timedelta(days=100), 11))  # 11 of 10: over
    book_days(coming, workplace, day_range(today - dt.timedelta(days=100), 6))
    book_days(coming, workplace, day_range(today + dt.timedelta(days=2), 3))  # 9 with the booked ones

    def names(**filters):
        return [
            i.substitute.family_name
            for i in las_selectors.las_attention_list(today=today, limits=low_limits, **filters)
        ]

    assert names() == ["Över", "Kommande", "Nära"]  # closest to a limit first (with booked shifts)
    assert names(order="name") == ["Kommande", "Nära", "Över"]
    assert names(state="over") == ["Över"]
    assert names(state="nearing") == ["Kommande", "Nära"]
    assert names(rule="vikariat_conversion") == []
    assert names(rule="sav_conversion", search="nä") == ["Nära"]
    with CaptureQueriesContext(connection) as queries:
        names()
    assert len(queries) == 2


def _ranked_shift(reason: str):
    zone = STOCKHOLM
    day = timezone.localdate() + dt.timedelta(days=10)
    return ShiftFactory(
        starts_at=dt.datetime.combine(day, dt.time(7), tzinfo=zone),
        ends_at=dt.datetime.combine(day, dt.time(16), tzinfo=zone),
        reason=reason,
    )


def test_candidates_get_their_las_days_and_warnings(low_limits):
    shift = _ranked_shift(ShiftReason.EXTRA_NEED)  # SÄV
    elsewhere = WorkplaceFactory()
    start = shift.day - dt.timedelta(days=200)
    substitute_ready_for(shift, preferred_given_name="Ny", family_name="A")
    nearing = substitute_ready_for(shift, preferred_given_name="Nära", family_name="B")
    at_limit = substitute_ready_for(shift, preferred_given_name="Gräns", family_name="C")
    book_days(nearing, elsewhere, day_range(start, 8))
    book_days(at_limit, elsewhere, day_range(start, 10))
    book_days(at_limit, elsewhere, day_range(start + dt.timedelta(days=50), 30, step=2), form="vikariat")

    eligible, _excluded = candidate_list_for_shift(shift=shift)
    by_name = {c.substitute.preferred_given_name: c for c in eligible}
    assert [by_name[n].las_days for n in ("Ny", "Nära", "Gräns")] == [0, 8, 10]
    assert by_name["Ny"].las_attention == []
    assert [m.rule for m in by_name["Nära"].las_attention] == [LasRule.SAV_CONVERSION]
    assert by_name["Gräns"].las_would_convert
    # Only the shift's form is weighed here: Gräns's 30 vikariat days (over that limit, and over
    # priority) are for the staffing centre's list, not for an SÄV shift.
    assert [(m.rule, m.state) for m in by_name["Gräns"].las_attention] == [
        (LasRule.SAV_CONVERSION, LasState.NEARING)
    ]
    # prefer_furthest: fewest days first (nobody here has hours this month or has worked there).
    assert [c.substitute.preferred_given_name for c in eligible] == ["Ny", "Nära", "Gräns"]


@pytest.mark.parametrize(
    ("policy", "order"),
    [
        (RankingPolicy.PREFER_FURTHEST, ["Stammis", "Ny", "Mitt"]),
        (RankingPolicy.AVOID_CONVERSION, ["Ny", "Mitt", "Stammis"]),
        (RankingPolicy.IGNORE, ["Stammis", "Mitt", "Ny"]),
    ],
)
def test_the_policy_weighs_las_in_the_ranking(low_limits, settings, policy, order):
    settings.LAS_RANKING_POLICY = policy.value
    shift = _ranked_shift(ShiftReason.EXTRA_NEED)
    start = shift.day - dt.timedelta(days=200)
    regular = substitute_ready_for(shift, preferred_given_name="Stammis", family_name="A")
    middle = substitute_ready_for(shift, preferred_given_name="Mitt", family_name="B")
    substitute_ready_for(shift, preferred_given_name="Ny", family_name="C")
    # The regular has worked at the workplace (ranks first) and has 10 SÄV days: this shift converts.
    book_days(regular, shift.workplace, day_range(start, 10))
    book_days(middle, WorkplaceFactory(), day_range(start, 2))
    eligible, _excluded = candidate_list_for_shift(shift=shift)
    # prefer_furthest: worked here before still comes first, then fewer days; avoid_conversion: the
    # regular, whom this shift would convert, last; ignore: by name after worked here before.
    assert [c.substitute.preferred_given_name for c in eligible] == order


def test_a_second_shift_on_a_day_already_counted_does_not_convert(low_limits):
    # (Two shifts a day break the daily rest, so such a person is not eligible; the count still knows.)
    shift = _ranked_shift(ShiftReason.EXTRA_NEED)
    person = SubstituteFactory()
    book_days(person, WorkplaceFactory(), day_range(shift.day - dt.timedelta(days=100), 9))
    book_days(person, WorkplaceFactory(), [shift.day], start=dt.time(17), hours=4)  # the 10th day
    book_days(person, WorkplaceFactory(), [shift.day + dt.timedelta(days=1)])  # after: not counted
    rows = las_selectors.las_rows_for(
        substitute_ids=[person.pk], reference=shift.day, limits=low_limits, shift_form=las.SAV
    )
    row = rows[person.pk]
    assert row.counts.sav == 10
    assert row.forms_on_reference_day == frozenset({las.SAV})
    assert not las.would_pass_conversion(row.counts, form=las.SAV, day_counted=True, limits=low_limits)
    # Counting for a vikariat shift reads only vikariat bookings: none here.
    assert (
        las_selectors.las_rows_for(
            substitute_ids=[person.pk], reference=shift.day, limits=low_limits, shift_form=las.VIKARIAT
        )
        == {}
    )
