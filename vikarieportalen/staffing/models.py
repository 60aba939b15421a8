from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaOfWork(models.TextChoices):
    ELDERLY_CARE = "elderly_care", _("Elderly care")
    HOME_CARE = "home_care", _("Home care")
    DISABILITY = "disability", _("Disability support")
    SCHOOL = "school", _("School")
    PRESCHOOL = "preschool", _("Preschool")
    OTHER = "other", _("Other")


class Workplace(models.Model):
    """A unit that substitutes are booked to (*arbetsplats/enhet*)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    area = models.CharField(_("area of work"), max_length=20, choices=AreaOfWork.choices)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("managers"),
        related_name="managed_workplaces",
        blank=True,
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("workplace")
        verbose_name_plural = _("workplaces")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(area__in=AreaOfWork.values), name="staffing_workplace_area_valid"
            )
        ]

    def __str__(self) -> str:
        return self.name
