"""Time transactions from approved reports; the pay-data admin."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from vikarieportalen.accounts.tests.factories import AdministratorFactory
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.payroll.audit_kinds import PayrollAuditKind
from vikarieportalen.payroll.models import BandKind, HourlyWage, TimeTransaction
from vikarieportalen.payroll.tests.factories import (
    HourlyWageFactory,
    SupplementBandFactory,
    TimeReportFactory,
    TimeTransactionFactory,
)
from vikarieportalen.payroll.transactions import NoHourlyWage, transactions_create_for_report
from vikarieportalen.staffing.tests.factories import BookingFactory, ShiftFactory, at
from vikarieportalen.testing import client_logged_in

pytestmark = pytest.mark.django_db


def night_report():
    shift = ShiftFactory(starts_at=at(2026, 12, 23, 21), ends_at=at(2026, 12, 24, 7), break_minutes=60)
    booking = BookingFactory(shift=shift)
    return TimeReportFactory(booking=booking)


def test_the_wage_valid_on_the_day_and_the_highest_band_per_minute() -> None:
    report = night_report()
    substitute = report.booking.substitute
    HourlyWageFactory(substitute=substitute, valid_from=dt.date(2026, 1, 1), amount=Decimal("150.00"))
    HourlyWageFactory(substitute=substitute, valid_from=dt.date(2026, 12, 24), amount=Decimal("999.00"))
    SupplementBandFactory(
        code="natt",
        kind=BandKind.NIGHT,
        time_code="OB2",
        weekdays=list(range(7)),
        starts=dt.time(22),
        ends=dt.time(6),
        amount_per_hour=Decimal("53.40"),
        priority=20,
    )
    SupplementBandFactory(
        code="storhelg",
        kind=BandKind.HOLIDAY,
        time_code="OB4",
        weekdays=[],
        starts=None,
        ends=None,
        on_holidays=True,
        amount_per_hour=Decimal("130.50"),
        priority=40,
    )
    lines = transactions_create_for_report(report=report)
    summary = [(t.time_code, t.day, t.minutes, t.rate, t.amount) for t in lines]
    # 21:00–07:00 with the hour's break at 01:30–02:30; Christmas Eve from midnight is storhelg.
    assert summary == [
        ("TIM", dt.date(2026, 12, 23), 540, Decimal("150.00"), Decimal("1350.00")),
        ("OB2", dt.date(2026, 12, 23), 120, Decimal("53.40"), Decimal("106.80")),
        ("OB4", dt.date(2026, 12, 24), 90, Decimal("130.50"), Decimal("195.75")),
        ("OB4", dt.date(2026, 12, 24), 270, Decimal("130.50"), Decimal("587.25")),
    ]
    assert transactions_create_for_report(report=report) == lines  # a second call doubles nothing
    assert TimeTransaction.objects.count() == 4


def test_no_wage_raises_and_writes_nothing() -> None:
    with pytest.raises(NoHourlyWage):
        transactions_create_for_report(report=night_report())
    assert not TimeTransaction.objects.exists()


def test_not_worked_has_no_lines() -> None:
    assert transactions_create_for_report(report=TimeReportFactory(not_worked=True)) == []


def test_factories_make_a_consistent_line() -> None:
    line = TimeTransactionFactory()
    assert line.minutes == 495 and line.amount == Decimal("1320.00") and line.batch is None


def test_a_wage_changed_in_the_admin_is_audited() -> None:
    admin = AdministratorFactory(is_staff=True, is_superuser=True)
    wage = HourlyWageFactory(amount=Decimal("150.00"))
    client = client_logged_in(admin)
    response = client.post(
        f"/admin/payroll/hourlywage/{wage.pk}/change/",
        {"substitute": wage.substitute_id, "valid_from": "2020-01-01", "amount": "155.00"},
    )
    assert response.status_code == 302, response.content[:2000]
    assert HourlyWage.objects.get().amount == Decimal("155.00")
    assert AuditEvent.objects.filter(kind=PayrollAuditKind.WAGE_CHANGED, user=wage.substitute).exists()
