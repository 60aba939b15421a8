"""Reads for the certificates: approved hours, bookings and wages as plain facts, and the orders.

Each function runs a fixed number of queries however much data there is (one each, mostly).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from vikarieportalen.accounts.models import User
from vikarieportalen.certificates import rules
from vikarieportalen.certificates.models import (
    CertificateKind,
    CertificateOrder,
    CertificateStatus,
    CorrectionFlag,
)
from vikarieportalen.core.time import day_start
from vikarieportalen.payroll.models import HourlyWage, TimeTransaction
from vikarieportalen.staffing.models import Booking, BookingStatus, TimeReportStatus


def lines_for(
    *, substitute: User, start: dt.date, end: dt.date, without_correction: int | None = None
) -> list[rules.Line]:
    """The substitute's approved time transactions with a day in [start, end] (one query).

    Corrections are in: their reversal lines (negative) cancel the lines they correct, and their new
    lines add the corrected time, so the sums are the corrected figures. ``without_correction``
    leaves one correction's lines out: the figures as they were before it.
    """
    lines = TimeTransaction.objects.filter(substitute=substitute, day__gte=start, day__lte=end)
    if without_correction is not None:
        lines = lines.exclude(correction_id=without_correction)
    rows = lines.order_by("day", "starts_at", "pk").values_list(
        "day", "minutes", "amount", "time_code", "band_id"
    )
    return [
        rules.Line(day=day, minutes=minutes, amount=amount, time_code=code, is_supplement=band is not None)
        for day, minutes, amount, code, band in rows
    ]


def work_for(
    *, substitute: User, start: dt.date, end: dt.date, without_correction: int | None = None
) -> list[rules.Work]:
    """The substitute's bookings starting on a local day in [start, end], with what was approved.

    Approved minutes are the ordinary time transactions of the booking's approval, corrections
    included (reversals are negative), so the certificate counts what the payroll exports counted
    (one query). ``without_correction``: as before that correction.
    """
    ordinary = Q(time_report__transactions__band__isnull=True)
    if without_correction is not None:
        ordinary &= ~Q(time_report__transactions__correction_id=without_correction)
    rows = (
        Booking.objects.filter(
            substitute=substitute,
            starts_at__gte=day_start(start),
            starts_at__lt=day_start(end + dt.timedelta(days=1)),
        )
        .annotate(approved=Sum("time_report__transactions__minutes", filter=ordinary))
        .order_by("starts_at", "pk")
        .values(
            "starts_at",
            "cancelled_at",
            "status",
            "work_minutes",
            "employment_form",
            "workplace__name",
            "workplace__area",
            "time_report__status",
            "approved",
        )
    )
    facts = []
    for row in rows:
        starts = timezone.localtime(row["starts_at"])
        report = row["time_report__status"]
        if report == TimeReportStatus.NOT_WORKED:
            approved: int | None = 0
        elif report == TimeReportStatus.APPROVED and row["approved"]:
            approved = int(row["approved"])
        else:
            approved = None  # not approved, or not yet turned into pay lines
        cancelled = row["status"] == BookingStatus.CANCELLED
        days_before = None
        if cancelled and row["cancelled_at"] is not None:
            days_before = (starts.date() - timezone.localtime(row["cancelled_at"]).date()).days
        facts.append(
            rules.Work(
                day=starts.date(),
                workplace=row["workplace__name"],
                area=row["workplace__area"],
                employment_form=row["employment_form"],
                booked_minutes=row["work_minutes"],
                approved_minutes=approved,
                cancelled=cancelled,
                cancelled_days_before=days_before,
            )
        )
    return facts


def wages_for(*, substitute: User) -> list[rules.Wage]:
    return [
        rules.Wage(valid_from=valid_from, amount=amount)
        for valid_from, amount in HourlyWage.objects.filter(substitute=substitute).values_list(
            "valid_from", "amount"
        )
    ]


@dataclass(frozen=True)
class Facts:
    """Everything one certificate is made from."""

    lines: list[rules.Line]
    work: list[rules.Work]
    wages: list[rules.Wage]


def order_span(order: CertificateOrder) -> tuple[dt.date, dt.date]:
    """The days whose data the order needs."""
    if order.kind == CertificateKind.LOST_EARNINGS:
        days = [dt.date.fromisoformat(day) for day in order.claimed_dates]
        return min(days), max(days)
    assert order.period_from is not None and order.period_to is not None  # noqa: S101 - form guarantees
    return order.period_from, order.period_to


def facts_for(order: CertificateOrder, *, without_correction: int | None = None) -> Facts:
    """Three queries, whatever the period. ``without_correction``: as before that correction."""
    start, end = order_span(order)
    substitute = order.substitute
    needs_wages = order.kind == CertificateKind.LOST_EARNINGS
    without = without_correction
    return Facts(
        lines=[]
        if needs_wages
        else lines_for(substitute=substitute, start=start, end=end, without_correction=without),
        work=work_for(substitute=substitute, start=start, end=end, without_correction=without),
        wages=wages_for(substitute=substitute) if needs_wages else [],
    )


def lost_earnings_for(order: CertificateOrder, facts: Facts) -> rules.LostEarnings:
    """A lost-earnings order's sums, with the municipality's percentages and cancellation days.
    Raises ``rules.NotYetApproved`` while a booking on a claimed day waits for approval, and
    ``rules.NoWage`` for a claimed day without an hourly wage."""
    return rules.lost_earnings(
        claimed=[dt.date.fromisoformat(value) for value in order.claimed_dates],
        work=facts.work,
        wages=facts.wages,
        deduction_percent=Decimal(settings.CERTIFICATE_LOST_EARNINGS_DEDUCTION_PERCENT),
        holiday_pay_percent=Decimal(settings.CERTIFICATE_HOLIDAY_PAY_PERCENT),
        cancel_days=settings.CERTIFICATE_LOST_EARNINGS_CANCEL_DAYS,
    )


# --- orders -------------------------------------------------------------------------------------


def order_list_for_substitute(*, substitute: User) -> QuerySet[CertificateOrder]:
    return CertificateOrder.objects.filter(substitute=substitute).defer("pdf")


def order_for_substitute(*, substitute: User, pk: int) -> CertificateOrder | None:
    return CertificateOrder.objects.filter(substitute=substitute, pk=pk).first()


def order_queue(*, status: str = "") -> QuerySet[CertificateOrder]:
    """HR's queue: oldest first within a status; open orders (ordered, in review) by default.

    Each order carries ``corrected`` (the number of corrections of hours that changed it after
    release and that HR has not yet marked handled)."""
    orders = (
        CertificateOrder.objects.select_related("substitute")
        .defer("pdf")
        .annotate(corrected=Count("correction_flags", filter=Q(correction_flags__handled_at__isnull=True)))
    )
    if status:
        orders = orders.filter(status=status)
    else:
        orders = orders.filter(status__in=[CertificateStatus.ORDERED, CertificateStatus.IN_REVIEW])
    return orders.order_by("created_at", "pk")


def order_counts() -> dict[str, int]:
    """How many orders in each status (one query)."""
    counts = dict.fromkeys(CertificateStatus.values, 0)
    for row in CertificateOrder.objects.values("status").annotate(n=Count("pk")).order_by():
        counts[row["status"]] = int(row["n"])
    return counts


def order_for_staff(*, pk: int) -> CertificateOrder | None:
    """With its correction flags (``correction_flags.all``, with who handled them), newest first."""
    flags = CorrectionFlag.objects.select_related("handled_by").order_by("-created_at", "-pk")
    return (
        CertificateOrder.objects.select_related("substitute", "signed_by")
        .prefetch_related(Prefetch("correction_flags", queryset=flags))
        .filter(pk=pk)
        .first()
    )


def orders_corrected_count() -> int:
    """Released certificates whose figures a correction of hours changed after release, with a flag
    HR has not yet marked handled."""
    return (
        CertificateOrder.objects.filter(
            status=CertificateStatus.RELEASED,
            correction_flags__isnull=False,
            correction_flags__handled_at__isnull=True,
        )
        .distinct()
        .count()
    )


def flag_for_order(*, order: CertificateOrder, pk: int) -> CorrectionFlag | None:
    """Order ``order``'s correction flag ``pk``; None for another order's flag or none at all."""
    return CorrectionFlag.objects.filter(order=order, pk=pk).first()


def order_by_number(*, number: str) -> CertificateOrder | None:
    """A released certificate by its number (for verification); None for anything else."""
    if not number:
        return None
    return (
        CertificateOrder.objects.select_related("substitute")
        .filter(number=number, status=CertificateStatus.RELEASED)
        .first()
    )
