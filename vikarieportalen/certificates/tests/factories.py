"""Test data for certificates: worked days as approved hours and pay lines, and orders.

``worked_day(substitute, day)`` books, approves and pays one 07:00–16:00 shift (45 minutes' break,
8.25 hours, 160 kr/h) on ``day``; ``supplement=`` adds an OB line whose minutes lie inside it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.certificates.models import CertificateKind, CertificateOrder
from vikarieportalen.payroll.models import SupplementBand
from vikarieportalen.payroll.tests.factories import (
    SupplementBandFactory,
    TimeReportFactory,
    TimeTransactionFactory,
    money,
)
from vikarieportalen.staffing.models import Booking, BookingStatus, Workplace
from vikarieportalen.staffing.tests.factories import STOCKHOLM, BookingFactory, ShiftFactory, WorkplaceFactory


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=STOCKHOLM)


def booked_day(
    substitute: User, day: dt.date, *, workplace: Workplace | None = None, **booking: Any
) -> Booking:
    """A 07:00–16:00 booking (45 minutes' break) on ``day``, not approved."""
    shift = ShiftFactory(
        workplace=workplace or WorkplaceFactory(name="Äldreboendet Solrosen"),
        starts_at=at(day, 7),
        ends_at=at(day, 16),
        day=day,
        break_minutes=45,
    )
    result: Booking = BookingFactory(shift=shift, substitute=substitute, **booking)
    return result


def worked_day(
    substitute: User,
    day: dt.date,
    *,
    workplace: Workplace | None = None,
    rate: Decimal = Decimal("160.00"),
    time_code: str = "TIM",
    supplement: Decimal | None = None,
    **booking: Any,
) -> Booking:
    """A booking on ``day``, approved as booked, with its ordinary pay line (and an OB line)."""
    result = booked_day(substitute, day, workplace=workplace, **booking)
    report = TimeReportFactory(booking=result)
    TimeTransactionFactory(report=report, rate=rate, time_code=time_code)
    if supplement is not None:
        band: SupplementBand = SupplementBandFactory(code="kvall-test")
        TimeTransactionFactory(
            report=report,
            band=band,
            time_code=band.time_code,
            starts_at=at(day, 14),
            ends_at=at(day, 16),
            minutes=120,
            rate=supplement,
            amount=money(supplement * 2),
        )
    return result


def not_worked_day(substitute: User, day: dt.date, **booking: Any) -> Booking:
    result = booked_day(substitute, day, **booking)
    TimeReportFactory(booking=result, not_worked=True)
    return result


def cancelled_day(substitute: User, day: dt.date, *, days_before: int) -> Booking:
    cancelled_at = at(day, 6) - dt.timedelta(days=days_before)
    return booked_day(substitute, day, status=BookingStatus.CANCELLED, cancelled_at=cancelled_at)


def order(
    *,
    substitute: User | None = None,
    kind: str = CertificateKind.EMPLOYER,
    pk: int | None = None,
    **fields: Any,
) -> CertificateOrder:
    """An order stored as is (no checks): for access tests and pages."""
    substitute = substitute or SubstituteFactory()
    fields.setdefault("period_from", dt.date(2025, 1, 1))
    fields.setdefault("period_to", dt.date(2025, 12, 31))
    result = CertificateOrder.objects.create(pk=pk, kind=kind, substitute=substitute, **fields)
    result.number = f"INT-{timezone.localdate().year}-{result.pk:06d}"
    result.save(update_fields=["number"])
    return result
