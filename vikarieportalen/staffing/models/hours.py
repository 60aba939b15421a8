"""The approval of worked hours (attest) of a booking."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vikarieportalen.staffing.models.bookings import Booking


class TimeReportStatus(models.TextChoices):
    APPROVED = "approved", _("Approved")
    NOT_WORKED = "not_worked", _("Not worked")


class TimeReport(models.Model):
    """The manager's approval of what was actually worked on a booking; one per booking, ever.

    Payroll turns an approved report into time transactions (``payroll`` app); those, not the
    booking, are what the export and the certificates count.
    """

    booking = models.OneToOneField(
        Booking, verbose_name=_("booking"), on_delete=models.PROTECT, related_name="time_report"
    )
    status = models.CharField(_("status"), max_length=12, choices=TimeReportStatus.choices)
    starts_at = models.DateTimeField(_("actual start"), null=True, blank=True)
    ends_at = models.DateTimeField(_("actual end"), null=True, blank=True)
    break_minutes = models.PositiveSmallIntegerField(_("break (minutes)"), default=0)
    work_minutes = models.PositiveIntegerField(_("working time (minutes)"), default=0)
    note = models.CharField(_("note"), max_length=500, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("approval of worked hours")
        verbose_name_plural = _("approvals of worked hours")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=TimeReportStatus.values),
                name="staffing_timereport_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status="not_worked", work_minutes=0)
                | models.Q(status="approved", starts_at__isnull=False, ends_at__gt=models.F("starts_at")),
                name="staffing_timereport_times_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.booking_id} {self.status}"
