"""Workplaces, qualifications, introductions, agreements and the substitute's staffing profile."""

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
    cost_centre = models.CharField(
        _("cost centre"), max_length=20, blank=True, help_text=_("Sent with worked hours to payroll.")
    )
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


class Qualification(models.Model):
    """Something a shift may require and a substitute may hold (*kompetens*)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    expires = models.BooleanField(
        _("has a valid-until date"),
        default=False,
        help_text=_("For example a medication delegation, renewed every year."),
    )

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SubstituteQualification(models.Model):
    """A qualification a substitute holds, valid up to and including ``valid_until`` when set."""

    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("substitute"),
        on_delete=models.CASCADE,
        related_name="qualifications_held",
    )
    qualification = models.ForeignKey(
        Qualification, verbose_name=_("qualification"), on_delete=models.PROTECT, related_name="holders"
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("qualification held")
        verbose_name_plural = _("qualifications held")
        constraints = [
            models.UniqueConstraint(
                fields=["substitute", "qualification"], name="staffing_substitutequalification_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.substitute_id}: {self.qualification_id}"


class Introduction(models.Model):
    """A substitute introduced at (approved for) a workplace; bookings go only to such places."""

    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("substitute"),
        on_delete=models.CASCADE,
        related_name="introductions",
    )
    workplace = models.ForeignKey(
        Workplace, verbose_name=_("workplace"), on_delete=models.CASCADE, related_name="introductions"
    )
    introduced_on = models.DateField(_("introduced on"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        constraints = [
            models.UniqueConstraint(fields=["substitute", "workplace"], name="staffing_introduction_once")
        ]
        indexes = [models.Index(fields=["workplace", "substitute"], name="staffing_intro_wp_sub")]

    def __str__(self) -> str:
        return f"{self.substitute_id} @ {self.workplace_id}"


class Agreement(models.Model):
    """A collective agreement's working-time parameters (AB by default). Durations in minutes."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    is_default = models.BooleanField(_("default"), default=False)
    daily_rest_minutes = models.PositiveIntegerField(_("daily rest (minutes)"), default=11 * 60)
    weekly_rest_minutes = models.PositiveIntegerField(_("weekly rest (minutes)"), default=36 * 60)
    max_work_without_break_minutes = models.PositiveIntegerField(
        _("longest work without a break (minutes)"), default=5 * 60
    )
    max_month_minutes = models.PositiveIntegerField(
        _("most work per calendar month (minutes)"), default=165 * 60
    )
    substitute_cancel_hours = models.PositiveIntegerField(
        _("a substitute may cancel until this many hours before the start"), default=48
    )

    class Meta:
        verbose_name = _("collective agreement")
        verbose_name_plural = _("collective agreements")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="staffing_agreement_one_default",
            )
        ]

    def __str__(self) -> str:
        return self.name


class SubstituteProfile(models.Model):
    """What staffing keeps about a substitute beyond the account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("substitute"),
        on_delete=models.CASCADE,
        related_name="substitute_profile",
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("collective agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Empty: the default agreement."),
    )
    is_bookable = models.BooleanField(
        _("can be booked"), default=True, help_text=_("Off while on leave or during a pause in the pool.")
    )
    note = models.CharField(_("note for the staffing centre"), max_length=500, blank=True)
    # The secret in the personal calendar-feed address; NULL until the feed is first used.
    calendar_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    calendar_token_created_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("substitute profile")
        verbose_name_plural = _("substitute profiles")

    def __str__(self) -> str:
        return str(self.user)
