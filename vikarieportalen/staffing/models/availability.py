"""When a substitute can or cannot work: periods and a weekly pattern."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AvailabilityKind(models.TextChoices):
    AVAILABLE = "available", _("Can work")
    UNAVAILABLE = "unavailable", _("Cannot work")


class AvailabilityPeriod(models.Model):
    """A single period when a substitute can, or cannot, work. "Cannot" wins over "can"."""

    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("substitute"),
        on_delete=models.CASCADE,
        related_name="availability_periods",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=AvailabilityKind.choices)
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("availability period")
        verbose_name_plural = _("availability periods")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="staffing_availabilityperiod_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=AvailabilityKind.values),
                name="staffing_availabilityperiod_kind_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["substitute", "ends_at"], name="staffing_avail_sub_end"),
            # Who is free reads the periods that reach into the days shown, of everyone.
            models.Index(fields=["ends_at"], name="staffing_avail_end"),
        ]

    def __str__(self) -> str:
        return f"{self.substitute_id} {self.kind} {self.starts_at:%Y-%m-%d %H:%M}"


class WeeklyAvailability(models.Model):
    """A repeating weekly pattern, local time; ``ends`` at or before ``starts`` runs past midnight."""

    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("substitute"),
        on_delete=models.CASCADE,
        related_name="weekly_availability",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=AvailabilityKind.choices)
    weekday = models.PositiveSmallIntegerField(_("weekday"))  # 0 = Monday, as datetime.weekday()
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("weekly availability")
        verbose_name_plural = _("weekly availability")
        ordering = ["weekday", "starts"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weekday__gte=0, weekday__lte=6),
                name="staffing_weeklyavailability_weekday_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(starts=models.F("ends")), name="staffing_weeklyavailability_not_empty"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="staffing_weeklyavailability_valid_range",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=AvailabilityKind.values),
                name="staffing_weeklyavailability_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.substitute_id} {self.weekday} {self.starts:%H:%M}–{self.ends:%H:%M}"
