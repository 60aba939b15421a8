"""One row per password-reset request, known username or not (unknown ones have no user)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

# How many codes a reset attempt may try; the database holds the limit too (see the check below).
MAX_TRIES = 5


class PasswordResetAttempt(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="password_reset_attempts",
        help_text=_("Empty when the username was unknown or had no mobile number."),
    )
    username_given = models.CharField(_("username given"), max_length=150)
    salt = models.CharField(max_length=64)
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(_("requested"))
    expires_at = models.DateTimeField(_("code expires"))
    tries = models.PositiveSmallIntegerField(_("tries"), default=0)
    verified_at = models.DateTimeField(_("code accepted"), null=True, blank=True)
    completed_at = models.DateTimeField(_("password set"), null=True, blank=True)
    client_ip = models.GenericIPAddressField(_("client address"), null=True, blank=True)

    class Meta:
        verbose_name = _("password reset attempt")
        verbose_name_plural = _("password reset attempts")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="accounts_reset_user_time")]
        constraints = [
            models.CheckConstraint(condition=Q(tries__lte=MAX_TRIES), name="accounts_reset_tries_max"),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="accounts_reset_expires_after_created"
            ),
            # An unknown username can never pass the code step; a password is set only after it.
            models.CheckConstraint(
                condition=Q(verified_at__isnull=True) | Q(user__isnull=False),
                name="accounts_reset_verified_has_user",
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | Q(verified_at__isnull=False),
                name="accounts_reset_completed_after_verified",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.username_given} {self.created_at:%Y-%m-%d %H:%M}"
