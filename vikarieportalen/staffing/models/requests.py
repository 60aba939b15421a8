"""Requests to work at more workplaces."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vikarieportalen.staffing.models.workplaces import AreaOfWork, Workplace


class WorkplaceRequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Sent to the staffing centre")
    FORWARDED = "forwarded", _("With the workplace's manager")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class WorkplaceRequest(models.Model):
    """A substitute asks to work at a workplace (or anywhere in an area of work).

    The staffing centre reviews it (and picks the workplace when the request names an area), then
    the workplace's manager approves or declines; approval adds an ``Introduction``.
    """

    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("substitute"),
        on_delete=models.CASCADE,
        related_name="workplace_requests",
    )
    workplace = models.ForeignKey(
        Workplace,
        verbose_name=_("workplace"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="requests",
    )
    area = models.CharField(_("area of work"), max_length=20, choices=AreaOfWork.choices, blank=True)
    message = models.CharField(_("message"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=WorkplaceRequestStatus.choices,
        default=WorkplaceRequestStatus.SUBMITTED,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(_("note from the staffing centre"), max_length=1000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("note from the manager"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("workplace request")
        verbose_name_plural = _("workplace requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(workplace__isnull=False) | ~models.Q(area=""),
                name="staffing_workplacerequest_has_target",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=WorkplaceRequestStatus.values),
                name="staffing_workplacerequest_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="forwarded") | models.Q(workplace__isnull=False),
                name="staffing_workplacerequest_forwarded_has_workplace",
            ),
            models.UniqueConstraint(
                fields=["substitute", "workplace"],
                condition=models.Q(status__in=["submitted", "forwarded"]),
                name="staffing_workplacerequest_one_open_per_workplace",
            ),
            # A request for anywhere in an area has no workplace until the staffing centre picks one.
            models.UniqueConstraint(
                fields=["substitute", "area"],
                condition=models.Q(workplace__isnull=True, status="submitted"),
                name="staffing_workplacerequest_one_open_per_area",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="staffing_wpreq_status")]

    def __str__(self) -> str:
        return f"{self.substitute_id} → {self.workplace_id or self.area} ({self.status})"


# --- approval of worked hours (attest) ----------------------------------------------------------
