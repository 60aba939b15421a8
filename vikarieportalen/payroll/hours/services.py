"""Approval of worked hours (*attest*): services and the daily reminder.

After a shift the manager of its workplace (or an administrator) confirms the actual start, end and
break, or marks it not worked. Guarantees (docs/hours.md):
- one transaction per call; the booking row is locked first, so two approvals of one booking are
  serialised and the second is refused with the reason; the database has the last word (a booking
  has at most one ``TimeReport``), and an IntegrityError from it becomes the same refusal;
- the time transactions (``payroll.transactions``) are written in the same transaction, so an
  approval is never without its pay lines, and is never priced twice;
- the reminder is idempotent: one message per manager per day, however often the job runs.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vikarieportalen.accounts.models import User
from vikarieportalen.audit.services import audit_record
from vikarieportalen.core.errors import Refused
from vikarieportalen.core.roles import Role
from vikarieportalen.core.time import STOCKHOLM, date_text
from vikarieportalen.notifications.services import in_recipient_language, message_send_email, message_send_sms
from vikarieportalen.payroll.audit_kinds import PayrollAuditKind
from vikarieportalen.payroll.hours.rules import Problem, actual_times_problems, work_minutes
from vikarieportalen.payroll.transactions import NoHourlyWage, transactions_create_for_report
from vikarieportalen.staffing.models import Booking, BookingStatus, TimeReport, TimeReportStatus

logger = logging.getLogger(__name__)

NOTE_MAX = 500
REMINDER_KIND = "staffing_hours_reminder"


class HoursRefused(Refused):
    """An approval that was not made, with the reasons (``problems`` name the form fields)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(" ".join(problem.message for problem in problems))
        self.problems = problems


def _refuse(message: str, field: str = "") -> HoursRefused:
    return HoursRefused([Problem(field, message)])


def hours_may_approve(*, user: User, booking: Booking) -> bool:
    """A manager of the booking's workplace, or an administrator."""
    if not user.is_active:
        return False
    if user.has_role(Role.ADMINISTRATOR):
        return True
    return user.has_role(Role.WORKPLACE_MANAGER) and booking.workplace.managers.filter(pk=user.pk).exists()


def _already_done(report: TimeReport) -> HoursRefused:
    when = date_text(report.approved_at, "DATETIME_FORMAT")
    who = report.approved_by.get_full_name() if report.approved_by else _("someone")
    if report.status == TimeReportStatus.NOT_WORKED:
        message = _("%(who)s already marked this shift as not worked (%(when)s). Nothing was changed.")
    else:
        message = _("%(who)s already approved the hours of this shift (%(when)s). Nothing was changed.")
    return _refuse(message % {"who": who, "when": when})


def _lock_and_check(*, booking: Booking, by: User, now: dt.datetime) -> Booking:
    """Lock the booking, then check who, when and whether it is done already."""
    locked = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("workplace", "substitute", "shift")
        .get(pk=booking.pk)
    )
    if not hours_may_approve(user=by, booking=locked):
        raise PermissionDenied
    report = TimeReport.objects.filter(booking=locked).select_related("approved_by").first()
    if report is not None:
        raise _already_done(report)
    if locked.status != BookingStatus.ACTIVE:
        raise _refuse(_("The booking is cancelled: there are no hours to approve."))
    if locked.ends_at > now:
        raise _refuse(_("The shift has not ended yet. Approve the hours once it is over."))
    return locked


def _save(report: TimeReport) -> TimeReport:
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as exc:  # a concurrent approval got there first (the one-to-one)
        existing = (
            TimeReport.objects.filter(booking_id=report.booking_id).select_related("approved_by").first()
        )
        if existing is None:
            raise
        raise _already_done(existing) from exc
    return report


def _note_clean(note: str) -> str:
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise _refuse(_("The note can be at most %(count)d characters.") % {"count": NOTE_MAX}, "note")
    return note


def _minute(moment: dt.datetime) -> dt.datetime:
    return moment.replace(second=0, microsecond=0)


def time_report_approved_unsaved(
    *, booking: Booking, starts_at: dt.datetime, ends_at: dt.datetime, break_minutes: int, note: str
) -> TimeReport:
    """An approved report of ``booking``'s actual times with its work minutes, not saved yet and
    without its approver (the caller sets ``approved_by``)."""
    return TimeReport(
        booking=booking,
        status=TimeReportStatus.APPROVED,
        starts_at=starts_at,
        ends_at=ends_at,
        break_minutes=break_minutes,
        work_minutes=work_minutes(starts_at=starts_at, ends_at=ends_at, break_minutes=break_minutes),
        note=note,
    )


def _approved_audit(report: TimeReport, *, booking: Booking, by: User, **details: Any) -> None:
    """The audit row of a decision on ``booking``'s hours: approved times or not worked."""
    audit_record(
        kind=PayrollAuditKind.HOURS_APPROVED,
        user=booking.substitute,
        actor=by,
        booking=booking.pk,
        report=report.pk,
        status=report.status,
        **details,
    )


@transaction.atomic
def time_report_approve(
    *,
    booking: Booking,
    by: User,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    break_minutes: int,
    note: str = "",
    now: dt.datetime | None = None,
) -> TimeReport:
    """Approve the actual times of ``booking``'s shift and write its pay lines.

    ``PermissionDenied`` for someone who is not a manager of the workplace (nor an administrator);
    ``HoursRefused`` with the reasons for a shift not over, a cancelled booking, a second approval,
    insane times, or a substitute without an hourly wage. Nothing is written when refused.
    """
    now = now or timezone.now()
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    note = _note_clean(note)
    locked = _lock_and_check(booking=booking, by=by, now=now)
    starts_at, ends_at = _minute(starts_at), _minute(ends_at)
    problems = actual_times_problems(
        starts_at=starts_at,
        ends_at=ends_at,
        break_minutes=break_minutes,
        booked_starts_at=locked.starts_at,
        booked_ends_at=locked.ends_at,
        now=now,
        max_work_hours=settings.PAYROLL_MAX_WORK_HOURS,
        max_deviation_hours=settings.PAYROLL_MAX_DEVIATION_HOURS,
    )
    if problems:
        raise HoursRefused(problems)
    report = time_report_approved_unsaved(
        booking=locked, starts_at=starts_at, ends_at=ends_at, break_minutes=break_minutes, note=note
    )
    report.approved_by = by
    report = _save(report)
    try:
        lines = transactions_create_for_report(report=report, now=now)
    except NoHourlyWage as exc:
        raise _refuse(exc.message) from exc
    _approved_audit(
        report,
        booking=locked,
        by=by,
        starts_at=starts_at.isoformat(),
        ends_at=ends_at.isoformat(),
        break_minutes=report.break_minutes,
        work_minutes=report.work_minutes,
        transactions=len(lines),
    )
    return report


@transaction.atomic
def time_report_not_worked(
    *, booking: Booking, by: User, note: str = "", now: dt.datetime | None = None
) -> TimeReport:
    """Record that ``booking``'s shift was not worked (no pay lines). Refused as ``time_report_approve``."""
    now = now or timezone.now()
    note = _note_clean(note)
    locked = _lock_and_check(booking=booking, by=by, now=now)
    report = _save(
        TimeReport(
            booking=locked, status=TimeReportStatus.NOT_WORKED, work_minutes=0, note=note, approved_by=by
        )
    )
    _approved_audit(report, booking=locked, by=by)
    return report


# --- the reminder --------------------------------------------------------------------------------


def _reminder_due(local_now: dt.datetime) -> bool:
    hour, _sep, minute = settings.PAYROLL_REMINDER_TIME.partition(":")
    at = dt.time(int(hour), int(minute or 0))
    return local_now.weekday() < 5 and local_now.time() >= at


def waiting_counts_by_manager(*, ended_before: dt.datetime) -> dict[int, int]:
    """Manager id → active bookings of their workplaces that ended before ``ended_before`` unapproved."""
    rows = (
        Booking.objects.filter(
            status=BookingStatus.ACTIVE,
            ends_at__lte=ended_before,
            time_report__isnull=True,
            workplace__is_active=True,
            workplace__managers__is_active=True,
        )
        .values("workplace__managers")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts: dict[int, int] = defaultdict(int)
    for row in rows:
        counts[row["workplace__managers"]] += row["count"]
    return dict(counts)


def _reminder_text(count: int, url: str) -> tuple[str, str]:
    subject = _("Worked hours waiting for your approval")
    text = _("Shifts waiting for you to approve the worked hours: %(count)d. Approve them at %(url)s") % {
        "count": count,
        "url": url,
    }
    return subject, text


@transaction.atomic
def hours_remind_managers(*, now: dt.datetime | None = None) -> int:
    """E-mail (or, with no e-mail address, SMS) each manager with shifts waiting more than a set time.

    Runs on weekdays from ``PAYROLL_REMINDER_TIME``; at most one message per manager per day (the
    idempotency key), so the scheduler may run it as often as it likes. Returns the managers reminded
    (a message already recorded today counts).
    """
    now = now or timezone.now()
    local_now = now.astimezone(STOCKHOLM)
    if not _reminder_due(local_now):
        return 0
    counts = waiting_counts_by_manager(
        ended_before=now - dt.timedelta(hours=settings.PAYROLL_REMINDER_AFTER_HOURS)
    )
    url = urljoin(settings.PUBLIC_URL + "/", reverse("hours:list").lstrip("/"))
    sent = 0
    for manager in User.objects.filter(pk__in=counts).order_by("pk"):
        key = f"hours-reminder:{manager.pk}:{local_now.date().isoformat()}"
        with in_recipient_language(manager):
            subject, text = _reminder_text(counts[manager.pk], url)
        try:
            if manager.email:
                message_send_email(
                    subject=subject, text=text, kind=REMINDER_KIND, idempotency_key=key, recipient=manager
                )
            elif manager.mobile:
                message_send_sms(text=text, kind=REMINDER_KIND, idempotency_key=key, recipient=manager)
            else:
                logger.warning("manager %s has neither e-mail nor mobile: no hours reminder", manager.pk)
                continue
        except ValidationError:
            logger.warning("manager %s: the hours reminder could not be recorded", manager.pk, exc_info=True)
            continue
        sent += 1
    return sent
