"""Demo data: pay periods, exported and locked, and late lines (replaces the earlier "export everything").

Every pay period that is over and has approved hours is exported by the demo payroll officer
(LOEA6830), oldest first, and so locked; the current month stays open. Before the last of them is
exported, a few of its shifts lose their pay lines, which are then written again through the real
service after the lock, so they land in the current period marked late, as hours approved after the
cut-off do. Then one exported shift of that period is corrected by the payroll officer (it ended
half an hour earlier than approved), so the current period also holds a correction: reversal lines
and new lines, linked to the lines they correct, with its reason. Idempotent: once any period has
been exported nothing more is made. Runs after the hours demo.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from vikarieportalen.accounts.models import User
from vikarieportalen.demo.common import Count
from vikarieportalen.payroll.corrections.services import CorrectionRefused, current_times, hours_correct
from vikarieportalen.payroll.export.services import PeriodRefused, export_create
from vikarieportalen.payroll.models import ExportBatch, TimeTransaction
from vikarieportalen.payroll.periods.rules import period_is_over
from vikarieportalen.payroll.periods.services import local_today
from vikarieportalen.payroll.transactions import transactions_create_for_report
from vikarieportalen.staffing.models import TimeReport, TimeReportStatus

DEMO_PAYROLL = "LOEA6830"
LATE_SHIFTS = 3
CORRECTED_MINUTES = 30
CORRECTION_REASON = "Gick hem en halvtimme tidigare än rapporterat (enligt schemat på enheten)."


def demo_correction_make(*, report: TimeReport, by: User, count: Count) -> bool:
    """The demo's correction of exported hours: the shift ended half an hour earlier. False when
    refused (e.g. no hourly wage on the day): the caller tries the next shift."""
    starts_at, ends_at, break_minutes = current_times(report)
    try:
        hours_correct(
            report=report,
            by=by,
            starts_at=starts_at,
            ends_at=ends_at - dt.timedelta(minutes=CORRECTED_MINUTES),
            break_minutes=break_minutes,
            reason=CORRECTION_REASON,
            seen=0,
        )
    except CorrectionRefused:
        return False
    count("hours corrections", True)
    return True


@transaction.atomic
def demo_pay_periods_build(*, count: Count) -> None:
    if ExportBatch.objects.filter(period__isnull=False).exists():
        count("payroll exports", False)
        return
    today = local_today()
    over = sorted(
        period
        for period in TimeTransaction.objects.filter(batch__isnull=True)
        .values_list("period", flat=True)
        .distinct()
        if period_is_over(period, today)
    )
    if not over:
        return
    by = User.objects.filter(username=DEMO_PAYROLL).first()
    last = over[-1]
    late_reports = list(
        TimeReport.objects.filter(transactions__period=last, transactions__batch__isnull=True)
        .distinct()
        .order_by("-starts_at", "-pk")[:LATE_SHIFTS]
    )
    TimeTransaction.objects.filter(report__in=late_reports).delete()
    for period in over:
        try:
            export_create(by=by, period=period, today=today)
        except PeriodRefused:
            continue  # only held-back lines in that period
        count("payroll exports", True)
    # Approved now, after the period was locked: the lines go to the current period, marked late.
    TimeReport.objects.filter(pk__in=[report.pk for report in late_reports]).update(
        approved_at=timezone.now()
    )
    for report in late_reports:
        for _line in transactions_create_for_report(report=report):
            count("late time transactions", True)
    if by is not None:
        _demo_correction(period=last, by=by, count=count)


def _demo_correction(*, period: dt.date, by: User, count: Count) -> None:
    """Correct the latest exported shift of ``period``: it ended 30 minutes earlier than approved."""
    exported = (
        TimeReport.objects.filter(
            status=TimeReportStatus.APPROVED,
            transactions__period=period,
            transactions__batch__isnull=False,
            work_minutes__gt=CORRECTED_MINUTES * 2,
        )
        .select_related("booking")
        .distinct()
        .order_by("-starts_at", "-pk")
    )
    for report in exported[:5]:
        if demo_correction_make(report=report, by=by, count=count):
            return
