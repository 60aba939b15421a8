"""Pay periods in the database: approved lines get their period, late lines, locked periods, constraints."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from vikarieportalen.payroll.models import PayPeriod, PeriodState, TimeTransaction
from vikarieportalen.payroll.tests.factories import (
    HourlyWageFactory,
    TimeReportFactory,
    TimeTransactionFactory,
)
from vikarieportalen.payroll.transactions import transactions_create_for_report
from vikarieportalen.staffing.tests.factories import BookingFactory, ShiftFactory, at

pytestmark = pytest.mark.django_db

NOV = dt.date(2026, 11, 1)
DEC = dt.date(2026, 12, 1)
JAN = dt.date(2027, 1, 1)


def approve(starts: dt.datetime, ends: dt.datetime) -> list[TimeTransaction]:
    booking = BookingFactory(shift=ShiftFactory(starts_at=starts, ends_at=ends, break_minutes=0))
    HourlyWageFactory(substitute=booking.substitute, valid_from=dt.date(2026, 1, 1), amount=Decimal("150.00"))
    return transactions_create_for_report(report=TimeReportFactory(booking=booking))


def lock(month: dt.date) -> None:
    PayPeriod.objects.update_or_create(
        month=month, defaults={"state": PeriodState.LOCKED, "locked_at": timezone.now()}
    )


@time_machine.travel(dt.datetime(2026, 12, 5, 23, 30, tzinfo=dt.UTC))  # 00:30 on 6 December in Sweden
def test_a_line_approved_after_the_cut_off_goes_to_the_next_period_marked_late() -> None:
    (line,) = approve(at(2026, 11, 30, 7), at(2026, 11, 30, 15))
    assert (line.period, line.late) == (DEC, True)


@time_machine.travel(dt.datetime(2026, 12, 5, 21, 0, tzinfo=dt.UTC))  # 22:00 on the cut-off day
def test_a_line_approved_on_the_cut_off_day_is_in_its_own_period() -> None:
    (line,) = approve(at(2026, 11, 30, 7), at(2026, 11, 30, 15))
    assert (line.period, line.late) == (NOV, False)
    assert PayPeriod.objects.get(month=NOV).state == PeriodState.OPEN


@time_machine.travel(dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC))
def test_a_locked_period_takes_no_new_lines() -> None:
    lock(NOV)
    lock(DEC)
    lines = approve(at(2026, 11, 30, 7), at(2026, 11, 30, 15))
    assert {(line.period, line.late) for line in lines} == {(JAN, True)}
    assert PayPeriod.objects.get(month=JAN).state == PeriodState.OPEN


@time_machine.travel(dt.datetime(2027, 1, 2, 9, 0, tzinfo=dt.UTC))
def test_every_line_of_a_shift_over_new_year_is_paid_in_the_month_it_started() -> None:
    lines = approve(at(2026, 12, 31, 20), at(2027, 1, 1, 4))
    assert {(line.period, line.late) for line in lines} == {(DEC, False)}


def test_the_database_refuses_a_period_that_is_not_a_month() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        PayPeriod.objects.create(month=dt.date(2026, 11, 2))


def test_the_database_refuses_a_locked_period_without_a_time_and_an_open_one_with() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        PayPeriod.objects.create(month=NOV, state=PeriodState.LOCKED)
    with pytest.raises(IntegrityError), transaction.atomic():
        PayPeriod.objects.create(month=NOV, locked_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        PayPeriod.objects.create(month=NOV, state="closed")


def test_the_database_refuses_one_month_twice() -> None:
    PayPeriod.objects.create(month=NOV)
    with pytest.raises(IntegrityError), transaction.atomic():
        PayPeriod.objects.create(month=NOV)


def test_the_database_refuses_a_later_period_not_marked_late_or_not_on_a_first() -> None:
    report = TimeReportFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        TimeTransactionFactory(report=report, period=dt.date(2026, 11, 15))
    later = report.starts_at.date().replace(day=1) + dt.timedelta(days=40)
    with pytest.raises(IntegrityError), transaction.atomic():
        TimeTransactionFactory(report=report, period=later.replace(day=1))
    TimeTransactionFactory(report=report, period=later.replace(day=1), late=True)
