"""The manager's wish for a named substitute (*önskad vikarie*): saved with the need, refused for
someone outside the pool, seen by the staffing centre and ranked first when eligible."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import (
    StaffingCentreFactory,
    SubstituteFactory,
    WorkplaceManagerFactory,
)
from vikarieportalen.staffing.booking.candidates import candidate_list_for_shift
from vikarieportalen.staffing.models import Shift, ShiftSeries, Workplace
from vikarieportalen.staffing.shifts import services
from vikarieportalen.staffing.shifts.rules import ShiftInputError
from vikarieportalen.staffing.tests.factories import ShiftFactory, WorkplaceFactory, at, substitute_ready_for
from vikarieportalen.testing import client_logged_in

pytestmark = pytest.mark.django_db

NOW = at(2026, 10, 1, 10, 0)
NEW = "/bemanning/behov/nytt/"


@pytest.fixture(autouse=True)
def _frozen(time_machine: Any) -> None:
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def manager() -> User:
    return WorkplaceManagerFactory()


@pytest.fixture
def own(manager: User) -> Workplace:
    return WorkplaceFactory(name="Hemtjänst Väst", managers=[manager])


def swedish(user: User) -> Client:
    client = client_logged_in(user)
    client.cookies["vp_language"] = "sv"
    return client


def need(workplace: Workplace, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "workplace": workplace.pk,
        "day": "2026-10-14",
        "starts": "07:00",
        "ends": "16:00",
        "break_minutes": "45",
        "reason": "sick_leave",
    }
    data.update(changes)
    return data


def test_the_manager_wishes_for_someone_in_the_pool(manager: User, own: Workplace) -> None:
    sara = SubstituteFactory(preferred_given_name="Sara", family_name="Ek")
    page = swedish(manager).get(NEW).content.decode()
    assert "Önskad vikarie" in page
    assert "Sara Ek" in page
    response = swedish(manager).post(NEW, need(own, wished_substitute=sara.pk))
    assert response.status_code == 302
    assert Shift.objects.get().wished_substitute == sara


def test_a_series_carries_the_wish_on_every_shift(manager: User, own: Workplace) -> None:
    sara = SubstituteFactory()
    data = need(own, wished_substitute=sara.pk, repeat="on", weekdays=["0", "2"], until="2026-10-25")
    data["confirmed_count"] = "3"  # Wed 14, Mon 19, Wed 21 October
    response = swedish(manager).post(NEW, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ShiftSeries.objects.count() == 1
    assert set(Shift.objects.values_list("wished_substitute", flat=True)) == {sara.pk}


def test_someone_outside_the_pool_is_refused_and_nothing_saved(manager: User, own: Workplace) -> None:
    colleague = StaffingCentreFactory()
    response = swedish(manager).post(NEW, need(own, wished_substitute=colleague.pk))
    assert response.status_code == 200
    assert "Välj en vikarie ur poolen eller lämna fältet tomt." in response.content.decode()
    assert not Shift.objects.exists()


def test_an_inactive_substitute_is_refused_by_the_service_too(manager: User, own: Workplace) -> None:
    gone = SubstituteFactory(is_active=False)
    with pytest.raises(ShiftInputError):
        services.shift_create(
            workplace=own,
            day=dt.date(2026, 10, 14),
            starts=dt.time(7),
            ends=dt.time(16),
            break_minutes=45,
            reason="sick_leave",
            by=manager,
            wished_substitute=gone,
        )
    assert not Shift.objects.exists()


def test_the_wished_substitute_is_ranked_first_when_eligible() -> None:
    shift = ShiftFactory()
    # Anna comes first by name without the wish.
    anna = substitute_ready_for(shift, preferred_given_name="Anna", family_name="Ahl")
    wished = substitute_ready_for(shift, preferred_given_name="Örjan", family_name="Ö")
    shift.wished_substitute = wished
    shift.save(update_fields=["wished_substitute"])
    eligible, _excluded = candidate_list_for_shift(shift=shift)
    assert [c.substitute for c in eligible] == [wished, anna]
    assert eligible[0].wished_first


def test_a_wished_substitute_who_breaks_a_rule_is_not_put_first() -> None:
    shift = ShiftFactory()
    anna = substitute_ready_for(shift, preferred_given_name="Anna", family_name="Ahl")
    busy = SubstituteFactory(preferred_given_name="Bo", family_name="Berg")  # not introduced
    shift.wished_substitute = busy
    shift.save(update_fields=["wished_substitute"])
    eligible, excluded = candidate_list_for_shift(shift=shift)
    assert [c.substitute for c in eligible] == [anna]
    [bo] = [c for c in excluded if c.substitute == busy]
    assert bo.wished and not bo.wished_first


def test_the_staffing_centre_sees_the_wish_and_the_tag() -> None:
    shift = ShiftFactory()
    wished = substitute_ready_for(shift, preferred_given_name="Sara", family_name="Ek")
    shift.wished_substitute = wished
    shift.save(update_fields=["wished_substitute"])
    page = swedish(StaffingCentreFactory()).get(f"/bemanning/pass/{shift.pk}/kandidater/").content.decode()
    assert "Chefen önskar Sara Ek." in page
    assert "Önskad av chefen" in page
