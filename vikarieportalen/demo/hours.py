"""Demo data: approvals of worked hours for past bookings, with their time transactions.

Most ended bookings are approved by their workplace's first manager the morning after, a few with
adjusted times and a note, a few marked not worked. The most recent ones are left waiting — at the
first demo manager's (EKAA7221's) workplaces for three days, so the attest page and the reminder
have something to show; elsewhere for a day. Deterministic (a seed per booking's workplace and start)
and idempotent: bookings that already have a report are left alone. Written in bulk, without the
service's audit events, like the rest of the demo.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from vikarieportalen.core.public_holidays import swedish_holidays
from vikarieportalen.core.time import STOCKHOLM
from vikarieportalen.demo.common import Count
from vikarieportalen.payroll.hours.services import time_report_approved_unsaved
from vikarieportalen.payroll.models import HourlyWage, SupplementBand, TimeTransaction
from vikarieportalen.payroll.transactions import transaction_lines_build
from vikarieportalen.staffing.models import Booking, BookingStatus, TimeReport, TimeReportStatus, Workplace

DEMO_MANAGER = "EKAA7221"
WAIT_AT_DEMO_MANAGER = dt.timedelta(days=3)
WAIT_ELSEWHERE = dt.timedelta(days=1)
NOT_WORKED_NOTES = [
    "Vikarien blev sjuk och kom inte.",
    "Passet ställdes in på plats, ingen ersättning.",
]
LATE_NOTES = [
    "Stannade kvar för överrapportering.",
    "Stannade kvar, en brukare behövde hjälp.",
]


def _wage_table() -> dict[int, list[tuple[dt.date, Decimal]]]:
    table: dict[int, list[tuple[dt.date, Decimal]]] = defaultdict(list)
    for substitute_id, valid_from, amount in HourlyWage.objects.order_by("valid_from").values_list(
        "substitute_id", "valid_from", "amount"
    ):
        table[substitute_id].append((valid_from, amount))
    return table


def _report_for(booking: Booking, rng: random.Random, manager_id: int | None) -> TimeReport:
    roll = rng.random()
    if roll < 0.03:
        return TimeReport(
            booking=booking,
            status=TimeReportStatus.NOT_WORKED,
            work_minutes=0,
            note=rng.choice(NOT_WORKED_NOTES),
            approved_by_id=manager_id,
        )
    starts_at, ends_at, note = booking.starts_at, booking.ends_at, ""
    if roll < 0.15:
        ends_at += dt.timedelta(minutes=rng.choice([15, 30]))
        note = rng.choice(LATE_NOTES)
    report = time_report_approved_unsaved(
        booking=booking,
        starts_at=starts_at,
        ends_at=ends_at,
        break_minutes=booking.shift.break_minutes,
        note=note,
    )
    report.approved_by_id = manager_id
    return report


def _first_managers() -> dict[int, int]:
    """Each workplace's first manager (by pk), who approves its hours."""
    first_manager: dict[int, int] = {}
    for workplace_id, manager_id in Workplace.managers.through.objects.order_by(
        "workplace_id", "user_id"
    ).values_list("workplace_id", "user_id"):
        first_manager.setdefault(workplace_id, manager_id)
    return first_manager


def _reports(now: dt.datetime, wages: dict[int, list[tuple[dt.date, Decimal]]]) -> list[TimeReport]:
    """Reports for the ended bookings that have none, but the newest (left waiting) and the unpaid."""
    demo_workplaces = set(
        Workplace.objects.filter(managers__username=DEMO_MANAGER).values_list("pk", flat=True)
    )
    first_manager = _first_managers()
    bookings = (
        Booking.objects.filter(
            status=BookingStatus.ACTIVE, ends_at__lte=now - WAIT_ELSEWHERE, time_report__isnull=True
        )
        .select_related("shift", "workplace")
        .order_by("starts_at", "pk")
    )
    reports: list[TimeReport] = []
    for booking in bookings:
        if booking.workplace_id in demo_workplaces and booking.ends_at > now - WAIT_AT_DEMO_MANAGER:
            continue
        day = booking.starts_at.astimezone(STOCKHOLM).date()
        if not any(valid_from <= day for valid_from, _amount in wages.get(booking.substitute_id, [])):
            continue  # no wage, no pay lines: left waiting, as the service would refuse it
        rng = random.Random(f"demo-hours-{booking.workplace.name}-{booking.starts_at.isoformat()}")  # noqa: S311
        reports.append(_report_for(booking, rng, first_manager.get(booking.workplace_id)))
    return reports


def _pay_lines(
    reports: list[TimeReport], wages: dict[int, list[tuple[dt.date, Decimal]]]
) -> list[TimeTransaction]:
    """The time transactions of the approved reports, at the wage of each shift's day."""
    years = {r.booking.starts_at.astimezone(STOCKHOLM).year for r in reports}
    holidays = swedish_holidays(range(min(years) - 1, max(years) + 2))
    bands = list(SupplementBand.objects.filter(is_active=True))
    lines: list[TimeTransaction] = []
    for report in reports:
        if report.status != TimeReportStatus.APPROVED:
            continue
        day = report.booking.starts_at.astimezone(STOCKHOLM).date()
        wage = [amount for valid_from, amount in wages[report.booking.substitute_id] if valid_from <= day][-1]
        lines.extend(
            transaction_lines_build(
                report=report,
                wage=wage,
                bands=bands,
                cost_centre=report.booking.workplace.cost_centre,
                holidays=holidays,
            )
        )
    return lines


def _approve_next_morning(reports: list[TimeReport], now: dt.datetime) -> None:
    # The approval time is set by the database on insert; the demo's managers approve the next morning.
    by_approval_day: dict[dt.datetime, list[int]] = defaultdict(list)
    for report in reports:
        ended = report.booking.ends_at.astimezone(STOCKHOLM)
        by_approval_day[
            dt.datetime.combine(ended.date() + dt.timedelta(days=1), dt.time(8, 40), tzinfo=STOCKHOLM)
        ].append(report.pk)
    for approved_at, pks in by_approval_day.items():
        TimeReport.objects.filter(pk__in=pks).update(approved_at=min(approved_at, now))


def demo_hours_build(*, count: Count, now: dt.datetime | None = None) -> None:
    """Approve the demo's ended bookings, leaving the newest waiting (see the module doc)."""
    now = now or timezone.now()
    wages = _wage_table()
    reports = _reports(now, wages)
    if not reports:
        return
    TimeReport.objects.bulk_create(reports, batch_size=500)
    for report in reports:
        count("approved hours" if report.status == TimeReportStatus.APPROVED else "not worked", True)
    lines = _pay_lines(reports, wages)
    TimeTransaction.objects.bulk_create(lines, batch_size=1000)
    for _line in lines:
        count("time transactions", True)
    _approve_next_morning(reports, now)
