"""The shift-need services: who may write, all-or-nothing series, cancelling booked shifts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import (
    AdministratorFactory,
    StaffingCentreFactory,
    SubstituteFactory,
    WorkplaceManagerFactory,
)
from vikarieportalen.core.errors import Refused
from vikarieportalen.notifications.models import Message
from vikarieportalen.staffing.models import BookingStatus, Shift, ShiftSeries, ShiftStatus, Workplace
from vikarieportalen.staffing.shifts import services as shifts
from vikarieportalen.staffing.shifts.rules import ShiftInputError
from vikarieportalen.staffing.tests.factories import (
    BookingFactory,
    QualificationFactory,
    WorkplaceFactory,
    at,
)

pytestmark = pytest.mark.django_db

NOW = at(2026, 10, 1, 10, 0)
T = dt.time
D = dt.date


@pytest.fixture
def manager() -> User:
    return WorkplaceManagerFactory()


@pytest.fixture
def workplace(manager: User) -> Workplace:
    return WorkplaceFactory(managers=[manager])


def one(workplace: Workplace, by: User, **changes: Any) -> Shift:
    arguments: dict[str, Any] = {
        "workplace": workplace,
        "day": D(2026, 10, 14),
        "starts": T(7),
        "ends": T(16),
        "break_minutes": 45,
        "reason": "vacation",
        "by": by,
        "now": NOW,
    }
    arguments.update(changes)
    return shifts.shift_create(**arguments)


def series(workplace: Workplace, by: User, **changes: Any) -> ShiftSeries:
    arguments: dict[str, Any] = {
        "workplace": workplace,
        "first_day": D(2026, 10, 5),
        "last_day": D(2026, 10, 25),
        "weekdays": [0, 4],
        "starts": T(21, 15),
        "ends": T(7, 15),
        "break_minutes": 30,
        "reason": "extra_need",
        "by": by,
        "now": NOW,
    }
    arguments.update(changes)
    return shifts.shift_create_series(**arguments)


def test_the_staffing_centre_and_administrators_may_register_for_any_workplace(workplace: Workplace) -> None:
    for person in (StaffingCentreFactory(), AdministratorFactory()):
        assert one(workplace, person).workplace == workplace


@pytest.mark.parametrize("who", [WorkplaceManagerFactory, SubstituteFactory])
def test_others_may_not_register(workplace: Workplace, who: type) -> None:
    with pytest.raises(PermissionDenied):
        one(workplace, who())
    with pytest.raises(PermissionDenied):
        series(workplace, who())
    assert not Shift.objects.exists()


def test_an_inactive_workplace_takes_no_needs(workplace: Workplace, manager: User) -> None:
    workplace.is_active = False
    workplace.save()
    with pytest.raises(PermissionDenied):
        one(workplace, manager)


def test_the_service_checks_the_rules_itself(workplace: Workplace, manager: User) -> None:
    with pytest.raises(ShiftInputError):
        one(workplace, manager, ends=T(7))
    with pytest.raises(ShiftInputError):
        one(workplace, manager, reason="boredom")
    with pytest.raises(ShiftInputError):
        one(workplace, manager, day=D(2026, 9, 30))
    assert not Shift.objects.exists()


def test_a_series_is_all_or_nothing(workplace: Workplace, manager: User) -> None:
    with pytest.raises(ShiftInputError):
        series(workplace, manager, first_day=D(2026, 9, 25))  # the first Friday is past
    assert not Shift.objects.exists() and not ShiftSeries.objects.exists()


def test_a_series_copies_qualifications_to_every_shift(workplace: Workplace, manager: User) -> None:
    nurse, licence = QualificationFactory(), QualificationFactory()
    created = series(workplace, manager, qualifications=[nurse, licence])
    assert created.shifts.count() == 6
    assert all(set(s.required_qualifications.all()) == {nurse, licence} for s in created.shifts.all())
    assert (created.first_day, created.last_day) == (D(2026, 10, 5), D(2026, 10, 23))


def test_cancelling_the_rest_of_a_series_cancels_each_booking_with_an_sms(
    workplace: Workplace, manager: User, time_machine: Any
) -> None:
    time_machine.move_to(NOW, tick=False)
    created = series(workplace, manager)
    all_shifts = list(created.shifts.order_by("starts_at"))
    bookings = [
        BookingFactory(shift=s, substitute__mobile=f"+4670123450{i}") for i, s in enumerate(all_shifts[2:4])
    ]

    cancelled = shifts.shift_series_cancel(shift=all_shifts[1], by=manager, reason="Ingen brist längre")

    assert [s.pk for s in cancelled] == [s.pk for s in all_shifts[1:]]
    assert Shift.objects.get(pk=all_shifts[0].pk).status == ShiftStatus.ACTIVE
    for booking in bookings:
        booking.refresh_from_db()
        assert booking.status == BookingStatus.CANCELLED
    assert sorted(Message.objects.values_list("to_number", flat=True)) == ["+46701234500", "+46701234501"]


def test_a_series_with_nothing_left_is_explained(
    workplace: Workplace, manager: User, time_machine: Any
) -> None:
    time_machine.move_to(NOW, tick=False)
    created = series(workplace, manager)
    last = created.shifts.order_by("starts_at").last()
    assert last is not None
    shifts.shift_series_cancel(shift=last, by=manager)
    with pytest.raises(Refused):
        shifts.shift_series_cancel(shift=last, by=manager)


def test_another_manager_may_not_cancel(workplace: Workplace, manager: User, time_machine: Any) -> None:
    time_machine.move_to(NOW, tick=False)
    shift = one(workplace, manager)
    with pytest.raises(PermissionDenied):
        shifts.shift_cancel(shift=shift, by=WorkplaceManagerFactory())
    shift.refresh_from_db()
    assert shift.status == ShiftStatus.ACTIVE
