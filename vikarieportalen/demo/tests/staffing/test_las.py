"""The LAS demo: one substitute nearing the SÄV limit, one over priority, one over SÄV; idempotent."""

from __future__ import annotations

import datetime as dt

import pytest

from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.demo.staffing.las import demo_las_build
from vikarieportalen.staffing.las import rules as las
from vikarieportalen.staffing.las import selectors as las_selectors
from vikarieportalen.staffing.models import Booking, Shift
from vikarieportalen.staffing.tests.factories import IntroductionFactory, WorkplaceFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 28)


def test_demo_gives_three_substitutes_their_years_and_a_second_run_changes_nothing():
    workplace = WorkplaceFactory()
    sara = SubstituteFactory(username="JOSA9804", employee_number="D0100")
    second = SubstituteFactory(employee_number="D0001")
    third = SubstituteFactory(employee_number="D0002")
    SubstituteFactory(employee_number="D0003")
    IntroductionFactory(substitute=sara, workplace=workplace)
    demo_las_build(count=lambda _what, _created: None, today=TODAY)
    limits = las.LasLimits()

    def state(person, rule):
        status = las_selectors.las_status_for_substitute(substitute=person, today=TODAY, limits=limits)
        return status.measure(rule).state

    assert state(sara, las.LasRule.SAV_CONVERSION) == las.LasState.NEARING
    assert state(second, las.LasRule.PRIORITY) == las.LasState.OVER
    assert state(third, las.LasRule.SAV_CONVERSION) == las.LasState.OVER
    assert Booking.objects.filter(substitute=sara).exclude(workplace=workplace).count() == 0
    # Forms follow the shift's reason, and nothing is near the staffing demo's recent weeks.
    assert not Booking.objects.filter(starts_at__date__gt=TODAY - dt.timedelta(days=61)).exists()
    sav_reasons = set(Booking.objects.filter(employment_form="sav").values_list("shift__reason", flat=True))
    assert sav_reasons == {"extra_need"}

    counts = (Shift.objects.count(), Booking.objects.count())
    demo_las_build(count=lambda _what, _created: None, today=TODAY)
    demo_las_build(count=lambda _what, _created: None, today=TODAY + dt.timedelta(days=3))
    assert (Shift.objects.count(), Booking.objects.count()) == counts
