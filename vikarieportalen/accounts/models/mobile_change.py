"""A pending change of a user's mobile number: the code sent to the new number, stored hashed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MobileChange(models.Model):
    """One attempt to switch to ``new_mobile``; the user proves the number by typing the code.

    Starting a new attempt closes the user's open ones, so only the newest code can work.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="mobile_changes",
    )
    old_mobile = models.CharField(_("old mobile number"), max_length=16, blank=True)
    new_mobile = models.CharField(_("new mobile number"), max_length=16)
    code_hash = models.CharField(_("code (hashed)"), max_length=128)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    attempts = models.PositiveSmallIntegerField(_("wrong tries"), default=0)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    completed = models.BooleanField(_("completed"), default=False)

    class Meta:
        verbose_name = _("mobile number change")
        verbose_name_plural = _("mobile number changes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(closed_at__isnull=True),
                name="accounts_mobilechange_one_open_per_user",
            ),
            models.CheckConstraint(
                condition=models.Q(new_mobile__regex=r"^\+[1-9][0-9]{6,14}$"),
                name="accounts_mobilechange_new_mobile_e164",
            ),
            models.CheckConstraint(
                condition=models.Q(completed=False) | models.Q(closed_at__isnull=False),
                name="accounts_mobilechange_completed_is_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.new_mobile}"
