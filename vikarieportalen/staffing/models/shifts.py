"""Shift needs, one at a time or as a repeating series."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vikarieportalen.staffing.models.workplaces import Qualification, Workplace


class ShiftReason(models.TextChoices):
    SICK_LEAVE = "sick_leave", _("Sick leave")
    VACATION = "vacation", _("Vacation")
    EXTRA_NEED = "extra_need", _("Extra need")
    OTHER_LEAVE = "other_leave", _("Other leave")


class ShiftSeries(models.Model):
    """Shifts registered together as a repeating need; cancelling the series cancels its open shifts."""

    workplace = models.ForeignKey(Workplace, on_delete=models.PROTECT, related_name="shift_series")
    weekdays = models.JSONField(_("weekdays"), default=list)  # 0 = Monday
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("repeating shift need")
        verbose_name_plural = _("repeating shift needs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")),
                name="staffing_shiftseries_days_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.workplace_id} {self.first_day}–{self.last_day}"


class ShiftStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CANCELLED = "cancelled", _("Cancelled")


class Shift(models.Model):
    """A need for one substitute at a workplace (*behov/pass*). Open while no active booking holds it."""

    workplace = models.ForeignKey(
        Workplace, verbose_name=_("workplace"), on_delete=models.PROTECT, related_name="shifts"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    day = models.DateField(_("date"), help_text=_("The local (Europe/Stockholm) date the shift starts."))
    break_minutes = models.PositiveSmallIntegerField(_("break (minutes)"), default=0)
    reason = models.CharField(_("reason"), max_length=20, choices=ShiftReason.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    required_qualifications = models.ManyToManyField(
        Qualification, verbose_name=_("required qualifications"), blank=True, related_name="shifts"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ShiftStatus.choices, default=ShiftStatus.ACTIVE
    )
    series = models.ForeignKey(
        ShiftSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="shifts"
    )
    # True while an active booking holds the shift, so the board counts without a join. Kept by the
    # database itself (triggers, migration 0005): whatever writes bookings, it cannot drift.
    is_booked = models.BooleanField(_("booked"), default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The substitute the manager asked for (*önskad vikarie*): ranked first among the candidates when
    # they may take the shift; only a wish, the staffing centre still books.
    wished_substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("wished-for substitute"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)
    # Set when the booked substitute cancelled and the shift became open again (*återöppnat*): the
    # board flags it until it is booked again, cancelled, or the staffing centre dismisses the flag.
    reopened_by_booking = models.ForeignKey(
        "staffing.Booking",
        verbose_name=_("reopened by the cancelled booking"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["starts_at", "workplace_id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="staffing_shift_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ShiftStatus.values), name="staffing_shift_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(reason__in=ShiftReason.values), name="staffing_shift_reason_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status=ShiftStatus.CANCELLED) | models.Q(cancelled_at__isnull=True),
                name="staffing_shift_cancelled_at_only_when_cancelled",
            ),
            # Only an open shift is flagged as reopened: booking or cancelling it clears the flag.
            models.CheckConstraint(
                condition=models.Q(reopened_by_booking__isnull=True)
                | models.Q(is_booked=False, status=ShiftStatus.ACTIVE),
                name="staffing_shift_reopened_only_while_open",
            ),
        ]
        indexes = [
            models.Index(fields=["day", "workplace"], name="staffing_shift_day_wp"),
            models.Index(fields=["workplace", "starts_at"], name="staffing_shift_wp_start"),
        ]

    def __str__(self) -> str:
        return f"{self.workplace_id} {self.starts_at:%Y-%m-%d %H:%M}"
