"""candidate_list_for_shift: who may take a shift, in which order, and why the others may not."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from vikarieportalen.accounts.tests.factories import SubstituteFactory, WorkplaceManagerFactory
from vikarieportalen.staffing.booking.candidates import candidate_check, candidate_list_for_shift
from vikarieportalen.staffing.models import AvailabilityKind
from vikarieportalen.staffing.tests.factories import (
    AvailabilityPeriodFactory,
    BookingFactory,
    IntroductionFactory,
    QualificationFactory,
    ShiftFactory,
    SubstituteProfileFactory,
    SubstituteQualificationFactory,
    WeeklyAvailabilityFactory,
    WorkplaceFactory,
    substitute_ready_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _local(days: int, hour: int, minute: int = 0) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_default_timezone())


@pytest.fixture
def shift():
    return ShiftFactory(starts_at=_local(10, 7), ends_at=_local(10, 16), break_minutes=45)


def _past_booking(substitute, *, workplace, days_before: int, hours: int = 8, shift=None):
    start = (shift.starts_at if shift else timezone.now()) - dt.timedelta(days=days_before)
    past = ShiftFactory(
        workplace=workplace, starts_at=start, ends_at=start + dt.timedelta(hours=hours), break_minutes=0
    )
    return BookingFactory(shift=past, substitute=substitute)


def names(candidates):
    return [c.substitute.preferred_given_name for c in candidates]


def test_ranking_prefers_those_who_worked_there_then_fewest_hours_this_month():
    zone = timezone.get_default_timezone()
    month = (timezone.localdate().replace(day=1) + dt.timedelta(days=62)).replace(day=1)
    shift = ShiftFactory(
        starts_at=dt.datetime.combine(month.replace(day=15), dt.time(7), tzinfo=zone),
        ends_at=dt.datetime.combine(month.replace(day=15), dt.time(16), tzinfo=zone),
    )
    elsewhere = WorkplaceFactory()
    substitute_ready_for(shift, preferred_given_name="Ny", family_name="A")
    busy_regular = substitute_ready_for(shift, preferred_given_name="Stammis", family_name="B")
    light_regular = substitute_ready_for(shift, preferred_given_name="Lätt", family_name="C")

    def book(person, workplace, day: dt.date, hours: int) -> None:
        start = dt.datetime.combine(day, dt.time(8), tzinfo=zone)
        past = ShiftFactory(
            workplace=workplace, starts_at=start, ends_at=start + dt.timedelta(hours=hours), break_minutes=0
        )
        BookingFactory(shift=past, substitute=person)

    # Both regulars worked at the shift's workplace last month; the busy one has 8 h more this month.
    for person in (busy_regular, light_regular):
        book(person, shift.workplace, month - dt.timedelta(days=10), 4)
    book(busy_regular, elsewhere, month.replace(day=3), 4)
    book(busy_regular, elsewhere, month.replace(day=4), 4)

    eligible, excluded = candidate_list_for_shift(shift=shift)

    assert names(eligible) == ["Lätt", "Stammis", "Ny"]
    assert [c.worked_here_before for c in eligible] == [True, True, False]
    assert [c.month_minutes for c in eligible] == [0, 8 * 60, 0]
    assert all(c.eligible and c.available and c.introduced for c in eligible)
    assert excluded == []


def test_excluded_are_listed_with_their_reasons(shift):
    delegation = QualificationFactory(name="Läkemedelsdelegering", expires=True)
    shift.required_qualifications.add(delegation)
    ok = substitute_ready_for(shift, preferred_given_name="Redo")
    lacking = substitute_ready_for(shift, preferred_given_name="Utan")
    lacking.qualifications_held.all().delete()
    busy = substitute_ready_for(shift, preferred_given_name="Upptagen")
    BookingFactory(shift=ShiftFactory(starts_at=shift.starts_at, ends_at=shift.ends_at), substitute=busy)
    away = substitute_ready_for(shift, preferred_given_name="Borta")
    AvailabilityPeriodFactory(
        substitute=away,
        kind=AvailabilityKind.UNAVAILABLE,
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        note="resa",
    )
    paused = substitute_ready_for(shift, preferred_given_name="Paus")
    SubstituteProfileFactory(user=paused, is_bookable=False)
    stranger = SubstituteFactory(preferred_given_name="Främling")

    eligible, excluded = candidate_list_for_shift(shift=shift)

    assert names(eligible) == ["Redo"]
    reasons = {c.substitute.preferred_given_name: [v.code for v in c.violations] for c in excluded}
    assert reasons == {
        "Utan": ["qualification"],
        "Upptagen": ["overlap"],
        "Borta": ["availability"],
        "Paus": ["not_bookable"],
        "Främling": ["introduction"],
    }
    by_name = {c.substitute.preferred_given_name: c for c in excluded}
    assert "resa" in by_name["Borta"].violations[0].message
    assert not by_name["Upptagen"].overridable and by_name["Utan"].overridable
    assert not by_name["Främling"].checked and not by_name["Främling"].introduced
    # The hard refusals come last; introduced people before strangers.
    assert names(excluded)[-1] == "Upptagen"
    assert names(excluded).index("Främling") > names(excluded).index("Utan")
    assert stranger.pk and ok.pk


def test_only_active_substitutes_count(shift):
    substitute_ready_for(shift, preferred_given_name="Aktiv")
    substitute_ready_for(shift, preferred_given_name="Slutat", is_active=False)
    manager = WorkplaceManagerFactory(preferred_given_name="Chef")
    IntroductionFactory(substitute=manager, workplace=shift.workplace)
    eligible, excluded = candidate_list_for_shift(shift=shift)
    assert names(eligible) == ["Aktiv"]
    assert "Slutat" not in names(excluded) and "Chef" not in names(excluded)


def test_not_introduced_are_limited_by_name(shift):
    for name in ["Cecilia", "Anna", "Bertil"]:
        SubstituteFactory(preferred_given_name=name, family_name=name)
    _eligible, excluded = candidate_list_for_shift(shift=shift, not_introduced_limit=2)
    assert names(excluded) == ["Anna", "Bertil"]
    _eligible, excluded = candidate_list_for_shift(shift=shift, not_introduced_limit=0)
    assert excluded == []
    _eligible, excluded = candidate_list_for_shift(shift=shift, not_introduced_limit=None)
    assert len(excluded) == 3


def test_the_person_holding_the_shift_does_not_overlap_with_it(shift):
    holder = substitute_ready_for(shift, preferred_given_name="Innehavare")
    BookingFactory(shift=shift, substitute=holder)
    eligible, _excluded = candidate_list_for_shift(shift=shift)
    assert names(eligible) == ["Innehavare"]


def test_weekly_pattern_makes_a_candidate_available(shift):
    substitute = SubstituteFactory(preferred_given_name="Mönster")
    IntroductionFactory(substitute=substitute, workplace=shift.workplace)
    WeeklyAvailabilityFactory(
        substitute=substitute, weekday=shift.day.weekday(), starts=dt.time(6), ends=dt.time(18)
    )
    eligible, _excluded = candidate_list_for_shift(shift=shift)
    assert names(eligible) == ["Mönster"]


def test_month_minutes_split_a_booking_over_the_month_boundary():
    # A shift on the 2nd of a coming month; a night booking from the last evening of the month before.
    today = timezone.localdate()
    first = (today.replace(day=1) + dt.timedelta(days=62)).replace(day=1)
    zone = timezone.get_default_timezone()
    shift = ShiftFactory(
        starts_at=dt.datetime.combine(first + dt.timedelta(days=1), dt.time(12), tzinfo=zone),
        ends_at=dt.datetime.combine(first + dt.timedelta(days=1), dt.time(16), tzinfo=zone),
        break_minutes=0,
    )
    substitute = substitute_ready_for(shift)
    night_start = dt.datetime.combine(first - dt.timedelta(days=1), dt.time(21), tzinfo=zone)
    night = ShiftFactory(starts_at=night_start, ends_at=night_start + dt.timedelta(hours=10), break_minutes=0)
    BookingFactory(shift=night, substitute=substitute)  # 3 h before midnight, 7 h after
    [candidate], _excluded = candidate_list_for_shift(shift=shift)
    assert candidate.month_minutes == 7 * 60


def test_candidate_check_for_one_person(shift):
    substitute = SubstituteFactory()
    checked = candidate_check(shift=shift, substitute=substitute)
    assert [v.code for v in checked.violations] == ["introduction", "availability"]
    assert checked.overridable


def test_query_count_does_not_grow_with_the_pool(shift):
    qualification = QualificationFactory()
    shift.required_qualifications.add(qualification)

    def grow(count: int) -> None:
        for index in range(count):
            substitute = substitute_ready_for(shift)  # holds the required qualification
            SubstituteQualificationFactory(substitute=substitute, qualification=QualificationFactory())
            SubstituteProfileFactory(user=substitute)
            WeeklyAvailabilityFactory(substitute=substitute, weekday=(index % 7))
            _past_booking(substitute, workplace=shift.workplace, days_before=3 + index % 4, shift=shift)
            SubstituteFactory()  # not introduced

    grow(2)
    with CaptureQueriesContext(connection) as small:
        candidate_list_for_shift(shift=shift)
    grow(12)
    with CaptureQueriesContext(connection) as large:
        eligible, excluded = candidate_list_for_shift(shift=shift)
    assert len(eligible) + len(excluded) > 20
    assert len(large) == len(small), "\n".join(q["sql"] for q in large.captured_queries)


def test_search_finds_anyone_in_the_pool_beyond_the_limit(shift):
    substitute_ready_for(shift, preferred_given_name="Introducerad", family_name="Öst")
    for name in ["Anna", "Bertil", "Cecilia"]:
        SubstituteFactory(preferred_given_name=name, family_name="Ahl")
    SubstituteFactory(preferred_given_name="Zäta", family_name="Zetterlund", mobile="+46709998877")
    _eligible, excluded = candidate_list_for_shift(shift=shift, not_introduced_limit=2)
    assert "Zäta" not in names(excluded)
    eligible, excluded = candidate_list_for_shift(shift=shift, not_introduced_limit=2, search="zetter")
    assert eligible == [] and names(excluded) == ["Zäta"]
    _eligible, excluded = candidate_list_for_shift(shift=shift, search="9998877")
    assert names(excluded) == ["Zäta"]
    eligible, _excluded = candidate_list_for_shift(shift=shift, search="introd öst")
    assert names(eligible) == ["Introducerad"]
