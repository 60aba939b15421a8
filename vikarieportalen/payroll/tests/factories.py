"""Factories for pay data: wages, supplement bands (OB), approved hours and time transactions.

``TimeReportFactory()`` approves, as booked, a booking that ended yesterday (07:00–16:00, 45 minutes'
break) — it writes no transactions (use ``transactions_create_for_report`` or the approval service
for that). ``TimeTransactionFactory(report=report)`` is one ordinary line ("TIM") for the report's
whole working time at 160 kr/h, not yet exported (``batch`` empty); give ``band=``, ``time_code=``,
``rate=``, ``minutes=`` etc. for other lines. ``ordinary_transaction_for(report)`` does the same with
the amount worked out from the minutes.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import factory

from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.payroll.hours.rules import work_minutes
from vikarieportalen.payroll.models import BandKind, HourlyWage, SupplementBand, TimeTransaction
from vikarieportalen.staffing.models import TimeReport, TimeReportStatus
from vikarieportalen.staffing.tests.factories import STOCKHOLM, BookingFactory, ShiftFactory


def _yesterday(hour: int, minute: int = 0) -> dt.datetime:
    day = dt.datetime.now(tz=STOCKHOLM).date() - dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=STOCKHOLM)


def money(value: Decimal) -> Decimal:
    """Rounded to öre, half up (as the transactions service rounds)."""
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class HourlyWageFactory(factory.django.DjangoModelFactory):
    """160 kr/h from the start of 2020 on, by default."""

    class Meta:
        model = HourlyWage
        django_get_or_create = ["substitute", "valid_from"]

    substitute = factory.SubFactory(SubstituteFactory)
    valid_from = dt.date(2020, 1, 1)
    amount = Decimal("160.00")


class SupplementBandFactory(factory.django.DjangoModelFactory):
    """An evening band, weekdays 19:00–22:00, 25.10 kr/h, by default.

    ``SupplementBandFactory(kind=BandKind.NIGHT, weekdays=[0, 1, 2, 3, 4, 5, 6], starts=dt.time(22),
    ends=dt.time(6))`` runs past midnight; ``on_holidays=True, weekdays=[], starts=None, ends=None``
    covers public holidays all day.
    """

    class Meta:
        model = SupplementBand
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"ob-{n}")
    name = factory.Sequence(lambda n: f"OB {n}")
    time_code = factory.Sequence(lambda n: f"OB{n % 1000}")
    kind = BandKind.EVENING
    weekdays = factory.LazyFunction(lambda: [0, 1, 2, 3, 4])
    starts = dt.time(19)
    ends = dt.time(22)
    on_holidays = False
    amount_per_hour = Decimal("25.10")
    priority = 10
    is_active = True


def _shift_ended_yesterday() -> Any:
    return ShiftFactory(starts_at=_yesterday(7), ends_at=_yesterday(16), break_minutes=45)


class PastBookingFactory(BookingFactory):
    """A booking of a shift that ran yesterday 07:00–16:00 (45 minutes' break)."""

    shift = factory.LazyFunction(_shift_ended_yesterday)


class TimeReportFactory(factory.django.DjangoModelFactory):
    """An approval as booked of a booking that ended yesterday; no transactions."""

    class Meta:
        model = TimeReport

    booking = factory.SubFactory(PastBookingFactory)
    status = TimeReportStatus.APPROVED
    starts_at = factory.LazyAttribute(lambda o: o.booking.starts_at)
    ends_at = factory.LazyAttribute(lambda o: o.booking.ends_at)
    break_minutes = factory.LazyAttribute(lambda o: o.booking.shift.break_minutes)
    work_minutes = factory.LazyAttribute(
        lambda o: work_minutes(starts_at=o.starts_at, ends_at=o.ends_at, break_minutes=o.break_minutes)
    )
    note = ""
    approved_by = None

    class Params:
        not_worked = factory.Trait(
            status=TimeReportStatus.NOT_WORKED, starts_at=None, ends_at=None, break_minutes=0, work_minutes=0
        )


class TimeTransactionFactory(factory.django.DjangoModelFactory):
    """An ordinary line ("TIM", 160 kr/h) for the report's whole working time; not exported."""

    class Meta:
        model = TimeTransaction

    report = factory.SubFactory(TimeReportFactory)
    substitute = factory.LazyAttribute(lambda o: o.report.booking.substitute)
    starts_at = factory.LazyAttribute(lambda o: o.report.starts_at)
    ends_at = factory.LazyAttribute(lambda o: o.report.ends_at)
    day = factory.LazyAttribute(lambda o: o.starts_at.astimezone(STOCKHOLM).date())
    minutes = factory.LazyAttribute(lambda o: o.report.work_minutes)
    time_code = "TIM"
    band = None
    cost_centre = factory.LazyAttribute(lambda o: o.report.booking.workplace.cost_centre)
    rate = Decimal("160.00")
    amount = factory.LazyAttribute(lambda o: money(o.rate * o.minutes / 60))
    batch = None
    period = factory.LazyAttribute(lambda o: o.starts_at.astimezone(STOCKHOLM).date().replace(day=1))
    late = False


def ordinary_transaction_for(report: TimeReport, **fields: Any) -> TimeTransaction:
    """One ordinary line for ``report`` (amount from rate and minutes)."""
    transaction: TimeTransaction = TimeTransactionFactory(report=report, **fields)
    return transaction
