"""Reads for corrections of exported hours: a shift's lines as original, reversal and new, its
corrections, and the shifts of a pay period payroll can open to correct. A fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Exists, OuterRef, Q, QuerySet

from vikarieportalen.accounts.models import User
from vikarieportalen.core.time import STOCKHOLM, day_start
from vikarieportalen.payroll.models import HoursCorrection, TimeTransaction
from vikarieportalen.payroll.periods.rules import period_next
from vikarieportalen.staffing.models import TimeReport, TimeReportStatus

SHIFTS_LIMIT = 50  # shifts of one person listed on the period page


class LineKind(StrEnum):
    ORIGINAL = "original"  # written by the approval
    REVERSAL = "reversal"  # a correction's cancelling of an earlier line (negative)
    NEW = "new"  # a correction's line of the corrected times


@dataclass(frozen=True)
class LineRow:
    line: TimeTransaction
    kind: LineKind
    in_force: bool  # not reversed (and not a reversal itself)

    @property
    def minutes_abs(self) -> int:
        return abs(self.line.minutes)


def line_kind(line: TimeTransaction) -> LineKind:
    if line.correction_id is None:
        return LineKind.ORIGINAL
    return LineKind.REVERSAL if line.minutes < 0 else LineKind.NEW


def report_for_correction(*, booking_id: int) -> TimeReport:
    """The approved report of a booking, with what the page shows; ``TimeReport.DoesNotExist`` otherwise."""
    return TimeReport.objects.select_related(
        "booking__substitute", "booking__workplace", "booking__shift", "approved_by"
    ).get(booking_id=booking_id, status=TimeReportStatus.APPROVED)


def report_lines(report: TimeReport) -> list[LineRow]:
    """Every line of the shift in the order written: the approval's, then each correction's."""
    reversed_ = TimeTransaction.objects.filter(corrects=OuterRef("pk"), minutes__lt=0)
    lines = (
        report.transactions.select_related("band", "batch")
        .annotate(is_reversed=Exists(reversed_))
        .order_by("pk")
    )
    return [
        LineRow(line=line, kind=line_kind(line), in_force=line.minutes >= 0 and not line.is_reversed)
        for line in lines
    ]


def report_corrections(report: TimeReport) -> list[HoursCorrection]:
    """The shift's corrections, oldest first, each with who made it."""
    return list(report.corrections.select_related("created_by").order_by("created_at", "pk"))


def report_corrections_count(report: TimeReport) -> int:
    return report.corrections.count()


@dataclass(frozen=True)
class CorrectedShift:
    """A correction paid in a period (for the period's status page)."""

    booking_id: int
    substitute: str
    day: dt.date
    reason: str
    created_at: dt.datetime


def period_corrections(month: dt.date) -> list[CorrectedShift]:
    """The corrections whose lines are paid in the period, newest first."""
    corrections = (
        HoursCorrection.objects.filter(
            Exists(TimeTransaction.objects.filter(correction=OuterRef("pk"), period=month))
        )
        .select_related("report__booking__substitute")
        .order_by("-created_at", "-pk")
    )
    return [
        CorrectedShift(
            booking_id=correction.report.booking_id,
            substitute=correction.report.booking.substitute.get_full_name(),
            day=correction.report.booking.starts_at.astimezone(STOCKHOLM).date(),
            reason=correction.reason,
            created_at=correction.created_at,
        )
        for correction in corrections
    ]


def period_exported_shifts(month: dt.date, *, person: str) -> QuerySet[TimeReport]:
    """Approved shifts worked in the period by the substitute with this username or employee number
    (exact, any case) that have exported lines: the shifts payroll may open to correct."""
    person = person.strip()
    exported = TimeTransaction.objects.filter(report=OuterRef("pk"), batch__isnull=False)
    return (
        TimeReport.objects.filter(
            Q(booking__substitute__username__iexact=person)
            | Q(booking__substitute__employee_number__iexact=person),
            status=TimeReportStatus.APPROVED,
            starts_at__gte=day_start(month),
            starts_at__lt=day_start(period_next(month)),
        )
        .filter(Exists(exported))
        .select_related("booking__substitute", "booking__workplace")
        .order_by("starts_at", "pk")[:SHIFTS_LIMIT]
    )


def user_label(user: User | None) -> str:
    return user.get_full_name() if user is not None else ""
