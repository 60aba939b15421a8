"""The sessions a user has open, one row per session key, for any SESSION_ENGINE (DB or cache).

The session store holds the session itself; this table only lets a user see their sessions and
end them ("log out everywhere"). Rows are written at login and touched at most once a minute.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class UserSession(models.Model):
    session_key = models.CharField(_("session key"), max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="portal_sessions",
    )
    started_at = models.DateTimeField(_("started"))
    last_seen_at = models.DateTimeField(_("last seen"))
    client_ip = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-last_seen_at", "-pk"]
        indexes = [models.Index(fields=["user", "-last_seen_at"], name="accounts_session_user_seen")]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_seen_at__gte=F("started_at")), name="accounts_usersession_seen_after_start"
            ),
            models.CheckConstraint(condition=~Q(session_key=""), name="accounts_usersession_key_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.started_at:%Y-%m-%d %H:%M}"
