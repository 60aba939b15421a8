"""Released certificates that a correction of hours changes are flagged to HR (issue 22).

A released certificate is never changed: its PDF and checksum stay as released, and the public
verification page keeps answering for it. When a correction of a shift's hours changes a figure a
released certificate shows (hours or pay per month, days and hours worked, annual income, lost
earnings), the certificate gets a ``CorrectionFlag``, HR gets an e-mail (no personal details) and
the audit log a CERTIFICATE_FLAGGED row. HR then decides whether the substitute needs a new one,
and marks the flag handled with what was done (``correction_flag_handle``, CERTIFICATE_FLAG_HANDLED);
only unhandled flags count in the queue.

Runs inside the correction's transaction: payroll calls ``certificates_flag_corrected`` through its
listener registry (``payroll/corrections/listeners.py``, registered in ``CertificatesConfig.ready``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vikarieportalen.accounts.models import User
from vikarieportalen.certificates import rules, selectors
from vikarieportalen.certificates.audit_kinds import CertificatesAuditKind
from vikarieportalen.certificates.message_kinds import CertificatesMessageKind
from vikarieportalen.certificates.models import (
    CertificateKind,
    CertificateOrder,
    CertificateStatus,
    CorrectionFlag,
    FlagOutcome,
)
from vikarieportalen.certificates.services import hr_email_send, order_audit
from vikarieportalen.core.errors import Refused
from vikarieportalen.payroll.models import HoursCorrection, TimeTransaction

CORRECTED_SUBJECT = gettext_lazy("A released certificate has corrected hours")
CORRECTED_TEXT = gettext_lazy(
    "Hours counted in a released certificate (%(kind)s, %(number)s) have been corrected after it was "
    "released, and its figures are no longer right. Check whether a new certificate is needed: %(url)s\n\n"
    "Log in to see who it concerns. /Vikarieportalen"
)


def certificate_figures(order: CertificateOrder, facts: selectors.Facts) -> tuple[Any, ...]:
    """Every figure the certificate's PDF shows that comes from hours and pay (comparable with ==)."""
    start, end = selectors.order_span(order)
    if order.kind == CertificateKind.LOST_EARNINGS:
        try:
            return (selectors.lost_earnings_for(order, facts),)
        except (rules.NotYetApproved, rules.NoWage) as problem:
            return (type(problem).__name__, str(problem))
    employment = rules.employment_summary(work=facts.work, start=start, end=end)
    if order.kind == CertificateKind.SERVICE:
        return (employment,)
    if order.kind == CertificateKind.ANNUAL_INCOME:
        return (rules.annual_income(lines=facts.lines, first_year=start.year, last_year=end.year),)
    months = rules.month_rows(
        lines=facts.lines,
        work=facts.work,
        start=start,
        end=end,
        overtime_codes=settings.CERTIFICATE_OVERTIME_TIME_CODES,
    )
    return (employment, months)


def _covers(order: CertificateOrder, days: set[dt.date]) -> bool:
    if order.kind == CertificateKind.LOST_EARNINGS:
        return any(day.isoformat() in order.claimed_dates for day in days)
    start, end = selectors.order_span(order)
    return any(start <= day <= end for day in days)


def certificates_flag_corrected(correction: HoursCorrection) -> list[CorrectionFlag]:
    """Flag the substitute's released certificates whose figures ``correction`` changed.

    Call inside the correction's transaction, after its lines are written. Compares each released
    certificate covering a day of the shift or of the correction's lines as it is now with how it
    was without this correction's lines; three queries per such certificate.
    """
    booking = correction.report.booking
    days = set(TimeTransaction.objects.filter(correction=correction).values_list("day", flat=True))
    days.add(timezone.localtime(booking.starts_at).date())
    released = (
        CertificateOrder.objects.filter(
            substitute_id=booking.substitute_id, status=CertificateStatus.RELEASED
        )
        .select_related("substitute")
        .defer("pdf")
        .order_by("pk")
    )
    flags = []
    for order in released:
        if not _covers(order, days):
            continue
        before = certificate_figures(order, selectors.facts_for(order, without_correction=correction.pk))
        if before == certificate_figures(order, selectors.facts_for(order)):
            continue
        flag = CorrectionFlag.objects.create(
            order=order, correction=correction, work_day=timezone.localtime(correction.starts_at).date()
        )
        flags.append(flag)
        order_audit(
            order=order,
            kind=CertificatesAuditKind.CERTIFICATE_FLAGGED,
            by=correction.created_by,
            correction=correction.pk,
            work_day=flag.work_day.isoformat(),
        )
        hr_email_send(
            order,
            subject=CORRECTED_SUBJECT,
            text=CORRECTED_TEXT,
            kind=CertificatesMessageKind.CORRECTED,
            key=f":{correction.pk}",
        )
    return flags


class FlagAlreadyHandled(Refused):
    def __init__(self) -> None:
        super().__init__(
            _("This correction has already been marked handled. Nothing was changed."), code="flag_handled"
        )


@transaction.atomic
def correction_flag_handle(
    *, flag: CorrectionFlag, by: User, outcome: FlagOutcome, note: str
) -> CorrectionFlag:
    """HR has dealt with ``flag``: ``outcome`` says what was done, ``note`` (optional) how.

    Refused (nothing changes) when the flag is already handled, also by someone else meanwhile. The
    note stays with the flag (deleted with its order); the audit row says only what was done.
    """
    locked = CorrectionFlag.objects.select_for_update().select_related("order__substitute").get(pk=flag.pk)
    if locked.handled_at is not None:
        raise FlagAlreadyHandled
    locked.handled_at, locked.handled_by = timezone.now(), by
    locked.handled_outcome, locked.handled_note = FlagOutcome(outcome), note.strip()
    locked.save(update_fields=["handled_at", "handled_by", "handled_outcome", "handled_note"])
    order_audit(
        order=locked.order,
        kind=CertificatesAuditKind.CERTIFICATE_FLAG_HANDLED,
        by=by,
        flag=locked.pk,
        work_day=locked.work_day.isoformat(),
        outcome=locked.handled_outcome,
    )
    return locked
