"""The audit log: who, what, when, from where. Rows are appended by ``audit_record`` and never changed.

The table and its index and constraint names are still the ones it got in accounts, where it began.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vikarieportalen.audit.kinds import audit_kind_choices, audit_kinds


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    # Choices are a callable: the kinds come from the apps' registrations, after the models load.
    kind = models.CharField(_("event"), max_length=40, choices=audit_kind_choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events_done",
        help_text=_("Empty when the user acted for themselves or nobody was logged in."),
    )
    username = models.CharField(_("username given"), max_length=150, blank=True)
    client_ip = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    method = models.CharField(_("login method"), max_length=30, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        db_table = "accounts_auditevent"
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["user", "-occurred_at"], name="accounts_audit_user_time")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=audit_kinds.values), name="accounts_auditevent_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.username}"
