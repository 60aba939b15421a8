"""The demo's repeating need with the manager's wish: built for EKAA7221's workplace, the wished
substitute first among its candidates, bookable as a series; a second run adds nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from vikarieportalen.accounts.tests.factories import SubstituteFactory, WorkplaceManagerFactory
from vikarieportalen.demo.common import DAYS_AHEAD
from vikarieportalen.demo.staffing.series import MANAGER, NOTE, demo_series_build
from vikarieportalen.staffing.booking.candidates import candidate_list_for_shift
from vikarieportalen.staffing.models import Shift, ShiftSeries
from vikarieportalen.staffing.tests.factories import IntroductionFactory, WorkplaceFactory

pytestmark = pytest.mark.django_db


def test_demo_series_has_the_wish_and_a_second_run_adds_nothing() -> None:
    manager = WorkplaceManagerFactory(username=MANAGER)
    workplace = WorkplaceFactory(name="Förskolan Snäckan", managers=[manager])
    sara = SubstituteFactory(employee_number="V10001")
    IntroductionFactory(substitute=sara, workplace=workplace)
    counted: list[bool] = []

    demo_series_build(count=lambda _what, created: counted.append(created))
    demo_series_build(count=lambda _what, created: counted.append(created))

    assert counted == [True, False]
    assert ShiftSeries.objects.count() == 1
    shifts = Shift.objects.filter(note=NOTE)
    today = timezone.localdate()
    coming = [today + dt.timedelta(days=n) for n in range(1, DAYS_AHEAD)]
    assert shifts.count() == sum(day.weekday() < 5 for day in coming)  # the weekdays of two weeks
    assert {shift.wished_substitute for shift in shifts} == {sara}
    eligible, _excluded = candidate_list_for_shift(shift=shifts.first())
    assert eligible[0].substitute == sara and eligible[0].wished_first
