"""Two managers approving the same shift at once (PostgreSQL: real concurrent transactions)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from decimal import Decimal

import pytest
from django.db import transaction

from vikarieportalen.accounts.tests.factories import WorkplaceManagerFactory
from vikarieportalen.payroll.hours.services import HoursRefused, time_report_approve
from vikarieportalen.payroll.models import TimeTransaction
from vikarieportalen.payroll.tests.factories import HourlyWageFactory
from vikarieportalen.staffing.models import TimeReport
from vikarieportalen.staffing.tests.factories import BookingFactory, ShiftFactory, WorkplaceFactory, at
from vikarieportalen.testing import in_thread, postgresql_only


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_managers_approving_at_once_one_wins_the_other_is_told() -> None:
    first, second = WorkplaceManagerFactory(), WorkplaceManagerFactory()
    workplace = WorkplaceFactory(name="Solbackens äldreboende (samtidigt)", managers=[first, second])
    shift = ShiftFactory(workplace=workplace, starts_at=at(2026, 11, 24, 7), ends_at=at(2026, 11, 24, 16))
    booking = BookingFactory(shift=shift)
    HourlyWageFactory(substitute=booking.substitute, amount=Decimal("160.00"))
    now = at(2026, 11, 26, 9)
    locked = threading.Event()

    def approve_and_hold() -> TimeReport:
        with transaction.atomic():
            report = time_report_approve(
                booking=booking,
                by=first,
                starts_at=booking.starts_at,
                ends_at=booking.ends_at,
                break_minutes=45,
                now=now,
            )
            locked.set()
            time.sleep(0.5)  # the other approval now waits on the booking's row lock
            return report

    def approve_later_end() -> TimeReport:
        locked.wait(5)
        return time_report_approve(
            booking=booking,
            by=second,
            starts_at=booking.starts_at,
            ends_at=booking.ends_at + dt.timedelta(hours=1),
            break_minutes=45,
            now=now,
        )

    thread_a, outcome_a = in_thread(approve_and_hold)
    thread_b, outcome_b = in_thread(approve_later_end)
    thread_a.start()
    thread_b.start()
    thread_a.join(10)
    thread_b.join(10)

    assert "error" not in outcome_a, outcome_a
    refused = outcome_b.get("error")
    assert isinstance(refused, HoursRefused), outcome_b
    assert "already approved" in refused.message
    assert TimeReport.objects.get().work_minutes == 495
    assert TimeTransaction.objects.count() == 1
