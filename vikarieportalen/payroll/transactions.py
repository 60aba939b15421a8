"""Time transactions from an approved report of worked hours (service).

One ordinary line for the whole working time (start to end minus the break) at the hourly wage valid
on the day the work started, with ``PAYROLL_ORDINARY_TIME_CODE``; then one line per piece of the work
that fell in a supplement band (``ob.split_into_bands``) with the band's time code and kronor per hour.
All lines carry the workplace's cost centre and are not exported yet (``batch`` empty). All lines
of a report are paid in one pay period: the month the work started, or a later one (``late``) when
approved after that period's cut-off or once it is locked (``periods``). The export
and the certificates count these lines, so they are written once per report and never changed here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from vikarieportalen.core.time import STOCKHOLM
from vikarieportalen.payroll import ob
from vikarieportalen.payroll.models import HourlyWage, SupplementBand, TimeTransaction
from vikarieportalen.payroll.periods.rules import period_of
from vikarieportalen.payroll.periods.services import period_for_new_lines
from vikarieportalen.staffing.models import TimeReport, TimeReportStatus


class NoHourlyWage(Exception):
    """The substitute has no hourly wage on the day: the hours cannot be priced."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def band_rule(band: SupplementBand) -> ob.BandRule:
    return ob.BandRule(
        code=band.code,
        weekdays=frozenset(int(day) for day in band.weekdays or []),
        starts=band.starts,
        ends=band.ends,
        on_holidays=band.on_holidays,
        priority=band.priority,
        key=band.pk,
    )


def hourly_wage_on(*, substitute_id: int, day: dt.date) -> Decimal | None:
    """The hourly wage valid on ``day`` (the latest ``valid_from`` on or before it)."""
    wage = (
        HourlyWage.objects.filter(substitute_id=substitute_id, valid_from__lte=day)
        .order_by("-valid_from")
        .values_list("amount", flat=True)
        .first()
    )
    return wage


def transaction_lines_build(
    *,
    report: TimeReport,
    wage: Decimal,
    bands: list[SupplementBand],
    cost_centre: str,
    holidays: frozenset[dt.date] | None = None,
) -> list[TimeTransaction]:
    """The report's lines, unsaved: the ordinary one, then one per band piece (no queries)."""
    if report.starts_at is None or report.ends_at is None:  # the check constraint rules it out
        raise ValueError("an approved report has times")
    substitute_id = report.booking.substitute_id
    # Every line of a shift is paid in one period: that of the local day the work started.
    period = period_of(report.starts_at.astimezone(STOCKHOLM).date())
    lines = [
        TimeTransaction(
            report=report,
            substitute_id=substitute_id,
            day=report.starts_at.astimezone(STOCKHOLM).date(),
            starts_at=report.starts_at,
            ends_at=report.ends_at,
            minutes=report.work_minutes,
            time_code=settings.PAYROLL_ORDINARY_TIME_CODE,
            band=None,
            cost_centre=cost_centre,
            rate=wage,
            amount=ob.money(wage, report.work_minutes),
            period=period,
        )
    ]
    by_key = {band.pk: band for band in bands}
    pieces = ob.split_into_bands(
        starts_at=report.starts_at,
        ends_at=report.ends_at,
        break_minutes=report.break_minutes,
        bands=[band_rule(band) for band in bands],
        holidays=holidays,
    )
    for piece in pieces:
        band = by_key[piece.band.key]  # type: ignore[index]
        lines.append(
            TimeTransaction(
                report=report,
                substitute_id=substitute_id,
                day=piece.day,
                starts_at=piece.starts_at,
                ends_at=piece.ends_at,
                minutes=piece.minutes,
                time_code=band.time_code,
                band=band,
                cost_centre=cost_centre,
                rate=band.amount_per_hour,
                amount=ob.money(band.amount_per_hour, piece.minutes),
                period=period,
            )
        )
    return lines


@transaction.atomic
def transactions_create_for_report(
    *, report: TimeReport, now: dt.datetime | None = None
) -> list[TimeTransaction]:
    """Write the report's time transactions; a report that already has them gets them back unchanged.

    ``now`` is the moment of approval: it decides the pay period (after the work's cut-off, a later one).

    A report marked not worked has none. ``NoHourlyWage`` when the substitute has no wage on the day
    (nothing is written; the caller's transaction rolls back).
    """
    existing = list(report.transactions.order_by("pk"))
    if existing or report.status != TimeReportStatus.APPROVED:
        return existing
    if report.starts_at is None or report.ends_at is None:  # the check constraint rules it out
        raise ValueError("an approved report has times")
    booking = report.booking
    substitute_id = booking.substitute_id
    day = report.starts_at.astimezone(STOCKHOLM).date()
    wage = hourly_wage_on(substitute_id=substitute_id, day=day)
    if wage is None:
        raise NoHourlyWage(
            _("%(name)s has no hourly wage on %(day)s. Ask payroll to add one, then approve again.")
            % {"name": booking.substitute.get_full_name(), "day": day.isoformat()}
        )
    bands = list(SupplementBand.objects.filter(is_active=True))
    lines = transaction_lines_build(
        report=report, wage=wage, bands=bands, cost_centre=booking.workplace.cost_centre
    )
    placed = period_for_new_lines(work_day=day, now=now)  # after its cut-off or once locked: a later period
    for line in lines:
        line.period, line.late = placed.period, placed.late
    return TimeTransaction.objects.bulk_create(lines)
