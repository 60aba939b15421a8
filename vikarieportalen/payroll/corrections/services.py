"""Corrections of approved hours after export (issue 22, item 2): services.

A manager of the shift's workplace, payroll or an administrator gives the shift's corrected times
and a reason. Nothing already written changes: the shift's current lines get reversal lines
(negative minutes and kronor, each ``corrects`` the line it cancels) and the corrected times get
new lines (priced as an approval would, each ``corrects`` the line it replaces), all in the next
open pay period (``period_for_new_lines``, marked late when that is a later period than the work's).
The export sends them like any line; PAXml carries a reversal as negative ``timmar``.

One correction at a time per shift: the report's row is locked first, and the caller says how many
corrections it saw (``seen``), so a second correction made at the same moment is refused instead
of silently correcting the first. A correction that changes nothing is refused. Audited
(``HOURS_CORRECTED``); the substitute gets an SMS without amounts. The registered listeners
(``listeners.py``: the certificates flag released certificates whose figures change) run inside
the transaction, after the lines are written.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from vikarieportalen.accounts.models import User
from vikarieportalen.audit.services import audit_record
from vikarieportalen.core.errors import Refused
from vikarieportalen.core.roles import Role
from vikarieportalen.core.time import STOCKHOLM, clock_text, date_text
from vikarieportalen.notifications.services import in_recipient_language, message_send_sms
from vikarieportalen.payroll.audit_kinds import PayrollAuditKind
from vikarieportalen.payroll.corrections.listeners import correction_listeners_call
from vikarieportalen.payroll.hours.rules import actual_times_problems, work_minutes
from vikarieportalen.payroll.hours.services import hours_may_approve, time_report_approved_unsaved
from vikarieportalen.payroll.models import HoursCorrection, SupplementBand, TimeTransaction
from vikarieportalen.payroll.periods.rules import Placement, period_of
from vikarieportalen.payroll.periods.services import period_for_new_lines
from vikarieportalen.payroll.transactions import hourly_wage_on, transaction_lines_build
from vikarieportalen.staffing.models import TimeReport, TimeReportStatus

logger = logging.getLogger(__name__)

REASON_MAX = 500
NOTICE_KIND = "payroll_hours_corrected"


class CorrectionRefused(Refused):
    """The correction was not made (the message says why); nothing was changed."""


@dataclass(frozen=True)
class CorrectionResult:
    correction: HoursCorrection
    reversed: int  # reversal lines written
    written: int  # new lines written
    period: dt.date
    late: bool


def corrections_may_make(*, user: User, report: TimeReport) -> bool:
    """Payroll and administrators, or a manager of the shift's workplace."""
    if not user.is_active:
        return False
    return user.has_role(Role.PAYROLL) or hours_may_approve(user=user, booking=report.booking)


def current_lines(report: TimeReport) -> QuerySet[TimeTransaction]:
    """The report's lines in force: not reversals, and not reversed by a later correction."""
    reversed_ = TimeTransaction.objects.filter(corrects=OuterRef("pk"), minutes__lt=0)
    return report.transactions.filter(minutes__gte=0).exclude(Exists(reversed_)).order_by("pk")


def current_times(report: TimeReport) -> tuple[dt.datetime, dt.datetime, int]:
    """The shift's times in force: its latest correction's, or the approved ones."""
    latest = report.corrections.order_by("-created_at", "-pk").first()
    if latest is not None:
        return latest.starts_at, latest.ends_at, latest.break_minutes
    if report.starts_at is None or report.ends_at is None:
        raise ValueError("an approved report has times")
    return report.starts_at, report.ends_at, report.break_minutes


def _reversal(line: TimeTransaction, *, correction: HoursCorrection) -> TimeTransaction:
    return TimeTransaction(
        report_id=line.report_id,
        substitute_id=line.substitute_id,
        day=line.day,
        starts_at=line.starts_at,
        ends_at=line.ends_at,
        minutes=-line.minutes,
        time_code=line.time_code,
        band_id=line.band_id,
        cost_centre=line.cost_centre,
        rate=line.rate,
        amount=-line.amount,
        period=line.period,  # placed below
        correction=correction,
        corrects=line,
    )


def _notice(report: TimeReport, *, correction: HoursCorrection) -> None:
    """An SMS to the substitute (times and reason, never amounts); none without a mobile number."""
    substitute = report.booking.substitute
    if not substitute.mobile:
        logger.info("hours corrected: substitute %s has no mobile number, no SMS", substitute.pk)
        return
    with in_recipient_language(substitute):
        text = _(
            "Your hours for the shift on %(day)s have been corrected to %(start)s-%(end)s. "
            "Reason: %(reason)s. See Mina timmar."
        ) % {
            "day": date_text(correction.starts_at.astimezone(STOCKHOLM).date()),
            "start": clock_text(correction.starts_at),
            "end": clock_text(correction.ends_at),
            "reason": correction.reason,
        }
    message_send_sms(
        text=text,
        kind=NOTICE_KIND,
        idempotency_key=f"{NOTICE_KIND}:{correction.pk}",
        recipient=substitute,
    )


def _locked_report(report: TimeReport, *, by: User) -> TimeReport:
    """The report's row, locked; ``PermissionDenied`` or refused unless ``by`` may correct it now."""
    locked = (
        TimeReport.objects.select_for_update(of=("self",))
        .select_related("booking__workplace", "booking__substitute")
        .get(pk=report.pk)
    )
    if not corrections_may_make(user=by, report=locked):
        raise PermissionDenied
    if locked.status != TimeReportStatus.APPROVED:
        raise CorrectionRefused(_("Only approved hours can be corrected. Nothing was changed."))
    return locked


def _reason_checked(reason: str) -> str:
    """The reason without surrounding blanks; refused when empty or too long."""
    reason = reason.strip()
    if not reason:
        raise CorrectionRefused(_("Give the reason for the correction. Nothing was changed."))
    if len(reason) > REASON_MAX:
        raise CorrectionRefused(
            _("The reason can be at most %(count)d characters. Nothing was changed.") % {"count": REASON_MAX}
        )
    return reason


def _lines_checked(locked: TimeReport, *, seen: int) -> list[TimeTransaction]:
    """The report's lines in force; refused when corrected meanwhile or not exported yet."""
    if locked.corrections.count() != seen:
        raise CorrectionRefused(
            _("Someone corrected these hours meanwhile. Nothing was changed; look at them again."),
            code="corrected_meanwhile",
        )
    lines = list(current_lines(locked))
    if not any(line.batch_id is not None for line in lines) and not locked.corrections.exists():
        raise CorrectionRefused(
            _("These hours have not been exported yet, so there is nothing to correct. Nothing was changed."),
            code="not_exported",
        )
    return lines


def _times_checked(
    locked: TimeReport,
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    break_minutes: int,
    now: dt.datetime | None,
) -> None:
    """Refused when the times are those in force already, or not sane."""
    if (starts_at, ends_at, break_minutes) == current_times(locked):
        raise CorrectionRefused(
            _("The corrected times are the same as the approved ones. Nothing was changed."),
            code="no_change",
        )
    problems = actual_times_problems(
        starts_at=starts_at,
        ends_at=ends_at,
        break_minutes=break_minutes,
        booked_starts_at=locked.booking.starts_at,
        booked_ends_at=locked.booking.ends_at,
        now=now or timezone.now(),
        max_work_hours=settings.PAYROLL_MAX_WORK_HOURS,
        max_deviation_hours=settings.PAYROLL_MAX_DEVIATION_HOURS,
    )
    if problems:
        raise CorrectionRefused(" ".join(problem.message for problem in problems))


def _wage_checked(locked: TimeReport, *, work_day: dt.date) -> Decimal:
    wage = hourly_wage_on(substitute_id=locked.booking.substitute_id, day=work_day)
    if wage is None:
        raise CorrectionRefused(
            _("%(name)s has no hourly wage on %(day)s. Ask payroll to add one. Nothing was changed.")
            % {"name": locked.booking.substitute.get_full_name(), "day": date_text(work_day)}
        )
    return wage


def _ordinary(lines: list[TimeTransaction]) -> TimeTransaction | None:
    """The ordinary line (no supplement band) among ``lines``, if any."""
    return next((line for line in lines if line.band_id is None), None)


def _lines_place(
    locked: TimeReport,
    correction: HoursCorrection,
    *,
    lines: list[TimeTransaction],
    new_lines: list[TimeTransaction],
    work_day: dt.date,
    now: dt.datetime | None,
) -> tuple[list[TimeTransaction], Placement]:
    """Reversals of ``lines`` and ``new_lines``, linked and all placed in one period; written."""
    # All in one period: the next open one for the shift's work, never before the period its lines
    # in force were paid in (late when later than the work's).
    anchor = max([period_of(work_day), *(line.period for line in lines)])
    placed = period_for_new_lines(work_day=anchor, now=now)
    reversals = [_reversal(line, correction=correction) for line in lines]
    by_code, ordinary = {line.time_code: line for line in lines}, _ordinary(lines)
    for line in new_lines:
        line.report = locked
        line.correction = correction
        line.corrects = by_code.get(line.time_code, ordinary)
    for line in [*reversals, *new_lines]:
        line.period = placed.period
        line.late = placed.late or placed.period > line.day
    TimeTransaction.objects.bulk_create([*reversals, *new_lines])
    return reversals, placed


def _new_lines_build(
    locked: TimeReport,
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    break_minutes: int,
    wage: Decimal,
    cost_centre: str,
) -> list[TimeTransaction]:
    """The corrected times' lines, priced as an approval would (not saved, not yet linked)."""
    corrected = time_report_approved_unsaved(
        booking=locked.booking, starts_at=starts_at, ends_at=ends_at, break_minutes=break_minutes, note=""
    )
    return transaction_lines_build(
        report=corrected,
        wage=wage,
        bands=list(SupplementBand.objects.filter(is_active=True)),
        cost_centre=cost_centre,
    )


def _correction_create(
    locked: TimeReport,
    *,
    by: User,
    reason: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    break_minutes: int,
) -> HoursCorrection:
    return HoursCorrection.objects.create(
        report=locked,
        reason=reason,
        starts_at=starts_at,
        ends_at=ends_at,
        break_minutes=break_minutes,
        work_minutes=work_minutes(starts_at=starts_at, ends_at=ends_at, break_minutes=break_minutes),
        created_by=by,
    )


def _audit(
    locked: TimeReport,
    *,
    by: User,
    correction: HoursCorrection,
    reversed_: int,
    written: int,
    placed: Placement,
) -> None:
    audit_record(
        kind=PayrollAuditKind.HOURS_CORRECTED,
        user=locked.booking.substitute,
        actor=by,
        booking=locked.booking_id,
        report=locked.pk,
        correction=correction.pk,
        reason=correction.reason,
        starts_at=correction.starts_at.isoformat(),
        ends_at=correction.ends_at.isoformat(),
        break_minutes=correction.break_minutes,
        reversed=reversed_,
        written=written,
        period=f"{placed.period:%Y-%m}",
    )


@transaction.atomic
def hours_correct(
    *,
    report: TimeReport,
    by: User,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    break_minutes: int,
    reason: str,
    seen: int,
    now: dt.datetime | None = None,
) -> CorrectionResult:
    """Correct an approved shift's hours: reversal lines and new lines in the next open period.

    ``seen``: the number of corrections of the shift the caller was shown (0 for none); a different
    number now means someone corrected it meanwhile, and this one is refused. ``PermissionDenied``
    for someone who may not correct it; ``CorrectionRefused`` with the reason for a shift not
    approved or not exported, no reason, insane times, a correction that changes nothing, or one made
    meanwhile. Nothing is written when refused.
    """
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    locked = _locked_report(report, by=by)
    reason = _reason_checked(reason)
    lines = _lines_checked(locked, seen=seen)
    starts_at = starts_at.replace(second=0, microsecond=0)
    ends_at = ends_at.replace(second=0, microsecond=0)
    _times_checked(locked, starts_at=starts_at, ends_at=ends_at, break_minutes=break_minutes, now=now)
    work_day = starts_at.astimezone(STOCKHOLM).date()
    ordinary = _ordinary(lines)
    new_lines = _new_lines_build(
        locked,
        starts_at=starts_at,
        ends_at=ends_at,
        break_minutes=break_minutes,
        wage=_wage_checked(locked, work_day=work_day),
        cost_centre=ordinary.cost_centre if ordinary else locked.booking.workplace.cost_centre,
    )
    correction = _correction_create(
        locked, by=by, reason=reason, starts_at=starts_at, ends_at=ends_at, break_minutes=break_minutes
    )
    reversals, placed = _lines_place(
        locked, correction, lines=lines, new_lines=new_lines, work_day=work_day, now=now
    )
    _audit(
        locked, by=by, correction=correction, reversed_=len(reversals), written=len(new_lines), placed=placed
    )
    # Released certificates whose figures change are flagged to HR (certificates registers this).
    correction_listeners_call(correction)
    _notice(locked, correction=correction)
    return CorrectionResult(
        correction=correction,
        reversed=len(reversals),
        written=len(new_lines),
        period=placed.period,
        late=placed.late,
    )
