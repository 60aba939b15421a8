"""The demo's certificates: a released one flagged twice by corrections of hours, one flag handled."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from vikarieportalen.accounts.tests.factories import (
    HrServiceFactory,
    PayrollFactory,
    SubstituteFactory,
    WorkplaceManagerFactory,
)
from vikarieportalen.certificates import selectors
from vikarieportalen.certificates.models import (
    CertificateOrder,
    CertificateStatus,
    CorrectionFlag,
    FlagOutcome,
)
from vikarieportalen.demo.certificates import DEMO_HR, demo_certificates_build
from vikarieportalen.demo.hours import demo_hours_build
from vikarieportalen.demo.pay import demo_pay_build
from vikarieportalen.demo.payroll_periods import DEMO_PAYROLL, demo_pay_periods_build
from vikarieportalen.staffing.tests.factories import STOCKHOLM, BookingFactory, ShiftFactory, WorkplaceFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 10, 12, 0, tzinfo=STOCKHOLM)


@time_machine.travel(NOW)
def test_the_released_certificate_has_one_handled_and_one_waiting_flag() -> None:
    PayrollFactory(username=DEMO_PAYROLL)
    hr = HrServiceFactory(username=DEMO_HR)
    place = WorkplaceFactory(name="Hemtjänst Norr", managers=[WorkplaceManagerFactory()])
    person = SubstituteFactory(username="JOSA9804", employee_number="V1")
    for day in (dt.date(2026, 11, d) for d in (3, 5, 6, 10, 17, 20, 24, 26)):
        starts = dt.datetime.combine(day, dt.time(7), tzinfo=STOCKHOLM)
        shift = ShiftFactory(workplace=place, starts_at=starts, ends_at=starts + dt.timedelta(hours=8))
        BookingFactory(shift=shift, substitute=person)
    counts: dict[str, int] = {}

    def count(what: str, created: bool) -> None:
        counts[what] = counts.get(what, 0) + int(created)

    demo_pay_build(count=count)
    demo_hours_build(count=count, now=NOW)
    demo_pay_periods_build(count=count)
    demo_certificates_build(count=count)

    released = CertificateOrder.objects.get(substitute=person, status=CertificateStatus.RELEASED)
    handled, waiting = CorrectionFlag.objects.filter(order=released).order_by("created_at", "pk")
    assert (handled.handled_by, handled.handled_outcome) == (hr, FlagOutcome.NO_ACTION)
    assert handled.handled_note and waiting.handled_at is None
    assert selectors.orders_corrected_count() == 1
    before = CorrectionFlag.objects.count()
    demo_certificates_build(count=count)
    assert CorrectionFlag.objects.count() == before
