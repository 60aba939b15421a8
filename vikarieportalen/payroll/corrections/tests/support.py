"""An approved, exported shift to correct (shared by the corrections' tests)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from vikarieportalen.accounts.tests.factories import SubstituteFactory, WorkplaceManagerFactory
from vikarieportalen.payroll.export import services as export
from vikarieportalen.payroll.hours.services import time_report_approve
from vikarieportalen.payroll.models import TimeTransaction
from vikarieportalen.payroll.periods.rules import period_last_day
from vikarieportalen.payroll.tests.factories import HourlyWageFactory, SupplementBandFactory
from vikarieportalen.staffing.models import TimeReport
from vikarieportalen.staffing.tests.factories import BookingFactory, ShiftFactory, WorkplaceFactory, at

NOW = at(2026, 11, 26, 9)


def exported_shift() -> tuple[TimeReport, Any]:
    """Tuesday 24 November 2026, 14:00-22:00 with 30 minutes' break, approved and exported."""
    manager = WorkplaceManagerFactory()
    workplace = WorkplaceFactory(managers=[manager], cost_centre="3110")
    shift = ShiftFactory(
        workplace=workplace, starts_at=at(2026, 11, 24, 14), ends_at=at(2026, 11, 24, 22), break_minutes=30
    )
    substitute = SubstituteFactory(employee_number="T100001")
    HourlyWageFactory(substitute=substitute, valid_from=dt.date(2026, 1, 1), amount=Decimal("160.00"))
    SupplementBandFactory(code="ob-kvall", time_code="OB1", amount_per_hour=Decimal("26.10"))
    booking = BookingFactory(shift=shift, substitute=substitute)
    report = time_report_approve(
        booking=booking,
        by=manager,
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        break_minutes=30,
        now=NOW,
    )
    period = TimeTransaction.objects.filter(report=report).values_list("period", flat=True).first()
    assert period is not None
    export.export_create(by=None, period=period, today=period_last_day(period) + dt.timedelta(days=10))
    return report, manager
