"""Writes of the certificates: order, HR's completion, release, rejection, cancelling; audit and SMS.

Each service owns its transaction; the SMS is recorded in it and sent after commit. Every change is
audited (CERTIFICATE_ORDERED / _CHANGED / _RELEASED) and so is every view by staff (_VIEWED).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vikarieportalen.accounts.models import User
from vikarieportalen.audit.services import audit_record
from vikarieportalen.certificates import rules, selectors
from vikarieportalen.certificates.audit_kinds import CertificatesAuditKind
from vikarieportalen.certificates.message_kinds import CertificatesMessageKind
from vikarieportalen.certificates.models import CertificateKind, CertificateOrder, CertificateStatus
from vikarieportalen.certificates.pdf import Issue, certificate_pdf
from vikarieportalen.core.errors import Refused
from vikarieportalen.core.roles import Role
from vikarieportalen.core.time import date_text
from vikarieportalen.notifications.services import in_recipient_language, message_send_email, message_send_sms

logger = logging.getLogger(__name__)

# Kinds whose every field the machine fills in; the employer certificate needs HR's answers.
MACHINE_KINDS = (CertificateKind.SERVICE, CertificateKind.LOST_EARNINGS, CertificateKind.ANNUAL_INCOME)


class Refusal(StrEnum):
    NO_WORK = "no_work"
    NO_WAGE = "no_wage"
    NOT_APPROVED = "not_approved"
    NOT_OPEN = "not_open"
    HR_MISSING = "hr_missing"


def _day_text(day: dt.date) -> str:
    """ "9 dec" (sv), "9 Dec" (en)."""
    return date_text(day, "DAY_FORMAT")


def refusal_text(reason: Refusal, *, days: Sequence[dt.date] = ()) -> str:
    """Why, in the active language; ``days``: the dates it is about (for NOT_APPROVED)."""
    if reason == Refusal.NOT_APPROVED:
        return _(
            "A booked shift on %(dates)s is still waiting for your manager's approval, so it is not "
            "known whether it was worked. Order the certificate once the manager has approved it or "
            "reported it not worked."
        ) % {"dates": ", ".join(_day_text(day) for day in days)}
    texts = {
        Refusal.NO_WORK: _(
            "There are no approved hours to certify for what you gave. Check the period or the dates: "
            "hours count once your manager has approved them."
        ),
        Refusal.NO_WAGE: _(
            "No hourly wage is registered for one of the dates, so the lost pay cannot be worked out. "
            "Contact HR service."
        ),
        Refusal.NOT_OPEN: _("The order has already been handled and cannot be changed."),
        Refusal.HR_MISSING: _(
            "Fill in the reason the employment ended and whether further work was offered, then save, "
            "before signing."
        ),
    }
    return str(texts[reason])


class CertificateRefused(Refused):
    def __init__(self, reason: Refusal, *, days: Sequence[dt.date] = ()) -> None:
        super().__init__(refusal_text(reason, days=days), code=reason.value)
        self.reason = reason
        self.days = list(days)


def verification_url(*, number: str, code: str) -> str:
    query = urlencode({"nummer": number, "kod": code})
    return f"{settings.PUBLIC_URL}{reverse('certificates:verify')}?{query}"


def auto_release_allowed(kind: str) -> bool:
    return kind in MACHINE_KINDS and kind in settings.CERTIFICATE_AUTO_RELEASE_KINDS


def order_refusal(order: CertificateOrder, facts: selectors.Facts) -> CertificateRefused | None:
    """Why a certificate of this order cannot be made from the data (to raise), or None.

    A lost-earnings certificate waits while a booking on a claimed date is not yet approved: it
    must not certify as lost a shift that may have been worked.
    """
    if order.kind == CertificateKind.LOST_EARNINGS:
        try:
            lost = selectors.lost_earnings_for(order, facts)
        except rules.NotYetApproved as waiting:
            return CertificateRefused(Refusal.NOT_APPROVED, days=waiting.days)
        except rules.NoWage:
            return CertificateRefused(Refusal.NO_WAGE)
        return None if lost.days else CertificateRefused(Refusal.NO_WORK)
    start, end = selectors.order_span(order)
    if rules.period_has_work(lines=facts.lines, start=start, end=end):
        return None
    return CertificateRefused(Refusal.NO_WORK)


@transaction.atomic
def certificate_order_create(
    *,
    substitute: User,
    kind: str,
    period_from: dt.date | None = None,
    period_to: dt.date | None = None,
    claimed_dates: Sequence[dt.date] = (),
    purpose: str = "",
    recipient: str = "",
) -> CertificateOrder:
    """Order a certificate. Refused (nothing stored) when the data hold nothing to certify."""
    order = CertificateOrder(
        kind=kind,
        substitute=substitute,
        period_from=period_from,
        period_to=period_to,
        claimed_dates=sorted({day.isoformat() for day in claimed_dates}),
        purpose=purpose,
        recipient=recipient,
    )
    refusal = order_refusal(order, selectors.facts_for(order))
    if refusal is not None:
        raise refusal
    order.save()
    order.number = rules.certificate_number(year=timezone.localdate().year, pk=order.pk)
    order.save(update_fields=["number"])
    order_audit(order=order, kind=CertificatesAuditKind.CERTIFICATE_ORDERED, by=None, certificate_kind=kind)
    if auto_release_allowed(kind):
        _release(order, by=None)
    else:
        _tell_hr(order)
    return order


NEW_ORDER_SUBJECT = gettext_lazy("A certificate order is waiting")
NEW_ORDER_TEXT = gettext_lazy(
    "A new certificate order (%(kind)s, %(number)s) is waiting in the queue: %(url)s\n\n"
    "Log in to see who ordered it. /Vikarieportalen"
)


def _tell_hr(order: CertificateOrder) -> None:
    hr_email_send(
        order, subject=NEW_ORDER_SUBJECT, text=NEW_ORDER_TEXT, kind=CertificatesMessageKind.NEW_ORDER
    )


def hr_email_send(order: CertificateOrder, *, subject: Any, text: Any, kind: str, key: str = "") -> None:
    """E-mail the HR service about ``order``: to CERTIFICATE_NEW_ORDER_EMAIL (a shared mailbox)
    when set, otherwise to every active HR user with an address. No personal details in it.

    ``text`` (lazy) has the placeholders ``kind``, ``number`` and ``url`` (HR's page of the order);
    ``key`` makes the idempotency key unique beyond the kind and order (default: none).
    """
    url = f"{settings.PUBLIC_URL}{reverse('certificates:staff_order', args=[order.pk])}"
    if settings.CERTIFICATE_NEW_ORDER_EMAIL:
        recipients: list[tuple[User | None, str]] = [(None, settings.CERTIFICATE_NEW_ORDER_EMAIL)]
    else:
        staff = User.objects.filter(groups__name=Role.HR_SERVICE.value, is_active=True).exclude(email="")
        recipients = [(person, "") for person in staff.order_by("pk")]
    for person, address in recipients:
        with in_recipient_language(person):
            body = str(text) % {
                "kind": CertificateKind(order.kind).label,
                "number": order.number,
                "url": url,
            }
        try:
            message_send_email(
                subject=subject,
                text=body,
                kind=kind,
                idempotency_key=f"{kind}:{order.pk}{key}:{person.pk if person else address}",
                recipient=person,
                to_email=address,
            )
        except ValidationError:
            logger.warning("certificate %s: could not tell HR at %s", order.pk, address, exc_info=True)


def _locked(order: CertificateOrder) -> CertificateOrder:
    locked = CertificateOrder.objects.select_for_update().select_related("substitute").get(pk=order.pk)
    if not locked.is_open:
        raise CertificateRefused(Refusal.NOT_OPEN)
    return locked


@transaction.atomic
def certificate_hr_update(
    *, order: CertificateOrder, by: User, end_reason: str, further_work: str, hr_note: str
) -> CertificateOrder:
    """HR fills in what only HR knows; the order is then being handled."""
    order = _locked(order)
    changed = [
        name
        for name, value in (("end_reason", end_reason), ("further_work", further_work), ("hr_note", hr_note))
        if getattr(order, name) != value
    ]
    order.end_reason, order.further_work, order.hr_note = end_reason, further_work, hr_note
    order.status = CertificateStatus.IN_REVIEW
    order.save(update_fields=["end_reason", "further_work", "hr_note", "status", "updated_at"])
    _changed_audit(order, by=by, fields=changed)
    return order


def order_audit(
    *, order: CertificateOrder, kind: CertificatesAuditKind, by: User | None, **details: Any
) -> None:
    """An audit row about ``order``: it concerns the substitute; ``by`` did it (None: no one else)."""
    audit_record(kind=kind, user=order.substitute, actor=by, certificate=order.number, **details)


def _changed_audit(order: CertificateOrder, *, by: User | None, **details: Any) -> None:
    """The audit row of an order HR or the substitute changed (``by`` None: the substitute)."""
    order_audit(
        order=order, kind=CertificatesAuditKind.CERTIFICATE_CHANGED, by=by, **details, status=order.status
    )


def _status_change(order: CertificateOrder, status: str, *, by: User | None, **fields: str) -> None:
    """Saves the order's new status (with ``fields``) and records the change."""
    order.status = status
    for name, value in fields.items():
        setattr(order, name, value)
    order.save(update_fields=["status", *fields, "updated_at"])
    _changed_audit(order, by=by)


def _sms(order: CertificateOrder, *, kind: str, text: Callable[[], str]) -> None:
    """Texts the substitute about ``order``; ``text`` is written in their language."""
    with in_recipient_language(order.substitute):
        body = text()
    substitute = order.substitute
    if not substitute.mobile:
        logger.warning("certificate %s: no mobile number, no SMS", order.pk)
        return
    try:
        message_send_sms(text=body, kind=kind, idempotency_key=f"{kind}:{order.pk}", recipient=substitute)
    except ValidationError:
        logger.warning("certificate %s: the SMS could not be recorded", order.pk, exc_info=True)


def ready_sms_text() -> str:
    """No personal details: which certificate it is shows only after login."""
    return _("Your certificate is ready. Download it under My certificates: %(url)s /Vikarieportalen") % {
        "url": f"{settings.PUBLIC_URL}{reverse('certificates:home')}"
    }


def rejected_sms_text() -> str:
    return _(
        "Your certificate order has been answered. Read more under My certificates: %(url)s /Vikarieportalen"
    ) % {"url": f"{settings.PUBLIC_URL}{reverse('certificates:home')}"}


def _release(order: CertificateOrder, *, by: User | None) -> CertificateOrder:
    if order.kind == CertificateKind.EMPLOYER and (not order.end_reason or not order.further_work):
        raise CertificateRefused(Refusal.HR_MISSING)
    facts = selectors.facts_for(order)
    refusal = order_refusal(order, facts)
    if refusal is not None:
        raise refusal
    now = timezone.now().replace(microsecond=0)
    order.verification_code = rules.verification_code_new()
    order.signed_by, order.signed_at = (by, now) if by is not None else (None, None)
    order.released_at = now
    order.pdf = certificate_pdf(
        order=order,
        facts=facts,
        issue=Issue(
            issued_at=now,
            verification_code=order.verification_code,
            verification_url=verification_url(number=order.number or "", code=order.verification_code),
            signed_by=by.get_full_name() if by is not None else "",
        ),
    )
    order.pdf_sha256 = hashlib.sha256(order.pdf).hexdigest()
    order.status = CertificateStatus.RELEASED
    order.save()
    order_audit(
        order=order,
        kind=CertificatesAuditKind.CERTIFICATE_RELEASED,
        by=by,
        sha256=order.pdf_sha256,
        automatic=by is None,
    )
    _sms(order, kind=CertificatesMessageKind.READY, text=ready_sms_text)
    return order


@transaction.atomic
def certificate_release(*, order: CertificateOrder, by: User) -> CertificateOrder:
    """HR signs and releases: the PDF is made and stored, the substitute gets an SMS."""
    return _release(_locked(order), by=by)


@transaction.atomic
def certificate_reject(*, order: CertificateOrder, by: User, reason: str) -> CertificateOrder:
    order = _locked(order)
    _status_change(order, CertificateStatus.REJECTED, by=by, reject_reason=reason)
    _sms(order, kind=CertificatesMessageKind.REJECTED, text=rejected_sms_text)
    return order


@transaction.atomic
def certificate_cancel(*, order: CertificateOrder, by: User) -> CertificateOrder:
    """The substitute withdraws an order HR has not released yet."""
    order = _locked(order)
    _status_change(order, CertificateStatus.CANCELLED, by=None)
    return order


def certificate_view_record(*, order: CertificateOrder, by: User, what: str) -> None:
    """Staff looked at an order (``what``: order, pdf, preview): one audit entry each time."""
    order_audit(order=order, kind=CertificatesAuditKind.CERTIFICATE_VIEWED, by=by, what=what)


def certificate_preview(*, order: CertificateOrder) -> bytes:
    """The PDF as it would be released now, marked as a preview, without a verification code."""
    facts = selectors.facts_for(order)
    refusal = order_refusal(order, facts)
    if refusal is not None:
        raise refusal
    return certificate_pdf(
        order=order,
        facts=facts,
        issue=Issue(
            issued_at=timezone.now().replace(microsecond=0),
            verification_code="",
            verification_url="",
            preview=True,
        ),
    )
