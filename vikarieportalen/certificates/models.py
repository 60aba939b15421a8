"""Certificate orders (*intygsbeställningar*) and the PDFs released for them.

An order is made by a substitute, completed and signed by HR (or released at once when the
machine can fill in everything and the settings allow it). The released PDF is stored with its
SHA-256 so that the public verification page can tell whether a document is genuine and unchanged.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateKind(models.TextChoices):
    EMPLOYER = "employer", _("Employer certificate (Arbetsgivarintyg)")
    SERVICE = "service", _("Certificate of service (Tjänstgöringsintyg)")
    LOST_EARNINGS = "lost_earnings", _("Certificate of lost earnings")
    ANNUAL_INCOME = "annual_income", _("Annual income statement")


class CertificateStatus(models.TextChoices):
    ORDERED = "ordered", _("Ordered")
    IN_REVIEW = "in_review", _("Being handled")
    RELEASED = "released", _("Ready")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


class FurtherWork(models.TextChoices):
    """The employer certificate's question: was the substitute offered further work?"""

    YES = "yes", _("Yes, further work was offered")
    NO = "no", _("No")
    NOT_APPLICABLE = "not_applicable", _("Not applicable: the employment goes on")


OPEN_STATUSES = (CertificateStatus.ORDERED, CertificateStatus.IN_REVIEW)


class CertificateOrder(models.Model):
    kind = models.CharField(_("certificate"), max_length=20, choices=CertificateKind.choices)
    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("substitute"),
        on_delete=models.PROTECT,
        related_name="certificate_orders",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=CertificateStatus.choices, default=CertificateStatus.ORDERED
    )
    # Set right after the row is inserted: INT-<year>-<pk, six digits>.
    number = models.CharField(_("certificate number"), max_length=20, unique=True, null=True, blank=True)
    # What the substitute asked for. Annual income: whole years (1 January – 31 December).
    period_from = models.DateField(_("from"), null=True, blank=True)
    period_to = models.DateField(_("until"), null=True, blank=True)
    claimed_dates = models.JSONField(_("dates of lost work"), default=list, blank=True)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    recipient = models.CharField(_("recipient"), max_length=200, blank=True)
    # What only HR knows (employer certificate), and HR's own notes.
    end_reason = models.CharField(_("reason the employment ended"), max_length=300, blank=True)
    further_work = models.CharField(
        _("further work offered"), max_length=20, choices=FurtherWork.choices, blank=True
    )
    hr_note = models.TextField(_("note from HR"), max_length=2000, blank=True)
    reject_reason = models.CharField(_("reason for rejecting"), max_length=500, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    # The released document: its bytes, their SHA-256 and the code printed for verification.
    verification_code = models.CharField(_("verification code"), max_length=20, blank=True)
    pdf = models.BinaryField(default=b"", editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("certificate order")
        verbose_name_plural = _("certificate orders")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=CertificateKind.values), name="certificates_order_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=CertificateStatus.values),
                name="certificates_order_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(further_work__in=[*FurtherWork.values, ""]),
                name="certificates_order_further_work_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(period_from__isnull=True)
                | models.Q(period_to__isnull=True)
                | models.Q(period_to__gte=models.F("period_from")),
                name="certificates_order_period_valid",
            ),
            # A released certificate has its document, the code to verify it and when it was released.
            models.CheckConstraint(
                condition=~models.Q(status="released")
                | (
                    models.Q(released_at__isnull=False)
                    & ~models.Q(pdf_sha256="")
                    & ~models.Q(verification_code="")
                ),
                name="certificates_order_released_complete",
            ),
            # The employer certificate is never released without what only HR knows.
            models.CheckConstraint(
                condition=~models.Q(status="released", kind="employer")
                | (~models.Q(end_reason="") & ~models.Q(further_work="") & models.Q(signed_at__isnull=False)),
                name="certificates_order_employer_signed",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(reject_reason=""),
                name="certificates_order_rejected_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["substitute", "-created_at"], name="certificates_order_sub"),
            models.Index(fields=["status", "created_at"], name="certificates_order_status"),
        ]

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class FlagOutcome(models.TextChoices):
    """What HR did about a certificate changed by a correction of hours."""

    NEW_CERTIFICATE = "new_certificate", _("A new certificate was ordered or issued")
    NO_ACTION = "no_action", _("No action needed: the change does not matter for this certificate")


FLAG_NOTE_MAX_LENGTH = 500


class CorrectionFlag(models.Model):
    """A released certificate whose figures a later correction of hours changed: HR must look at it.

    Made inside the correction's transaction (``certificates/corrections.py``), once per certificate
    and correction. The certificate itself is never changed: a released document stays as released.
    HR marks the flag handled (``handled_*``, ``corrections.correction_flag_handle``); only unhandled
    flags count as corrected certificates in the queue.
    """

    order = models.ForeignKey(
        CertificateOrder,
        verbose_name=_("certificate"),
        on_delete=models.CASCADE,
        related_name="correction_flags",
    )
    # Kept when retention removes the correction (with its shift's report).
    correction = models.ForeignKey(
        "payroll.HoursCorrection", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    work_day = models.DateField(_("day of the corrected shift"))
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    # Kept when the person's account is removed: the flag stays handled.
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_outcome = models.CharField(
        _("what was done"), max_length=20, choices=FlagOutcome.choices, blank=True
    )
    handled_note = models.CharField(_("note"), max_length=FLAG_NOTE_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name = _("certificate changed by a correction")
        verbose_name_plural = _("certificates changed by corrections")
        ordering = ["order_id", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "correction"], name="certificates_flag_once_per_correction"
            ),
            models.CheckConstraint(
                condition=models.Q(handled_outcome__in=[*FlagOutcome.values, ""]),
                name="certificates_flag_outcome_valid",
            ),
            # Handled: when and what, together (who may be gone: SET_NULL). Unhandled: none of them.
            models.CheckConstraint(
                condition=(
                    models.Q(handled_at__isnull=False) & ~models.Q(handled_outcome="")
                    | models.Q(
                        handled_at__isnull=True,
                        handled_by__isnull=True,
                        handled_outcome="",
                        handled_note="",
                    )
                ),
                name="certificates_flag_handled_together",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} {self.work_day}"
