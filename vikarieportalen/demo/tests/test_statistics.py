"""The demo's history for Statistik: this month shows time to booking, answered offers,
cancellations by each kind of person, withdrawn needs and cost; running the builder again changes
nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import F
from django.test import TestCase
from django.utils import timezone, translation

from vikarieportalen.demo.common import no_count
from vikarieportalen.demo.municipality import demo_municipality_build
from vikarieportalen.demo.statistics import demo_statistics_build
from vikarieportalen.staffing.models import (
    Booking,
    BookingStatus,
    Offer,
    Shift,
    ShiftStatus,
    Workplace,
)
from vikarieportalen.statistics import selectors
from vikarieportalen.statistics.rules import Step


@pytest.mark.slow
class DemoStatisticsTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        with translation.override("sv"):
            demo_municipality_build()

    def _report(self) -> selectors.Report:
        today = timezone.localdate()
        scope = selectors.Scope(
            workplaces=list(Workplace.objects.order_by("name")),
            first=today - dt.timedelta(days=28),
            last=today,
            step=Step.WEEK,
            today=today,
        )
        with translation.override("en"):
            return selectors.statistics_report(scope=scope)

    def _total(self, key: str) -> list[object]:
        table = next(t for t in self._report().tables if t.key == key)
        return table.rows[-1].cells

    def test_a_month_shows_every_section(self) -> None:
        fill = self._total("fill")
        assert fill[2] and fill[3] and 50 < fill[4] < 100  # type: ignore[operator]
        lead = self._total("lead_time")
        assert lead[3] is not None and lead[3] > 0  # type: ignore[operator]
        offers = self._total("offers")
        assert offers[2] and offers[3] and offers[7] is not None  # sent, answered, answer time
        cancellations = self._total("cancellations")
        assert all(cancellations[2:7]), cancellations
        cost = self._total("cost")
        assert cost[5] and cost[5] > 0  # type: ignore[operator]

    def test_times_are_in_order(self) -> None:
        assert not Shift.objects.filter(created_at__gt=timezone.now()).exists()
        assert not Booking.objects.filter(created_at__lt=F("shift__created_at")).exists()
        assert not Offer.objects.filter(responded_at__lt=F("created_at")).exists()

    def test_running_again_changes_nothing(self) -> None:
        before = (
            list(Shift.objects.order_by("pk").values_list("created_at", "status")),
            list(Booking.objects.order_by("pk").values_list("created_at", "status")),
            Offer.objects.count(),
        )
        demo_statistics_build(count=no_count)
        after = (
            list(Shift.objects.order_by("pk").values_list("created_at", "status")),
            list(Booking.objects.order_by("pk").values_list("created_at", "status")),
            Offer.objects.count(),
        )
        assert before == after
        assert Booking.objects.filter(status=BookingStatus.CANCELLED).exists()
        assert Shift.objects.filter(status=ShiftStatus.CANCELLED, cancel_reason__contains="demo").exists()
