"""The staffing demo: realistic, within the rules, and idempotent also when run again on a later day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import TestCase
from django.utils import timezone, translation

from vikarieportalen.demo.common import DAYS_AHEAD, DAYS_BACK
from vikarieportalen.demo.municipality import demo_municipality_build
from vikarieportalen.demo.staffing.shifts import demo_staffing_build, demo_tables
from vikarieportalen.staffing.booking.candidates import candidate_check
from vikarieportalen.staffing.booking.rules import employment_form_for
from vikarieportalen.staffing.models import (
    Booking,
    BookingStatus,
    Qualification,
    Shift,
    SubstituteQualification,
)


def _counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model, _fields in demo_tables()}


@pytest.mark.slow
class StaffingDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        with translation.override("sv"):
            demo_municipality_build()

    def test_the_six_qualifications_one_of_which_expires(self) -> None:
        assert set(Qualification.objects.values_list("name", flat=True)) == {
            "Undersköterska",
            "Barnskötare",
            "Lärare",
            "B-körkort",
            "Läkemedelsdelegering",
            "Förskollärare",
        }
        assert list(Qualification.objects.filter(expires=True).values_list("code", flat=True)) == [
            "lakemedelsdelegering"
        ]
        today = timezone.localdate()
        delegations = SubstituteQualification.objects.filter(qualification__code="lakemedelsdelegering")
        assert delegations.filter(valid_until__lt=today).exists()  # some have run out
        assert delegations.filter(valid_until__gte=today).exists()

    def test_bookings_carry_the_form_of_employment_of_their_shift(self) -> None:
        pairs = set(Booking.objects.values_list("shift__reason", "employment_form"))
        assert pairs == {(reason, employment_form_for(reason)) for reason, _form in pairs}
        assert {form for _reason, form in pairs} == {"sav", "vikariat"}

    def test_four_weeks_of_shifts_at_every_workplace_many_booked_some_open(self) -> None:
        today = timezone.localdate()
        # Earlier years' shifts come from the LAS demo (demo/staffing/las.py) and end well before.
        days = set(Shift.objects.values_list("day", flat=True))
        window = {day for day in days if day >= today - dt.timedelta(days=DAYS_BACK + 30)}
        assert min(window) == today - dt.timedelta(days=DAYS_BACK)
        assert max(days - window, default=today) < today - dt.timedelta(days=DAYS_BACK + 30)
        assert max(days) == today + dt.timedelta(days=DAYS_AHEAD - 1)
        assert Shift.objects.values("workplace").distinct().count() == 15
        coming = Shift.objects.filter(day__gte=today)
        booked = coming.filter(bookings__status=BookingStatus.ACTIVE).count()
        assert booked > 50
        assert coming.count() - booked > 20  # open shifts for the board
        starts = {
            timezone.localtime(s).strftime("%H:%M") for s in Shift.objects.values_list("starts_at", flat=True)
        }
        assert {"07:00", "13:30", "21:15", "08:00"} <= starts

    def test_the_seed_substitute_has_history_and_coming_bookings(self) -> None:
        mine = Booking.objects.filter(substitute__username="JOSA9804", status=BookingStatus.ACTIVE)
        now = timezone.now()
        assert mine.filter(ends_at__lt=now).count() >= 3
        assert mine.filter(starts_at__gt=now).count() >= 3

    def test_every_demo_booking_keeps_the_rules(self) -> None:
        with translation.override("en"):
            recent = Booking.objects.filter(
                starts_at__date__gte=timezone.localdate() - dt.timedelta(days=DAYS_BACK)
            )
            for booking in recent.select_related("shift__workplace", "substitute")[:150]:
                checked = candidate_check(shift=booking.shift, substitute=booking.substitute)
                assert checked.violations == [], (booking, [v.message for v in checked.violations])

    def test_running_again_on_a_later_day_only_adds_the_new_days(self) -> None:
        before = _counts()
        demo_staffing_build()
        assert _counts() == before
        later = timezone.localdate() + dt.timedelta(days=3)
        demo_staffing_build(today=later)
        after = _counts()
        assert after["staffing.Shift"] > before["staffing.Shift"]
        new_days = set(
            Shift.objects.filter(
                day__gt=timezone.localdate() + dt.timedelta(days=DAYS_AHEAD - 1)
            ).values_list("day", flat=True)
        )
        assert new_days and max(new_days) == later + dt.timedelta(days=DAYS_AHEAD - 1)
        # The same plan per workplace and day: nothing that existed was made twice.
        pairs = list(Shift.objects.values_list("workplace_id", "starts_at"))
        assert len(pairs) == len(set(pairs))
