"""A substitute booked onto a shift."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vikarieportalen.staffing.models.shifts import Shift
from vikarieportalen.staffing.models.workplaces import Workplace


class BookingStatus(models.TextChoices):
    ACTIVE = "active", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")


class EmploymentForm(models.TextChoices):
    """The form of a fixed-term employment under LAS 5 §: covering an absent employee, or not."""

    SAV = "sav", _("Special fixed-term employment (SÄV)")
    VIKARIAT = "vikariat", _("Substitute position (vikariat)")


class BookingSource(models.TextChoices):
    DIRECT = "direct", _("Booked by the staffing centre")
    OFFER = "offer", _("Accepted offer")


class Booking(models.Model):
    """A substitute booked onto a shift. Times and workplace are copied from the shift so the
    database can refuse overlaps (PostgreSQL exclusion constraint) and history stays fast."""

    shift = models.ForeignKey(
        Shift, verbose_name=_("shift"), on_delete=models.PROTECT, related_name="bookings"
    )
    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("substitute"),
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    workplace = models.ForeignKey(
        Workplace, verbose_name=_("workplace"), on_delete=models.PROTECT, related_name="bookings"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    work_minutes = models.PositiveIntegerField(_("working time (minutes)"))
    status = models.CharField(
        _("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.ACTIVE
    )
    source = models.CharField(
        _("source"), max_length=10, choices=BookingSource.choices, default=BookingSource.DIRECT
    )
    # For LAS: covering someone's leave is a vikariat, an extra need SÄV (rules.employment_form_for).
    employment_form = models.CharField(
        _("form of employment"), max_length=10, choices=EmploymentForm.choices, default=EmploymentForm.SAV
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Rules the staffing centre overrode for this booking (rule codes) and why; audited too.
    overridden_rules = models.JSONField(default=list, blank=True)
    override_reason = models.CharField(_("reason for overriding"), max_length=500, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)
    # For the calendar feed (RFC 5545 LAST-MODIFIED and SEQUENCE): services that change a booking's
    # time, place or status add one to ``sequence``.
    updated_at = models.DateTimeField(auto_now=True)
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["shift"],
                condition=models.Q(status=BookingStatus.ACTIVE),
                name="staffing_booking_one_active_per_shift",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="staffing_booking_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=BookingStatus.values), name="staffing_booking_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(source__in=BookingSource.values), name="staffing_booking_source_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(employment_form__in=EmploymentForm.values),
                name="staffing_booking_employment_form_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status=BookingStatus.CANCELLED) | models.Q(cancelled_at__isnull=True),
                name="staffing_booking_cancelled_at_only_when_cancelled",
            ),
            # On PostgreSQL migration 0002 adds staffing_booking_no_overlap (EXCLUDE USING gist).
        ]
        indexes = [
            models.Index(fields=["substitute", "starts_at"], name="staffing_booking_sub_start"),
            models.Index(fields=["substitute", "workplace"], name="staffing_booking_sub_wp"),
            # The bookings of some days by their start (the statistics' days after the summary and its
            # refresh: statistics.selectors.base.booked_on), instead of a scan of every booking.
            models.Index(fields=["starts_at"], name="staffing_booking_start"),
            # Who is booked on the shifts of some days (Vem är ledig, the statistics' recent days):
            # PostgreSQL reads it index-only from those days' shifts instead of scanning every
            # booking. The covering column is PostgreSQL's (SQLite ignores it: models.W040 is
            # silenced there, config/settings/base.py).
            models.Index(
                fields=["shift"],
                include=["substitute"],
                condition=models.Q(status=BookingStatus.ACTIVE),
                name="staffing_booking_shift_sub",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.substitute_id} → {self.shift_id}"


# --- offers (förfrågan) ------------------------------------------------------------------------
