"""The demo's wages, bands, cost centres and approved hours: deterministic and idempotent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from vikarieportalen.accounts.tests.factories import SubstituteFactory, WorkplaceManagerFactory
from vikarieportalen.demo.hours import demo_hours_build
from vikarieportalen.demo.pay import demo_pay_build, demo_wage
from vikarieportalen.payroll.models import HourlyWage, SupplementBand, TimeTransaction
from vikarieportalen.staffing.models import TimeReport
from vikarieportalen.staffing.tests.factories import STOCKHOLM, BookingFactory, ShiftFactory, WorkplaceFactory

pytestmark = pytest.mark.django_db


def _days_ago(days: int, hour: int) -> dt.datetime:
    day = timezone.localdate() - dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=STOCKHOLM)


def test_demo_pay_and_hours_twice_change_nothing_the_second_time() -> None:
    manager = WorkplaceManagerFactory(username="EKAA7221")
    own = WorkplaceFactory(name="Solbackens äldreboende", managers=[manager])
    other = WorkplaceFactory(name="Hemtjänst Norr", managers=[WorkplaceManagerFactory()])
    substitute = SubstituteFactory(username="JOSA9804")
    # Two people: one person cannot hold two shifts at the same time (PostgreSQL refuses it).
    for place, person in ((own, substitute), (other, SubstituteFactory())):
        for days in (1, 2, 6):  # yesterday's and the day before's wait at EKAA7221's workplace
            shift = ShiftFactory(workplace=place, starts_at=_days_ago(days, 14), ends_at=_days_ago(days, 22))
            BookingFactory(shift=shift, substitute=person)
    counts: dict[str, int] = {}

    def count(what: str, created: bool) -> None:
        counts[what] = counts.get(what, 0) + int(created)

    demo_pay_build(count=count)
    demo_hours_build(count=count, now=_days_ago(0, 12))
    assert SupplementBand.objects.count() == 6
    assert HourlyWage.objects.filter(substitute=substitute).count() == 2
    assert 145 <= demo_wage("JOSA9804") <= 175
    assert own.__class__.objects.get(pk=own.pk).cost_centre
    assert TimeReport.objects.count() == 3  # other: days 2 and 6 (1 day ago is too new); own: day 6
    assert TimeTransaction.objects.exists()
    before = (TimeReport.objects.count(), TimeTransaction.objects.count(), HourlyWage.objects.count())
    created_first = dict(counts)
    demo_pay_build(count=count)
    demo_hours_build(count=count, now=_days_ago(0, 12))
    assert (TimeReport.objects.count(), TimeTransaction.objects.count(), HourlyWage.objects.count()) == before
    assert counts == created_first
