"""The demo's pay periods: earlier periods exported and locked, late lines in the open one; idempotent."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from vikarieportalen.accounts.tests.factories import (
    PayrollFactory,
    SubstituteFactory,
    WorkplaceManagerFactory,
)
from vikarieportalen.demo.hours import demo_hours_build
from vikarieportalen.demo.pay import demo_pay_build
from vikarieportalen.demo.payroll_periods import DEMO_PAYROLL, demo_pay_periods_build
from vikarieportalen.payroll.models import (
    ExportBatch,
    HoursCorrection,
    PayPeriod,
    PeriodState,
    TimeTransaction,
)
from vikarieportalen.staffing.tests.factories import STOCKHOLM, BookingFactory, ShiftFactory, WorkplaceFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 10, 12, 0, tzinfo=STOCKHOLM)
NOV, DEC = dt.date(2026, 11, 1), dt.date(2026, 12, 1)


@time_machine.travel(NOW)
def test_earlier_periods_are_exported_and_locked_and_some_lines_are_late() -> None:
    PayrollFactory(username=DEMO_PAYROLL)
    place = WorkplaceFactory(name="Hemtjänst Norr", managers=[WorkplaceManagerFactory()])
    person = SubstituteFactory(username="JOSA9804", employee_number="V1")
    for day in (dt.date(2026, 11, d) for d in (10, 17, 20, 24, 26)):
        starts = dt.datetime.combine(day, dt.time(7), tzinfo=STOCKHOLM)
        shift = ShiftFactory(workplace=place, starts_at=starts, ends_at=starts + dt.timedelta(hours=8))
        BookingFactory(shift=shift, substitute=person)
    counts: dict[str, int] = {}

    def count(what: str, created: bool) -> None:
        counts[what] = counts.get(what, 0) + int(created)

    demo_pay_build(count=count)
    demo_hours_build(count=count, now=NOW)
    demo_pay_periods_build(count=count)

    assert set(ExportBatch.objects.values_list("period", flat=True)) == {NOV}
    locked = PayPeriod.objects.filter(state=PeriodState.LOCKED)
    assert set(locked.values_list("month", flat=True)) == {NOV}
    late = TimeTransaction.objects.filter(late=True)
    assert late.exists() and set(late.values_list("period", "batch")) == {(DEC, None)}
    # One exported November shift corrected: its reversal and new lines in December, linked.
    correction = HoursCorrection.objects.get()
    assert correction.reason and counts["hours corrections"] == 1
    lines = list(correction.lines.select_related("corrects"))
    reversals = [line for line in lines if line.minutes < 0]
    assert reversals and len(reversals) < len(lines)
    assert all(line.period == DEC and line.late and line.batch_id is None for line in lines)
    assert all(line.corrects is not None and line.corrects.period == NOV for line in lines)
    assert all(line.corrects.batch_id is not None for line in reversals)
    assert sum(line.minutes for line in lines if line.band_id is None) == -30
    assert counts["late time transactions"] == late.count() - len(lines)
    before = (ExportBatch.objects.count(), TimeTransaction.objects.count())
    demo_pay_periods_build(count=count)
    assert (ExportBatch.objects.count(), TimeTransaction.objects.count()) == before
