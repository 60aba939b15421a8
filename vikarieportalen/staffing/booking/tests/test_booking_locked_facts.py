"""The locked facts of one substitute (``locked.facts_load_locked``, plain SQL, what booking checks)
are the facts ``loading.facts_load`` reads for a group (the ORM, what the candidate lists show): the
same bookings, minutes per month, availability, agreement, role, introduction and profile."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import StaffingCentreFactory, SubstituteFactory
from vikarieportalen.staffing.booking.candidates import substitute_list_active
from vikarieportalen.staffing.booking.facts import SubstituteFacts
from vikarieportalen.staffing.booking.loading import Facts, facts_load
from vikarieportalen.staffing.booking.locked import facts_load_locked
from vikarieportalen.staffing.booking.services import shift_lock_for_booking
from vikarieportalen.staffing.models import Agreement, AvailabilityKind, BookingStatus, Introduction
from vikarieportalen.staffing.tests.factories import (
    AvailabilityPeriodFactory,
    BookingFactory,
    IntroductionFactory,
    QualificationFactory,
    ShiftFactory,
    SubstituteProfileFactory,
    SubstituteQualificationFactory,
    WeeklyAvailabilityFactory,
    at,
)

pytestmark = pytest.mark.django_db


def _sorted(person: SubstituteFacts) -> dict[str, Any]:
    return {
        **person.__dict__,
        "bookings": sorted(person.bookings, key=lambda w: w.starts_at),
        "periods": sorted(person.periods, key=lambda p: (p.starts_at, p.available)),
        "weekly": sorted(person.weekly, key=lambda w: (w.weekday, w.starts, w.available)),
        "qualifications": dict(person.qualifications),
    }


def _both(shift: Any, user: User) -> tuple[Facts, Facts, int]:
    """(the group's facts, the locked facts, the locked path's statements) of ``user`` for ``shift``."""
    loaded = User.objects.select_related("substitute_profile").get(pk=user.pk)
    introduced = Introduction.objects.filter(workplace_id=shift.workplace_id, substitute=user).exists()
    in_role = substitute_list_active().filter(pk=user.pk).exists()
    group = facts_load(
        shift=shift,
        substitutes=[loaded],
        introduced={user.pk} if introduced else set(),
        is_substitute={user.pk} if in_role else set(),
    )
    with transaction.atomic():
        locked_shift = shift_lock_for_booking(shift_id=shift.pk)
        with CaptureQueriesContext(connection) as queries:
            locked = facts_load_locked(
                shift=locked_shift,
                substitute=user,
                requires_qualifications=locked_shift.requires_qualifications,  # type: ignore[attr-defined]
            )
    return group, locked, len(queries.captured_queries)


def _assert_same(shift: Any, user: User, *, statements: int = 2) -> SubstituteFacts:
    group, locked, count = _both(shift, user)
    assert locked.shift == group.shift
    assert locked.limits == group.limits
    assert _sorted(locked.substitutes[user.pk]) == _sorted(group.substitutes[user.pk])
    assert count == statements
    return locked.substitutes[user.pk]


def test_a_busy_substitute_over_a_month_boundary_has_the_same_facts_on_both_paths():
    """Bookings around the shift (one at another workplace, one cancelled, one far off), minutes in
    both months a night shift touches, periods, weekly rows (one past midnight, one ended, one on
    another weekday), their own agreement, introduced, not bookable."""
    shift = ShiftFactory(starts_at=at(2031, 1, 31, 21), ends_at=at(2031, 2, 1, 7), break_minutes=30)
    user = SubstituteFactory()
    agreement = Agreement.objects.create(code="natt", name="Natt", daily_rest_minutes=9 * 60)
    SubstituteProfileFactory(user=user, agreement=agreement, is_bookable=False)
    IntroductionFactory(substitute=user, workplace=shift.workplace)
    for starts in (at(2031, 1, 29, 7), at(2031, 1, 30, 21), at(2031, 1, 3, 7), at(2031, 2, 6, 7)):
        BookingFactory(
            substitute=user, shift=ShiftFactory(starts_at=starts, ends_at=starts + dt.timedelta(hours=9))
        )
    BookingFactory(
        substitute=user,
        shift=ShiftFactory(starts_at=at(2031, 1, 28, 7), ends_at=at(2031, 1, 28, 16)),
        status=BookingStatus.CANCELLED,
    )
    AvailabilityPeriodFactory(substitute=user, starts_at=at(2031, 1, 31, 20), ends_at=at(2031, 2, 1, 3))
    AvailabilityPeriodFactory(
        substitute=user,
        kind=AvailabilityKind.UNAVAILABLE,
        starts_at=at(2031, 2, 1, 5),
        ends_at=at(2031, 2, 1, 9),
        note="Tandläkaren",
    )
    AvailabilityPeriodFactory(substitute=user, starts_at=at(2031, 3, 1, 5), ends_at=at(2031, 3, 2, 5))
    valid_from = dt.date(2030, 12, 1)
    WeeklyAvailabilityFactory(
        substitute=user, weekday=4, starts=dt.time(20), ends=dt.time(6), valid_from=valid_from
    )
    WeeklyAvailabilityFactory(
        substitute=user, weekday=5, starts=dt.time(5), ends=dt.time(8), valid_from=valid_from
    )
    WeeklyAvailabilityFactory(
        substitute=user, weekday=4, valid_from=valid_from, valid_until=dt.date(2031, 1, 10)
    )
    WeeklyAvailabilityFactory(substitute=user, weekday=1, valid_from=valid_from)

    facts = _assert_same(shift, user)
    assert len(facts.bookings) == 3  # the two before and the one after; not the cancelled one
    assert set(facts.month_minutes) == {(2031, 1), (2031, 2)} and facts.month_minutes[(2031, 1)] > 0
    assert len(facts.periods) == 2 and len(facts.weekly) == 2
    assert facts.introduced and not facts.is_bookable


def test_a_substitute_without_profile_gets_the_default_agreement_on_both_paths():
    shift = ShiftFactory()
    user = SubstituteFactory()
    Agreement.objects.filter(is_default=True).update(max_month_minutes=100 * 60)
    facts = _assert_same(shift, user)
    _group, locked, _count = _both(shift, user)
    assert locked.limits[user.pk].max_month_minutes == 100 * 60
    assert facts.is_bookable and not facts.introduced and facts.is_substitute


def test_an_inactive_account_or_one_without_the_role_is_no_substitute_on_both_paths():
    shift = ShiftFactory()
    inactive = SubstituteFactory(is_active=False)
    staff = StaffingCentreFactory()
    assert not _assert_same(shift, inactive).is_substitute
    assert not _assert_same(shift, staff).is_substitute


def test_the_shifts_own_booking_is_left_out_and_qualifications_cost_one_more_statement():
    qualification = QualificationFactory(expires=True)
    shift = ShiftFactory(required_qualifications=[qualification])
    user = SubstituteFactory()
    SubstituteQualificationFactory(
        substitute=user, qualification=qualification, valid_until=dt.date(2040, 1, 1)
    )
    BookingFactory(substitute=user, shift=shift)
    facts = _assert_same(shift, user, statements=4)  # and the shift's own qualifications
    assert facts.bookings == [] and facts.qualifications == {qualification.pk: dt.date(2040, 1, 1)}


def test_someone_who_does_not_exist_is_not_found():
    shift = ShiftFactory()
    with transaction.atomic(), pytest.raises(User.DoesNotExist):
        facts_load_locked(shift=shift_lock_for_booking(shift_id=shift.pk), substitute=User(pk=987654))
